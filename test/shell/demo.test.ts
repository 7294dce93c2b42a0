// The desktop shell with the real AppCore in demo mode (the embedded simulator), under
// the fake electron: the tray leaves "connecting" and shows the demo's jobs, the window
// gets its snapshot over IPC, and quitting stops everything.
import './helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { app, fake, ipcMain } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';
import { until } from '../helpers/until.ts';
import { shellOptions } from './helpers/shell-options.ts';

const { startShell } = await import('../../electron/adapters/shell.ts');
const { createAppCore } = await import('../../electron/core/app.ts');

test('demo mode: tray shows the demo jobs, the window gets a snapshot, quit stops it', { timeout: 60_000 }, async () => {
  fake.reset();
  app.userData = tempDir('ips-demo-');
  const shell = await startShell(shellOptions((o) => createAppCore({ ...o, simulator: () => import('../../electron/simulator/index.ts') })));
  try {
    const tray = fake.trays[0]!;
    const jobItems = () => (tray.contextMenu?.items ?? []).filter((i) => /^(run|recent):/.test(String(i.id)));
    await until('a job in the tray menu', () => jobItems().length > 0);
    console.log(
      `# tray: ${tray.image.path.split('/').slice(-2).join('/')} | ${tray.tooltip.replace(/\n/g, ' / ')} | ${jobItems()
        .map((i) => i.label)
        .join(' · ')}`,
    );
    assert.doesNotMatch(tray.image.path, /offline/);
    assert.match(tray.image.path, /linux\/\w+-dark\.png$/);
    assert.notEqual(tray.tooltip, 'IPS Jobs');
    // First run: the window is open; its page asks for the snapshot like the renderer does.
    const w = fake.windows[0]!;
    const answer = (await ipcMain.invoke('ips:cmd:getSnapshot', undefined, { frameUrl: 'app://ips-jobs/index.html', sender: w.webContents })) as {
      ok: boolean;
      value: { demo: boolean; jobs: unknown[] };
    };
    assert.equal(answer.ok, true);
    const snapshot = answer.value;
    assert.equal(snapshot.demo, true);
    assert.ok(snapshot.jobs.length > 0);
  } finally {
    await shell.shutdown();
  }
  assert.equal(fake.trays[0]!.destroyed, true);
});
