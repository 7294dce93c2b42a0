// Only what the user actually looked at is acknowledged (issue 11 part 9): two jobs fail
// while the window shows Settings; opening History (sorted by name) with one of them on
// screen acknowledges that one only — the tray's "not looked at yet" line drops by one and
// the other, scrolled far out of view, still counts; found with the search, it is
// acknowledged too. The tray state is read over the preview's own IPC socket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import type { TrayState } from '../../shared/domain.ts';
import { openTab, describeWindow, signIn } from './window-helpers.ts';

/** The tray as the preview's core publishes it (every `tray` event), from a second IPC client. */
function trayWatcher(url: string): { latest(): TrayState | undefined; close(): void } {
  let tray: TrayState | undefined;
  const origin = url.replace(/\/$/, '');
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { origin });
  ws.on('open', () => ws.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'getSnapshot' })));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { t: string; event?: string; payload?: unknown; value?: { ok: boolean; value?: { tray: TrayState } } };
    if (m.t === 'event' && m.event === 'tray') tray = m.payload as TrayState;
    if (m.t === 'result' && m.value?.ok && m.value.value) tray ??= m.value.value.tray;
  });
  return { latest: () => tray, close: () => ws.close() };
}

/** "2 failed — not looked at yet" → 2; no line → 0. */
function notLookedAt(tray: TrayState | undefined): number {
  const line = tray?.menu.find((m) => m.id === 'header:attention');
  const n = line && 'label' in line ? /(\d+) failed/.exec(line.label)?.[1] : undefined;
  return n ? Number(n) : 0;
}

async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWindow('acknowledging what the user looked at', { timeout: 150_000, what: 'the acknowledge test' }, (page, win) => {
  let sim: Simulator;
  let tray: ReturnType<typeof trayWatcher>;
  before(async () => {
    sim = await startSimulator({ demo: true, seed: 12, historyRows: 400 });
  });
  after(async () => {
    tray?.close();
    await sim?.close();
  });

  test('History acknowledges the failure on screen, not the one scrolled out of view', async () => {
    // Sign in to a simulator this test can add jobs to.
    await signIn(page, sim.url, DEMO_USER, DEMO_PASSWORD);
    tray = trayWatcher(win.preview.url);
    await until('the first tray state', () => tray.latest() !== undefined);

    // History sorted by name (ascending), then back to Settings, where no failure is on screen.
    await openTab(page, 'history');
    await page.locator('.hcell', { hasText: 'Name' }).click();
    assert.match((await page.locator('.hcell.sorted').getAttribute('aria-label')) ?? '', /ascending/i);
    await openTab(page, 'settings');

    const before = notLookedAt(tray.latest());
    const tag = process.pid;
    for (const name of [`000-looked-at-${tag}`, `zzz-out-of-view-${tag}`]) {
      sim.world.addJob({ name, companyHandle: 'c|15', profile: 'error', files: 4, plan: { newMs: 0, waitMs: 0, runMs: 1500 } });
    }
    await until('both failures in the tray', () => notLookedAt(tray.latest()) >= before + 2, 40_000);
    const failed = notLookedAt(tray.latest());
    assert.match(tray.latest()!.icon, /error/);

    // Opening History: the first row is ours; the other is hundreds of rows further down.
    await openTab(page, 'history');
    const first = page.locator('.history-row', { hasText: `000-looked-at-${tag}` });
    await first.waitFor();
    assert.equal(await page.locator('.history-row', { hasText: `zzz-out-of-view-${tag}` }).count(), 0, 'not rendered: out of view');
    await until('the one on screen acknowledged', () => notLookedAt(tray.latest()) === failed - 1, 10_000);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(notLookedAt(tray.latest()), failed - 1, 'the one out of view still counts as not looked at');

    // Found with the search and on screen: acknowledged too.
    await page.locator('[data-testid="history-search"]').fill(`zzz-out-of-view-${tag}`);
    await page.locator('.history-row', { hasText: `zzz-out-of-view-${tag}` }).waitFor();
    await until('the second one acknowledged once on screen', () => notLookedAt(tray.latest()) === failed - 2, 10_000);
    await page.locator('[data-testid="history-search"]').fill('');
  });
});
