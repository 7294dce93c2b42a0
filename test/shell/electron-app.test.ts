// The real desktop app, end to end, through Playwright's Electron driver: it starts, its
// window loads over app://, the preload exposes exactly window.ipsJobs, Node is out of
// reach, and the core answers. Runs where the Electron binary exists; elsewhere (as on
// the build machines here, which cannot download it) it is reported as skipped with the
// reason. The binary is looked up WITHOUT loading the `electron` module, whose first
// load would try to download it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from '../../build/electron-binary.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '../..');
const electron = findElectronBinary(root);

function skipReason(): string | undefined {
  if (!electron.found) return electron.reason;
  if (!existsSync(join(root, 'dist/main.mjs')) || !existsSync(join(root, 'dist/preload.cjs'))) return 'dist/ is not built (npm run build)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display (run under xvfb-run)';
  return undefined;
}
const reason = skipReason();
if (reason) console.log(`# electron-app: skipped: ${reason}`);

test('the packaged window: app:// page, window.ipsJobs only, no Node, core answering', { skip: reason ?? false, timeout: 60_000 }, async () => {
  const { _electron } = await import('playwright-core');
  const userData = tempDir('ips-jobs-e2e-');
  const app = await _electron.launch({
    executablePath: (electron as { path: string }).path,
    args: [root, '--show', `--user-data-dir=${userData}`],
    cwd: root,
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.equal(await page.title(), 'IPS Jobs');
    assert.match(page.url(), /^app:\/\/ips-jobs\//);
    const probe = await page.evaluate(async () => {
      const w = window as unknown as {
        ipsJobs: { invoke(c: string, a?: unknown): Promise<{ ok: boolean; value: { appVersion: string } }> };
        require?: unknown;
        process?: unknown;
      };
      const snapshot = await w.ipsJobs.invoke('getSnapshot', undefined);
      return {
        keys: Object.keys(w.ipsJobs).sort(),
        require: typeof w.require,
        process: typeof w.process,
        // http, so the deny handler does not open a real browser during the test.
        popup: window.open('http://127.0.0.1:9/') === null,
        version: snapshot.value.appVersion,
      };
    });
    assert.deepEqual(probe.keys, ['invoke', 'on']);
    assert.equal(probe.require, 'undefined');
    assert.equal(probe.process, 'undefined');
    assert.equal(probe.popup, true);
    assert.ok(probe.version.length > 0);
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    assert.equal(windows, 1);
  } finally {
    await app.close();
  }
});
