// Overview's numbers against the lists they open: each tile's number is the number of
// rows or cards its click shows (Failed (24 h) opens History on failed jobs of the last
// 24 hours, not on "any time"), and the jobs chart answers hover and the keyboard with
// its values and filters History to a bar on Enter.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, setTheme, describeWindow } from './window-helpers.ts';

const num = (s: string): number => Number(s.replace(/[^\d]/g, ''));

describeWindow('overview tiles and charts', { timeout: 240_000, historyRows: 600 }, (page) => {
  before(async () => {
    // Wait until the history has loaded (its total stops growing), so tiles and lists count the same rows.
    await openTab(page, 'history');
    let last = -1;
    for (let i = 0; i < 40; i++) {
      const text = await page.locator('#panel .view-head [aria-live]').innerText();
      const total = num(text.split(/\s(?:of|共|\/)\s?/).pop() ?? '');
      if (total > 0 && total === last) break;
      last = total;
      await page.waitForTimeout(500);
    }
  });

  async function tileNumber(k: string): Promise<number> {
    await openTab(page, 'overview');
    return num(await page.locator(`[data-tile="${k}"] .tile-num`).innerText());
  }

  /** History's "Showing N of M": N. */
  async function shown(): Promise<number> {
    const text = await page.locator('#panel .view-head [aria-live]').innerText();
    return num(text.split(/\s(?:of|共|\/)\s?/)[0] ?? text);
  }

  test('Failed (24 h) and With warnings (24 h) open exactly their rows', async () => {
    for (const [k, outcome] of [
      ['failed', 'error'],
      ['warned', 'warning'],
    ] as const) {
      const n = await tileNumber(k);
      await page.locator(`[data-tile="${k}"]`).click();
      await page.locator('#tab-history[aria-selected="true"]').waitFor();
      const selects = page.locator('#panel .filters select');
      assert.equal(await selects.nth(0).inputValue(), 'day', 'opened on the last 24 hours, not any time');
      assert.equal(await selects.nth(1).inputValue(), outcome);
      assert.equal(await shown(), n, `${k}: the tile's number is the number of rows it opens`);
      assert.match(await selects.nth(0).locator('option:checked').innerText(), /Last 24 hours/);
    }
  });

  test('Running and Waiting split the active jobs; a paused schedule counts under Scheduled only', async () => {
    await openTab(page, 'active');
    await page.locator('li.card').first().waitFor({ timeout: 30_000 });
    const running = await tileNumber('running');
    const waiting = await tileNumber('waiting');
    const scheduled = await tileNumber('scheduled');
    await page.locator('[data-tile="waiting"]').click();
    await page.locator('#tab-active[aria-selected="true"]').waitFor();
    assert.match(await page.locator('[data-testid="active-filter"]').innerText(), /waiting jobs only/);
    const badges = await page.locator('li.card .badge').allInnerTexts();
    assert.ok(
      badges.every((b) => !/Running|Stopping/.test(b)),
      `waiting list shows no running job: ${badges.join(', ')}`,
    );
    // Numbers move with the simulator; allow one job to change phase between the reads.
    assert.ok(Math.abs(badges.length - waiting) <= 1, `waiting: ${badges.length} cards, tile ${waiting}`);
    await page.locator('#panel button', { hasText: 'Show all' }).click();
    const all = await page.locator('li.card').count();
    assert.ok(Math.abs(all - (running + waiting)) <= 1, `active ${all} = running ${running} + waiting ${waiting}`);
    await openTab(page, 'scheduled');
    const rows = await page.locator('#panel tbody tr').count();
    assert.ok(Math.abs(rows - scheduled) <= 1, `scheduled rows ${rows}, tile ${scheduled}`);
  });

  test('the jobs chart: whole bars, values on focus and hover, Enter filters History to the bar', async () => {
    await openTab(page, 'overview');
    const chart = page.locator('[data-testid="chart"]').first();
    await chart.locator('canvas').waitFor();
    await chart.focus();
    await page.keyboard.press('End');
    const readout = chart.locator('[data-testid="chart-readout"]');
    assert.match(await readout.innerText(), /\d+ started, \d+ failed/);
    // Walk left to a bar with jobs.
    let text = await readout.innerText();
    for (let i = 0; i < 24 && /: 0 started/.test(text); i++) {
      await page.keyboard.press('ArrowLeft');
      text = await readout.innerText();
    }
    const barTotal = num(/(\d[\d,]*) started/.exec(text)?.[1] ?? '0');
    assert.ok(barTotal > 0, `a bar with jobs: ${text}`);
    await page.keyboard.press('Enter');
    await page.locator('#tab-history[aria-selected="true"]').waitFor();
    assert.equal(await page.locator('#panel .filters select').nth(0).inputValue(), 'span');
    const n = await shown();
    assert.ok(n <= barTotal, `History shows the bar's finished jobs (${n} of ${barTotal} started)`);

    // Hover shows values too; the week shows 7 daily bars.
    await openTab(page, 'overview');
    await page.locator('[role="radio"]', { hasText: 'Last week' }).click();
    const box = await chart.locator('.u-over').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2);
    await page.waitForFunction(() => /started/.test(document.querySelector('[data-testid="chart-readout"]')?.textContent ?? ''));
    assert.doesNotMatch(await chart.locator('[data-testid="chart-readout"]').innerText(), /–/, 'a day bar names a day, not hours');
    assert.deepEqual(pageErrors(page), []);
  });

  test('screenshots of Overview, History and Scheduled at 1280 and 800 px, light and dark; counts and Next run in view at 800', async () => {
    const out = shotsDir();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 800 });
        for (const view of ['overview', 'history', 'scheduled'] as const) {
          await openTab(page, view);
          if (view === 'overview') await page.locator('.chart canvas').first().waitFor();
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${out}/${view}-${width}-${theme}.png` });
          if (width === 800 && view === 'history') {
            // The counts stay in view: the Errors column's header is inside the window.
            const errors = await page.locator('.hcell', { hasText: /^Errors/ }).boundingBox();
            assert.ok(errors && errors.x + errors.width <= 800, `Errors column in view at 800 px: ${JSON.stringify(errors)}`);
          }
          if (width === 800 && view === 'scheduled') {
            const next = await page.locator('#panel th', { hasText: 'Next run' }).boundingBox();
            assert.ok(next && next.x + next.width <= 800 && next.width >= 120, `Next run readable at 800 px: ${JSON.stringify(next)}`);
          }
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await setTheme(page, 'system');
  });
});
