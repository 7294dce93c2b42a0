// The window in Chromium on a large history: the web preview (dist/preview.mjs, the
// built renderer) seeded with N finished jobs, driven by playwright-core. Prints figures
// and the goal ratios; asserts nothing and never fails on time.
//
//   npm run bench                       (after npm run build; chained after bench.ts)
//   node test/bench/renderer-bench.ts   (BENCH_UI_ROWS=50000, BENCH_UI_BIG_ROWS=200000; 0 skips either)
//
// Keystroke and sort times are measured inside the page: performance.now() at keydown /
// click, then requestAnimationFrame and a MessageChannel message (which runs after the
// frame is painted). Scroll smoothness counts requestAnimationFrame intervals > 20 ms
// while the list is scrolled one step per frame.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, ROOT, chromiumMissing, launchBrowser, startPreview, type PreviewProcess } from '../e2e/harness.ts';

const ROWS = Number(process.env.BENCH_UI_ROWS ?? 50_000);
const BIG_ROWS = Number(process.env.BENCH_UI_BIG_ROWS ?? 200_000);
const GOAL = { firstRowMs: 1000, keyP99Ms: 33, sortMs: 100 };

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d }) : '—');
function line(what: string, figure: string, note = ''): void {
  console.log(`${what.padEnd(52)} ${figure.padStart(14)}  ${note}`);
}
const ratio = (v: number, goal: number) => `${fmt(v / goal, 2)}× the goal (< ${fmt(goal)} ms)${v < goal ? ' — met' : ''}`;

/** The built preview (dist/preview.mjs) when present, else the source under Node 24. */
function startBenchPreview(rows: number): Promise<PreviewProcess> {
  const built = join(ROOT, 'dist', 'preview.mjs');
  return startPreview({ historyRows: rows, timeoutMs: 300_000, ...(existsSync(built) ? { script: built } : {}) });
}

/** "Showing X of Y" → [X, Y]. */
async function counts(page: Page): Promise<[number, number]> {
  const text = (await page.locator('#history-heading + span').textContent()) ?? '';
  const [a, b] = (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
  return [a ?? NaN, b ?? NaN];
}

/** Window open → first History row, in ms; NaN (and why) when none shows within `timeoutMs`. */
async function openHistory(page: Page, url: string, timeoutMs = 300_000): Promise<{ ms: number; why?: string }> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('crash', () => errors.push('the page crashed'));
  const t0 = performance.now();
  try {
    await page.goto(url);
    const tab = page.locator('#tab-history');
    await tab.waitFor({ timeout: timeoutMs });
    await page.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: timeoutMs });
    await tab.click();
    await page
      .locator('.history-row')
      .first()
      .waitFor({ timeout: Math.max(1000, timeoutMs - (performance.now() - t0)) });
    return { ms: performance.now() - t0 };
  } catch (e) {
    const shown = await page
      .locator('main, body')
      .first()
      .innerText({ timeout: 2000 })
      .catch(() => '');
    const why = errors[0] ?? (shown.replace(/\s+/g, ' ').slice(0, 160) || (e instanceof Error ? e.message.split('\n')[0]! : String(e)));
    return { ms: NaN, why };
  }
}

/**
 * Wait until the core's board holds (nearly) all seeded rows and the backfill has stopped
 * (no new row for 3 s), so later figures are not mixed with patches still arriving.
 */
async function waitForBoard(page: Page, rows: number, timeoutMs: number): Promise<{ total: number; ms: number }> {
  const start = performance.now();
  const end = start + timeoutMs;
  let last = -1;
  let stableSince = performance.now();
  while (performance.now() < end) {
    const [, total] = await counts(page);
    if (total !== last) {
      last = total;
      stableSince = performance.now();
    } else if (total >= rows * 0.95 && performance.now() - stableSince > 3000) break;
    await page.waitForTimeout(250);
  }
  return { total: last, ms: stableSince - start };
}

