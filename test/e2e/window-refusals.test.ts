// The window shows IPS's reason when it refuses a job action. The web preview is signed in
// to a simulator of this test (real HTTP on loopback, manual clock). The window shows a
// running job; with polling paused the job finishes on the server, the user clicks Stop, IPS
// refuses (the job has already finished) and the window says so, with no "Stopping…" left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { openAccountForm, openTab, describeWindow } from './window-helpers.ts';

describeWindow('a job action IPS refuses', { timeout: 180_000, what: 'the window refusal test' }, (page) => {
  let sim: Simulator;
  let jobHandle = '';
  before(async () => {
    sim = await startSimulator({ clock: createManualClock(Date.now()), seed: 21 });
    jobHandle = sim.world.addJob({ name: 'refuse-me', files: 10, plan: { newMs: 0, waitMs: 0, runMs: 600_000 } }).handle;
    sim.world.advance(5_000);
  });
  after(async () => {
    await sim?.close();
  });

  test('Stop on a job that finished meanwhile: the window shows the IPS reason', async () => {
    await openAccountForm(page);
    await page.locator('#acct-url').fill(sim.url);
    await page.locator('#acct-user').fill('demo@example.com');
    await page.locator('#acct-pass').fill('demo');
    await page.locator('[data-testid="save-account"]').click();

    await openTab(page, 'active');
    const card = page.locator(`li.card[data-job-handle=${JSON.stringify(jobHandle)}]`);
    await card.locator('.badge', { hasText: 'Running' }).waitFor({ timeout: 30_000 });

    // The window stops looking; on the server the job runs to its end.
    await page.getByRole('button', { name: 'Pause polling' }).click();
    await page.locator('[data-testid="banner-paused"]').waitFor();
    sim.world.advance(700_000);
    assert.equal(sim.world.inspect(jobHandle)?.finished, true);

    await card.getByRole('button', { name: /^Stop / }).click();
    const dialog = page.locator('dialog.confirm[open]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
    const notice = page.locator('[data-testid="notice-error"]', { hasText: 'refuse-me' });
    await notice.waitFor({ timeout: 10_000 });
    const text = (await notice.innerText()).replace(/\s+/g, ' ');
    console.log(`# refusal shown: ${text}`);
    assert.match(text, /Could not stop “refuse-me”/);
    assert.match(text, /has already finished: only a job in progress can be stopped/);
    assert.equal(await card.locator('.badge', { hasText: 'Stopping…' }).count(), 0, 'no pending badge after a refusal');
    assert.equal(sim.world.inspect(jobHandle)?.stopped, false, 'the finished job was not marked stopped');

    // Polling again: the job leaves the active list as finished.
    await page.getByRole('button', { name: 'Resume polling' }).first().click();
    await card.waitFor({ state: 'detached', timeout: 30_000 });
  });
});
