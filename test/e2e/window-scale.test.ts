// 50,000 finished jobs: the history list renders only a window of rows, scrolls to the
// end, and narrows while typing. Timings are printed, not asserted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, startPreview, type PreviewProcess } from './harness.ts';
import { gotoApp, openTab } from './window-helpers.ts';

const skip = chromiumMissing();
if (skip) console.log(`# skipping the 50,000-row test: ${skip}`);
const ROWS = 50_000;

async function shownCount(page: Page): Promise<{ shown: number; total: number }> {
  const text = await page.locator('#history-heading + span').innerText();
  const [shown, total] = (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
  return { shown: shown ?? NaN, total: total ?? NaN };
}

describe(`history with ${ROWS} rows`, { skip, timeout: 300_000 }, () => {
  let preview: PreviewProcess;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const t0 = performance.now();
    preview = await startPreview({ historyRows: ROWS, timeoutMs: 120_000 });
    console.log(`# preview with ${ROWS} rows ready in ${Math.round(performance.now() - t0)} ms`);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
  });

  test('renders a window of rows, scrolls to the end, filters while typing', async () => {
    let t0 = performance.now();
    await gotoApp(page, preview.url);
    console.log(`# snapshot loaded and shown in ${Math.round(performance.now() - t0)} ms`);
    t0 = performance.now();
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    console.log(`# history tab with rows in ${Math.round(performance.now() - t0)} ms`);

    // The first poll brings the newest rows; the engine backfills the rest of the window
    // in pages, which reach the list as patches (and the window pulls what the core held when
    // it opened, after its first paint, saying so meanwhile).
    t0 = performance.now();
    await page.waitForFunction(
      (want) => {
        const m = document.querySelector('#history-heading + span')?.textContent?.match(/[\d,]+/g);
        return !!m && Number(m[1]!.replace(/,/g, '')) >= want;
      },
      Math.floor(ROWS * 0.95),
      { timeout: 240_000, polling: 500 },
    );
    // The last chunks may still be arriving: wait until the count holds still for a second.
    let { shown, total } = await shownCount(page);
    for (let settled = 0; settled < 60; settled++) {
      await page.waitForTimeout(1_000);
      const next = await shownCount(page);
      if (next.total === total && next.shown === shown) break;
      ({ shown, total } = next);
    }
    console.log(`# ${total} finished jobs in the list after ${Math.round(performance.now() - t0)} ms of backfill`);
    assert.ok(total >= ROWS * 0.95, `the history window arrived (${total} of ${ROWS})`);
    assert.equal(shown, total);
    assert.equal(await page.getByTestId('history-loading').count(), 0, 'History no longer says older jobs are loading');
    const mounted = await page.locator('.history-row').count();
    console.log(`# ${mounted} row elements mounted for ${total} rows`);
    assert.ok(mounted > 5 && mounted < 200, `only a window of rows is in the DOM (${mounted})`);

    // Scroll to the very end: the last row becomes visible.
    t0 = performance.now();
    await page.locator('[data-testid="history-scroller"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = page.locator(`.history-row[data-row-index="${total - 1}"]`);
    await last.waitFor();
    assert.ok(await last.isVisible());
    console.log(`# scrolled to row ${total} in ${Math.round(performance.now() - t0)} ms`);
    assert.ok((await page.locator('.history-row').count()) < 200);

    // Keyboard: Home from the last row goes back to the first.
    await last.focus();
    await page.keyboard.press('Home');
    await page.locator('.history-row[data-row-index="0"]:focus').waitFor();

    // Typing narrows the list, one keystroke at a time.
    const name = (await page.locator('.history-row[data-row-index="0"] .name').innerText()).trim();
    const query = name.slice(0, Math.min(name.length, 12));
    const search = page.locator('[data-testid="history-search"]');
    t0 = performance.now();
    await search.pressSequentially(query, { delay: 0 });
    await page.waitForFunction((total) => {
      const m = document.querySelector('#history-heading + span')?.textContent?.match(/[\d,]+/g);
      return !!m && Number(m[0]!.replace(/,/g, '')) < total;
    }, total);
    const typed = performance.now() - t0;
    const after = await shownCount(page);
    console.log(`# typed "${query}" (${query.length} keys) → ${after.shown} of ${after.total} rows in ${Math.round(typed)} ms`);
    assert.ok(after.shown >= 1 && after.shown < total);
    const firstName = await page.locator('.history-row[data-row-index="0"] .name').innerText();
    assert.ok(firstName.toLowerCase().includes(query.toLowerCase()), `${firstName} matches ${query}`);

    // Sorting 50,000 rows by another column.
    await search.fill('');
    t0 = performance.now();
    await page.getByRole('button', { name: /^Sort by Errors/ }).click();
    await page.getByRole('button', { name: /^Errors, sorted descending/ }).waitFor();
    console.log(`# sorted by errors in ${Math.round(performance.now() - t0)} ms`);
    const topErrors = Number((await page.locator('.history-row[data-row-index="0"] .cell').nth(10).innerText()).replace(/\D/g, ''));
    const secondErrors = Number((await page.locator('.history-row[data-row-index="1"] .cell').nth(10).innerText()).replace(/\D/g, ''));
    assert.ok(topErrors >= secondErrors);
  });
});
