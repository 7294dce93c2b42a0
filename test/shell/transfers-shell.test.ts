// Transfers in the desktop shell (fake electron, the real AppCore, a simulator standing in
// for IPS): an upload sent through the window's IPC shows in the tray's tooltip while it
// runs, the queue is kept in userData/transfers.json, and the window's bad paths are
// refused there like anywhere else.
import './helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, fake, ipcMain } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';
import { until } from '../helpers/until.ts';
import { shellOptions } from './helpers/shell-options.ts';

const { startShell } = await import('../../electron/adapters/shell.ts');
const { createAppCore } = await import('../../electron/core/app.ts');
const { DEMO_USER, DEMO_PASSWORD, startSimulator } = await import('../../electron/simulator/index.ts');

test('an upload from the window: the tray tells while it runs; the queue lives in userData/transfers.json', { timeout: 60_000 }, async (t) => {
  fake.reset();
  app.userData = tempDir('ips-shell-transfers-');
  const sim = await startSimulator({ demo: true, seed: 9 });
  t.after(() => sim.close());
  const shell = await startShell(
    shellOptions((o) =>
      createAppCore({ ...o, simulator: { DEMO_USER, DEMO_PASSWORD, startSimulator: async () => ({ url: sim.url, close: async () => {} }) } }),
    ),
  );
  try {
    const tray = fake.trays[0]!;
    const w = fake.windows[0]!;
    const from = { frameUrl: 'app://ips-jobs/index.html', sender: w.webContents };
    const invoke = (cmd: string, arg: unknown) =>
      ipcMain.invoke(`ips:cmd:${cmd}`, arg, from) as Promise<{ ok: boolean; error?: { kind: string; message: string }; value?: { id: string } }>;
    const co = [...sim.world.companies.values()][0]!;
    await until('the session', () => shell.core.snapshot().connection.state === 'ok');

    const bad = await invoke('addUpload', { companyHandle: co.handle, destFolder: co.rootPath, paths: ['/dev/null'] });
    assert.equal(bad.ok, false);
    assert.match(bad.error!.message, /system location/);

    const file = join(app.userData, 'poster.png');
    writeFileSync(file, Buffer.alloc(120_000, 7));
    sim.faults.latency(1500, 'UploadFile');
    const added = await invoke('addUpload', { companyHandle: co.handle, destFolder: `${co.rootPath}posters`, paths: [file] });
    assert.equal(added.ok, true, JSON.stringify(added));
    const line = await until('the transfer in the tray tooltip', () => tray.tooltip.split('\n').find((l) => /1 transfer in progress \(\d+%\)/.test(l)));
    console.log(`# tray while uploading: ${tray.tooltip.replace(/\n/g, ' / ')} | taskbar ${w.progress}`);
    assert.ok(line);
    assert.notEqual(w.progress, -1, 'the taskbar shows progress');
    const saved = await until('the finished upload in transfers.json', () => {
      const s = JSON.parse(readFileSync(join(app.userData, 'transfers.json'), 'utf8')) as { transfers: { id: string; state: string; jobHandle?: string }[] };
      return s.transfers.some((x) => x.id === added.value!.id && x.state === 'done') && s;
    });
    assert.ok(saved.transfers.find((x) => x.id === added.value!.id)?.jobHandle);
    assert.doesNotMatch(JSON.stringify(saved), /"password"|"user"/, 'no credentials in the queue file');
    await until('the tray without the transfer', () => !/transfers? in progress/.test(tray.tooltip));
  } finally {
    sim.faults.clear();
    await shell.shutdown();
  }
});
