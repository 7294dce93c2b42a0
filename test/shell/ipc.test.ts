// The IPC bridge with the real AppCore behind it: one handler per command; a message from
// any page but our window is refused; a bad argument is refused by the core's schema
// check before anything runs; events reach our window only.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_NAMES } from '../../shared/ipc.ts';
import { fake, ipcMain } from './helpers/fake-electron.ts';
import { testCore } from '../helpers/core.ts';

const { registerIpc } = await import('../../electron/adapters/ipc.ts');
const { createWindowManager } = await import('../../electron/adapters/window.ts');

const APP = 'app://ips-jobs/index.html';

function setup() {
  const opened: string[] = [];
  const core = testCore({
    systemLocales: ['en-US'],
    appVersion: '0.0.0-test',
    openExternal: async (url) => {
      opened.push(url);
    },
    createApi: async () => {
      throw new Error('no network in this test');
    },
  });
  const windows = createWindowManager({ preload: 'p', statePath: '/nonexistent/ips-test-state.json' });
  const unregister = registerIpc({ core, isTrustedSender: (e) => windows.isTrustedSender(e), target: () => windows.webContents() });
  return { core, windows, opened, unregister };
}

beforeEach(() => fake.reset());

test('one handler per command, and unregister removes them all', () => {
  const { unregister } = setup();
  assert.deepEqual([...ipcMain.handlers.keys()].sort(), COMMAND_NAMES.map((c) => `ips:cmd:${c}`).sort());
  unregister();
  assert.equal(ipcMain.handlers.size, 0);
});

test('a command from a foreign page (or with no window open) is refused before the core sees it', async () => {
  const { windows } = setup();
  await assert.rejects(ipcMain.invoke('ips:cmd:getSettings', undefined, { frameUrl: APP }), /not sent by the IPS Jobs window/);
  windows.show();
  const wc = fake.windows[0]!.webContents;
  await assert.rejects(
    ipcMain.invoke('ips:cmd:openExternal', { url: 'https://evil.example/' }, { frameUrl: 'https://evil.example/', sender: wc }),
    /not sent by the IPS Jobs window/,
  );
  await assert.rejects(ipcMain.invoke('ips:cmd:getSettings', undefined, { frameUrl: APP, sender: {} }), /not sent by the IPS Jobs window/);
});

test('our window gets answers', async () => {
  const { windows } = setup();
  windows.show();
  const wc = fake.windows[0]!.webContents;
  const got = (await ipcMain.invoke('ips:cmd:getSettings', undefined, { frameUrl: APP, sender: wc })) as {
    ok: boolean;
    value: { settings: { schemaVersion: number } };
  };
  assert.equal(got.ok, true);
  assert.equal(got.value.settings.schemaVersion, 2);
});

test('a bad argument is refused by the schema check, with a usage error and nothing done', async () => {
  const { windows, opened } = setup();
  windows.show();
  const from = { frameUrl: APP, sender: fake.windows[0]!.webContents };
  const r1 = (await ipcMain.invoke('ips:cmd:stopJob', { companyHandle: 'c', jobHandle: 42 }, from)) as { ok: boolean; error: { kind: string } };
  assert.equal(r1.ok, false);
  assert.equal(r1.error.kind, 'usage');
  const r2 = (await ipcMain.invoke('ips:cmd:openExternal', { url: 'https://x.example/', extra: 1 }, from)) as { ok: boolean };
  assert.equal(r2.ok, false);
  const r3 = (await ipcMain.invoke('ips:cmd:openExternal', { url: 'http://x.example/' }, from)) as { ok: boolean };
  assert.equal(r3.ok, false, 'plain http is not opened');
  assert.deepEqual(opened, []);
  const r4 = (await ipcMain.invoke('ips:cmd:getSnapshot', { sneaky: true }, from)) as { ok: boolean; error: { kind: string; message: string } };
  assert.equal(r4.ok, false);
  assert.equal(r4.error.kind, 'usage');
  assert.match(r4.error.message, /Invalid argument/);
});

test('events go to our window only, and nowhere while it is closed', async () => {
  const { core, windows } = setup();
  // No window: the event is dropped without error.
  await core.handle('saveSettings', { historyDays: 10 });
  windows.show();
  const wc = fake.windows[0]!.webContents;
  await core.handle('saveSettings', { historyDays: 12 });
  const sent = wc.sent.filter((s) => s.channel === 'ips:evt:settings');
  assert.equal(sent.length, 1);
  assert.equal((sent[0]!.payload as { settings: { historyDays: number } }).settings.historyDays, 12);
});
