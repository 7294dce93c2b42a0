// axe-core scan of every view (light and dark), the job-detail dialog and the
// confirmation dialog: no serious or critical violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, setLanguage, setTheme, VIEW_IDS, describeWindow } from './window-helpers.ts';
import { scan } from './axe.ts';

describeWindow('accessibility (axe-core)', { timeout: 240_000, what: 'the accessibility scan', historyRows: 200 }, (page) => {
  for (const theme of ['light', 'dark'] as const) {
    test(`every view in the ${theme} theme`, async () => {
      await setTheme(page, theme);
      const failures: string[] = [];
      for (const view of VIEW_IDS) {
        await openTab(page, view);
        if (view === 'history') await page.locator('.history-row').first().waitFor();
        if (view === 'overview') await page.locator('.chart canvas').first().waitFor();
        const bad = await scan(page, `${view}/${theme}`);
        failures.push(...bad.map((v) => `${view}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
      }
      assert.deepEqual(failures, []);
    });
  }

  test('dialogs: job details and confirmation', async () => {
    await setTheme(page, 'light');
    await openTab(page, 'history');
    await page.locator('.history-row').first().click();
    const detail = page.locator('dialog.detail[open]');
    await detail.waitFor();
    await detail.locator('.log-row').first().waitFor({ timeout: 15_000 });
    const bad = await scan(page, 'job details');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    await openTab(page, 'scheduled');
    await page
      .getByRole('button', { name: /^Delete / })
      .first()
      .click();
    await page.locator('dialog.confirm[open]').waitFor();
    // Focus starts inside the dialog (on Cancel), and Tab stays inside it.
    assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog')?.className.includes('confirm')), true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog.confirm') || document.activeElement === document.body), true);
    const bad2 = await scan(page, 'confirmation');
    await page.keyboard.press('Escape');
    assert.deepEqual(
      [...bad, ...bad2].map((v) => v.id),
      [],
    );
  });

  test('Chinese views', async () => {
    const failures: string[] = [];
    for (const lang of ['zh-CN', 'zh-TW'] as const) {
      await setLanguage(page, lang);
      for (const view of ['active', 'history'] as const) {
        await openTab(page, view);
        failures.push(...(await scan(page, `${view}/${lang}`)).map((v) => `${lang} ${view}: ${v.id}`));
      }
    }
    await setLanguage(page, 'en');
    assert.deepEqual(failures, []);
  });
});
