// The window's security and behaviour: locked-down webPreferences, app:// served with a
// strict CSP and nothing outside the renderer folder, navigation and new windows denied,
// only https links opened outside, permissions denied, shown on ready-to-show, made on
// demand, size remembered, and 'navigate' sent once the page is loaded.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, fake, protocol, session, shell } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';

const win = await import('../../electron/adapters/window.ts');

const dir = tempDir('ips-window-');
const rendererDir = join(dir, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>IPS Jobs</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'do not serve');

let n = 0;
function manager(extra: Partial<Parameters<typeof win.createWindowManager>[0]> = {}) {
  return win.createWindowManager({ preload: '/app/dist/preload.cjs', statePath: join(dir, `state-${++n}.json`), ...extra });
}

beforeEach(() => fake.reset());

test('no window at start; the first show makes one with the locked-down webPreferences', () => {
  const m = manager();
  assert.equal(fake.windows.length, 0);
  m.show();
  assert.equal(fake.windows.length, 1);
  const prefs = fake.windows[0]!.options.webPreferences;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.preload, '/app/dist/preload.cjs');
  assert.equal(fake.windows[0]!.loaded, 'app://ips-jobs/index.html');
});

test('the window is created hidden and shown on ready-to-show (no blank window)', () => {
  const m = manager();
  m.show();
  const w = fake.windows[0]!;
  assert.equal(w.options.show, false);
  assert.equal(w.visible, true, 'shown once ready');
});

test('a second show focuses the same window (restoring it if minimised)', () => {
  const m = manager();
  m.show();
  const w = fake.windows[0]!;
  w.minimize();
  w.focused = false;
  m.show();
  assert.equal(fake.windows.length, 1);
  assert.equal(w.minimized, false);
  assert.equal(w.focused, true);
});

