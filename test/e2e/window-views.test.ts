// The job browser window against the real web preview (app core + demo simulator):
// every view renders demo data, actions (with confirmation where destructive) show
// their state at once, job details show error rows, settings survive a reload, and the
// language switch re-renders everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAccountForm, openTab, pageErrors, setLanguage, describeWindow } from './window-helpers.ts';

describeWindow('job browser window', { timeout: 240_000, historyRows: 300 }, (page) => {
  test('every view renders with demo data', async () => {
    await openTab(page, 'overview');
    await page.locator('#panel h2', { hasText: 'Overview' }).waitFor();
    assert.ok((await page.locator('.tile').count()) >= 5, 'overview tiles');
    await page.locator('.chart canvas').first().waitFor();

    await openTab(page, 'active');
    await page.locator('#panel h2', { hasText: 'Active jobs' }).waitFor();
    await page.locator('li.card').first().waitFor();
    const running = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Running' }) });
    await running.first().waitFor({ timeout: 30_000 });
    assert.ok((await running.first().locator('[role="progressbar"]').count()) >= 1, 'a running job has a progress bar');
    assert.match(await running.first().innerText(), /Elapsed/);

    await openTab(page, 'scheduled');
    await page.locator('#panel h2', { hasText: 'Scheduled jobs' }).waitFor();
    assert.ok((await page.locator('#panel tbody tr').count()) >= 1, 'scheduled rows');
    assert.ok((await page.locator('#panel code.sched').count()) >= 1, 'a schedule string is shown verbatim');

    await openTab(page, 'history');
    await page.locator('#panel h2', { hasText: 'History' }).waitFor();
    await page.locator('.history-row').first().waitFor();

    await openTab(page, 'transfers');
    await page.getByText('No transfers yet').waitFor();

    await openTab(page, 'settings');
    await page.locator('#panel h2', { hasText: 'Settings' }).waitFor();
    assert.equal(await page.locator('#acct-pass').count(), 0, 'demo mode shows no password field');

    // The demo banner tells a first-run user what to do.
    await page.locator('[data-testid="banner-demo"]').waitFor();
    const errors = pageErrors(page).filter((e) => !/favicon/i.test(e));
    assert.deepEqual(errors, [], 'no page errors or CSP violations');
  });

  test('tabs work with the keyboard (arrow keys, roving tabindex)', async () => {
    await openTab(page, 'active');
    await page.locator('#tab-active').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('#tab-scheduled[aria-selected="true"]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-scheduled');
    assert.equal(await page.locator('[role="tab"][tabindex="0"]').count(), 1);
    await page.keyboard.press('End');
    await page.locator('#tab-settings[aria-selected="true"]').waitFor();
    await page.keyboard.press('Home');
    await page.locator('#tab-overview[aria-selected="true"]').waitFor();
  });

  test('stop asks for confirmation, then shows "Stopping…" at once', async () => {
    await openTab(page, 'active');
    const card = page.locator('li.card', { has: page.locator('.badge', { hasText: 'Running' }) }).first();
    await card.waitFor({ timeout: 30_000 });
    const handle = await card.getAttribute('data-job-handle');
    assert.ok(handle);
    const same = page.locator(`li.card[data-job-handle=${JSON.stringify(handle)}]`);
    await same.getByRole('button', { name: /^Stop / }).click();
    const dialog = page.locator('dialog.confirm[open]');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Stop this job\?/);
    // Escape cancels: nothing happens.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.doesNotMatch(await same.innerText(), /Stopping…/);

    await same.getByRole('button', { name: /^Stop / }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
    await same.locator('.badge', { hasText: 'Stopping…' }).waitFor({ timeout: 5_000 });
  });

  test('pause and resume a scheduled job', async () => {
    await openTab(page, 'scheduled');
    const row = page.locator('#panel tbody tr', { has: page.getByRole('button', { name: /^Pause / }) }).first();
    await row.waitFor();
    const handle = await row.getAttribute('data-job-handle');
    const same = page.locator(`#panel tbody tr[data-job-handle=${JSON.stringify(handle)}]`);
    await same.getByRole('button', { name: /^Pause / }).click();
    await same.getByRole('button', { name: /^Resume / }).waitFor({ timeout: 30_000 });
    assert.match(await same.innerText(), /Paused/);
    await same.getByRole('button', { name: /^Resume / }).click();
    await same.getByRole('button', { name: /^Pause / }).waitFor({ timeout: 30_000 });
    assert.match(await same.innerText(), /Normal/);
  });

  test('delete a scheduled job after confirmation', async () => {
    await openTab(page, 'scheduled');
    const rows = page.locator('#panel tbody tr');
    const before = await rows.count();
    const row = rows.last();
    const handle = await row.getAttribute('data-job-handle');
    const same = page.locator(`#panel tbody tr[data-job-handle=${JSON.stringify(handle)}]`);
    await same.getByRole('button', { name: /^Delete / }).click();
    const dialog = page.locator('dialog.confirm[open]');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Delete this scheduled job\?/);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await same.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await rows.count(), before - 1);
  });

  test('details of a finished job show its error rows, copyable', async () => {
    await openTab(page, 'history');
    await page.locator('#panel select').nth(1).selectOption('error');
    const row = page.locator('.history-row').first();
    await row.waitFor();
    await row.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.detail[open]');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Failed/);
    assert.match(await dialog.innerText(), /Job handle/);
    await dialog.locator('.log-row').first().waitFor({ timeout: 15_000 });
    // A failed job opens on the short answer to "why": its first error row.
    assert.match(await dialog.locator('[data-testid="detail-why"]').innerText(), /First error:/);
    await dialog.getByRole('radio', { name: /^Errors/ }).click();
    const errorRows = dialog.locator('.log-row.sev-error');
    await errorRows.first().waitFor();
    const n = await errorRows.count();
    assert.equal(n, await dialog.locator('.log-row').count(), 'the filter leaves only error rows');
    const text = await errorRows.first().innerText();
    assert.match(text, /Error/);
    console.log(`# ${n} error rows; first: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    await dialog.getByRole('button', { name: 'Copy rows' }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    await dialog.getByRole('button', { name: 'Copy Job handle' }).click();
    // The log filter is a radio group: one Tab stop, arrow keys move and select.
    const errorsRadio = dialog.getByRole('radio', { name: /^Errors/ });
    assert.equal(await errorsRadio.getAttribute('tabindex'), '0');
    assert.equal(await dialog.getByRole('radio', { name: /^All/ }).getAttribute('tabindex'), '-1');
    await errorsRadio.focus();
    await page.keyboard.press('ArrowRight');
    const warningsRadio = dialog.getByRole('radio', { name: /^Warnings/ });
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Warnings'));
    assert.equal(await warningsRadio.getAttribute('aria-checked'), 'true');
    // Duplicates are their own choice (after Warnings) when the log has some.
    if ((await dialog.getByRole('radio', { name: /^Duplicates/ }).count()) > 0) {
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Duplicates'));
    }
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('All'));
    assert.equal(await dialog.getByRole('radio', { name: /^All/ }).getAttribute('aria-checked'), 'true');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#panel select').nth(1).selectOption('');
  });

  test('history filters: date range, my jobs, search, sort', async () => {
    await openTab(page, 'history');
    await page.locator('.history-row').first().waitFor();
    const count = async () => {
      const m = (await page.locator('#history-heading + span').innerText()).match(/[\d,]+/g) ?? [];
      return m.map((x) => Number(x.replace(/,/g, '')));
    };
    const [all, total] = await count();
    assert.equal(all, total);
    await page.locator('#panel select').first().selectOption('today');
    const [today] = await count();
    await page.getByLabel('My jobs').check();
    const [mineToday] = await count();
    console.log(`# history: ${total} finished, ${today} today, ${mineToday} of them mine`);
    assert.ok(today! <= total! && mineToday! <= today!);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    assert.equal((await count())[0], total);
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    const first = await page.locator('.history-row[data-row-index="0"] .name').innerText();
    const second = await page.locator('.history-row[data-row-index="1"] .name').innerText();
    assert.ok(first.localeCompare(second, undefined, { numeric: true, sensitivity: 'base' }) <= 0, `${first} ≤ ${second}`);
    await page.getByRole('button', { name: 'Sort by Started' }).click();
  });

  test('settings survive a reload (polling and a notification switch)', async () => {
    await openTab(page, 'settings');
    const active = page.locator('[data-testid="poll-active"]');
    const started = page.locator('[data-testid="notif-started"]');
    const wasStarted = await started.isChecked();
    await active.fill('25');
    await active.press('Tab');
    await page.locator('[role="status"]', { hasText: 'Saved' }).first().waitFor();
    await started.click();
    await page.waitForFunction((want) => (document.querySelector('[data-testid="notif-started"]') as HTMLInputElement).checked === want, !wasStarted);
    await page.reload();
    await page.locator('[data-testid="loading"]').waitFor({ state: 'detached' });
    await openTab(page, 'settings');
    assert.equal(await page.locator('[data-testid="poll-active"]').inputValue(), '25');
    assert.equal(await page.locator('[data-testid="notif-started"]').isChecked(), !wasStarted);
    // A bad value is explained, not saved.
    await active.fill('3');
    await active.press('Tab');
    await page.locator('[role="alert"]', { hasText: '5 to 600' }).waitFor();
    await active.fill('10');
    await active.press('Tab');
  });

  test('pause polling and notifications, then resume them', async () => {
    await openTab(page, 'active');
    await page.getByRole('button', { name: 'Pause polling' }).click();
    await page.locator('[data-testid="banner-paused"]').waitFor();
    await page.getByRole('button', { name: 'Resume polling' }).first().click();
    await page.locator('[data-testid="banner-paused"]').waitFor({ state: 'detached' });

    await openTab(page, 'settings');
    const snooze = page.locator('[data-testid="snooze"]');
    await snooze.getByRole('button', { name: 'For 1 hour' }).click();
    await snooze.getByText(/Notifications paused until/).waitFor();
    await snooze.getByRole('button', { name: 'Resume notifications' }).click();
    await snooze.getByRole('button', { name: 'For 1 hour' }).waitFor();
  });

  test('an account IPS rejects is not saved, and the window says why', async () => {
    await openAccountForm(page);
    const pass = page.locator('#acct-pass');
    await pass.waitFor();
    assert.equal(await pass.inputValue(), '', 'the password field is never pre-filled');
    await page.locator('#acct-url').fill('http://127.0.0.1:9/scene7/services/IpsApiService');
    await page.locator('#acct-user').fill('nobody@example.com');
    await pass.fill('not-the-password');
    await page.locator('[data-testid="save-account"]').click();
    const alert = page.locator('[role="alert"]', { hasText: 'Not saved' });
    await alert.waitFor({ timeout: 30_000 });
    console.log(`# account error shown: ${(await alert.innerText()).replace(/\s+/g, ' ')}`);
    // Still the demo: nothing was saved.
    await page.locator('[data-testid="banner-demo"]').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('switching language re-renders headings and dates (简体中文, 繁體中文)', async () => {
    const cases = [
      { lang: 'zh-CN', settings: '设置', scheduled: '计划作业', history: '历史记录' },
      { lang: 'zh-TW', settings: '設定', scheduled: '排程作業', history: '歷史記錄' },
    ] as const;
    for (const c of cases) {
      await setLanguage(page, c.lang);
      assert.equal(await page.locator('#tab-settings').innerText(), c.settings);
      await page.locator('#tab-scheduled').click();
      await page.locator('#panel h2', { hasText: c.scheduled }).waitFor();
      const when = await page.locator('#panel tbody tr td:nth-child(3)').first().innerText();
      assert.match(when, /\d{4}年\d{1,2}月\d{1,2}日/, `${c.lang} date: ${when}`);
      console.log(`# ${c.lang}: next run shown as ${when.replace(/\s+/g, ' ')}`);
      await page.locator('#tab-history').click();
      await page.locator('#panel h2', { hasText: c.history }).waitFor();
    }
    await setLanguage(page, 'en');
    assert.equal(await page.locator('#tab-settings').innerText(), 'Settings');
  });
});
