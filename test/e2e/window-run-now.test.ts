// Run now in the window, against the real web preview (app core + demo simulator): one click
// on a Scheduled row starts a run (no confirmation), a toast says where it shows, the run
// appears in Active; the detail of a schedule offers it too, a running job's does not. The
// detail's Open in Dynamic Media Classic is disabled in the demo, with the reason.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, describeWindow } from './window-helpers.ts';

describeWindow('run now in the window', { timeout: 180_000 }, (page) => {
  let errors: string[];
  before(() => {
    errors = pageErrors(page);
  });

  test('Run now on a Scheduled row: a toast, then the new run in Active', async () => {
    await openTab(page, 'active');
    await page.locator('li.card').first().waitFor();
    const runsOf = () => page.locator('li.card', { hasText: 'metadata-sync' });
    const before = await runsOf().count();

    await openTab(page, 'scheduled');
    const row = page.locator('#panel tbody tr', { hasText: 'metadata-sync' });
    const button = row.getByRole('button', { name: 'Run now: metadata-sync' });
    assert.equal(await button.getAttribute('title'), 'Start a run of this job now; its schedule stays as it is');
    await button.click();
    await page.locator('.notice.info', { hasText: '“metadata-sync” started now: its run appears in Active.' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(shotsDir(), 'run-now-scheduled.png') });
    // The schedule stays, with its trigger (Starting… only until the poll that brings the run).
    await row.locator('.trigger', { hasText: 'Normal' }).waitFor({ timeout: 30_000 });

    await openTab(page, 'active');
    await page.waitForFunction((n) => [...document.querySelectorAll('li.card')].filter((c) => c.textContent?.includes('metadata-sync')).length > n, before, {
      timeout: 30_000,
    });
    await page.screenshot({ path: join(shotsDir(), 'run-now-active.png') });
    assert.deepEqual(errors, []);
  });

  test('the detail of a schedule has Run now; a running job has none; a paused schedule can run too', async () => {
    await openTab(page, 'scheduled');
    const paused = page.locator('#panel tbody tr', { hasText: 'weekly-video-publish' });
    await paused.getByRole('button', { name: /^Details of / }).click();
    const dialog = page.locator('dialog.detail[open]');
    await dialog.waitFor();
    const inDetail = dialog.getByRole('button', { name: 'Run now: weekly-video-publish' });
    assert.equal(await inDetail.isEnabled(), true);
    // Open in Dynamic Media Classic: the demo has none, and the disabled button says why.
    const dmc = dialog.locator('[data-testid="open-dmc"]');
    assert.equal(await dmc.innerText(), 'Open in Dynamic Media Classic');
    assert.equal(await dmc.isDisabled(), true);
    assert.equal(await dmc.getAttribute('title'), 'The demo has no Dynamic Media Classic: add your IPS account in Settings.');
    await page.screenshot({ path: join(shotsDir(), 'run-now-detail.png') });
    // Handles to copy: the job's, and each asset's in the log.
    await dialog.getByRole('button', { name: 'Copy Job handle' }).waitFor();
    await dialog.getByRole('button', { name: 'Copy Asset handle' }).first().waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    await openTab(page, 'active');
    const running = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Running' }) }).first();
    await running.waitFor({ timeout: 30_000 });
    assert.equal(await running.locator('[data-testid="run-now"]').count(), 0, 'no Run now on a run');
    assert.deepEqual(errors, []);
  });
});
