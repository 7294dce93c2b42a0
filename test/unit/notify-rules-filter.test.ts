// The notification rules a user sets (companies, job families, only my jobs), the actions on a
// job notification, snooze presets across midnight and DST, and old settings files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNotifications, initialNotifyState, quietNow, type NotifyInput } from '../../electron/core/notify-rules.ts';
import { notifyKindOf } from '../../electron/core/notify-filter.ts';
import { defaultSettings, settingsSchema } from '../../shared/settings.ts';
import { nextLocalTime, snoozeUntil, tomorrowTarget } from '../../shared/snooze.ts';
import type { EngineEvent, Job, Outcome } from '../../shared/domain.ts';
import { parseSettingsLenient } from '../../electron/core/stores.ts';
import { log } from './core-fake.ts';
import { job as trayJob } from './tray-fixtures.ts';

const NOW = Date.parse('2024-05-02T12:00:00.000Z');
const ME = 'me@example.com';

/** A finished job of company c|1 (the tray fixtures' job, without times). */
const job = (key: string, over: Partial<Job> = {}): Job =>
  trayJob(key, { companyHandle: 'c|1', phase: 'finished', firstSeen: '', updatedAt: '', startDate: undefined, ...over });
const fin = (key: string, outcome: Outcome, over: Partial<Job> = {}): EngineEvent => ({ event: 'job-finished', outcome, job: job(key, { outcome, ...over }) });
function prefsWith(rules: Partial<ReturnType<typeof defaultSettings>['notifications']['rules']>) {
  const p = defaultSettings().notifications;
  p.started = true;
  p.rules = { ...p.rules, ...rules };
  return p;
}
const run = (over: Partial<NotifyInput>) =>
  decideNotifications({
    events: [],
    prefs: defaultSettings().notifications,
    locale: 'en',
    now: NOW,
    state: initialNotifyState(),
    localMinutes: 720,
    userEmail: ME,
    ...over,
  });
const keys = (out: ReturnType<typeof run>) => out.notifications.map((n) => n.jobKey);

test('a muted company stays silent for finishes, starts and stalls; other companies are notified', () => {
  const prefs = prefsWith({ mutedCompanies: ['c|2'] });
  const out = run({
    prefs,
    events: [
      fin('a', 'error'),
      fin('b', 'error', { companyHandle: 'c|2' }),
      { event: 'job-started', job: job('s', { companyHandle: 'c|2', phase: 'running' }) },
    ],
    stalled: [job('st', { companyHandle: 'c|2', phase: 'running' })],
  });
  assert.deepEqual(keys(out), ['a']);
  // Silenced news is still marked: switching the company back on later repeats nothing.
  assert.ok(out.state.notified.has('fin:b') && out.state.notified.has('start:s') && out.state.notified.has('stall:st'));
  const later = run({ prefs: prefsWith({}), events: [fin('b', 'error', { companyHandle: 'c|2' })], state: out.state });
  assert.equal(later.notifications.length, 0);
});

test('muted job families: uploads, publishes, exports, other — by detail element first, else by type', () => {
  assert.equal(notifyKindOf({ type: 'UrlUpload' }), 'upload');
  assert.equal(notifyKindOf({ type: 'MetadataUpload' }), 'upload');
  assert.equal(notifyKindOf({ type: 'ImageServingPublish' }), 'publish');
  assert.equal(notifyKindOf({ type: 'MarkForPublish' }), 'publish');
  assert.equal(notifyKindOf({ type: 'Export' }), 'export');
  assert.equal(notifyKindOf({ type: 'Get' }), 'export');
  assert.equal(notifyKindOf({ type: 'Reoptimize' }), 'other');
  assert.equal(notifyKindOf({ type: '' }), 'other');
  // The element wins over a type string IPS does not list.
  assert.equal(notifyKindOf({ type: 'SomethingNew', detailElement: 'exportJob' }), 'export');

  const out = run({
    prefs: prefsWith({ mutedKinds: ['publish', 'other'] }),
    events: [
      fin('u', 'success', { type: 'UrlUpload' }),
      fin('p', 'error', { type: 'ImageServingPublish' }),
      fin('e', 'warning', { type: 'Export' }),
      fin('o', 'error', { type: 'PdfRip' }),
    ],
  });
  assert.deepEqual(keys(out), ['u', 'e']);
});

test('only my jobs: the submitter of any record, compared without case; unknown submitters are not mine', () => {
  const prefs = prefsWith({ onlyMine: true });
  const out = run({
    prefs,
    events: [
      fin('mine', 'error', { submitUserEmail: 'Me@Example.com' }),
      fin('mineLog', 'error', { log: { ...log('mineLog'), submitUserEmail: ME } }),
      fin('theirs', 'error', { submitUserEmail: 'other@example.com' }),
      fin('nobody', 'error'),
    ],
  });
  assert.deepEqual(keys(out), ['mine', 'mineLog']);
  // With no one signed in the rule cannot tell, so it hides nothing.
  assert.equal(run({ prefs, userEmail: '', events: [fin('theirs', 'error', { submitUserEmail: 'other@example.com' })] }).notifications.length, 1);
});

