// Saving an export in the desktop app: the `saveFile` command through the IPC bridge and the
// real AppCore to the save dialog (over our window, in Downloads, with the proposed name),
// then an atomic write: the CSV as sent, no temp file left, an old file replaced whole; a
// cancelled dialog writes nothing; a path that cannot be written is an error as data.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialog, fake, ipcMain } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';
import { testCore } from '../helpers/core.ts';

const { registerIpc } = await import('../../electron/adapters/ipc.ts');
const { createWindowManager } = await import('../../electron/adapters/window.ts');
const { createSaveFile } = await import('../../electron/adapters/save-file.ts');

const APP = 'app://ips-jobs/index.html';

function setup() {
  const windows = createWindowManager({ preload: 'p', statePath: '/nonexistent/ips-test-state.json' });
  const core = testCore({
    systemLocales: ['en-US'],
    appVersion: '0.0.0-test',
    saveFile: createSaveFile(() => windows.webContents()),
    createApi: async () => {
      throw new Error('no network in this test');
    },
  });
  registerIpc({ core, isTrustedSender: (e) => windows.isTrustedSender(e), target: () => windows.webContents() });
  windows.show();
  const from = { frameUrl: APP, sender: fake.windows[0]!.webContents };
  const save = (arg: unknown) =>
    ipcMain.invoke('ips:cmd:saveFile', arg, from) as Promise<{
      ok: boolean;
      value?: { saved: boolean; path?: string; bytes?: number };
      error?: { kind: string };
    }>;
  return { save };
}

beforeEach(() => fake.reset());

test('the dialog opens over our window in Downloads; the CSV is written whole, replacing the old file, no temp file left', async () => {
  const { save } = setup();
  const dir = tempDir('save-');
  const target = join(dir, 'history.csv');
  writeFileSync(target, 'old content that is longer than the new one '.repeat(100));
  dialog.nextSave = target;
  const text = '\uFEFFName,Total\r\n作业,3\r\n';
  const r = await save({ fileName: 'ips-jobs-history-2026-12-02-101500.csv', text });
  assert.equal(r.ok, true);
  assert.deepEqual(r.value, { saved: true, path: target, bytes: Buffer.byteLength(text) });
  assert.equal(readFileSync(target, 'utf8'), text);
  assert.deepEqual(readdirSync(dir), ['history.csv'], 'no temp file beside it');
  const call = dialog.saveCalls[0]!;
  assert.equal(call.parent, fake.windows[0], 'a sheet over our window');
  assert.match(call.options.defaultPath!, /downloads[/\\]ips-jobs-history-2026-12-02-101500\.csv$/);
});

test('a cancelled dialog writes nothing; a folder that cannot be written is an error; a bad name is refused', async () => {
  const { save } = setup();
  dialog.nextSave = undefined;
  assert.deepEqual(await save({ fileName: 'a.csv', text: 'x' }), { ok: true, value: { saved: false } });

  const dir = tempDir('save-');
  mkdirSync(join(dir, 'taken.csv'));
  dialog.nextSave = join(dir, 'taken.csv');
  const r = await save({ fileName: 'a.csv', text: 'x' });
  assert.equal(r.ok, false);
  assert.equal(r.error?.kind, 'internal');
  assert.deepEqual(readdirSync(dir), ['taken.csv'], 'nothing half-written beside it');

  for (const fileName of ['../evil.csv', 'a.exe', '']) {
    const bad = await save({ fileName, text: 'x' });
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.kind, 'usage');
  }
  assert.equal(dialog.saveCalls.length, 2, 'a refused name opens no dialog');
});
