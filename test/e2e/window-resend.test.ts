// Re-send failed files in the window: a folder whose "flaky" files fail the first time (the
// simulator's rule) uploads through the Transfers view; its finished row and its job's detail
// (where Run again is refused for uploads from a computer) offer "Re-send 2 failed files";
// one is deleted from disk first, so the re-send says it was left out; the new job finishes
// without errors and the first row tells what was re-sent. Run now shows its own icon (a
// bolt, not Resume's play). Photographed for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, shotsDir } from './harness.ts';
import { transfersPreview } from './transfers-preview.ts';
import { gotoApp, openTab, pageErrors } from './window-helpers.ts';

test('an upload with failed files: re-sent from its job detail, the missing file named, the new job succeeds', { timeout: 240_000 }, async (t) => {
  const missing = chromiumMissing();
  if (missing) return t.skip(missing);
  const { folder, browser, start } = await transfersPreview(t, 'catalog', [
    ['cover.jpg', 120_000],
    ['flaky-page.jpg', 90_000],
    ['春季/flaky-鞋.jpg', 80_000],
    ['back.jpg', 60_000],
  ]);
  const preview = await start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = pageErrors(page);
  await gotoApp(page, preview.url);

  // Run now has its own icon (a bolt), Resume keeps the play triangle.
  await openTab(page, 'scheduled');
  const runNow = page.locator('#panel tbody tr [data-testid="run-now"]').first();
  await runNow.waitFor();
  const boltPath = await runNow.locator('svg path').first().getAttribute('d');
  assert.match(boltPath ?? '', /^M9\.2 1\.5L3\.5 9\.2/, 'Run now draws the bolt');
  await page.screenshot({ path: join(shotsDir(), 'run-now-bolt.png') });

  await openTab(page, 'transfers');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="upload-folder"]') as HTMLInputElement | null)?.value ?? '').endsWith('/'));
  await page.locator('[data-testid="upload-path"]').fill(folder);
  await page.locator('[data-testid="upload-path-add"]').click();
  await page.locator('[data-testid="upload-job"]').fill('e2e-catalog');
  await page.locator('[data-testid="upload-overwrite"]').check();
  await page.locator('[data-testid="upload-start"]').click();

  const item = page.locator('[data-testid="transfer"]', { has: page.locator('h4', { hasText: /^e2e-catalog$/ }) });
  const counts = item.locator('[data-testid="transfer-counts"]');
  await counts.waitFor({ timeout: 120_000 });
  assert.match(await counts.innerText(), /^2 succeeded, 2 errors/);
  const rowResend = item.locator('[data-testid="transfer-resend"]');
  assert.equal(await rowResend.innerText(), 'Re-send 2 failed files');

  // The job's detail: Run again refused (an upload from a computer), Re-send offered instead.
  await item.locator('[data-testid="transfer-job-open"]').click();
  const detail = page.locator('dialog.detail[open]');
  await detail.waitFor();
  const rerun = detail.locator('[data-testid="rerun"]');
  if (await rerun.count()) assert.equal(await rerun.isDisabled(), true);
  const resend = detail.locator('[data-testid="job-resend"]');
  await resend.waitFor();
  assert.equal(await resend.innerText(), 'Re-send 2 failed files');
  await page.screenshot({ path: join(shotsDir(), 'resend-detail.png') });

  rmSync(join(folder, '春季', 'flaky-鞋.jpg'));
  await resend.click();
  await page.locator('.notice.info', { hasText: 'Re-sending 1 file as a new upload job.' }).waitFor({ timeout: 15_000 });
  assert.match(await page.locator('.notice.info', { hasText: 'Re-sending' }).innerText(), /Left out, no longer on this computer: catalog\/春季\/flaky-鞋\.jpg/);
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'hidden' });

  const again = page.locator('[data-testid="transfer"]', { has: page.locator('h4', { hasText: /^e2e-catalog-resend$/ }) });
  await again.locator('[data-testid="transfer-counts"]').waitFor({ timeout: 120_000 });
  assert.match(await again.locator('[data-testid="transfer-counts"]').innerText(), /^1 succeeded, 0 errors/);
  assert.match(await again.locator('[data-testid="transfer-resend-of"]').innerText(), /Re-sends the failed files of e2e-catalog/);
  const first = item;
  assert.match(await first.locator('[data-testid="transfer-resent"]').innerText(), /Failed files re-sent: 1 file as e2e-catalog-resend[\s\S]*flaky-鞋\.jpg/);
  assert.equal(await first.locator('[data-testid="transfer-resend"]').count(), 0, 'offered once');
  await page.screenshot({ path: join(shotsDir(), 'resend-transfers.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
