// Several accounts in the window: Settings → Account lists every saved account with its server,
// user, state and a Watch switch. Adding a second account on a second server (two simulators on
// loopback) shows both accounts' jobs, each labelled with its account, in Active, History, the
// detail and Overview; "My jobs" means each job's own account's user; a taken name is refused
// before anything is sent; unwatching an account takes its jobs away; removing it asks first and
// says what goes; editing an unwatched account leaves it unwatched. Screenshots of the list: light and dark, English and Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { shotsDir } from './harness.ts';
import { scan } from './axe.ts';
import { describeWindow, openAccountForm, openTab, pageErrors, setLanguage, setTheme } from './window-helpers.ts';

const HOUR = 3_600_000;

/** Settings → Account → Add account: name, server, user, password; checked and saved. */
async function addAccount(page: Page, name: string, url: string, user: string, password: string): Promise<void> {
  await openAccountForm(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'acct-name', 'the form opens with the focus on its first field');
  await page.locator('#acct-name').fill(name);
  await page.locator('#acct-url').fill(url);
  await page.locator('#acct-user').fill(user);
  await page.locator('#acct-pass').fill(password);
  await page.locator('[data-testid="save-account"]').click();
  await page.locator('[data-testid="account-form"]').waitFor({ state: 'detached', timeout: 30_000 });
}

