// Screenshots of every view in every language and both themes, for people to look at
// (test-results/shots/<run>/*.png, see shotsDir). Asserts only that each view rendered its heading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, launchBrowser, shotsDir, startPreview } from './harness.ts';
import { gotoApp, openTab, setLanguage, setTheme, VIEW_IDS } from './window-helpers.ts';

test('screenshots of every view, language and theme', { timeout: 180_000 }, async (t) => {
  const missing = chromiumMissing();
  if (missing) return t.skip(missing);
  const OUT = shotsDir();
  const preview = await startPreview({ historyRows: 400 });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await gotoApp(page, preview.url);
    for (const lang of ['en', 'zh-CN', 'zh-TW'] as const) {
      await setLanguage(page, lang);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(page, theme);
        for (const view of VIEW_IDS) {
          await openTab(page, view);
          const heading = page.locator(`#panel h2`).first();
          assert.ok(await heading.isVisible(), `${view} ${lang} has a heading`);
          await page.screenshot({ path: `${OUT}/${view}-${lang}-${theme}.png` });
        }
        // Job details of a failed job, with its log rows.
        await openTab(page, 'history');
        await page.locator('#panel select').nth(1).selectOption('error');
        await page.locator('.history-row').first().click();
        const detail = page.locator('dialog.detail[open]');
        await detail.waitFor();
        await detail.locator('.log-row').first().waitFor({ timeout: 15_000 });
        await page.screenshot({ path: `${OUT}/detail-${lang}-${theme}.png` });
        await detail.locator('.log-wrap').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${OUT}/detail-log-${lang}-${theme}.png` });
        await page.keyboard.press('Escape');
        await page.locator('#panel select').nth(1).selectOption('');
        // The confirmation dialog.
        await openTab(page, 'active');
        await page.locator('li.card button.danger').first().click();
        await page.locator('dialog.confirm[open]').waitFor();
        await page.screenshot({ path: `${OUT}/confirm-${lang}-${theme}.png` });
        await page.keyboard.press('Escape');
      }
    }
    await setTheme(page, 'system');
    await setLanguage(page, 'system');
  } finally {
    await browser.close();
    await preview.close();
  }
});
