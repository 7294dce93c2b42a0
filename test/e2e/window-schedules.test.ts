// Schedules a person can read (issue 12, part 6): the Scheduled view says each schedule in
// words, with its last run and a way to all its runs in History; the detail lists the next
// runs. At 800 px the actions never cover the trigger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, setLanguage, describeWindow } from './window-helpers.ts';

describeWindow('schedules in words', { timeout: 180_000, what: 'the schedule tests', historyRows: 200 }, (page) => {
  const row = (name: string) => page.locator('#panel tbody tr', { has: page.locator('button.name', { hasText: new RegExp(`^${name}$`) }) });

  test('each schedule reads in words beside the expression, with its last run', async () => {
    await openTab(page, 'scheduled');
    await row('metadata-sync').waitFor();
    assert.equal(await row('metadata-sync').locator('[data-testid="schedule-text"]').innerText(), 'Every 10 minutes');
    assert.equal(await row('nightly-publish').locator('[data-testid="schedule-text"]').innerText(), 'Daily at 2:00 AM PST');
    assert.equal(await row('Cleanup').locator('[data-testid="schedule-text"]').innerText(), 'Daily at 12:00 AM PST');
    assert.equal(await row('weekly-video-publish').locator('[data-testid="schedule-text"]').innerText(), 'Every Monday at 3:30 AM PST');
    assert.equal((await row('nightly-publish').locator('code.sched').innerText()).trim(), '0 0 2 * * ?', 'the expression stays in view');
    // The demo's recurring schedules ran before; a one-off never did.
    const last = row('nightly-publish').locator('td.last-cell [data-testid="last-run"]');
    assert.match(await last.innerText(), /(Succeeded|Warnings|Failed|Stopped)/);
    assert.match(await row('quarterly-agency-export').locator('td.last-cell').innerText(), /Not run yet/);
    await page.screenshot({ path: join(shotsDir(), 'scheduled-words-1280.png') });
  });

  test('"All runs" opens History on the runs of that schedule', async () => {
    await openTab(page, 'scheduled');
    await row('nightly-publish').locator('td.last-cell button', { hasText: 'All runs' }).click();
    await page.locator('#tab-history[aria-selected="true"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#panel [data-job-handle*="nightly-publish_"]').length >= 2);
    const handles = await page.locator('#panel [data-job-handle]').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-handle') ?? ''));
    assert.ok(handles.length >= 2 && handles.every((h) => h.includes('nightly-publish')), handles.join(', '));
  });

  test('the detail of a schedule lists its next five runs and opens its last run', async () => {
    await openTab(page, 'scheduled');
    await row('nightly-publish').locator('button.name').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('[data-testid="detail-upcoming"] li').first().waitFor();
    assert.equal(await dialog.locator('[data-testid="detail-upcoming"] li').count(), 5);
    assert.equal(await dialog.locator('[data-testid="detail-schedule-text"]').innerText(), 'Daily at 2:00 AM PST');
    const times = await dialog.locator('[data-testid="detail-upcoming"] li').allInnerTexts();
    assert.equal(new Set(times).size, 5, 'five different runs');
    await dialog.locator('[data-testid="last-run"] button').first().click();
    await page.waitForFunction(() => /nightly-publish_\d{4}/.test(document.querySelector('dialog[open]')?.textContent ?? ''));
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
  });

  test('at 800 px the actions do not cover Next run, the schedule or the trigger', async () => {
    await page.setViewportSize({ width: 800, height: 700 });
    try {
      await openTab(page, 'scheduled');
      await row('nightly-publish').waitFor();
      const overlap = await page.evaluate(() => {
        const out: string[] = [];
        for (const tr of document.querySelectorAll('#panel tbody tr')) {
          const actions = tr.querySelector('td.sticky-end')!.getBoundingClientRect();
          // What each cell shows (its text and controls), not its box: adjacent boxes touch.
          for (const el of tr.querySelectorAll('td:not(.sticky-end) *')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > actions.left + 1) out.push(`${tr.getAttribute('data-job-handle')}: ${el.textContent} ${r.right} > ${actions.left}`);
          }
        }
        const wrap = document.querySelector('#panel .table-wrap')!;
        return { out, scrolls: wrap.scrollWidth > wrap.clientWidth + 1 ? `${wrap.scrollWidth} > ${wrap.clientWidth}` : false };
      });
      await page.screenshot({ path: join(shotsDir(), 'scheduled-words-800.png') });
      assert.deepEqual(overlap.out, [], 'a cell lies under the sticky actions');
      assert.equal(overlap.scrolls, false, 'the table fits without scrolling sideways');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  test('in Chinese the schedules read naturally', async () => {
    try {
      await setLanguage(page, 'zh-CN');
      await openTab(page, 'scheduled');
      await row('metadata-sync').waitFor();
      assert.equal(await row('metadata-sync').locator('[data-testid="schedule-text"]').innerText(), '每 10 分钟');
      assert.equal(await row('nightly-publish').locator('[data-testid="schedule-text"]').innerText(), '每天 02:00（PST）');
      await page.screenshot({ path: join(shotsDir(), 'scheduled-words-zh-CN.png') });
      await setLanguage(page, 'zh-TW');
      await openTab(page, 'scheduled');
      assert.equal(await row('metadata-sync').locator('[data-testid="schedule-text"]').innerText(), '每 10 分鐘');
    } finally {
      await setLanguage(page, 'en');
    }
    assert.deepEqual(pageErrors(page), []);
  });
});
