// Settings → which jobs notify (only mine, job types, companies) and snooze (1 hour, until
// tomorrow, a custom time, resume), saved through the core; the header says until when.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shotsDir } from './harness.ts';
import { openTab, pageErrors, describeWindow } from './window-helpers.ts';

describeWindow('notification rules and snooze', { timeout: 120_000, historyRows: 20 }, (page) => {
  test('rules are saved as the user ticks them, and come back after a reload', async () => {
    await openTab(page, 'settings');
    const rules = page.locator('[data-testid="notify-rules"]');
    await rules.scrollIntoViewIfNeeded();
    await rules.getByText('Only jobs I submitted (demo@example.com)').click();
    await page.locator('[data-testid="rule-kind-publish"]').uncheck();
    const companies = page.locator('[data-testid="rule-company"]');
    assert.ok((await companies.count()) >= 2, 'the demo account has two companies');
    await companies.nth(1).uncheck();
    await page.locator('[data-testid="notices"] .notice', { hasText: 'Saved' }).first().waitFor();
    await page.reload();
    await openTab(page, 'settings');
    assert.equal(await page.locator('[data-testid="rule-only-mine"] input, input[data-testid="rule-only-mine"]').first().isChecked(), true);
    assert.equal(await page.locator('[data-testid="rule-kind-publish"]').isChecked(), false);
    assert.equal(await page.locator('[data-testid="rule-kind-upload"]').isChecked(), true);
    assert.equal(await page.locator('[data-testid="rule-company"]').nth(1).isChecked(), false);
    await page.locator('[data-testid="notify-rules"]').screenshot({ path: join(shotsDir(), 'notify-rules-en.png') });
  });

  test('snooze until tomorrow says when, in Settings and in the header; resume ends it', async () => {
    await openTab(page, 'settings');
    const snooze = page.locator('[data-testid="snooze"]');
    await snooze.scrollIntoViewIfNeeded();
    await snooze.getByRole('button', { name: 'Until tomorrow 08:00' }).click();
    const state = page.locator('[data-testid="snooze-state"]');
    await state.waitFor();
    assert.match(await state.innerText(), /Notifications paused until .*8:00/);
    const header = page.locator('[data-testid="notif-paused"]');
    assert.match(await header.innerText(), /Notifications paused until .*8:00/);
    await page.screenshot({ path: join(shotsDir(), 'notify-snoozed-en.png') });
    await header.getByRole('button', { name: 'Resume' }).click();
    await header.waitFor({ state: 'detached' });
    await state.waitFor({ state: 'detached' });
  });

  test('a custom time in the past is refused in words; a future one pauses until then', async () => {
    await openTab(page, 'settings');
    // Typed from the keyboard into fields that read as English writes dates and times.
    const typeAt = async (date: string, time: string): Promise<void> => {
      await page.locator('[data-testid="snooze-date"] [data-segment="month"]').focus();
      await page.keyboard.type(date);
      await page.locator('[data-testid="snooze-time"] [data-segment="hour"]').focus();
      await page.keyboard.type(time);
    };
    await page.locator('[data-testid="snooze-custom"]').scrollIntoViewIfNeeded();
    await typeAt('01012020', '0900a');
    await page.getByRole('button', { name: 'Until this time' }).click();
    await page.getByText('Pick a date and time in the future.').waitFor();
    const future = new Date(Date.now() + 3 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await typeAt(`${pad(future.getMonth() + 1)}${pad(future.getDate())}${future.getFullYear()}`, '0930a');
    await page.getByRole('button', { name: 'Until this time' }).click();
    const state = page.locator('[data-testid="snooze-state"]');
    await state.waitFor();
    assert.match(await state.innerText(), /9:30/);
    await page.locator('[data-testid="snooze"]').getByRole('button', { name: 'Resume notifications' }).click();
    await state.waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(page), []);
  });
});
