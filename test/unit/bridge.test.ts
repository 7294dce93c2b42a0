// The renderer's WebSocket bridge (renderer/src/lib/bridge.ts) against the preview's
// server (electron/preview.ts) with a fake core: request ids, queueing before the socket
// opens, typed errors, events, and reconnect with a re-sync after the server restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WsWebSocket from 'ws';
import type { Job } from '../../shared/domain.ts';
import type { EventName, Events, Snapshot } from '../../shared/ipc.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { CommandError, type AppCore } from '../../electron/core/app.ts';
import { startPreviewServer, type PreviewServer } from '../../electron/preview.ts';
import { BridgeError, createWsApi, type BridgeStatus } from '../../renderer/src/lib/bridge.ts';
import { tempDir } from '../helpers/tmp.ts';

function job(handle: string): Job {
  return {
    key: `c1\u0000${handle}`,
    companyHandle: 'c1',
    jobHandle: handle,
    name: handle,
    originalName: handle,
    type: 'UploadUrlsJob',
    phase: 'running',
    firstSeen: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

function fakeCore(
  jobs: Job[],
  session = { demo: true, userEmail: 'demo@example.com' },
): AppCore & { emit<E extends EventName>(e: E, p: Events[E]): void; calls: string[] } {
  const ls = new Map<string, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  const snap = (): Snapshot => ({
    jobs,
    tray: { icon: 'idle', progress: null, running: 0, tooltip: '', menu: [] },
    connection: { state: 'ok' },
    companies: [],
    polling: { paused: false, intervalSeconds: 10 },
    settings: { settings: defaultSettings(), hasPassword: false, secretStorage: 'none', accounts: [], locale: 'en' },
    ...session,
    appVersion: '1',
  });
  return {
    calls,
    demo: true,
    start: async () => {},
    stop: async () => {},
    snapshot: snap,
    wake: () => {},
    onNotification: () => () => {},
    onEngineEvent: () => () => {},
    on(e, l) {
      if (!ls.has(e)) ls.set(e, new Set());
      ls.get(e)!.add(l as (p: unknown) => void);
      return () => ls.get(e)!.delete(l as (p: unknown) => void);
    },
    emit(e, p) {
      for (const l of ls.get(e) ?? []) l(p);
    },
    async handle(cmd: string, arg: unknown): Promise<never> {
      calls.push(cmd);
      if (cmd === 'getSnapshot') {
        if (arg !== undefined) return { ok: false, error: { kind: 'usage', message: 'getSnapshot takes no argument' } } as never;
        return { ok: true, value: snap() } as never;
      }
      // As the real core (electron/core/app-commands.ts): only an unknown command rejects.
      if (cmd === 'nope') throw new CommandError({ kind: 'usage', message: 'Unknown command "nope".' });
      if (cmd === 'slow') {
        await new Promise((r) => setTimeout(r, 50));
        return { ok: true, value: arg } as never;
      }
      if (cmd === 'boom') throw new Error('internal failure');
      return { ok: false, error: { kind: 'usage', message: `bad ${cmd}` } } as never;
    },
  } as AppCore & { emit<E extends EventName>(e: E, p: Events[E]): void; calls: string[] };
}

function socketFor(origin: string): typeof WebSocket {
  class OriginSocket extends WsWebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  return OriginSocket as unknown as typeof WebSocket;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('bridge: invoke, events, errors, and a re-sync after the server restarts', async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = { rendererDir: dir, log: () => {} };

  const core1 = fakeCore([job('a'), job('b')]);
  let server: PreviewServer = await startPreviewServer({ ...quiet, core: core1 });
  const port = server.port;
  const origin = `http://127.0.0.1:${port}`;
  const api = createWsApi(`ws://127.0.0.1:${port}/ipc`, { WebSocketImpl: socketFor(origin), minBackoffMs: 20, maxBackoffMs: 100, requestTimeoutMs: 5000 });
  t.after(() => api.close());
  const statuses: BridgeStatus[] = [];
  api.onStatus((s) => statuses.push(s));

  // Sent before the socket is open: queued, then answered in order with their own ids.
  const [snap, slow, bad] = await Promise.all([
    api.invoke('getSnapshot', undefined),
    (api.invoke as (c: string, a: unknown) => Promise<unknown>)('slow', { n: 1 }),
    api.invoke('stopJob', { companyHandle: 'c1', jobHandle: 'a' }),
  ]);
  assert.ok(snap.ok);
  assert.deepEqual(
    snap.value.jobs.map((j) => j.jobHandle),
    ['a', 'b'],
  );
  assert.deepEqual(slow, { ok: true, value: { n: 1 } });
  assert.deepEqual(bad, { ok: false, error: { kind: 'usage', message: 'bad stopJob' } });
  assert.equal(api.status(), 'open');

  // Bad input is a usage error as data; a thrown CommandError (an unknown command) arrives
  // as a BridgeError with its info; other throws as internal.
  assert.deepEqual(await (api.invoke as (c: string, a: unknown) => Promise<unknown>)('getSnapshot', 1), {
    ok: false,
    error: { kind: 'usage', message: 'getSnapshot takes no argument' },
  });
  await assert.rejects(
    (api.invoke as (c: string, a: unknown) => Promise<unknown>)('nope', undefined),
    (e: unknown) => e instanceof BridgeError && e.info.kind === 'usage',
  );
  await assert.rejects(
    (api.invoke as (c: string, a: unknown) => Promise<unknown>)('boom', undefined),
    (e: unknown) => e instanceof BridgeError && e.info.kind === 'internal',
  );

  // Events reach listeners; unsubscribing stops them.
  const patches: Events['jobs-patch'][] = [];
  const trays: unknown[] = [];
  api.on('jobs-patch', (p) => patches.push(p));
  const offTray = api.on('tray', (p) => trays.push(p));
  core1.emit('jobs-patch', { upsert: [job('c')], remove: ['c1\u0000b'] });
  core1.emit('tray', { icon: 'running', progress: 0.5, running: 1, tooltip: 'x', menu: [] });
  await until(() => patches.length === 1 && trays.length === 1);
  offTray();
  core1.emit('tray', { icon: 'idle', progress: null, running: 0, tooltip: 'y', menu: [] });
  assert.deepEqual(
    patches[0]!.upsert.map((j) => j.jobHandle),
    ['c'],
  );

  // The server goes away and comes back on the same port with other jobs: the bridge
  // reconnects and replays a snapshot, removing the jobs that vanished (a, c).
  await server.close();
  await until(() => api.status() === 'reconnecting');
  const core2 = fakeCore([job('d')]);
  server = await startPreviewServer({ ...quiet, core: core2, port });
  t.after(() => server.close());
  await until(() => patches.length === 2);
  assert.deepEqual(
    patches[1]!.upsert.map((j) => j.jobHandle),
    ['d'],
  );
  assert.deepEqual([...patches[1]!.remove].sort(), ['c1\u0000a', 'c1\u0000c']);
  assert.equal(api.status(), 'open');
  assert.ok(statuses.includes('reconnecting'));
  assert.equal(trays.length, 1, 'unsubscribed listener not called');

  const again = await api.invoke('getSnapshot', undefined);
  assert.ok(again.ok);
  assert.deepEqual(
    again.value.jobs.map((j) => j.jobHandle),
    ['d'],
  );
});

test('bridge: older history pulled by cursor is known; a reconnect names the new cursor, or removes what the server no longer holds', async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = { rendererDir: dir, log: () => {} };
  const finished = (h: string): Job => ({ ...job(h), phase: 'finished', endDate: '2024-01-01T01:00:00.000Z' });
  /** A core whose snapshot leaves `older` finished jobs to pull (none: a short history). */
  const coreWith = (older: Job[]) => {
    const core = fakeCore([job('live'), finished('new')]);
    const base = core.handle.bind(core);
    let cursors = 0;
    core.handle = (async (cmd: string, arg: unknown) => {
      if (cmd === 'getSnapshot' && older.length) {
        const r = (await base(cmd, arg)) as { value: Snapshot };
        return { ok: true, value: { ...r.value, finishedToFollow: older.length, historyCursor: `h${++cursors}` } };
      }
      if (cmd === 'getOlderHistory') return { ok: true, value: { jobs: older, remaining: 0 } };
      return base(cmd, arg);
    }) as never;
    return core;
  };
  let server: PreviewServer = await startPreviewServer({ ...quiet, core: coreWith([finished('old')]) });
  const port = server.port;
  const api = createWsApi(`ws://127.0.0.1:${port}/ipc`, { WebSocketImpl: socketFor(`http://127.0.0.1:${port}`), minBackoffMs: 20, maxBackoffMs: 100 });
  t.after(() => api.close());
  const patches: Events['jobs-patch'][] = [];
  api.on('jobs-patch', (p) => patches.push(p));

  const snap = await api.invoke('getSnapshot', undefined);
  assert.ok(snap.ok && snap.value.historyCursor === 'h1');
  const page = await api.invoke('getOlderHistory', { cursor: 'h1' });
  assert.ok(page.ok);

  // Back with a long history: the replay keeps the known finished jobs and names the new cursor.
  await server.close();
  await until(() => api.status() === 'reconnecting');
  server = await startPreviewServer({ ...quiet, core: coreWith([finished('old')]), port });
  await until(() => patches.length === 1);
  assert.deepEqual(patches[0]!.older, { cursor: 'h1', count: 1 });
  assert.deepEqual(patches[0]!.remove, []);

  // Back with a short history that no longer holds "old": the pulled job is removed too.
  await server.close();
  await until(() => api.status() === 'reconnecting');
  server = await startPreviewServer({ ...quiet, core: coreWith([]), port });
  t.after(() => server.close());
  await until(() => patches.length === 2);
  assert.equal(patches[1]!.older, undefined);
  assert.deepEqual(patches[1]!.remove, ['c1\u0000old']);
});

test('bridge: an account change while disconnected reaches the window as a session event after the reconnect', async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = { rendererDir: dir, log: () => {} };
  let server: PreviewServer = await startPreviewServer({ ...quiet, core: fakeCore([job('a')]) });
  const port = server.port;
  const api = createWsApi(`ws://127.0.0.1:${port}/ipc`, {
    WebSocketImpl: socketFor(`http://127.0.0.1:${port}`),
    minBackoffMs: 20,
    maxBackoffMs: 100,
    requestTimeoutMs: 5000,
  });
  t.after(() => api.close());
  const sessions: Events['session'][] = [];
  api.on('session', (s) => sessions.push(s));
  const first = await api.invoke('getSnapshot', undefined);
  assert.ok(first.ok);
  assert.equal(first.value.userEmail, 'demo@example.com');

  // While the window is disconnected the user signs in to a real account.
  await server.close();
  await until(() => api.status() === 'reconnecting');
  server = await startPreviewServer({ ...quiet, core: fakeCore([job('b')], { demo: false, userEmail: 'ops@example.com' }), port });
  t.after(() => server.close());
  await until(() => sessions.length === 1);
  assert.deepEqual(sessions, [{ demo: false, userEmail: 'ops@example.com' }]);
});

