// The Transfers view end to end: the web preview as a process (with --state-dir), Chromium
// driving the window. A bad path is refused next to the form; a folder of three files,
// added through "Path on this machine" (a browser cannot say where a file lives), uploads
// to the demo simulator: each file row reaches 100 %, the batch becomes an IPS job that
// finishes with counts, and the job link opens its detail. The queue passes axe, is
// photographed light and dark, and after a restart of the preview on the same state
// folder the finished transfer is still listed with its counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { chromiumMissing, shotsDir } from './harness.ts';
import { transfersPreview } from './transfers-preview.ts';
import { gotoApp, openTab, pageErrors, setTheme } from './window-helpers.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousAxe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  await page.waitForTimeout(250);
  const v = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return v.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Drop files (by name) on the window, as a drag from the file manager would. */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const n of list) dt.items.add(new File(['x'], n));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, names);
}

test('drop-in for a folder: three files upload, become a job that finishes with counts, and stay listed after a restart', { timeout: 180_000 }, async (t) => {
  const missing = chromiumMissing();
  if (missing) return t.skip(missing);
  const { folder, browser, start } = await transfersPreview(t, 'product-shoot', [
    ['front.jpg', 300_000],
    ['back.jpg', 200_000],
    ['side.jpg', 100_000],
  ]);
  let preview = await start();
  let page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await gotoApp(page, preview.url);
  // Files dropped on a browser tab: it cannot say where they are, so the window says to type
  // the path (and does not navigate to the file).
  await openTab(page, 'active');
  await dropFiles(page, ['dropped.jpg']);
  await page.getByText('A browser cannot tell where dropped files are').waitFor();
  assert.equal(page.url(), preview.url);

  // In the app the preload names their paths: a drop on any view opens Transfers with them.
  const app = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await app.addInitScript(() => {
    (window as unknown as { ipsJobsFiles: unknown }).ipsJobsFiles = { pathForFile: (f: File) => `/home/me/${f.webkitRelativePath || f.name}` };
  });
  await gotoApp(app, preview.url);
  await openTab(app, 'history');
  await dropFiles(app, ['a.jpg', 'shoot']);
  await app.locator('#tab-transfers[aria-selected="true"]').waitFor();
  assert.deepEqual(await app.locator('[data-testid="upload-chosen"] .path').allInnerTexts(), ['/home/me/a.jpg', '/home/me/shoot']);
  assert.equal(await app.locator('[data-testid="drop-zone"]').count(), 1, 'the app shows its drop zone and pickers');
  // The pickers: files as themselves, a folder as the folder (its files are not listed one by one).
  await app
    .locator('[data-testid="drop-zone"] input[type="file"][multiple]')
    .setInputFiles({ name: 'pick.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('x') });
  await app.locator('[data-testid="drop-zone"] input[webkitdirectory]').setInputFiles(folder);
  assert.deepEqual(await app.locator('[data-testid="upload-chosen"] .path').allInnerTexts(), [
    '/home/me/a.jpg',
    '/home/me/shoot',
    '/home/me/pick.jpg',
    '/home/me/product-shoot',
  ]);
  await app.close();

  await openTab(page, 'transfers');
  const form = page.locator('[data-testid="upload-form"]');
  await form.waitFor();
  // The preview offers a path field (no drop zone: a browser gives no paths).
  assert.equal(await page.locator('[data-testid="drop-zone"]').count(), 0);
  // The company's root folder arrives from getFolderTree.
  await page.waitForFunction(() => ((document.querySelector('[data-testid="upload-folder"]') as HTMLInputElement | null)?.value ?? '').endsWith('/'));
  assert.ok((await page.locator('#upload-folders option').count()) >= 3, 'the folder list is browsable');

  // A relative path is refused in words, next to the form; nothing is queued.
  await page.locator('[data-testid="upload-path"]').fill('product-shoot');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="upload-start"]').click();
  const err = page.locator('[data-testid="upload-error"]');
  await err.waitFor();
  assert.match(await err.innerText(), /not an absolute path/);
  await page.getByRole('button', { name: 'Remove product-shoot' }).click();
  assert.equal(await page.locator('[data-testid="transfer"]').count(), 0);

  // The folder, by its full path; into the company's incoming folder, with a job name.
  await page.locator('[data-testid="upload-path"]').fill(folder);
  await page.locator('[data-testid="upload-path-add"]').click();
  await page.locator('[data-testid="upload-chosen"] li').first().waitFor();
  const root = await page.locator('[data-testid="upload-folder"]').inputValue();
  // Browse the company's folders (getFolderTree) and pick one, with the keyboard.
  await page.locator('[data-testid="upload-folder-browse"]').click();
  const list = page.locator('[data-testid="upload-folder-list"]');
  await list.selectOption(`${root}incoming/`);
  await list.press('Enter');
  await list.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'upload-folder', 'the focus is back in the field');
  assert.equal(await page.locator('[data-testid="upload-folder"]').inputValue(), `${root}incoming/`);
  await page.locator('[data-testid="upload-job"]').fill('e2e-product-shoot');
  await page.locator('[data-testid="upload-publish"]').check();
  // A visit to another view keeps what was filled in.
  await openTab(page, 'active');
  await openTab(page, 'transfers');
  assert.equal(await page.locator('[data-testid="upload-job"]').inputValue(), 'e2e-product-shoot');
  assert.equal(await page.locator('[data-testid="upload-folder"]').inputValue(), `${root}incoming/`);
  assert.equal(await page.locator('[data-testid="upload-publish"]').isChecked(), true);
  assert.equal(await page.locator('[data-testid="upload-chosen"] li').count(), 1);
  await page.locator('[data-testid="upload-start"]').click();

  const item = page.locator('[data-testid="transfer"]', { hasText: 'e2e-product-shoot' });
  await item.waitFor();
  await page.locator('[data-testid="transfer-group-done"] [data-testid="transfer"][data-state="done"]').waitFor({ timeout: 30_000 });
  const rows = item.locator('[data-testid="transfer-file"]');
  assert.equal(await rows.count(), 3);
  assert.deepEqual(await item.locator('[data-testid="file-percent"]').allInnerTexts(), ['100%', '100%', '100%']);
  assert.deepEqual((await rows.locator('td.fname').allInnerTexts()).sort(), ['product-shoot/back.jpg', 'product-shoot/front.jpg', 'product-shoot/side.jpg']);
  assert.equal(await item.locator('[data-testid="transfer-percent"]').innerText(), '100%');
  assert.match(await item.innerText(), /600 kB of 600 kB/);

  // The job on the board, followed to its end: its counts beside the transfer.
  const counts = item.locator('[data-testid="transfer-counts"]');
  await counts.waitFor({ timeout: 90_000 });
  assert.match(await counts.innerText(), /^3 succeeded, 0 errors, 0 warnings, 0 duplicates$/);
  assert.match(await item.locator('[data-testid="transfer-job"]').innerText(), /Succeeded/);
  // The notification of the engine's rules reached the preview's log.
  const deadline = Date.now() + 10_000;
  while (!/notification \[finished-success\] .*e2e-product-shoot/.test(preview.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // IPS counts a file as new or as updated: together, the three files.
  const note = /notification \[finished-success\] [^\n]*e2e-product-shoot[^\n]*\((\d+) files? succeeded(?:, (\d+) updated)?\)/.exec(preview.stderr());
  assert.ok(note, preview.stderr());
  assert.equal(Number(note[1]) + Number(note[2] ?? 0), 3);

  // The job link opens the job's detail.
  await item.locator('[data-testid="transfer-job-open"]').click();
  const detail = page.locator('dialog.detail[open]');
  await detail.waitFor();
  assert.match(await detail.innerText(), /e2e-product-shoot/);
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'hidden' });

  // Accessible, and photographed (light and dark) for people to look at.
  assert.deepEqual(await seriousAxe(page), []);
  const OUT = shotsDir();
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await openTab(page, 'transfers');
    await item.waitFor();
    if (theme === 'dark') assert.deepEqual(await seriousAxe(page), []);
    await page.screenshot({ path: `${OUT}/transfers-upload-${theme}.png` });
  }
  await setTheme(page, 'system');
  assert.deepEqual(pageErrors(page), []);

  // Quit and start again on the same state folder: the transfer is still listed, done, with its counts.
  await page.close();
  await preview.close();
  preview = await start();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await gotoApp(page, preview.url);
  await openTab(page, 'transfers');
  const again = page.locator('[data-testid="transfer"][data-state="done"]', { hasText: 'e2e-product-shoot' });
  await again.waitFor();
  assert.match(await again.locator('[data-testid="transfer-counts"]').innerText(), /^3 succeeded/);
  assert.equal(await again.locator('[data-testid="transfer-file"]').count(), 3);
});
