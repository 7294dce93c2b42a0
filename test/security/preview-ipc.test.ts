// The web preview's door (its WebSocket at /ipc, the window's IPC in a browser), tried
// with what a hostile page or a broken client could send: binary and non-JSON frames,
// wrong shapes, unknown and prototype command names, malformed arguments, a frame over
// the size limit. Each gets a typed usage error (or the connection is cut), nothing runs,
// and the preview keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startPreview } from '../e2e/harness.ts';

type Frame = { t: string; id?: number; ok?: boolean; value?: unknown; error?: { kind?: string; message?: string } };

async function connect(url: string): Promise<{ ws: WebSocket; next(): Promise<Frame>; closed: Promise<number> }> {
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { headers: { Origin: origin } });
  const queue: Frame[] = [];
  const waiters: Array<(f: Frame) => void> = [];
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as Frame;
    if (f.t === 'event') return;
    const w = waiters.shift();
    if (w) w(f);
    else queue.push(f);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<Frame>((resolve) => waiters.push(resolve))),
    closed,
  };
}

test('the preview WebSocket refuses every malformed message with a typed error and keeps serving', { timeout: 60_000 }, async (t) => {
  const preview = await startPreview();
  t.after(() => preview.close());
  const c = await connect(preview.url);

  c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  assert.deepEqual((await c.next()).error?.kind, 'usage');
  for (const text of [
    'not json',
    '42',
    'null',
    '[]',
    '{"t":"invoke"}',
    '{"t":"invoke","id":"1","cmd":"getSnapshot"}',
    '{"t":"other","id":1,"cmd":"getSnapshot"}',
  ]) {
    c.ws.send(text);
    const f = await c.next();
    assert.equal(f.t, 'error', text);
    assert.equal(f.error?.kind, 'usage', text);
  }
  let id = 1;
  const invoke = async (cmd: string, arg?: unknown): Promise<Frame> => {
    c.ws.send(JSON.stringify({ t: 'invoke', id: id++, cmd, arg }));
    return c.next();
  };
  for (const cmd of ['runShell', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
    const f = await invoke(cmd);
    assert.equal(f.ok, false, cmd);
    assert.equal(f.error?.kind, 'usage', cmd);
  }
  const bad: Array<[string, unknown]> = [
    ['stopJob', { companyHandle: 'c', jobHandle: 42 }],
    ['openExternal', { url: 'file:///etc/passwd' }],
    ['openExternal', { url: 'https://x.example/', extra: 1 }],
    ['setAccount', JSON.parse('{"__proto__":{"polluted":true},"account":{"mode":"ips"}}')],
    ['saveSettings', JSON.parse('{"__proto__":{"polluted":true}}')],
    ['copyText', { text: 7 }],
  ];
  for (const [cmd, arg] of bad) {
    const f = await invoke(cmd, arg);
    const r = (f.ok ? f.value : { ok: false, error: f.error }) as { ok: boolean; error?: { kind?: string } };
    assert.equal(r.ok, false, `${cmd} ${JSON.stringify(arg)}`);
    assert.equal(r.error?.kind, 'usage', `${cmd} ${JSON.stringify(arg)}`);
  }
  // getSnapshot answers bad input as a Result too: a usage error that names the argument.
  const snapFrame = await invoke('getSnapshot', { sneaky: true });
  const snap = (snapFrame.ok ? snapFrame.value : { ok: false, error: snapFrame.error }) as { ok: boolean; error?: { kind?: string; message?: string } };
  assert.equal(snap.ok, false);
  assert.equal(snap.error?.kind, 'usage');
  assert.match(snap.error?.message ?? '', /Invalid argument/);

  // Over the frame limit: the connection is cut, the preview is not.
  c.ws.send(JSON.stringify({ t: 'invoke', id: 999, cmd: 'copyText', arg: { text: 'x'.repeat(9 * 1024 * 1024) } }));
  const code = await c.closed;
  assert.ok(code === 1009 || code === 1006, `the connection was cut (${code})`);
  const again = await connect(preview.url);
  again.ws.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'getSettings' }));
  const view = await again.next();
  assert.equal(view.ok, true);
  const settingsResult = view.value as { ok: boolean; value: { settings: { schemaVersion: number } } };
  assert.equal(settingsResult.ok, true);
  assert.equal(settingsResult.value.settings.schemaVersion, 2);
  again.ws.close();
  assert.doesNotMatch(preview.stderr(), /\n\s+at /, 'no stack trace on stderr');
});