test('bridge: requests fail with a network error when the connection drops', async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const core = fakeCore([]);
  const server = await startPreviewServer({ rendererDir: dir, log: () => {}, core });
  const api = createWsApi(`ws://127.0.0.1:${server.port}/ipc`, {
    WebSocketImpl: socketFor(`http://127.0.0.1:${server.port}`),
    minBackoffMs: 20,
    maxBackoffMs: 50,
  });
  t.after(() => api.close());
  await api.invoke('getSnapshot', undefined);
  const pending = (api.invoke as (c: string, a: unknown) => Promise<unknown>)('slow', {});
  await server.close();
  await assert.rejects(pending, (e: unknown) => e instanceof BridgeError && e.info.kind === 'network');
  api.close();
  assert.equal(api.status(), 'closed');
  await assert.rejects(api.invoke('getSnapshot', undefined), BridgeError);
});

test('preview server: static files with CSP, no traversal, Host checked', async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, '..', `secret-${process.pid}.txt`), 'secret');
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', `secret-${process.pid}.txt`), { force: true });
  });
  const server = await startPreviewServer({ rendererDir: dir, log: () => {}, core: fakeCore([]) });
  t.after(() => server.close());
  const res = await fetch(server.url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  for (const p of ['..%2f' + `secret-${process.pid}.txt`, '%2e%2e/' + `secret-${process.pid}.txt`, 'nope.js']) {
    const r = await fetch(server.url + p);
    assert.equal(r.status, 404, p);
  }
  assert.equal((await fetch(server.url + 'favicon.ico')).status, 204, 'no 404 console error for the automatic favicon request');
  const post = await fetch(server.url, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  // A DNS-rebinding page would send its own Host.
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'evil.example' } }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});