test('the summary counts only the finishes the rules let through; connection news ignores the rules', () => {
  const prefs = prefsWith({ mutedCompanies: ['c|2'] });
  const events: EngineEvent[] = ['a', 'b', 'c', 'd', 'e'].map((k) => fin(k, 'error', { companyHandle: k < 'c' ? 'c|1' : 'c|2' }));
  const out = run({ prefs, events });
  assert.deepEqual(
    out.notifications.map((n) => n.kind),
    ['finished-error', 'finished-error'],
  );
  const conn = run({ prefs: prefsWith({ onlyMine: true, mutedCompanies: ['c|1'] }), events: [{ event: 'connection', state: 'auth-failed' }] });
  assert.deepEqual(
    conn.notifications.map((n) => n.kind),
    ['auth-failed'],
  );
});

test('job notifications carry Open job and Open log, in the user language; others none', () => {
  const out = run({ events: [fin('a', 'error')], locale: 'zh-TW' });
  assert.deepEqual(out.notifications[0]!.actions, [
    { id: 'open-job', label: '開啟作業' },
    { id: 'open-log', label: '開啟記錄' },
  ]);
  const conn = run({ events: [{ event: 'connection', state: 'auth-failed' }] });
  assert.equal(conn.notifications[0]!.actions, undefined);
});

test('old settings files (no rules) still load with the defaults; bad rules reset only themselves', () => {
  const old = settingsSchema.parse({ notifications: { success: false, pausedUntil: '' } });
  assert.deepEqual(old.notifications.rules, { onlyMine: false, mutedCompanies: [], mutedKinds: [] });
  assert.equal(old.notifications.success, false);
  const bad = parseSettingsLenient({ schemaVersion: 1, notifications: { success: false, rules: { mutedKinds: ['videos'] } } });
  assert.equal(bad.partial, true);
  assert.deepEqual(bad.settings.notifications.rules.mutedKinds, []);
  assert.equal(settingsSchema.safeParse({ notifications: { rules: { onlyMine: 'yes' } } }).success, false);
});

/** Run `fn` with the machine's time zone set to `tz` (Node re-reads TZ when it changes). */
function inZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
const local = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

test('snooze "until tomorrow": the next 08:00 across midnight, or the end of quiet hours when they are on', () => {
  inZone('Europe/Berlin', () => {
    const prefs = defaultSettings().notifications;
    assert.deepEqual(tomorrowTarget(prefs), { kind: 'morning', time: '08:00' });
    assert.equal(snoozeUntil('tomorrow', local(2026, 5, 4, 23, 30), prefs), local(2026, 5, 5, 8));
    // After midnight "tomorrow" is this morning, not a day later.
    assert.equal(snoozeUntil('tomorrow', local(2026, 5, 5, 0, 30), prefs), local(2026, 5, 5, 8));
    assert.equal(snoozeUntil('tomorrow', local(2026, 5, 5, 8, 0), prefs), local(2026, 5, 6, 8));
    prefs.quietHours = { enabled: true, from: '22:00', to: '06:30' };
    assert.deepEqual(tomorrowTarget(prefs), { kind: 'quiet-end', time: '06:30' });
    assert.equal(snoozeUntil('tomorrow', local(2026, 5, 4, 21, 0), prefs), local(2026, 5, 5, 6, 30));
    assert.equal(snoozeUntil('1h', local(2026, 5, 4, 23, 30), prefs), local(2026, 5, 4, 23, 30) + 3_600_000);
  });
});

test('snooze across DST: the night is an hour shorter in spring and longer in autumn; a missing wall time moves forward', () => {
  inZone('America/New_York', () => {
    const prefs = defaultSettings().notifications;
    // 2026-03-08: clocks go 02:00 → 03:00. 22:00 EST → 08:00 EDT is 9 hours.
    const spring = Date.parse('2026-03-08T03:00:00.000Z'); // 22:00 EST on the 7th
    assert.equal(snoozeUntil('tomorrow', spring, prefs), Date.parse('2026-03-08T12:00:00.000Z'));
    assert.equal(snoozeUntil('tomorrow', spring, prefs) - spring, 9 * 3_600_000);
    // 2026-11-01: clocks go 02:00 → 01:00. 22:00 EDT → 08:00 EST is 11 hours.
    const autumn = Date.parse('2026-11-01T02:00:00.000Z'); // 22:00 EDT on Oct 31
    assert.equal(snoozeUntil('tomorrow', autumn, prefs) - autumn, 11 * 3_600_000);
    // Quiet hours ending at 02:30, a time that does not exist on the spring-forward day.
    const at = nextLocalTime(spring, '02:30');
    assert.equal(new Date(at).getHours(), 3);
    assert.ok(at > spring && at - spring <= 5 * 3_600_000);
  });
});

test('quiet hours across midnight follow the local clock, also on a DST night', () => {
  inZone('America/New_York', () => {
    const prefs = defaultSettings().notifications;
    prefs.quietHours = { enabled: true, from: '22:00', to: '07:00' };
    assert.equal(quietNow(prefs, Date.parse('2026-03-08T04:30:00.000Z')), true); // 23:30 EST
    assert.equal(quietNow(prefs, Date.parse('2026-03-08T10:30:00.000Z')), true); // 06:30 EDT
    assert.equal(quietNow(prefs, Date.parse('2026-03-08T11:30:00.000Z')), false); // 07:30 EDT
    prefs.quietHours.enabled = false;
    prefs.pausedUntil = new Date(Date.parse('2026-03-08T12:00:00.000Z')).toISOString();
    assert.equal(quietNow(prefs, Date.parse('2026-03-08T11:59:00.000Z')), true);
    assert.equal(quietNow(prefs, Date.parse('2026-03-08T12:00:00.000Z')), false);
  });
});
