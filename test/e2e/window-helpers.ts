// Shared steps for the window's end-to-end tests (not a test file itself).
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, startPreview, type PreviewProcess, type StartPreviewOptions } from './harness.ts';

export const VIEW_IDS = ['overview', 'active', 'scheduled', 'history', 'transfers', 'settings'] as const;
export type ViewIdE2E = (typeof VIEW_IDS)[number];

/** Open the window and wait until the first snapshot is shown. */
export async function gotoApp(page: Page, url: string): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  (page as unknown as { __errors: string[] }).__errors = errors;
  await page.goto(url);
  await page.locator('[role="tab"]').first().waitFor();
  await page.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 20_000 });
}

/** Console errors and page errors seen so far (CSP violations show up here). */
export function pageErrors(page: Page): string[] {
  return (page as unknown as { __errors?: string[] }).__errors ?? [];
}

export async function openTab(page: Page, view: ViewIdE2E): Promise<void> {
  await page.locator(`#tab-${view}`).click();
  await page.locator(`#tab-${view}[aria-selected="true"]`).waitFor();
}

/** Pick a language in Settings and wait for the window to re-render in it. */
export async function setLanguage(page: Page, lang: 'system' | 'en' | 'zh-CN' | 'zh-TW'): Promise<void> {
  await openTab(page, 'settings');
  await page.locator('[data-testid="language"]').selectOption(lang);
  if (lang !== 'system') await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

export async function setTheme(page: Page, theme: 'system' | 'light' | 'dark'): Promise<void> {
  await openTab(page, 'settings');
  await page.locator('[data-testid="theme"]').selectOption(theme);
  if (theme === 'system') await page.waitForFunction(() => !document.documentElement.hasAttribute('data-theme'));
  else await page.waitForFunction((th) => document.documentElement.getAttribute('data-theme') === th, theme);
}

/** Settings → Account: open the form for a new account ("Add account"), unless it is open already. */
export async function openAccountForm(page: Page): Promise<void> {
  await openTab(page, 'settings');
  if (!(await page.locator('[data-testid="account-form"]').isVisible())) await page.locator('[data-testid="add-account"]').click();
  await page.locator('#acct-url').waitFor();
}

/** Settings → Account: add an IPS account on `serviceUrl` and wait until the demo banner is gone. */
export async function signIn(page: Page, serviceUrl: string, user: string, password: string): Promise<void> {
  await openAccountForm(page);
  await page.locator('#acct-url').fill(serviceUrl);
  await page.locator('#acct-user').fill(user);
  await page.locator('#acct-pass').fill(password);
  await page.locator('[data-testid="save-account"]').click();
  await page.locator('[data-testid="banner-demo"]').waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * The window for one suite: a preview, a browser and a page opened on it before the
 * suite's tests, all closed after. Call inside describe(); read `.page` in the tests.
 */
export function windowForSuite(opts: StartPreviewOptions = {}): { readonly page: Page; readonly preview: PreviewProcess } {
  let preview: PreviewProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  before(async () => {
    preview = await startPreview(opts);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await gotoApp(page, preview.url);
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
  });
  return {
    get page() {
      if (!page) throw new Error('the window is not open yet');
      return page;
    },
    get preview() {
      if (!preview) throw new Error('the preview is not running yet');
      return preview;
    },
  };
}

type SuiteWindow = ReturnType<typeof windowForSuite>;

/** Stands for the suite's page once it is open (tests run after the suite's before hooks). */
function suitePage(win: SuiteWindow): Page {
  return new Proxy({} as Page, {
    get(_target, prop) {
      const page = win.page;
      const value: unknown = Reflect.get(page, prop, page);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(page) : value;
    },
  });
}

export interface WindowSuiteOptions extends StartPreviewOptions {
  timeout: number;
  /** What the skip note names when Chromium is missing ("# skipping <what>: …"). */
  what?: string;
}

/**
 * describe() with one window (see windowForSuite): skipped, with a note, where Chromium is
 * missing. `body` gets the suite's page and the window (for its preview).
 */
export function describeWindow(title: string, opts: WindowSuiteOptions, body: (page: Page, win: SuiteWindow) => void): void {
  const { timeout, what = 'the window tests', ...preview } = opts;
  const skip = chromiumMissing();
  if (skip) console.log(`# skipping ${what}: ${skip}`);
  describe(title, { skip, timeout }, () => {
    const win = windowForSuite(preview);
    body(suitePage(win), win);
  });
}
