// No password in any file the app or the CLI writes, or in anything they print, send to
// the window or log. A sentinel password (and a wrong one) go through:
// - the desktop shell with the real core, real stores on disk (settings, history,
//   credentials) and the real client against the simulator: a rejected sign-in, a server
//   that echoes the request in its faults, a saved account, polls through HTTP 502, SOAP
//   faults and dropped connections, and a clean quit;
// - the CLI as a process with IPS_PASSWORD=sentinel against the simulator as a process:
//   success, a rejected password, faults, a proxy page, a dropped connection, a timeout,
//   a server echoing the request, watch --once, and the app's saved accounts (--account, with
//   per-account password variables, one of them wrong; `accounts`); HOME and TMPDIR point into a folder that
//   is searched afterwards, with every stdout and stderr (the simulator's too);
// - the web preview as a process with a state dir, driven over its WebSocket like the
//   window in a browser: its files, its stderr and every frame it sent.
// Searched in plain, XML-escaped, URL-encoded and base64 forms, and for a fragment.
import '../shell/helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { app, fake, ipcMain } from '../shell/helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';
import { rawServer, fault, send } from '../integration/ips-client-fixtures.ts';
import { runCli } from '../cli/helpers.ts';
import { startPreview } from '../e2e/harness.ts';
import { WebSocket } from 'ws';
import { createSweep } from './secret-sweep.ts';
import { until } from '../helpers/until.ts';
import { shellOptions } from '../shell/helpers/shell-options.ts';

const { startShell } = await import('../../electron/adapters/shell.ts');
const { createAppCore } = await import('../../electron/core/app.ts');
const { startSimulator } = await import('../../electron/simulator/index.ts');

const FRAGMENT = 'Sentinel-7731';
const SENTINEL = `qZx-${FRAGMENT}&<q>"'%+秘W`;
const WRONG = `qZx-${FRAGMENT}-wrong&<x>`;
const USER = 'sentinel@example.com';
const APP = 'app://ips-jobs/index.html';

/** A server that echoes each request back: in an ipsApiFault reason, then as an HTML 502 page. */
async function echoServer() {
  let n = 0;
  return rawServer((req, res) => {
    n++;
    if (n % 2 === 1) send(res, fault('ipsApiFault', 30003, `Invalid XML: ${req.body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`), 500);
    else send(res, `<html><body><pre>${req.body}</pre></body></html>`, 502, { 'Content-Type': 'text/html' });
  });
}

test('the desktop app: no password in its files, events, results, notifications or log', { timeout: 90_000 }, async (t) => {
  fake.reset();
  const sweep = createSweep([SENTINEL, WRONG], [FRAGMENT]);
  const sim = await startSimulator({ demo: true, users: [{ email: USER, password: SENTINEL, defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }] });
  t.after(() => sim.close());
  const echo = await echoServer();
  t.after(() => echo.close());
  const logs: string[] = [];
  const shell = await startShell(
    shellOptions((o) => createAppCore({ ...o, simulator: () => import('../../electron/simulator/index.ts') }), {
      env: { XDG_CURRENT_DESKTOP: 'KDE' },
      log: (l) => logs.push(l),
    }),
  );
  let shutDown = false;
  t.after(async () => {
    if (!shutDown) await shell.shutdown();
  });
  shell.windows.show();
  const wc = fake.windows[0]!.webContents;
  wc.url = APP;
  wc.mainFrame.url = APP;
  const from = { frameUrl: APP, sender: wc };
  const invoke = async (command: string, arg: unknown): Promise<unknown> => {
    const r = await ipcMain.invoke(`ips:cmd:${command}`, arg, from);
    sweep.text(`result of ${command}`, r);
    return r;
  };
  const account = { mode: 'ips', user: USER, region: 'na', staging: false, serviceUrl: sim.url };

  const wrong = (await invoke('setAccount', { account, password: WRONG })) as { ok: boolean; error?: { kind: string } };
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error?.kind, 'authentication');
  for (let i = 0; i < 2; i++) {
    const echoed = (await invoke('testAccount', { account: { ...account, serviceUrl: echo.url }, password: SENTINEL })) as { ok: boolean };
    assert.equal(echoed.ok, false);
  }
  assert.equal(echo.requests.length, 2);
  assert.ok(
    echo.requests.every((r) => r.body.includes(FRAGMENT)),
    'the echo server did get the password (so it could echo it)',
  );

  const saved = (await invoke('setAccount', { account, password: SENTINEL, sessionOnly: false })) as { ok: boolean };
  assert.equal(saved.ok, true, JSON.stringify(saved));
  await until('the account connected with jobs', () => {
    const s = shell.core.snapshot();
    return !s.demo && s.connection.state === 'ok' && s.jobs.length > 0;
  });

  // Failures while polling: a proxy page, a SOAP fault, a dropped connection; then recovery.
  for (const inject of [
    () => sim.faults.httpError(502, { count: 3 }),
    () => sim.faults.soapFault({ element: 'ipsApiFault', code: 30000, reason: 'Internal error' }, { count: 3 }),
    () => sim.faults.drop({ count: 3 }),
  ]) {
    inject();
    await invoke('pollNow', undefined);
    await until('the failure to show', () => shell.core.snapshot().connection.state !== 'ok' || sim.faults.pending().length === 0);
    sim.faults.clear();
    await invoke('pollNow', undefined);
    await until('recovery', () => shell.core.snapshot().connection.state === 'ok');
  }
  sweep.text('snapshot', await invoke('getSnapshot', undefined));
  await shell.shutdown();
  shutDown = true;

  for (const s of wc.sent) sweep.text(`event ${s.channel}`, s.payload);
  const states = wc.sent.filter((s) => s.channel === 'ips:evt:connection').map((s) => (s.payload as { state: string }).state);
  assert.ok(
    states.some((st) => st === 'offline' || st === 'error'),
    `the failures were seen: ${states.join(', ')}`,
  );
  for (const n of fake.notifications) sweep.text('notification', n.options);
  for (const tr of fake.trays) sweep.text('tray', { tooltip: tr.tooltip, menu: (tr as unknown as { menu?: unknown }).menu });
  sweep.text('log', logs.join('\n'));
  const files = sweep.files(app.userData);
  assert.ok(files >= 3, `settings, history and credentials were written (${files} files)`);
  assert.deepEqual(sweep.hits(), [], `the password was found in ${sweep.hits().join('; ')}`);
  console.log(`# desktop: ${sweep.searched()} texts and files searched, ${files} files on disk, ${wc.sent.length} events`);
});