/** In-page probe: keydown/click → the next painted frame. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __mark(): void };
    w.__lat = [];
    const ch = new MessageChannel();
    let t0 = 0;
    ch.port1.onmessage = () => w.__lat.push(performance.now() - t0);
    w.__mark = () => {
      t0 = performance.now();
      requestAnimationFrame(() => ch.port2.postMessage(0));
    };
    document.addEventListener('keydown', () => w.__mark(), { capture: true });
    document.addEventListener('pointerdown', () => w.__mark(), { capture: true });
  });
}

async function takeLatencies(page: Page): Promise<number[]> {
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    const out = w.__lat.slice();
    w.__lat.length = 0;
    return out;
  });
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function keystrokes(page: Page): Promise<number[]> {
  const search = page.locator('[data-testid="history-search"]');
  // Queries people type: the start of a job name seen in the list, a word, a number.
  const names = await page.locator('.history-row .name').allInnerTexts();
  const queries = [...new Set([names[0], names[3], 'publish', 'room scenes', '发布', '0042', names[7]].filter((q): q is string => !!q))].map((q) =>
    q.slice(0, 14),
  );
  const all: number[] = [];
  for (const q of queries) {
    await search.click();
    await takeLatencies(page);
    for (const ch of q) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(60);
    }
    for (let i = 0; i < q.length; i++) {
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(60);
    }
    all.push(...(await takeLatencies(page)));
  }
  return all.sort((a, b) => a - b);
}

async function sortBy(page: Page, column: RegExp): Promise<number> {
  await takeLatencies(page);
  await page.getByRole('button', { name: column }).click();
  await page.waitForTimeout(200);
  const lat = await takeLatencies(page);
  return lat[0] ?? NaN;
}

async function scrollFrames(page: Page): Promise<{ frames: number; long: number; worst: number }> {
  return page.locator('[data-testid="history-scroller"]').evaluate(
    (el) =>
      new Promise<{ frames: number; long: number; worst: number }>((resolve) => {
        el.scrollTop = 0;
        const intervals: number[] = [];
        let last = performance.now();
        let n = 0;
        const step = (now: number) => {
          intervals.push(now - last);
          last = now;
          el.scrollTop += 480; // fifteen rows a frame: a brisk flick
          if (++n < 180) requestAnimationFrame(step);
          else resolve({ frames: intervals.length - 1, long: intervals.slice(1).filter((d) => d > 20).length, worst: Math.max(...intervals.slice(1)) });
        };
        requestAnimationFrame((t) => {
          last = t;
          requestAnimationFrame(step);
        });
      }),
  );
}

async function measure(browser: Browser, rows: number, full: boolean): Promise<void> {
  const t0 = performance.now();
  const preview = await startBenchPreview(rows);
  line(`preview: seeded with ${fmt(rows)} history rows`, `${fmt(performance.now() - t0)} ms`);
  try {
    // Let the core fetch the whole history first (the board is full), then open the window.
    const warm = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const warmOpen = await openHistory(warm, preview.url);
    if (!Number.isFinite(warmOpen.ms)) {
      line(`window open → first History row`, 'no row', `within 300 s: ${warmOpen.why}`);
      return;
    }
    const board = await waitForBoard(warm, rows, 600_000);
    line(`core: board filled (backfill)`, `${fmt(board.ms)} ms`, `${fmt(board.total)} of ${fmt(rows)} finished jobs`);
    await warm.close();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const open = await openHistory(page, preview.url, full ? 300_000 : 180_000);
    if (!Number.isFinite(open.ms)) {
      line(`window open on ${fmt(board.total)} jobs → first History row`, 'no row', `within ${full ? 300 : 180} s: ${open.why}`);
      return;
    }
    const [, shownTotal] = await counts(page);
    line(`window open → first History row (${fmt(shownTotal)} rows)`, `${fmt(open.ms)} ms`, ratio(open.ms, GOAL.firstRowMs));
    if (!full) return;

    await installProbe(page);
    const keys = await keystrokes(page);
    line(`filter keystroke → paint, p50 (${keys.length} keys)`, `${fmt(pct(keys, 50), 1)} ms`);
    line('filter keystroke → paint, p90', `${fmt(pct(keys, 90), 1)} ms`);
    line('filter keystroke → paint, p99', `${fmt(pct(keys, 99), 1)} ms`, ratio(pct(keys, 99), GOAL.keyP99Ms));
    line('filter keystroke → paint, max', `${fmt(keys[keys.length - 1] ?? NaN, 1)} ms`);

    const byName = await sortBy(page, /^Sort by Name/);
    line('sort by name → paint (first time)', `${fmt(byName)} ms`, ratio(byName, GOAL.sortMs));
    const byNameDesc = await sortBy(page, /^Name, sorted ascending/);
    line('sort by name, toggle to descending → paint', `${fmt(byNameDesc)} ms`, ratio(byNameDesc, GOAL.sortMs));
    const byType = await sortBy(page, /^Sort by Type/);
    line('sort by type → paint', `${fmt(byType)} ms`, ratio(byType, GOAL.sortMs));
    const byStart = await sortBy(page, /^Sort by Started/);
    line('sort by start → paint', `${fmt(byStart)} ms`, ratio(byStart, GOAL.sortMs));

    const s = await scrollFrames(page);
    line('scroll: frames over 20 ms (480 px per frame)', `${s.long} of ${s.frames}`, `worst ${fmt(s.worst, 1)} ms`);
    await page.close();
  } finally {
    await preview.close();
  }
}

const skip = chromiumMissing();
if (skip) {
  console.log(`\nrenderer benchmark skipped: ${skip}`);
} else {
  console.log(`\nIPS Jobs window benchmarks — Chromium (${CHROMIUM}), Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}\n`);
  const browser = await launchBrowser();
  try {
    if (ROWS > 0) await measure(browser, ROWS, true);
    if (BIG_ROWS > 0) {
      await measure(browser, BIG_ROWS, false);
      console.log(
        `  note: first-row time grows with the snapshot, which carries every full job (~0.9 KB each); the\n` +
          `  compact or paged history projection that fixes it is core work (electron/core) for a later step.\n` +
          `  Past 64 MiB the web preview's bridge drops the socket before the snapshot is out and re-syncs.`,
      );
    }
  } finally {
    await browser.close();
  }
}
