import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNotifications, initialNotifyState, quietNow, type NotifyInput } from '../../electron/core/notify-rules.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { EngineEvent, Job, Outcome } from '../../shared/domain.ts';
import { log } from './core-fake.ts';
import { job as boardJob } from './tray-fixtures.ts';

const NOW = Date.parse('2024-05-02T12:00:00.000Z');
/** A finished job (the tray fixtures' job, without times). */
const job = (key: string, over: Partial<Job> = {}): Job => boardJob(key, { phase: 'finished', firstSeen: '', updatedAt: '', startDate: undefined, ...over });
const fin = (key: string, outcome: Outcome, over: Partial<Job> = {}): EngineEvent => ({ event: 'job-finished', outcome, job: job(key, { outcome, ...over }) });
const prefs = () => defaultSettings().notifications;
const run = (over: Partial<NotifyInput>) =>
  decideNotifications({ events: [], prefs: prefs(), locale: 'en', now: NOW, state: initialNotifyState(), localMinutes: 720, ...over });

test('finished with each outcome, switchable', () => {
  const out = run({
    events: [fin('a', 'error', { log: log('a', { fileErrorCount: 2 }) }), fin('b', 'warning', { log: log('b', { fileWarningCount: 1 }) }), fin('c', 'success')],
  });
  assert.deepEqual(
    out.notifications.map((n) => n.kind),
    ['finished-error', 'finished-warning', 'finished-success'],
  );
  assert.equal(out.notifications[0]!.body, 'Job a: 2 errors.');
  assert.equal(out.notifications[0]!.jobKey, 'a');
  const p = prefs();
  p.success = false;
  p.error = false;
  assert.deepEqual(
    run({ prefs: p, events: [fin('a', 'error'), fin('c', 'success'), fin('d', 'stopped')] }).notifications.map((n) => n.kind),
    ['finished-stopped'],
  );
});

test('fatal error wording, and Chinese', () => {
  const out = run({ locale: 'zh-CN', events: [fin('a', 'error', { log: log('a', { fatalError: true }) })] });
  assert.equal(out.notifications[0]!.title, '作业失败');
  assert.match(out.notifications[0]!.body, /严重错误/);
});

test('never twice for the same job, also across restarts (notified persisted)', () => {
  const first = run({ events: [fin('a', 'success')] });
  assert.equal(first.notifications.length, 1);
  const again = run({ events: [fin('a', 'success')], state: first.state });
  assert.equal(again.notifications.length, 0);
  const restarted = run({ events: [fin('a', 'success')], state: initialNotifyState(first.state.notified) });
  assert.equal(restarted.notifications.length, 0);
});

test('many finishing in one poll → one summary', () => {
  const events = [...Array.from({ length: 10 }, (_, i) => fin(`s${i}`, 'success')), fin('e1', 'error'), fin('e2', 'error')];
  const out = run({ events });
  assert.equal(out.notifications.length, 1);
  assert.equal(out.notifications[0]!.kind, 'summary');
  assert.equal(out.notifications[0]!.body, '12 jobs finished, 2 with errors.');
  assert.equal(out.notifications[0]!.urgency, 'critical');
  assert.equal(run({ events: events.slice(0, 3) }).notifications.length, 3, 'three stay single');
  assert.match(run({ events, locale: 'zh-TW' }).notifications[0]!.body, /12 個作業已完成，其中 2 個發生錯誤/);
});

test('baseline poll: finished jobs are history, but marked', () => {
  const events = Array.from({ length: 200 }, (_, i) => fin(`h${i}`, i % 7 ? 'success' : 'error'));
  const out = run({ events, baseline: true });
  assert.equal(out.notifications.length, 0);
  assert.equal(out.state.notified.size, 200);
});

test('started is off by default; stalled once per job', () => {
  const started: EngineEvent = { event: 'job-started', job: job('r', { phase: 'running' }) };
  assert.equal(run({ events: [started] }).notifications.length, 0);
  const p = prefs();
  p.started = true;
  assert.equal(run({ events: [started], prefs: p }).notifications[0]!.kind, 'started');
  const s1 = run({ stalled: [job('r', { phase: 'running' })] });
  assert.equal(s1.notifications[0]!.kind, 'stalled');
  assert.equal(s1.notifications[0]!.body, 'Job r has made no progress for 15 minutes.');
  assert.equal(run({ stalled: [job('r', { phase: 'running' })], state: s1.state }).notifications.length, 0);
});