function row(page: Page, name: string) {
  return page.locator('[data-testid="account-row"]', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
}

async function stateOf(page: Page, name: string, want: string): Promise<void> {
  await row(page, name).locator('[data-testid="account-state"]', { hasText: want }).waitFor({ timeout: 30_000 });
}

async function shot(page: Page, what: Locator, name: string): Promise<void> {
  await what.scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  const path = join(shotsDir(), `${name}.png`);
  await what.screenshot({ path });
  console.log(`# screenshot ${path}`);
}

describeWindow('several accounts at once', { timeout: 240_000, what: 'the accounts test' }, (page) => {
  let prod: Simulator;
  let stage: Simulator;
  before(async () => {
    prod = await startSimulator({ seed: 31 });
    stage = await startSimulator({ seed: 32 });
    const now = Date.now();
    const long = { newMs: 0, waitMs: 0, runMs: 2 * HOUR };
    prod.world.addJob({ name: 'prod-running', submitUserEmail: DEMO_USER, files: 40, plan: long });
    prod.world.addJob({ name: 'prod-finished', submitUserEmail: DEMO_USER, files: 3, startAt: now - HOUR, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } });
    stage.world.addJob({ name: 'stage-running', submitUserEmail: 'ops@example.com', files: 40, plan: long });
    const broken = { newMs: 0, waitMs: 0, runMs: 60_000, profile: 'error' as const };
    stage.world.addJob({ name: 'stage-broken', submitUserEmail: 'ops@example.com', files: 4, startAt: now - HOUR, plan: broken });
    stage.world.addJob({ name: 'stage-by-demo', submitUserEmail: DEMO_USER, files: 2, startAt: now - 2 * HOUR, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } });
  });
  after(async () => {
    await prod?.close();
    await stage?.close();
  });

  test('no account: the list says the demo runs', async () => {
    await openTab(page, 'settings');
    const demo = page.locator('[data-testid="accounts-demo"]');
    assert.match(await demo.innerText(), /demo simulator/);
    assert.equal(await page.locator('[data-testid="account-row"]').count(), 0);
  });

  test('two accounts on two servers: both listed, both watched, every job labelled', async () => {
    await addAccount(page, 'Production', prod.url, DEMO_USER, DEMO_PASSWORD);
    await page.locator('[data-testid="banner-demo"]').waitFor({ state: 'detached', timeout: 30_000 });
    await stateOf(page, 'Production', 'Connected');

    // A name another account has is refused next to the field, before IPS is asked.
    await openAccountForm(page);
    await page.locator('#acct-name').fill('production');
    await page.locator('#acct-url').fill(stage.url);
    await page.locator('#acct-user').fill('ops@example.com');
    await page.locator('#acct-pass').fill('ops');
    await page.locator('[data-testid="save-account"]').click();
    assert.equal((await page.locator('[data-testid="name-error"]').innerText()).trim(), 'Another account is already called “production”.');
    assert.equal(await page.locator('#acct-name').getAttribute('aria-invalid'), 'true');
    await page.locator('[data-testid="cancel-account"]').click();
    // Cancel gives the focus back to Add account.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'add-account', undefined, { timeout: 5_000 });

    await addAccount(page, 'Staging', stage.url, 'ops@example.com', 'ops');
    await stateOf(page, 'Production', 'Connected');
    await stateOf(page, 'Staging', 'Connected');
    const stagingText = await row(page, 'Staging').innerText();
    assert.match(stagingText, new RegExp(`127\\.0\\.0\\.1:${new URL(stage.url).port}`), 'the server is named');
    assert.match(stagingText, /ops@example\.com/, 'and the user');
    assert.equal(await page.locator('[data-testid="signed-in"]').innerText(), '2 accounts');

    // Active: each job with its account.
    await openTab(page, 'active');
    for (const [job, account] of [
      ['prod-running', 'Production'],
      ['stage-running', 'Staging'],
    ] as const) {
      const card = page.locator('li.card', { hasText: job });
      await card.waitFor({ timeout: 30_000 });
      assert.equal(await card.locator('[data-testid="account-tag"]').innerText(), account, `${job} is labelled ${account}`);
    }

    // History: both accounts' finished jobs, labelled; "My jobs" is each account's own user.
    await openTab(page, 'history');
    const hist = (name: string) => page.locator('.history-row', { hasText: name });
    await hist('stage-broken').waitFor({ timeout: 30_000 });
    await hist('prod-finished').waitFor();
    assert.equal(await hist('stage-broken').locator('[data-testid="account-tag"]').innerText(), 'Staging');
    assert.equal(await hist('prod-finished').locator('[data-testid="account-tag"]').innerText(), 'Production');
    await page.getByLabel('My jobs').check();
    await hist('stage-by-demo').waitFor({ state: 'detached' });
    assert.equal(await hist('stage-broken').count(), 1, "Staging's own user's job stays under My jobs");
    assert.equal(await hist('prod-finished').count(), 1, "Production's own user's job stays under My jobs");
    await page.getByLabel('My jobs').uncheck();

    // The detail names the account.
    await hist('stage-broken').click();
    const detail = page.locator('dialog.detail[open]');
    await detail.waitFor();
    assert.equal(await detail.locator('[data-testid="account-tag"]').first().innerText(), 'Staging');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    // Overview: the failed job needs attention, under its account.
    await openTab(page, 'overview');
    const attention = page.locator('section.attention li', { hasText: 'stage-broken' });
    await attention.waitFor({ timeout: 15_000 });
    assert.equal(await attention.locator('[data-testid="account-tag"]').innerText(), 'Staging');
  });

  test('screenshots of the list: light and dark, English and Chinese', async () => {
    const list = page.locator('[data-testid="accounts"]');
    for (const [lang, theme] of [
      ['en', 'light'],
      ['en', 'dark'],
      ['zh-CN', 'light'],
      ['zh-CN', 'dark'],
    ] as const) {
      await setLanguage(page, lang);
      await setTheme(page, theme);
      await shot(page, list, `accounts-${lang}-${theme}`);
      if (lang === 'en')
        assert.deepEqual(
          (await scan(page, `accounts list/${theme}`)).map((v) => v.id),
          [],
          'axe: the list is clean',
        );
    }
    assert.equal(await page.getByRole('switch', { name: '监视 Staging' }).isChecked(), true);
    await setLanguage(page, 'en');
    await setTheme(page, 'light');
  });

  test('unwatching an account takes its jobs away; removing it asks first', async () => {
    await openTab(page, 'settings');
    await page.getByRole('switch', { name: 'Watch Staging' }).uncheck();
    await stateOf(page, 'Staging', 'Not watched');
    await openTab(page, 'active');
    await page.locator('li.card', { hasText: 'stage-running' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('li.card', { hasText: 'prod-running' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="account-tag"]').count(), 0, 'one account watched: no labels');
    await openTab(page, 'settings');
    await shot(page, page.locator('[data-testid="accounts"]'), 'accounts-en-light-unwatched');
    // The edit form, in the dark theme.
    await setTheme(page, 'dark');
    await page.getByRole('button', { name: 'Edit Staging' }).click();
    assert.equal(await page.locator('#acct-name').inputValue(), 'Staging');
    assert.equal(await page.locator('#acct-pass').getAttribute('placeholder'), 'Leave empty to keep the saved password');
    await shot(page, page.locator('[data-testid="accounts"]'), 'accounts-en-dark-edit');
    assert.deepEqual(
      (await scan(page, 'account form/dark')).map((v) => v.id),
      [],
      'axe: the form is clean',
    );
    // Checked and saved again with the stored password: still not watched (Watch is the switch's).
    await page.locator('[data-testid="save-account"]').click();
    await page.locator('[data-testid="account-form"]').waitFor({ state: 'detached', timeout: 30_000 });
    await stateOf(page, 'Staging', 'Not watched');
    await page.getByRole('button', { name: 'Edit Staging' }).click();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="account-form"]').waitFor({ state: 'detached' });
    await setTheme(page, 'light');

    await openTab(page, 'settings');
    await page.getByRole('button', { name: 'Remove Staging' }).click();
    const dialog = page.locator('dialog.confirm[open]');
    await dialog.waitFor();
    assert.equal(await dialog.locator('h2').innerText(), 'Remove the account “Staging”?');
    assert.match(await dialog.locator('p').innerText(), /password is deleted from this computer/);
    // Cancel keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await row(page, 'Staging').count(), 1);
    await page.getByRole('button', { name: 'Remove Staging' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await row(page, 'Staging').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid="account-row"]').count(), 1);
    await stateOf(page, 'Production', 'Connected');
    assert.deepEqual(pageErrors(page), [], 'no page errors (two accounts share company handles)');
  });
});
