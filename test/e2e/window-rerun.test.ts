// Run again in the window (issue 12, part 1), against the real web preview: a job that
// finished before the app saw it run is refused with the reason; a job the app watched run
// and finish is submitted again in one click, and the toast names the new run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, describeWindow } from './window-helpers.ts';

describeWindow('run again in the window', { timeout: 360_000, historyRows: 100 }, (page) => {
  const dialog = () => page.locator('dialog[open]');
  async function openFromHistory(handle: string): Promise<void> {
    await openTab(page, 'history');
    const row = page.locator(`#panel [data-job-handle="${handle}"]`);
    await row.waitFor({ timeout: 240_000 });
    await row.click();
    await dialog().waitFor();
  }

  test('a job seen only in the logs cannot be run again, and says why', async () => {
    await openTab(page, 'history');
    const first = page.locator('#panel [data-job-handle]').first();
    await first.waitFor();
    await openFromHistory((await first.getAttribute('data-job-handle'))!);
    const button = dialog().locator('[data-testid="rerun"]');
    assert.equal(await button.isDisabled(), true);
    assert.match((await button.getAttribute('title')) ?? '', /cannot be submitted again|not on the server any more/);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
  });

  test('a job watched from start to finish runs again: one click, a toast with the new name', async () => {
    // Start one now, so the app sees it wait and run (that is when IPS lists its job detail).
    await openTab(page, 'scheduled');
    await page.locator('#panel tbody tr', { hasText: 'hourly-ftp-ingest' }).getByRole('button', { name: 'Run now: hourly-ftp-ingest' }).click();
    await openTab(page, 'active');
    const known = new Set(await page.locator('li.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-handle'))));
    const card = page.locator('li.card', { hasText: 'hourly-ftp-ingest' }).last();
    await card.waitFor({ timeout: 30_000 });
    let handle = await card.getAttribute('data-job-handle');
    for (const h of await page.locator('li.card', { hasText: 'hourly-ftp-ingest' }).evaluateAll((els) => els.map((e) => e.getAttribute('data-job-handle'))))
      if (!known.has(h)) handle = h;
    // It finishes (a demo ingest takes a minute or two), then shows in History.
    await openFromHistory(handle!);
    const button = dialog().locator('[data-testid="rerun"]');
    assert.equal(await button.isDisabled(), false, (await button.getAttribute('title')) ?? '');
    await button.click();
    const toast = page.locator('.notice.info', { hasText: /submitted again as/ });
    await toast.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shotsDir(), 'rerun-detail.png') });
    const newName = /as “(.+)”/.exec(await toast.innerText())?.[1];
    assert.ok(newName && newName !== 'hourly-ftp-ingest', await toast.innerText());
    await page.keyboard.press('Escape');
    await openTab(page, 'active');
    await page.locator('li.card', { hasText: newName }).waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors(page), []);
  });
});
