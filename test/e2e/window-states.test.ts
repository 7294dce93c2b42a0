// The account flow and the states that tell the user what to do, against a real IPS
// simulator this test owns (so it can break it): a wrong password is refused with the
// reason and nothing is saved; the right one leaves demo mode; a dropped network shows
// "offline" with the last data and its age; a rejected sign-in shows the way to Settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { shotsDir } from './harness.ts';
import { describeWindow, openAccountForm, openTab, setLanguage } from './window-helpers.ts';
import { join } from 'node:path';

/** Screenshots to look at (like window-shots.test.ts): this run's folder. */
const shot = (name: string): string => join(shotsDir(), name);

describeWindow('account and connection states', { timeout: 120_000, what: 'the window state tests' }, (page) => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ demo: true, seed: 5 });
  });
  after(async () => {
    await sim?.close();
  });

  async function fillAccount(password: string): Promise<void> {
    await openAccountForm(page);
    await page.locator('#acct-url').fill(sim.url);
    await page.locator('#acct-user').fill(DEMO_USER);
    await page.locator('#acct-pass').fill(password);
    await page.locator('[data-testid="save-account"]').click();
  }

  test('a wrong password is refused with the reason, and the demo stays', async () => {
    await assert.doesNotReject(page.locator('[data-testid="banner-demo"]').waitFor());
    await fillAccount('not-the-password');
    const alert = page.locator('fieldset [role="alert"]').first();
    await alert.waitFor();
    assert.match(await alert.innerText(), /password|10001/i);
    assert.ok(await page.locator('[data-testid="banner-demo"]').isVisible(), 'still the demo: nothing was saved');
  });

  test('the right password is checked, saved, and the window shows that server', async () => {
    await fillAccount(DEMO_PASSWORD);
    await page.locator('[data-testid="banner-demo"]').waitFor({ state: 'detached', timeout: 20_000 });
    await openTab(page, 'active');
    await page.getByText(DEMO_USER).first().waitFor();
    const running = await page.locator('#tab-active').innerText();
    assert.match(running, /\d/, 'active jobs are counted');
  });

  test('offline: the banner says so, the last data stays with its age', async () => {
    sim.faults.drop({ count: Infinity });
    await page.getByRole('button', { name: /poll now/i }).click();
    const banner = page.locator('[data-testid="banner-offline"]');
    await banner.waitFor({ timeout: 20_000 });
    assert.match(await banner.innerText(), /offline/i);
    assert.match(await banner.innerText(), /ago|now|second|minute/i, 'the age of what is shown');
    // Read once offline (a poll in flight when the drop began may still have changed it), then
    // another failed poll must not clear or change what is listed.
    const before = await page.locator('#tab-active').innerText();
    assert.match(before, /\d/, 'the jobs are still counted');
    await page.getByRole('button', { name: /poll now/i }).click();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#tab-active').innerText(), before, 'the jobs are still listed');
    await page.screenshot({ path: shot('state-offline.png') });
    sim.faults.clear();
    await page.getByRole('button', { name: /poll now/i }).click();
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
  });

  test('sign-in rejected: the banner leads to Settings', async () => {
    sim.faults.soapFault({ element: 'authenticationFault', code: 10001, reason: 'Invalid password' }, { count: Infinity });
    await page.getByRole('button', { name: /poll now/i }).click();
    const banner = page.locator('[data-testid="banner-auth"]');
    await banner.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: shot('state-auth-failed.png') });
    // In Chinese the reason is Chinese too, not the client's English.
    await setLanguage(page, 'zh-CN');
    await page.waitForFunction(() => document.querySelector('[data-testid="banner-auth"]')?.textContent?.includes('IPS 拒绝了用户名或密码（10001）'));
    await openTab(page, 'active');
    await banner.getByRole('button').click();
    await page.locator('#tab-settings[aria-selected="true"]').waitFor();
    await setLanguage(page, 'en');
    sim.faults.clear();
  });
});