test('navigation away is prevented; window.open is denied and only https goes to the browser', async () => {
  const m = manager();
  m.show();
  const wc = fake.windows[0]!.webContents;
  let prevented = false;
  wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
  assert.equal(prevented, true);
  for (const url of ['https://experienceleague.adobe.com/docs', 'http://plain.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
    assert.deepEqual(wc.windowOpenHandler!({ url }), { action: 'deny' });
  }
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(shell.opened, ['https://experienceleague.adobe.com/docs']);
});

test('openExternalHttps refuses anything but https', async () => {
  assert.equal(await win.openExternalHttps('http://example.com/'), false);
  assert.equal(await win.openExternalHttps('file:///etc/passwd'), false);
  assert.equal(await win.openExternalHttps('not a url'), false);
  assert.equal(await win.openExternalHttps('https://example.com/a?b=1'), true);
  assert.deepEqual(shell.opened, ['https://example.com/a?b=1']);
});

test('app:// is privileged as standard + secure before ready, served with the strict CSP', async () => {
  win.registerAppScheme();
  assert.deepEqual(protocol.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  win.hardenSession(rendererDir);
  const handler = protocol.handlers.get('app')!;
  const res: Response = await handler({ url: 'app://ips-jobs/index.html', method: 'GET' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /text\/html/);
  const csp = res.headers.get('content-security-policy')!;
  for (const d of [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]) {
    assert.ok(csp.includes(d), `CSP lacks ${d}`);
  }
  assert.match(await res.text(), /IPS Jobs/);
  const js = await handler({ url: 'app://ips-jobs/assets/app.js', method: 'GET' });
  assert.match(js.headers.get('content-type')!, /javascript/);
});

test('app:// serves nothing outside the renderer folder and nothing for another host', async () => {
  for (const url of [
    'app://ips-jobs/../secret.txt',
    'app://ips-jobs/%2e%2e/secret.txt',
    'app://ips-jobs/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://other/index.html',
    'app://ips-jobs/missing.js',
  ]) {
    const res = await win.serveAppRequest(rendererDir, { url, method: 'GET' });
    assert.equal(res.status, 404, url);
  }
  const post = await win.serveAppRequest(rendererDir, { url: 'app://ips-jobs/index.html', method: 'POST' });
  assert.equal(post.status, 405);
});

test('every permission request is denied, and other responses get the CSP too', () => {
  win.hardenSession(rendererDir);
  let granted: boolean | undefined;
  session.defaultSession.permissionRequestHandler!({}, 'notifications', (ok: boolean) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(session.defaultSession.permissionCheckHandler!({}, 'media'), false);
  let headers: Record<string, string[]> | undefined;
  session.webRequestHandlers.onHeadersReceived!(
    { url: 'app://ips-jobs/index.html', responseHeaders: { a: ['1'] } },
    (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders),
  );
  assert.equal(headers!['a']![0], '1');
  assert.match(headers!['Content-Security-Policy']![0]!, /default-src 'none'/);
});

test('IPC senders: only our window’s app:// page is trusted', () => {
  const m = manager();
  const other = { url: 'app://ips-jobs/index.html' };
  assert.equal(m.isTrustedSender({ sender: {} as never, senderFrame: other as never }), false, 'no window, nothing trusted');
  m.show();
  const wc = fake.windows[0]!.webContents;
  assert.equal(m.isTrustedSender({ sender: wc as never, senderFrame: { url: 'app://ips-jobs/index.html' } as never }), true);
  assert.equal(m.isTrustedSender({ sender: wc as never, senderFrame: { url: 'https://evil.example/' } as never }), false);
  assert.equal(m.isTrustedSender({ sender: wc as never, senderFrame: { url: 'file:///app/dist/renderer/index.html' } as never }), false);
  assert.equal(m.isTrustedSender({ sender: {} as never, senderFrame: { url: 'app://ips-jobs/index.html' } as never }), false, 'another web contents');
  assert.equal(m.isTrustedSender({ sender: wc as never, senderFrame: null as never }), false);
});

test('navigate: the window opens and is told which job to show once loaded', () => {
  const m = manager();
  m.navigate({ view: 'history', jobKey: 'c\u0000j' });
  const w = fake.windows[0]!;
  assert.equal(w.visible, true);
  assert.deepEqual(w.webContents.sent, [{ channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c\u0000j' } }]);
  m.navigate({ view: 'settings' });
  assert.equal(fake.windows.length, 1);
  assert.deepEqual(w.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'settings' } });
});

test('size and position are remembered across windows; off-screen positions are dropped', () => {
  const statePath = join(dir, 'remember.json');
  const m = win.createWindowManager({ preload: 'p', statePath });
  m.show();
  const w = fake.windows[0]!;
  w.setBounds({ x: 50, y: 60, width: 1000, height: 700 });
  w.close();
  m.show();
  const w2 = fake.windows[1]!;
  assert.deepEqual([w2.options.x, w2.options.y, w2.options.width, w2.options.height], [50, 60, 1000, 700]);
  writeFileSync(statePath, JSON.stringify({ x: 9000, y: 9000, width: 900, height: 600 }));
  assert.deepEqual(win.loadWindowState(statePath), { width: 900, height: 600, maximized: false });
  writeFileSync(statePath, '{ not json');
  assert.deepEqual(win.loadWindowState(statePath), { width: 1100, height: 720, maximized: false });
});

test('taskbar progress follows the tray state, also for a window opened later', () => {
  const m = manager();
  m.setProgress(0.25);
  m.show();
  const w = fake.windows[0]!;
  assert.equal(w.progress, 0.25);
  m.setProgress(null);
  assert.equal(w.progress, -1);
});

test('closing the window leaves the app running (the manager makes a new one next time)', () => {
  const m = manager();
  m.show();
  fake.windows[0]!.close();
  assert.equal(m.webContents(), undefined);
  assert.equal(app.quitCalls, 0);
  m.show();
  assert.equal(fake.windows.length, 2);
});
