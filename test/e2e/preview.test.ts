// The web preview end to end: the real app core and demo simulator in a child process,
// the built renderer in Debian's Chromium, and the renderer's own bridge
// (renderer/src/lib/bridge.ts, bundled here and loaded from the page's origin so the
// page's CSP applies to it) talking the typed IPC contract over the WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import type { Job } from '../../shared/domain.ts';
import { chromiumMissing, launchBrowser, ROOT, startPreview } from './harness.ts';

const BRIDGE_PATH = '/__e2e/bridge.js';

async function bundleBridge(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'renderer', 'src', 'lib', 'bridge.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__ipsBridge',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Try a WebSocket upgrade with the given Origin; resolves to the HTTP status or 101. */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const opts = origin === undefined ? {} : { origin };
    const ws = new WebSocket(url, opts);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

declare global {
  interface Window {
    __ipsBridge: typeof import('../../renderer/src/lib/bridge.ts');
    __cspViolations: string[];
    __patches: { upsert: Job[]; remove: string[] }[];
  }
}

test('web preview: renderer, bridge and IPC end to end', { timeout: 90_000 }, async (t) => {
  const missing = chromiumMissing();
  if (missing) {
    t.skip(missing);
    return;
  }
  const [preview, bridgeJs] = await Promise.all([startPreview({ historyRows: 50 }), bundleBridge()]);
  t.after(() => preview.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const page: Page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // Init scripts come from the browser (DevTools protocol), not the page: the CSP does not apply to them.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  await page.route(`**${BRIDGE_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: bridgeJs }));

  await t.test('the page loads under the strict CSP', async () => {
    const res = await page.goto(preview.url, { waitUntil: 'load' });
    assert.equal(res?.status(), 200);
    const csp = res!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    // The WebSocket may go to this server's own port only, never to another one on the machine.
    const port = new URL(preview.url).port;
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${port} ws://localhost:${port}(;|$)`));
    assert.doesNotMatch(csp, /:\*/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await page.addScriptTag({ url: BRIDGE_PATH });
    assert.equal(await page.evaluate(() => typeof window.__ipsBridge.getApi), 'function');
    assert.equal(await page.evaluate(() => window.__ipsBridge.isPreview()), true);
  });

  let haveJobs = false;
  await t.test('getSnapshot over the bridge returns demo jobs', async () => {
    const snap = await page.evaluate(async () => {
      const api = window.__ipsBridge.getApi();
      window.__patches = [];
      api.on('jobs-patch', (p) => window.__patches.push(p));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await api.invoke('getSnapshot', undefined);
        if (!r.ok) throw new Error(r.error.message);
        const s = r.value;
        if (s.jobs.length > 0 || Date.now() > deadline) return s;
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    assert.equal(snap.demo, true);
    assert.ok(snap.jobs.length > 0, `demo jobs expected; connection ${JSON.stringify(snap.connection)}; stderr:\n${preview.stderr()}`);
    haveJobs = true;
    assert.ok(snap.companies.length > 0);
    assert.equal(snap.settings.hasPassword, false);
    assert.ok(!JSON.stringify(snap).toLowerCase().includes('"password"'));
  });

  await t.test('stopJob on a running demo job round-trips', async (st) => {
    if (!haveJobs) return st.skip('no demo jobs');
    const result = await page.evaluate(async () => {
      const api = window.__ipsBridge.getApi();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const snap = await api.invoke('getSnapshot', undefined);
        if (!snap.ok) throw new Error(snap.error.message);
        const s = snap.value;
        const running = s.jobs.find((j) => j.phase === 'running' && !j.pendingAction);
        if (running) {
          const r = await api.invoke('stopJob', { companyHandle: running.companyHandle, jobHandle: running.jobHandle });
          return { key: running.key, r };
        }
        if (Date.now() > deadline) return { key: '', r: { ok: false as const, error: { kind: 'internal', message: 'no running demo job' } } };
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    assert.deepEqual(result.r, { ok: true }, JSON.stringify(result));
  });

  await t.test('a jobs-patch event arrives after pollNow', async (st) => {
    if (!haveJobs) return st.skip('no demo jobs');
    const got = await page.evaluate(async () => {
      const api = window.__ipsBridge.getApi();
      const before = window.__patches.length;
      const r = await api.invoke('pollNow', undefined);
      const deadline = Date.now() + 15_000;
      while (window.__patches.length === before && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 100));
        if (window.__patches.length === before) await api.invoke('pollNow', undefined);
      }
      const p = window.__patches.at(-1);
      return { r, patches: window.__patches.length - before, size: p ? p.upsert.length + p.remove.length : 0 };
    });
    assert.deepEqual(got.r, { ok: true });
    assert.ok(got.patches > 0, 'no patch after pollNow');
    assert.ok(got.size > 0, 'an empty patch');
  });

  await t.test('a bad argument comes back as a usage error', async () => {
    const out = await page.evaluate(async () => {
      const api = window.__ipsBridge.getApi();
      const invoke = api.invoke as (c: string, a: unknown) => Promise<unknown>;
      const bad = await invoke('stopJob', { companyHandle: 5, jobHandle: '' });
      const extra = await invoke('saveSettings', { account: { mode: 'ips' } });
      const link = await invoke('openExternal', { url: 'javascript:alert(1)' });
      const snap = (await invoke('getSnapshot', { all: true })) as { ok: boolean; error?: { kind: string } };
      const snapErr = snap.ok ? 'answered' : (snap.error?.kind ?? 'no info');
      let unknownErr = '';
      try {
        await invoke('deleteEverything', {});
      } catch (e) {
        unknownErr = (e as { info?: { kind: string } }).info?.kind ?? 'no info';
      }
      return { bad, extra, link, snapErr, unknownErr };
    });
    for (const r of [out.bad, out.extra, out.link] as { ok: boolean; error?: { kind: string } }[]) {
      assert.equal(r.ok, false);
      assert.equal(r.error?.kind, 'usage');
    }
    assert.equal(out.snapErr, 'usage');
    assert.equal(out.unknownErr, 'usage');
  });

  await t.test('a WebSocket from a foreign Origin is refused', async () => {
    const ws = preview.url.replace(/^http/, 'ws') + 'ipc';
    assert.equal(await upgradeStatus(ws, 'http://evil.example'), 403);
    assert.equal(await upgradeStatus(ws, 'http://127.0.0.1:1'), 403);
    assert.equal(await upgradeStatus(ws, undefined), 403);
    assert.equal(await upgradeStatus(ws, preview.url.slice(0, -1)), 101);
    // A foreign page in the same browser cannot connect either.
    const other = await browser.newPage();
    await other.goto('about:blank');
    const opened = await other.evaluate(
      (u) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(u);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('refused');
        }),
      ws,
    );
    await other.close();
    assert.equal(opened, 'refused');
  });

  await t.test('no console errors and no CSP violations', async () => {
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, []);
    assert.deepEqual(consoleErrors, []);
  });
});
