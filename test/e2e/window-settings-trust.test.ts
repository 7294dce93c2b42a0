// Settings speak of the user's task: a failed "Test connection" does not say "Not saved"
// (nothing was being saved) nor name IPS operations; Cancel clears it; "Saved"
// is a toast, in view wherever on the page the change was made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAccountForm, openTab, pageErrors, describeWindow } from './window-helpers.ts';

describeWindow('settings messages', { timeout: 120_000, historyRows: 50 }, (page) => {
  test('a failed connection test speaks of signing in, and clears on Cancel', async () => {
    await openAccountForm(page);
    await page.locator('#acct-url').fill('http://127.0.0.1:9/scene7/services/IpsApiService');
    await page.locator('#acct-user').fill('nobody@example.com');
    await page.locator('#acct-pass').fill('not-the-password');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const err = page.locator('[data-testid="account-error"]');
    await err.waitFor({ timeout: 30_000 });
    const text = await err.innerText();
    console.log(`# test connection error: ${text}`);
    assert.doesNotMatch(text, /^Not saved/);
    assert.match(text, /^Could not sign in with these details: The IPS server could not be reached/);
    assert.doesNotMatch(text, /\b(get|set|submit)[A-Z]\w+/, 'no API operation names');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await err.waitFor({ state: 'detached' });
  });

  test('"Saved" is in view where the change was made', async () => {
    await openTab(page, 'settings');
    const active = page.locator('[data-testid="poll-active"]');
    await active.scrollIntoViewIfNeeded();
    await active.fill('20');
    await active.press('Tab');
    const toast = page.locator('[data-testid="notices"] .notice', { hasText: 'Saved' });
    await toast.waitFor();
    const box = await toast.boundingBox();
    const vp = page.viewportSize()!;
    assert.ok(box && box.y >= 0 && box.y + box.height <= vp.height, 'the toast is inside the window');
    assert.deepEqual(pageErrors(page), []);
  });
});
