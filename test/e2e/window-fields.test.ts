// Date and time inputs follow the app's language, not Chromium's (issue 11, part 5): History's
// custom range and the quiet hours in Settings read and take dates and times the way the
// chosen language writes them, from the keyboard.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissing, shotsDir } from './harness.ts';
import { openTab, setLanguage, windowForSuite } from './window-helpers.ts';

const skip = chromiumMissing();
if (skip) console.log(`# skipping the date field tests: ${skip}`);

/** The segments' accessible names and texts, in order (what a screen reader and an eye read). */
async function segments(page: Page, testid: string): Promise<string> {
  return (await page.locator(`[data-testid="${testid}"]`).innerText()).replace(/\s+/g, '');
}

describe('date and time fields in the app language', { skip, timeout: 180_000 }, () => {
  const win = windowForSuite({ historyRows: 300 });
  let page: Page;
  before(() => {
    page = win.page;
  });

  async function customRange(): Promise<void> {
    await openTab(page, 'history');
    await page.locator('#panel select').first().selectOption('custom');
    await page.locator('[data-testid="history-from"]').waitFor();
  }
  const shown = async () => page.locator('#panel .view-head [aria-live]').innerText();

  test('History: a date typed from the keyboard, in English order, filters the rows', async () => {
    await setLanguage(page, 'en');
    await customRange();
    assert.equal(await segments(page, 'history-from'), 'mm/dd/yyyy', 'English writes month/day/year');
    const before = await shown();
    // Today in the window's zone, typed segment by segment.
    const today = await page.evaluate(() => {
      const d = new Date();
      return { m: String(d.getMonth() + 1).padStart(2, '0'), d: String(d.getDate()).padStart(2, '0'), y: String(d.getFullYear()) };
    });
    await page.locator('[data-testid="history-from"] [data-segment="month"]').click();
    await page.keyboard.type(`${today.m}${today.d}${today.y}`);
    assert.equal(await segments(page, 'history-from'), `${today.m}/${today.d}/${today.y}`);
    await page.waitForFunction((b) => document.querySelector('#panel .view-head [aria-live]')?.textContent !== b, before);
    const [shownNow, total] = (await shown()).match(/[\d,]+/g)!.map((x) => Number(x.replace(/,/g, '')));
    assert.ok(shownNow! < total!, `from today on shows fewer rows than the whole history (${await shown()})`);
    await page.screenshot({ path: join(shotsDir(), 'history-date-en.png') });
  });

  test('History: in Chinese the same field reads year, month, day', async () => {
    try {
      await setLanguage(page, 'zh-CN');
      await customRange();
      const text = await segments(page, 'history-to');
      assert.match(text, /^年\/?月\/?日$|^yyyy\/mm\/dd$|年.*月.*日/, text);
      await page.screenshot({ path: join(shotsDir(), 'history-date-zh-CN.png') });
    } finally {
      await setLanguage(page, 'en');
    }
  });

  test('Settings: quiet hours read in the app language and are typed from the keyboard', async () => {
    await setLanguage(page, 'en');
    await openTab(page, 'settings');
    const quietSwitch = page.getByRole('switch', { name: 'Quiet hours' });
    if (!(await quietSwitch.isChecked())) await quietSwitch.check();
    await page.waitForFunction(() => !document.querySelector('[data-testid="quiet-from"]')?.hasAttribute('data-disabled'));
    assert.match(await segments(page, 'quiet-from'), /^10:00PM$/, 'English: a 12-hour clock');
    await page.locator('[data-testid="quiet-from"] [data-segment="hour"]').click();
    await page.keyboard.type('11');
    assert.match(await segments(page, 'quiet-from'), /^11:00PM$/);
    // Saved: a reloaded window reads it back.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 20_000 });
    await openTab(page, 'settings');
    await page.waitForFunction(() => /11:00\s*PM/.test(document.querySelector('[data-testid="quiet-from"]')?.textContent ?? ''));
    try {
      await setLanguage(page, 'zh-CN');
      await openTab(page, 'settings');
      assert.match(await segments(page, 'quiet-from'), /23:00/, 'Chinese: the 24-hour clock');
      await page.locator('[data-testid="quiet-from"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shotsDir(), 'settings-quiet-zh-CN.png') });
    } finally {
      await setLanguage(page, 'en');
    }
  });
});
