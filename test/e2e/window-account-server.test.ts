// Settings → Account in the window: once an account is saved, pointing it at another
// server with the password field left empty is refused next to the password field
// ("Type the password again: the server changed"), in the user's language, and the
// "leave empty to keep the saved password" hint is gone while the server differs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { setLanguage, describeWindow, signIn } from './window-helpers.ts';

describeWindow('the stored password stays with its server', { timeout: 120_000, what: 'the account server test' }, (page) => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ demo: true, seed: 11 });
  });
  after(() => sim?.close());

  test('a changed service URL asks for the password again, next to the field', async () => {
    await signIn(page, sim.url, DEMO_USER, DEMO_PASSWORD);
    await page.getByRole('button', { name: /^Edit / }).click();
    const pass = page.locator('#acct-pass');
    assert.equal(await pass.getAttribute('placeholder'), 'Leave empty to keep the saved password');

    // Another server, no password typed.
    await page.locator('#acct-url').fill(sim.url.replace('127.0.0.1', 'localhost'));
    assert.equal(await pass.getAttribute('placeholder'), '', 'no promise to keep the password for another server');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const error = page.locator('[data-testid="password-error"]');
    await error.waitFor();
    assert.equal((await error.innerText()).trim(), 'Type the password again: the server changed.');
    assert.equal(await pass.getAttribute('aria-invalid'), 'true');
    assert.match((await pass.getAttribute('aria-describedby')) ?? '', /acct-pass-error/);
    await page.locator('[data-testid="save-account"]').click();
    await error.waitFor();

    // Typing clears it; the saved server keeps its password.
    await pass.fill('x');
    await error.waitFor({ state: 'detached' });
    await pass.fill('');
    await page.locator('#acct-url').fill(sim.url);
    assert.equal(await pass.getAttribute('placeholder'), 'Leave empty to keep the saved password');

    // In Chinese.
    await setLanguage(page, 'zh-CN');
    await page.locator('#acct-url').fill(sim.url.replace('127.0.0.1', 'localhost'));
    await page.locator('[data-testid="save-account"]').click();
    await error.waitFor();
    assert.equal((await error.innerText()).trim(), '请重新输入密码：服务器已更改。');
    await setLanguage(page, 'en');
  });
});
