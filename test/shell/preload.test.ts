// The preload exposes exactly the RendererApi of shared/ipc.ts: invoke only for its
// commands, on only for its events (with an unsubscribe), and its name lists are the
// same as ipc.ts's (it keeps its own copy so zod is not bundled into every window).
import './helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ipc from '../../shared/ipc.ts';
import * as channels from '../../shared/ipc-channels.ts';
import { contextBridge, ipcRenderer } from './helpers/fake-electron.ts';

await import('../../electron/preload.ts');
const api = contextBridge.exposed.get('ipsJobs') as ipc.RendererApi;

test('the preload channel lists are exactly those of shared/ipc.ts', () => {
  assert.deepEqual([...channels.COMMAND_NAMES].sort(), [...ipc.COMMAND_NAMES].sort());
  assert.deepEqual([...channels.COMMAND_NAMES].sort(), Object.keys(ipc.commandArgs).sort(), 'every command in the schema table has a channel');
  assert.deepEqual([...channels.EVENT_NAMES], [...ipc.EVENT_NAMES]);
  for (const c of ipc.COMMAND_NAMES) assert.equal(channels.commandChannel(c), ipc.commandChannel(c));
  for (const e of ipc.EVENT_NAMES) assert.equal(channels.eventChannel(e), ipc.eventChannel(e));
});

test('window.ipsJobs has invoke and on, and nothing else', () => {
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'on']);
});

test('invoke goes to the command channel with the argument untouched', async () => {
  await api.invoke('stopJob', { companyHandle: 'c', jobHandle: 'j' });
  assert.deepEqual(ipcRenderer.invoked.at(-1), { channel: 'ips:cmd:stopJob', arg: { companyHandle: 'c', jobHandle: 'j' } });
});

test('invoke refuses a name outside the table, without sending anything', async () => {
  const before = ipcRenderer.invoked.length;
  await assert.rejects((api.invoke as (c: string, a: unknown) => Promise<unknown>)('electron-store-get-data', undefined), /Unknown command/);
  await assert.rejects((api.invoke as (c: string, a: unknown) => Promise<unknown>)('__proto__', undefined), /Unknown command/);
  assert.equal(ipcRenderer.invoked.length, before);
});

test('on delivers the payload only (never the IPC event) and unsubscribes', () => {
  const got: unknown[] = [];
  const off = api.on('tray', (p) => got.push(p));
  ipcRenderer.emit('ips:evt:tray', { sender: 'secret' }, { icon: 'idle' });
  assert.deepEqual(got, [{ icon: 'idle' }]);
  off();
  ipcRenderer.emit('ips:evt:tray', {}, { icon: 'error' });
  assert.equal(got.length, 1);
  assert.equal(ipcRenderer.listenerCount('ips:evt:tray'), 0);
});

test('on refuses an event outside the table', () => {
  assert.throws(() => (api.on as (e: string, l: () => void) => () => void)('ips:cmd:stopJob', () => {}), /Unknown event/);
});