test('preview with --state-dir: the real core keeps settings in JSON across restarts, never the password', { timeout: 60_000 }, async (t) => {
  const dir = tempDir('ips-jobs-bridge-');
  const state = join(dir, 'state');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { readFileSync, readdirSync } = await import('node:fs');

  const connect = (s: PreviewServer) => createWsApi(`ws://127.0.0.1:${s.port}/ipc`, { WebSocketImpl: socketFor(`http://127.0.0.1:${s.port}`) });
  let server = await startPreviewServer({ rendererDir: dir, stateDir: state, log: () => {}, locale: 'zh-TW' });
  let api = connect(server);
  const saved = await api.invoke('saveSettings', { historyDays: 3, theme: 'dark' });
  assert.equal(saved.ok, true);
  if (saved.ok) assert.equal(saved.value.locale, 'zh-TW');
  const refused = await api.invoke('setAccount', {
    account: { mode: 'ips', user: 'x@example.com', region: 'na', staging: false, serviceUrl: 'https://127.0.0.1:1/scene7/services/IpsApiService' },
    password: 'pw-never-on-disk',
  });
  assert.equal(refused.ok, false);
  api.close();
  await server.close();

  server = await startPreviewServer({ rendererDir: dir, stateDir: state, log: () => {} });
  t.after(() => server.close());
  api = connect(server);
  t.after(() => api.close());
  const got = await api.invoke('getSettings', undefined);
  assert.ok(got.ok);
  const view = got.value;
  assert.equal(view.settings.historyDays, 3);
  assert.equal(view.settings.theme, 'dark');
  assert.deepEqual(view.settings.accounts, []);
  for (const f of readdirSync(state)) assert.ok(!readFileSync(join(state, f), 'utf8').includes('pw-never-on-disk'), f);
});
