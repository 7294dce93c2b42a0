// Numbers and states a user can trust (issue #11), in the window against the preview's demo
// world: one job's counts agree between its History row, its detail and Overview; a finished
// job shows no live fields; a queued job does not animate or count time before it starts; a
// paused job is not also "Running" and its time stands still; a paused schedule has no
// countdown; a schedule that never ran says so instead of showing an error; "System
// language" names the language it resolves to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openTab, describeWindow } from './window-helpers.ts';

const num = (s: string): number => Number(s.replace(/[^\d]/g, '') || 'NaN');

async function closeDetail(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page
    .locator('dialog.detail[open]')
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('dialog.detail')?.hasAttribute('open'));
}

describeWindow('numbers and states a user can trust', { timeout: 240_000, what: 'the window trust tests', historyRows: 200 }, (page) => {
  test('a failed job: History row, detail and Overview show the same counts', async () => {
    await openTab(page, 'history');
    // Sort by errors, most first: the top row is a job with file errors.
    await page.getByRole('button', { name: /^Sort by Errors/ }).click();
    await page.getByRole('button', { name: /^Errors, sorted descending/ }).waitFor();
    const row = page.locator('.history-row[data-row-index="0"]');
    await row.waitFor();
    // Cells by their column's header, so a column added to History does not shift them.
    const heads = (await page.locator('.head .hcell').allInnerTexts()).map((h) => h.trim());
    const cell = async (head: string): Promise<number> => {
      const i = heads.findIndex((h) => h.startsWith(head));
      assert.ok(i >= 0, `History has a ${head} column (${heads.join(', ')})`);
      return num(await row.locator('.cell').nth(i).innerText());
    };
    const fromRow = {
      total: await cell('Total'),
      succeeded: await cell('Succeeded'),
      warnings: await cell('Warnings'),
      errors: await cell('Errors'),
      duplicates: await cell('Duplicates'),
    };
    assert.ok(fromRow.errors > 0, 'the top row has errors');
    const name = (await row.locator('.name').innerText()).trim();

    await row.click();
    const dialog = page.locator('dialog.detail[open]');
    await dialog.waitFor();
    const tile = async (k: string): Promise<number> => num(await dialog.locator(`[data-count="${k}"] dd`).innerText());
    const fromDetail = {
      total: await tile('total'),
      succeeded: await tile('succeeded'),
      warnings: await tile('warnings'),
      errors: await tile('errors'),
      duplicates: await tile('duplicates'),
    };
    assert.deepEqual(fromDetail, fromRow, `${name}: History row and detail agree`);
    const updated = await tile('updated');
    const unprocessed = (await dialog.locator('[data-count="unprocessed"]').count()) ? await tile('unprocessed') : 0;
    assert.equal(
      fromDetail.succeeded + updated + fromDetail.warnings + fromDetail.errors + fromDetail.duplicates + unprocessed,
      fromDetail.total,
      'the parts and the unprocessed files add up to the total',
    );
    // A finished job shows no live fields.
    const summary = await dialog.locator('#d-summary').locator('..').innerText();
    assert.doesNotMatch(summary, /IPS state|Progress message|Last progress/);
    assert.equal(await dialog.locator('#d-summary ~ dl [role="progressbar"]').count(), 0, 'no progress bar on a finished job');
    await closeDetail(page);

    // Overview's attention list names the same number of errors for it, if it lists the job.
    await openTab(page, 'overview');
    const item = page.locator('.attention li', { hasText: name }).first();
    if (await item.count()) assert.match(await item.innerText(), new RegExp(`\\b${fromRow.errors} errors?\\b`));
  });

  test('queued, paused and running jobs: no animation before the start, no clock while paused', async () => {
    await openTab(page, 'active');
    const queued = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Queued' }) }).first();
    await queued.waitFor({ timeout: 30_000 });
    assert.equal(await queued.locator('[role="progressbar"]').getAttribute('data-mode'), 'waiting');
    assert.equal(await queued.locator('.indeterminate').count(), 0, 'no progress animation while queued');
    assert.doesNotMatch(await queued.innerText(), /Elapsed/);
    assert.match(await queued.locator('[data-testid="waits-for"]').innerText(), /^(Waiting for|Submitted|Starts)/);

    const paused = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Paused' }) }).first();
    await paused.waitFor({ timeout: 30_000 });
    assert.equal(await paused.locator('.state').count(), 0, 'a paused job does not also say "Running"');
    assert.equal(await paused.locator('[role="progressbar"]').getAttribute('data-mode'), 'held');
    const before = await paused.locator('[data-testid="elapsed"]').innerText();
    assert.match(before, /paused/);
    await page.waitForTimeout(2200);
    assert.equal(await paused.locator('[data-testid="elapsed"]').innerText(), before, 'elapsed time stops while paused');

    const running = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Running' }) }).first();
    await running.waitFor({ timeout: 30_000 });
    assert.match(await running.innerText(), /Elapsed/);
    assert.doesNotMatch(await running.innerText(), /About\s+left/, 'an ETA is never blank');
  });

  test('schedules: a paused one has no countdown; one that never ran says so, not an error', async () => {
    await openTab(page, 'scheduled');
    const pausedRow = page.locator('#panel tbody tr', { has: page.locator('[data-testid="next-run-paused"]') }).first();
    await pausedRow.waitFor();
    assert.doesNotMatch(await pausedRow.innerText(), /\bin \d+ (second|minute|hour|day)s?\b/);

    await page.locator('#panel tbody tr .name').first().click();
    const dialog = page.locator('dialog.detail[open]');
    await dialog.waitFor();
    await dialog.locator('[data-testid="log-not-run"], [data-testid="log-run"]').first().waitFor();
    if (await dialog.locator('[data-testid="log-not-run"]').count()) {
      assert.match(await dialog.locator('[data-testid="log-not-run"]').innerText(), /has not run yet/);
      assert.equal(await dialog.locator('.log-error').count(), 0, 'no red error for a schedule that never ran');
    } else {
      assert.match(await dialog.locator('[data-testid="log-run"]').innerText(), /The log of the run/);
    }
    await closeDetail(page);
  });

  test('Settings: "System language" says which language it resolves to', async () => {
    await openTab(page, 'settings');
    const option = page.locator('[data-testid="language"] option[value="system"]');
    assert.equal((await option.innerText()).trim(), 'System language (English)');
  });
});
