// History's search in Chromium against the preview (real core, demo simulator): a submitter,
// a destination folder, an asset name and an error text from a job's log details find the right
// rows; the submitter and destination filters; a saved filter survives a restart of the app and
// is picked again. Screenshots at 1280 and 800 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, shotsDir, startPreview, type PreviewProcess } from './harness.ts';
import { gotoApp, openTab } from './window-helpers.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = chromiumMissing();
if (skip) console.log(`# skipping History search: ${skip}`);

async function counts(page: Page): Promise<{ shown: number; total: number }> {
  const text = await page.locator('#history-heading + span').innerText();
  const [shown, total] = (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
  return { shown: shown ?? NaN, total: total ?? NaN };
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('history-search').fill(text);
}

/** Handles of the rows shown (the virtual list mounts the first ones; enough for small results). */
async function shownHandles(page: Page): Promise<string[]> {
  return page.locator('.history-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-handle') ?? ''));
}

describe('History search', { skip, timeout: 240_000 }, () => {
  const stateDir = skip ? '' : tempDir('search-e2e-');
  let preview: PreviewProcess;
  let browser: Browser;
  let page: Page;

  before(async () => {
    preview = await startPreview({ stateDir, historyRows: 400 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await gotoApp(page, preview.url);
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
  });

  test('a submitter typed or chosen shows that user’s jobs only', async () => {
    const { total } = await counts(page);
    const select = page.getByTestId('history-submitter');
    const options = (await select.locator('option').allInnerTexts()).slice(1);
    assert.ok(options.length >= 1, 'the submitters present are offered');
    const who = options[0]!;
    await select.selectOption(who);
    const bySelect = await counts(page);
    assert.ok(bySelect.shown > 0 && bySelect.shown <= total);
    await select.selectOption('');
    await search(page, who.toUpperCase());
    await page.waitForFunction(
      (n) =>
        document
          .querySelector('#history-heading + span')
          ?.textContent?.match(/[\d,]+/)?.[0]
          ?.replace(/,/g, '') === String(n),
      bySelect.shown,
    );
    await search(page, '');
  });

  test('a destination chosen shows its jobs with the folder in the Destination column', async () => {
    const select = page.getByTestId('history-destination');
    const folders = (await select.locator('option').allInnerTexts()).slice(1);
    assert.ok(folders.length >= 1, 'the destinations present are offered');
    await select.selectOption(folders[0]!);
    await page.locator('.history-row').first().waitFor();
    const cells = await page.locator('.history-row > .cell:nth-child(5)').allInnerTexts();
    assert.ok(cells.length > 0 && cells.every((c) => c.trim() === folders[0]), cells.slice(0, 3).join(' | '));
    await page.screenshot({ path: join(shotsDir(), 'history-destination-1280.png') });
    await select.selectOption('');
  });

  test('an error text and an asset name from a job’s log details find that job', async () => {
    // A failed job: open it, read an error row of its log, close it.
    await page.locator('.history-filters, [role="search"]').first().waitFor();
    await page.locator('[role="search"] select').nth(1).selectOption('error');
    const row = page.locator('.history-row').first();
    const handle = (await row.getAttribute('data-job-handle'))!;
    await row.click();
    const errRow = page.locator('.log-row.sev-error').first();
    await errRow.waitFor({ timeout: 30_000 });
    const message = (await errRow.locator('td.msg').evaluate((td) => td.firstChild?.textContent ?? '')).trim();
    const asset = (await errRow.locator('td.asset').evaluate((td) => td.firstChild?.textContent ?? '')).trim();
    assert.ok(message, 'an error row has a message');
    await page.keyboard.press('Escape');
    await page.locator('[role="search"] select').nth(1).selectOption('');

    await search(page, message.slice(Math.max(0, message.length - 40)));
    await page.waitForFunction((h) => [...document.querySelectorAll('.history-row')].some((e) => e.getAttribute('data-job-handle') === h), handle, {
      timeout: 15_000,
    });
    assert.ok((await shownHandles(page)).includes(handle), `found by “${message}”`);
    if (asset && asset !== '—') {
      await search(page, asset);
      await page.waitForFunction((h) => [...document.querySelectorAll('.history-row')].some((e) => e.getAttribute('data-job-handle') === h), handle, {
        timeout: 15_000,
      });
    }
    await page.screenshot({ path: join(shotsDir(), 'history-search-error-1280.png') });
    await page.setViewportSize({ width: 800, height: 700 });
    await page.screenshot({ path: join(shotsDir(), 'history-search-error-800.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await search(page, '');
  });

  test('a saved filter survives a restart and is picked again', async () => {
    const select = page.getByTestId('history-submitter');
    const who = (await select.locator('option').allInnerTexts())[1]!;
    await select.selectOption(who);
    await search(page, 'a');
    const want = await counts(page);
    await page.getByTestId('saved-filter-new').click();
    await page.getByTestId('saved-filter-name').fill('Ann’s a-jobs');
    await page.getByTestId('saved-filter-save').click();
    await page.getByTestId('saved-filter-pick').waitFor();
    assert.equal(await page.getByTestId('saved-filter-pick').inputValue(), 'Ann’s a-jobs');
    await page.screenshot({ path: join(shotsDir(), 'history-saved-filter-1280.png') });

    // The app restarts on the same state folder: the filter is still there.
    await preview.close();
    preview = await startPreview({ stateDir, historyRows: 400 });
    await gotoApp(page, preview.url);
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    assert.equal(await page.getByTestId('history-search').inputValue(), '');
    await page.getByTestId('saved-filter-pick').selectOption('Ann’s a-jobs');
    assert.equal(await page.getByTestId('history-search').inputValue(), 'a');
    assert.equal(await page.getByTestId('history-submitter').inputValue(), who);
    const got = await counts(page);
    assert.ok(got.shown > 0 && got.shown <= got.total, `${got.shown} of ${got.total} (was ${want.shown})`);

    // Deleted, it is gone from the list.
    await page.getByTestId('saved-filter-delete').click();
    await page.getByTestId('saved-filter-pick').waitFor({ state: 'detached' });
  });
});
