// Exports in the window, against the real web preview (app core + demo simulator), where
// the browser downloads what the desktop app saves through its dialog: History's filtered
// and sorted rows (all of them, not only those on screen) as CSV with the screen's order and
// counts; a job's whole log as CSV; "Copy all errors"; headers in the window's language.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { chromiumMissing, shotsDir } from './harness.ts';
import { openTab, pageErrors, setLanguage, windowForSuite } from './window-helpers.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = chromiumMissing();
if (skip) console.log(`# skipping the export tests: ${skip}`);

const parse = (text: string): string[][] => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [dl] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  const path = join(tempDir('download-'), dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('exports in the window', { skip, timeout: 240_000 }, () => {
  const win = windowForSuite({ historyRows: 400 });

  test('History exports every filtered row in the screen’s order, with its counts', async () => {
    const page = win.page;
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    // Finished jobs with warnings, sorted by name: more rows than the screen shows.
    await page.locator('#panel select').nth(1).selectOption('warning');
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    const shown = Number((await page.locator('#history-heading + span').innerText()).match(/[\d,]+/)![0].replace(/,/g, ''));
    const onScreen = await page.locator('.history-row').count();
    assert.ok(shown > onScreen, `${shown} rows, ${onScreen} rendered: the export must not be limited to those`);
    const { name, text } = await downloaded(page, () => page.getByTestId('history-export').click());
    assert.match(name, /^ips-jobs-history-\d{4}-\d{2}-\d{2}-\d{6}\.csv$/);
    assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM');
    const [header, ...rows] = parse(text);
    assert.deepEqual(header!.slice(0, 11), [
      'Outcome',
      'Type',
      'Name',
      'Company',
      'Started',
      'Duration (s)',
      'Total files',
      'Succeeded',
      'Warnings',
      'Errors',
      'Duplicates',
    ]);
    assert.equal(rows.length, shown, 'every row the filter shows');
    assert.ok(
      rows.every((r) => r[0] === 'Warnings'),
      'only the filtered outcome',
    );
    // The first rendered rows, cell by cell where the screen shows the same value (found by the column headers).
    const screenHeads = (await page.locator('.head .hcell').allInnerTexts()).map((h) => h.trim());
    const pairs = (
      [
        ['Name', 'Name'],
        ['Company', 'Company'],
        ['Total files', 'Total'],
        ['Succeeded', 'Succeeded'],
        ['Warnings', 'Warnings'],
        ['Errors', 'Errors'],
        ['Duplicates', 'Duplicates'],
      ] as const
    ).map(([csvName, screenName]) => [header!.indexOf(csvName), screenHeads.indexOf(screenName), csvName] as const);
    assert.ok(
      pairs.every(([c, v]) => c >= 0 && v >= 0),
      `columns found: ${screenHeads.join(', ')}`,
    );
    for (let i = 0; i < Math.min(onScreen, 8); i++) {
      const cells = await page.locator(`.history-row[data-row-index="${i}"] > .cell`).allInnerTexts();
      const r = rows[i]!;
      for (const [c, v, csvName] of pairs) assert.equal(r[c], cells[v]!.replace(/[,*]/g, '').trim(), `row ${i}: ${csvName}`);
      assert.match(r[4]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }
    await page.screenshot({ path: join(shotsDir(), 'export-history-1280-en-light.png') });
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
  });

  test('a job’s whole log exports as CSV, and "Copy all errors" copies every error row', async () => {
    const page = win.page;
    await openTab(page, 'history');
    await page.locator('#panel select').nth(1).selectOption('error');
    await page.locator('.history-row').first().click();
    const dialog = page.locator('dialog.detail[open]');
    await dialog.locator('.log-row').first().waitFor({ timeout: 15_000 });
    const total = Number((await dialog.locator('.log-head .muted').first().innerText()).replace(/\D/g, ''));
    const errorsRadio = await dialog.getByRole('radio', { name: /^Errors/ }).innerText();
    const errors = Number(errorsRadio.replace(/\D/g, ''));
    const jobName = await dialog.locator('#detail-title').innerText();
    const { name, text } = await downloaded(page, () => dialog.getByTestId('log-export').click());
    assert.match(name, /^ips-jobs-log-.+\.csv$/);
    const [header, ...rows] = parse(text);
    assert.deepEqual(header, ['Severity', 'Asset', 'Message', 'Log type', 'Time', 'Asset handle', 'Job', 'Job handle']);
    assert.equal(rows.length, total, 'every row of the log');
    assert.equal(rows.filter((r) => r[0] === 'Error').length, errors, 'the Errors filter counts the same rows');
    assert.ok(rows.every((r) => r[6] === jobName));
    await dialog.getByTestId('log-copy-errors').click();
    await page.getByText(errors === 1 ? '1 error row copied' : `${errors} error rows copied`).waitFor();
    await page.screenshot({ path: join(shotsDir(), 'export-log-1280-en-light.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#panel select').nth(1).selectOption('');
  });

  test('headers follow the window’s language (简体中文)', async () => {
    const page = win.page;
    await setLanguage(page, 'zh-CN');
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    const { text } = await downloaded(page, () => page.getByTestId('history-export').click());
    const [header, first] = parse(text);
    assert.deepEqual(header!.slice(0, 5), ['结果', '类型', '名称', '公司', '开始时间']);
    assert.match(first![0]!, /^\p{Script=Han}+$/u, 'a translated outcome');
    await page.screenshot({ path: join(shotsDir(), 'export-history-1280-zh-CN-light.png') });
    await setLanguage(page, 'en');
    const errors = pageErrors(page).filter((e) => !/favicon/i.test(e));
    assert.deepEqual(errors, [], 'no page errors or CSP violations');
  });
});