test('the CLI as a process: no password in any output or any file it writes', { timeout: 120_000 }, async (t) => {
  const sweep = createSweep([SENTINEL, WRONG], [FRAGMENT]);
  const home = tempDir('ips-sweep-home-');
  const dirs = {
    HOME: home,
    TMPDIR: join(home, 'tmp'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_DATA_HOME: join(home, 'data'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const baseEnv = { PATH: process.env.PATH ?? '', TZ: 'UTC', LANG: 'en_US.UTF-8', ...dirs };

  // The simulator in its own process, with the sentinel user.
  const simProc: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [join(import.meta.dirname, 'sim-process.ts')], {
    env: { ...baseEnv, SIM_USER: USER, SIM_PASSWORD: SENTINEL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let simOut = '';
  let simErr = '';
  simProc.stderr.setEncoding('utf8').on('data', (d: string) => (simErr += d));
  const url = await new Promise<string>((resolve, reject) => {
    simProc.stdout.setEncoding('utf8').on('data', (d: string) => {
      simOut += d;
      const line = /^(http:\/\/\S+)\n/.exec(simOut)?.[1];
      if (line) resolve(line);
    });
    simProc.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${simErr}`)));
  });
  const simExited = new Promise<void>((resolve) => simProc.on('exit', () => resolve()));
  t.after(async () => {
    simProc.kill('SIGTERM');
    await simExited;
  });
  const control = async (body: object): Promise<void> => {
    const res = await fetch(new URL('/__sim/fault', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.text());
  };
  const echo = await echoServer();
  t.after(() => echo.close());

  const env = { ...baseEnv, IPS_USER: USER, IPS_PASSWORD: SENTINEL };
  // The app's saved accounts where the app keeps them (XDG_CONFIG_HOME/IPS Jobs), for --account.
  mkdirSync(join(dirs.XDG_CONFIG_HOME, 'IPS Jobs'));
  const saved = (id: string, name: string) => ({ id, name, enabled: true, region: 'na', staging: false, serviceUrl: url, user: USER });
  writeFileSync(
    join(dirs.XDG_CONFIG_HOME, 'IPS Jobs', 'settings.json'),
    JSON.stringify({ schemaVersion: 2, accounts: [saved('sec', 'Sec'), saved('other', 'Other')] }),
  );
  const accountEnv = { ...baseEnv, IPS_PASSWORD_SEC: SENTINEL, IPS_PASSWORD_OTHER: WRONG };
  const cases: Array<{ label: string; args: string[]; code: number; env?: Record<string, string>; before?: () => Promise<void> }> = [
    { label: 'active', args: ['active', '--json', '--service-url', url], code: 0 },
    { label: 'wrong password', args: ['scheduled', '--service-url', url], code: 3, env: { ...env, IPS_PASSWORD: WRONG } },
    {
      label: 'SOAP fault',
      args: ['active', '--service-url', url],
      code: 5,
      before: () => control({ kind: 'soapFault', code: 30000, reason: 'Internal error', count: 2 }),
    },
    { label: 'HTML 502', args: ['active', '--service-url', url], code: 4, before: () => control({ kind: 'http', status: 502, count: 2 }) },
    { label: 'dropped connection', args: ['active', '--service-url', url], code: 4, before: () => control({ kind: 'drop', count: 4 }) },
    { label: 'timeout', args: ['active', '--service-url', url, '--timeout', '1'], code: 4, before: () => control({ kind: 'hang', count: 1 }) },
    { label: 'echoing fault', args: ['active', '--service-url', echo.url], code: 5 },
    { label: 'echoing proxy page', args: ['active', '--service-url', echo.url], code: 4 },
    { label: 'watch --once', args: ['watch', '--once', '--json', '--service-url', url], code: 0 },
    { label: 'accounts', args: ['accounts', '--json'], code: 0, env: accountEnv },
    { label: '--account all, one password wrong', args: ['active', '--json', '--account', 'all'], code: 3, env: accountEnv },
    { label: 'watch --once --account all, one password wrong', args: ['watch', '--once', '--account', 'all'], code: 3, env: accountEnv },
  ];
  for (const c of cases) {
    await fetch(new URL('/__sim/clear', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await c.before?.();
    const r = await runCli(c.args, { env: c.env ?? env, timeoutMs: 30_000 });
    assert.equal(r.code, c.code, `${c.label}: exit ${r.code}, stderr ${r.stderr}`);
    if (c.code !== 0) assert.equal(r.stderr.trim().split('\n').length, 1, `${c.label}: one stderr line: ${r.stderr}`);
    sweep.text(`${c.label} stdout`, r.stdout);
    sweep.text(`${c.label} stderr`, r.stderr);
  }
  assert.equal(echo.requests.length, 2);
  simProc.kill('SIGTERM');
  await simExited;
  sweep.text('simulator stdout', simOut);
  sweep.text('simulator stderr', simErr);
  assert.match(simErr, /getActiveJobs/, 'the simulator logged its calls (and they were searched)');
  const files = sweep.files(home);
  assert.deepEqual(sweep.hits(), [], `the password was found in ${sweep.hits().join('; ')}`);
  console.log(`# CLI: ${cases.length} runs, ${sweep.searched()} outputs and files searched (${files} files under HOME/TMPDIR)`);
});

test('the web preview as a process: no password in its state dir, its output or its WebSocket', { timeout: 90_000 }, async (t) => {
  const sweep = createSweep([SENTINEL, WRONG], [FRAGMENT]);
  const sim = await startSimulator({ demo: true, users: [{ email: USER, password: SENTINEL, defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }] });
  t.after(() => sim.close());
  const echo = await echoServer();
  t.after(() => echo.close());
  const stateDir = tempDir('ips-sweep-preview-');
  const preview = await startPreview({ stateDir });
  let closed = false;
  t.after(async () => {
    if (!closed) await preview.close();
  });
  const origin = new URL(preview.url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { headers: { Origin: origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const frames: string[] = [];
  const waiting = new Map<number, (m: { ok: boolean; value?: unknown; error?: { kind: string } }) => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    const m = JSON.parse(text) as { t: string; id?: number; ok: boolean };
    if (m.t === 'result' && m.id !== undefined) waiting.get(m.id)?.(m);
  });
  let next = 1;
  const invoke = (cmd: string, arg?: unknown) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { kind: string } }>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ t: 'invoke', id, cmd, arg }));
    });
  const account = { mode: 'ips', user: USER, region: 'na', staging: false, serviceUrl: sim.url };
  const wrong = await invoke('setAccount', { account, password: WRONG });
  assert.equal((wrong.value as { ok: boolean }).ok, false);
  const echoed = await invoke('testAccount', { account: { ...account, serviceUrl: echo.url }, password: SENTINEL });
  assert.equal((echoed.value as { ok: boolean }).ok, false);
  const saved = await invoke('setAccount', { account, password: SENTINEL });
  assert.equal((saved.value as { ok: boolean }).ok, true, JSON.stringify(saved));
  sim.faults.httpError(502, { count: 2 });
  await invoke('pollNow');
  await new Promise((r) => setTimeout(r, 500));
  await invoke('pollNow');
  await invoke('getSnapshot');
  ws.close();
  await preview.close();
  closed = true;
  sweep.text('WebSocket frames', frames.join('\n'));
  sweep.text('preview stderr', preview.stderr());
  const files = sweep.files(stateDir);
  assert.ok(files >= 2, `settings and history were written (${files} files)`);
  assert.deepEqual(sweep.hits(), [], `the password was found in ${sweep.hits().join('; ')}`);
  console.log(`# preview: ${frames.length} frames, ${files} files in its state dir searched`);
});
