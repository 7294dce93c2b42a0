// Stale data is marked: with polling paused the header does not stay a green "Connected",
// Poll now is off (as in the tray menu), active cards say "As of …" and their elapsed
// times stop counting; resuming brings the live state back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, pageErrors, describeWindow } from './window-helpers.ts';

describeWindow('stale data while polling is paused', { timeout: 120_000, historyRows: 100 }, (page) => {
  test('paused: no green Connected, Poll now off, cards as of the last poll, elapsed frozen', async () => {
    await openTab(page, 'active');
    const running = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Running' }) }).first();
    await running.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="connection"]').innerText(), 'Connected');
    assert.equal(await page.locator('[data-testid="as-of"]').count(), 0, 'no "as of" while live');

    await page.locator('button[aria-pressed]', { hasText: 'Pause polling' }).click();
    await page.locator('[data-testid="connection"]', { hasText: 'Polling paused' }).waitFor();
    assert.doesNotMatch((await page.locator('[data-testid="connection"]').getAttribute('class')) ?? '', /tone-ok/);
    assert.equal(await page.locator('[data-testid="poll-now"]').isDisabled(), true, 'Poll now follows the tray: off while paused');
    assert.match(await running.locator('[data-testid="as-of"]').innerText(), /^As of \d/);
    const elapsed = await running.locator('[data-testid="elapsed"]').innerText();
    await page.waitForTimeout(2500);
    assert.equal(await running.locator('[data-testid="elapsed"]').innerText(), elapsed, 'elapsed stops counting while paused');
    await openTab(page, 'overview');
    assert.match(await page.locator('#panel [data-testid="as-of"]').innerText(), /^As of/);

    await page.locator('button[aria-pressed]', { hasText: 'Resume polling' }).click();
    await page.locator('[data-testid="connection"]', { hasText: 'Connected' }).waitFor();
    assert.equal(await page.locator('[data-testid="poll-now"]').isDisabled(), false);
    await page.locator('#panel [data-testid="as-of"]').waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors(page), []);
  });
});