test('connection lost and restored once each, not per retry; auth once', () => {
  const off: EngineEvent = { event: 'connection', state: 'offline', error: { kind: 'network', message: 'ECONNREFUSED' } };
  const ok: EngineEvent = { event: 'connection', state: 'ok' };
  let st = initialNotifyState();
  const kinds: string[] = [];
  for (const [e, t] of [
    [off, 0],
    [off, 1],
    [{ ...off, state: 'error' } as EngineEvent, 2],
    [ok, 3],
    [ok, 4],
  ] as const) {
    const o = run({ events: [e], state: st, now: NOW + t * 60_000 });
    st = o.state;
    kinds.push(...o.notifications.map((n) => n.kind));
  }
  assert.deepEqual(kinds, ['connection-lost', 'connection-restored']);
  // A flap right after: silent.
  const flap = run({ events: [off, ok], state: st, now: NOW + 5 * 60_000 });
  assert.equal(flap.notifications.length, 0);
  // Much later: a new outage is news again.
  assert.equal(run({ events: [off], state: flap.state, now: NOW + 60 * 60_000 }).notifications.length, 1);
  const auth: EngineEvent = { event: 'connection', state: 'auth-failed' };
  const a1 = run({ events: [auth, auth] });
  assert.deepEqual(
    a1.notifications.map((n) => n.kind),
    ['auth-failed'],
  );
  assert.equal(run({ events: [auth], state: a1.state }).notifications.length, 0);
});

test('quiet hours across midnight and pausedUntil suppress popups but still mark them', () => {
  const p = prefs();
  p.quietHours = { enabled: true, from: '22:00', to: '07:00' };
  assert.equal(quietNow(p, NOW, 23 * 60), true);
  assert.equal(quietNow(p, NOW, 3 * 60), true);
  assert.equal(quietNow(p, NOW, 7 * 60), false);
  assert.equal(quietNow(p, NOW, 12 * 60), false);
  const q = run({ prefs: p, localMinutes: 23 * 60, events: [fin('a', 'error')] });
  assert.equal(q.notifications.length, 0);
  assert.ok(q.state.notified.has('fin:a'));
  const p2 = prefs();
  p2.pausedUntil = new Date(NOW + 3600_000).toISOString();
  assert.equal(run({ prefs: p2, events: [fin('b', 'error')] }).notifications.length, 0);
  p2.pausedUntil = new Date(NOW - 1).toISOString();
  assert.equal(run({ prefs: p2, events: [fin('b', 'error')] }).notifications.length, 1);
});

test('connection lost, in Chinese: the reason is Chinese too, not the client’s English', () => {
  const out = run({
    locale: 'zh-TW',
    events: [
      { event: 'connection', state: 'offline', error: { kind: 'network', message: 'Could not reach IPS for getActiveJobs: the connection was refused' } },
    ],
  });
  const lost = out.notifications.find((n) => n.kind === 'connection-lost');
  assert.ok(lost, 'a connection-lost notification');
  assert.match(lost.body, /無法連線到 IPS/);
  assert.doesNotMatch(lost.body, /Could not reach/);
});

test('the notified marks survive a save and restore as the same strings, odd ones included; a removed job loses its marks', () => {
  const first = run({
    events: [fin('a', 'success'), { event: 'job-started', job: job('a', { phase: 'running' }) }],
    stalled: [job('b', { phase: 'running' })],
  });
  assert.equal(first.added, 3);
  const saved = [...first.state.notified, 'legacy-mark', 'fin:'];
  assert.deepEqual([...saved].sort(), ['fin:', 'fin:a', 'legacy-mark', 'stall:b', 'start:a']);
  const restored = initialNotifyState(saved).notified;
  assert.equal(restored.size, 5);
  assert.ok(restored.has('fin:a') && restored.has('start:a') && restored.has('stall:b') && restored.has('legacy-mark') && restored.has('fin:'));
  assert.ok(!restored.has('fin:b') && !restored.has('stall:a'));
  assert.equal(restored.deleteJob('a'), 2);
  assert.equal(restored.size, 3);
  assert.deepEqual([...restored.marks((k) => k !== 'b')].sort(), ['fin:', 'legacy-mark']);
  assert.equal(run({ events: [fin('a', 'success')], state: { ...first.state, notified: restored } }).notifications.length, 1, 'a removed job is news again');
});
