// Keyboard-only runs of the daily tasks, asserting where focus is after each step: it is
// never left on <body> after Stop, Pause, Resume or Delete; History's rows are one Tab
// stop moved with the arrow keys, Home/End and Page Up/Down; the detail dialog scrolls
// from the keyboard; toasts sit in the top layer above a modal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, describeWindow } from './window-helpers.ts';

/** A short description of the focused element ("BODY" when focus was lost). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'BODY';
    return `${a.tagName} ${a.getAttribute('aria-label') ?? a.textContent?.trim().slice(0, 60) ?? ''}`;
  });
}

async function focusStaysAfter(page: Page, ms: number): Promise<string> {
  const end = Date.now() + ms;
  let f = await focused(page);
  while (Date.now() < end) {
    f = await focused(page);
    assert.notEqual(f, 'BODY', 'focus fell to <body>');
    await page.waitForTimeout(150);
  }
  return f;
}

describeWindow('keyboard only', { timeout: 240_000, historyRows: 400 }, (page) => {
  test('Stop: Enter, confirm with the keyboard, focus stays on the job', async () => {
    await openTab(page, 'active');
    const card = page.locator('li.card', { has: page.locator('button', { hasText: 'Stop' }) }).first();
    const stop = card.locator('button', { hasText: 'Stop' });
    await stop.waitFor({ timeout: 30_000 });
    const handle = await card.getAttribute('data-job-handle');
    await stop.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.confirm[open]');
    await dialog.waitFor();
    assert.match(await focused(page), /Cancel/, 'the confirmation opens on Cancel');
    await page.keyboard.press('Tab');
    assert.match(await focused(page), /^BUTTON Stop/);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const f = await focusStaysAfter(page, 3000);
    console.log(`# after Stop, focus on: ${f}`);
    const inCard = await page.evaluate(
      (h) => !!document.activeElement?.closest(`li.card[data-job-handle="${h}"]`) || !!document.activeElement?.closest('ul.cards, #panel'),
      handle,
    );
    assert.ok(inCard, `focus stays with the job or its list: ${f}`);
  });

  test('Pause, then Resume, a schedule: focus follows to the button now in its place', async () => {
    await openTab(page, 'scheduled');
    const row = page.locator('#panel tbody tr', { has: page.locator('button', { hasText: 'Pause' }) }).first();
    const pause = row.locator('button', { hasText: 'Pause' });
    await pause.waitFor();
    const handle = await row.getAttribute('data-job-handle');
    const same = page.locator(`#panel tbody tr[data-job-handle="${handle}"]`);
    await pause.focus();
    await page.keyboard.press('Enter');
    const resume = same.locator('button', { hasText: 'Resume' });
    await resume.waitFor({ timeout: 20_000 });
    let f = await focusStaysAfter(page, 1500);
    console.log(`# after Pause, focus on: ${f}`);
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#panel')), `in the panel: ${f}`);

    await resume.first().focus();
    await page.keyboard.press('Enter');
    await same.locator('button', { hasText: 'Pause' }).waitFor({ timeout: 20_000 });
    f = await focusStaysAfter(page, 1500);
    console.log(`# after Resume, focus on: ${f}`);
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#panel')), `in the panel: ${f}`);
  });

  test('Delete a schedule: after its row goes, focus is on a neighbour, not <body>', async () => {
    await openTab(page, 'scheduled');
    const rows = page.locator('#panel tbody tr');
    const before = await rows.count();
    const del = rows.locator('button', { hasText: 'Delete' }).first();
    await del.focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog.confirm[open]').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#panel tbody tr').length < n, before, { timeout: 20_000 });
    const f = await focusStaysAfter(page, 1500);
    console.log(`# after Delete, focus on: ${f}`);
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#panel')), `in the panel: ${f}`);
  });

  test('History: filter, then one Tab stop into the rows; arrows, Home/End, Page keys keep focus and move', async () => {
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'history-search');
    await page.keyboard.type('a');
    // Tabs from the search box to the first row: the filters, one for the sort buttons, one for the rows.
    let tabs = 0;
    while (tabs < 30 && !(await page.evaluate(() => !!document.activeElement?.classList.contains('history-row')))) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    console.log(`# Tab presses from the search box to the first row: ${tabs}`);
    // Up to 10 filters (search, its clear button, range, outcome, type, company, submitter,
    // destination, my jobs, clear filters), one stop for the sort buttons, one for the rows.
    assert.ok(tabs <= 12, `rows reached in ${tabs} Tabs`);
    const idx = () => page.evaluate(() => Number(document.activeElement?.getAttribute('data-row-index') ?? -1));
    assert.equal(await idx(), 0);
    await page.keyboard.press('ArrowDown');
    assert.equal(await idx(), 1);
    await page.keyboard.press('PageDown');
    const afterPage = await idx();
    assert.ok(afterPage > 5, `Page Down moved to ${afterPage}`);
    // End goes to the last row. Rows may still be arriving (the history streams in behind the
    // first poll), so End is pressed again if the list grew under it, as a user would.
    let last = -1;
    let shown: number | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.keyboard.press('End');
      await page.waitForTimeout(300);
      last = await idx();
      shown = await page.evaluate(
        () =>
          document.querySelector('.history-row:last-of-type') &&
          Number(document.querySelector('#panel .view-head [aria-live]')?.textContent?.split(' ')[0]?.replace(/\D/g, '')),
      );
      if (typeof shown !== 'number' || last === shown - 1) break;
    }
    assert.ok(last > afterPage && (typeof shown !== 'number' || last === shown - 1), `End moved to the last row (${last} of ${shown})`);
    await page.keyboard.press('PageUp');
    await page.waitForTimeout(200);
    assert.ok((await idx()) < last && (await idx()) >= 0, 'Page Up moved up and kept focus');
    // Home goes to the first row. A demo job may finish meanwhile and become the new first
    // row (focus stays on its job, now second): Home is pressed again then, as a user would.
    for (let attempt = 0; attempt < 3 && (attempt === 0 || (await idx()) !== 0); attempt++) {
      await page.keyboard.press('Home');
      await page.waitForTimeout(200);
    }
    assert.equal(await idx(), 0);
    // Shift+Tab leaves the rows in one step (to the sort buttons' single stop).
    await page.keyboard.press('Shift+Tab');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('hcell')), 'one stop back is the sort buttons');
    await page.keyboard.press('Tab');
    assert.equal(await idx(), 0, 'Tab comes back to the row that had focus');
  });

  test('the detail dialog scrolls from the keyboard; toasts are in the top layer above it', async () => {
    await openTab(page, 'history');
    const row = page.locator('.history-row').first();
    await row.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.detail[open]');
    await dialog.waitFor();
    const body = dialog.locator('[data-testid="detail-body"]');
    await body.focus();
    const top0 = await body.evaluate((el) => el.scrollTop);
    const scrollable = await body.evaluate((el) => el.scrollHeight > el.clientHeight + 10);
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(400);
    if (scrollable) assert.ok((await body.evaluate((el) => el.scrollTop)) > top0, 'Page Down scrolls the detail');
    assert.equal(await page.locator('[data-testid="notices"]').evaluate((el) => el.matches(':popover-open')), true, 'toasts are a popover in the top layer');
    // A toast raised while the modal is open is drawn above it (hit-testing finds the toast).
    const copy = dialog.locator('button', { hasText: /^Copy/ }).first();
    if (await copy.count()) {
      await copy.focus();
      await page.keyboard.press('Enter');
      const toast = page.locator('[data-testid="notices"] .notice').first();
      await toast.waitFor();
      // Outside the modal it is inert (hit-testing skips it), so look at it: a screenshot.
      assert.ok(await toast.isVisible());
      await page.screenshot({ path: `${shotsDir()}/toast-over-detail.png` });
      await body.focus();
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
    assert.notEqual(await focused(page), 'BODY', 'closing the detail returns focus');
    assert.deepEqual(pageErrors(page), []);
  });
});
