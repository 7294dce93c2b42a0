// The tray at a glance (issue 12 part 5): how many jobs run, running and failed at once, a
// failure the user has looked at turns from the red alert to its outline (a new failure
// makes it red again), and each unfinished run has its quick actions in the menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTrayState, trayIconFor } from '../../electron/core/tray-state.ts';
import { createEngine } from '../../electron/core/engine.ts';
import { createManualClock } from '../../electron/clock.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { Job, TrayMenuItem } from '../../shared/domain.ts';
import { active, fakeApi, log, settle } from './core-fake.ts';
import { job, trayInput } from './tray-fixtures.ts';

const base = trayInput;
const failed = job('f', { phase: 'finished', outcome: 'error', endDate: '2024-05-02T09:10:00.000Z' });
const warned = job('w', { phase: 'finished', outcome: 'warning', endDate: '2024-05-02T09:11:00.000Z' });
type JobItem = Extract<TrayMenuItem, { type: 'job' }>;
const jobItem = (menu: TrayMenuItem[], id: string): JobItem | undefined => menu.find((m): m is JobItem => m.type === 'job' && m.id === id);

test('the count of running jobs: the figure the tooltip names, not queued, paused or finishing runs', () => {
  const jobs = [
    job('a', { progress: 10 }),
    job('b', { progress: 60 }),
    job('q', { phase: 'queued' }),
    job('p', { phase: 'paused', active: {} as Job['active'] }),
    job('z', { finishingSince: '2024-05-02T09:05:00.000Z' }),
  ];
  const s = computeTrayState(base({ jobs }));
  assert.equal(s.running, 2);
  assert.match(s.tooltip, /^IPS Jobs\n2 jobs running \(35%\)\n1 job queued$/);
  assert.equal(computeTrayState(base()).running, 0);
  assert.equal(computeTrayState(base({ jobs, locale: 'zh-CN' })).tooltip.split('\n')[1], '2 个作业正在运行（35%）');
  assert.equal(computeTrayState(base({ jobs, locale: 'zh-TW' })).tooltip.split('\n')[1], '2 個作業執行中（35%）');
});

test('running and failed at once: one icon says both; paused or a connection fault says error', () => {
  const running = job('r', { progress: 50 });
  assert.equal(trayIconFor(base({ jobs: [running, failed], attention: ['f'] })), 'running-error');
  assert.equal(trayIconFor(base({ jobs: [failed], attention: ['f'] })), 'error', 'nothing runs: the plain error');
  assert.equal(trayIconFor(base({ jobs: [running, failed], attention: ['f'], paused: true })), 'error', 'paused: the board is frozen, no running claim');
  assert.equal(trayIconFor(base({ jobs: [running], connection: { state: 'error' } })), 'error', 'a fault of IPS itself');
  assert.equal(trayIconFor(base({ jobs: [running, warned], attention: ['w'] })), 'running', 'a warning stays a menu line while jobs run');
  assert.equal(trayIconFor(base({ jobs: [running, failed], attention: ['f'], connection: { state: 'offline' } })), 'offline');
  const s = computeTrayState(base({ jobs: [running, failed], attention: ['f'] }));
  assert.equal(s.running, 1);
  // The failed job ended during this busy spell: it counts as done in the overall progress.
  assert.deepEqual(s.tooltip.split('\n').slice(1), ['1 job failed', '1 job running (75%)']);
});

test('acknowledged: a failure looked at shows the outline, a new failure makes it red again', () => {
  const seenOnly = computeTrayState(base({ jobs: [failed], seen: ['f'] }));
  assert.equal(seenOnly.icon, 'error-seen');
  assert.deepEqual(seenOnly.tooltip.split('\n').slice(1), ['1 failed job, looked at']);
  assert.equal(
    seenOnly.menu.some((m) => m.id === 'header:attention'),
    false,
    'no "not looked at yet" line',
  );
  const fresh = job('g', { phase: 'finished', outcome: 'error', endDate: '2024-05-02T09:20:00.000Z' });
  const again = computeTrayState(base({ jobs: [failed, fresh], seen: ['f'], attention: ['g'] }));
  assert.equal(again.icon, 'error');
  assert.deepEqual(again.tooltip.split('\n').slice(1), ['1 job failed'], 'the new one only; the seen one is not counted as news');
  assert.equal((again.menu[0] as { label: string }).label, '1 failed — not looked at yet');
  // A warning not looked at is news; a failure already seen is not.
  assert.equal(trayIconFor(base({ jobs: [failed, warned], seen: ['f'], attention: ['w'] })), 'warning');
  // Running work is shown over failures already seen.
  assert.equal(trayIconFor(base({ jobs: [failed, job('r')], seen: ['f'] })), 'running');
  // A seen warning has no outline: idle.
  assert.equal(trayIconFor(base({ jobs: [warned], seen: ['w'] })), 'idle');
  assert.match(computeTrayState(base({ jobs: [failed], seen: ['f'], locale: 'zh-CN' })).tooltip, /1 个失败的作业（已查看）/);
  assert.match(computeTrayState(base({ jobs: [failed], seen: ['f'], locale: 'zh-TW' })).tooltip, /1 個失敗的作業（已檢視）/);
});

test('quick actions: each unfinished run has Open and Stop…, Stop asks with the window’s words and follows its rule', () => {
  const jobs = [
    job('r', { progress: 20, name: 'Spring catalog' }),
    job('s', { phase: 'stopping' }),
    job('q', { phase: 'queued' }),
    job('x', { progress: 5, pendingAction: 'stopping' }),
    failed,
  ];
  const { menu } = computeTrayState(base({ jobs }));
  const r = jobItem(menu, 'run:r');
  assert.deepEqual(
    r?.quick?.map((a) => [a.id, a.label, a.enabled]),
    [
      ['open', 'Open', true],
      ['stop', 'Stop…', true],
    ],
  );
  assert.deepEqual(r?.quick?.[1]?.confirm, {
    title: 'Stop this job?',
    body: '“Spring catalog” will stop at the next safe point. Files already processed stay processed; the rest are not processed.',
    ok: 'Stop',
    cancel: 'Cancel',
  });
  assert.equal(r?.name, 'Spring catalog');
  assert.deepEqual([r?.companyHandle, r?.jobHandle], ['c', 'r']);
  assert.equal(jobItem(menu, 'run:s')?.quick?.[1]?.enabled, false, 'already stopping');
  assert.equal(jobItem(menu, 'run:x')?.quick?.[1]?.enabled, false, 'a stop already sent');
  assert.equal(jobItem(menu, 'run:q')?.quick?.[1]?.enabled, true, 'a queued run can be stopped, as in the window');
  // Finished jobs (the failed one too) open with a click: no submenu.
  assert.equal(jobItem(menu, `recent:${failed.key}`)?.quick, undefined);
  const zh = computeTrayState(base({ jobs: [job('r', { name: '春季目录' })], locale: 'zh-CN' })).menu;
  assert.deepEqual(
    jobItem(zh, 'run:r')?.quick?.map((a) => a.label),
    ['打开', '停止…'],
  );
  assert.equal(jobItem(zh, 'run:r')?.quick?.[1]?.confirm?.title, '要停止此作业吗？');
  const tw = computeTrayState(base({ jobs: [job('r')], locale: 'zh-TW' })).menu;
  assert.deepEqual(
    jobItem(tw, 'run:r')?.quick?.map((a) => a.label),
    ['開啟', '停止…'],
  );
});

test('engine: a failure looked at turns to the outline, a new failure is red again, a later success of the same job clears it', async () => {
  const api = fakeApi();
  const clock = createManualClock(Date.parse('2024-05-02T09:00:00.000Z'));
  const engine = createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: 'me@example.com', clock, random: () => 0.5 });
  api.active = [active('a'), active('b', { name: 'job b', originalName: 'job b' })];
  engine.start();
  await settle();
  assert.equal(engine.tray().running, 2);
  // a fails while b runs: both at once.
  api.active = [active('b')];
  api.logs = [log('a', { fileErrorCount: 2 })];
  clock.advance(10_000);
  await settle();
  assert.equal(engine.tray().icon, 'running-error');
  assert.equal(engine.tray().running, 1);
  engine.acknowledgeAttention?.(['c|1\u0000a']);
  assert.equal(engine.tray().icon, 'running', 'looked at: running shows again');
  // b fails too: red again.
  api.active = [];
  api.logs = [log('a', { fileErrorCount: 2 }), log('b', { fileErrorCount: 1, startDate: '2024-05-02T08:59:30.000Z' })];
  clock.advance(10_000);
  await settle();
  assert.equal(engine.tray().icon, 'error');
  engine.acknowledgeAttention?.(['c|1\u0000b']);
  assert.equal(engine.tray().icon, 'error-seen');
  assert.match(engine.tray().tooltip, /2 failed jobs, looked at/);
  // A new run of "job a" succeeds: a's failure is resolved; b's stays seen.
  api.logs = [
    log('a2', { jobName: 'job a', originalJobName: 'job a', startDate: '2024-05-02T09:00:10.000Z', endDate: '2024-05-02T09:00:15.000Z' }),
    ...api.logs,
  ];
  clock.advance(60_000);
  await settle();
  assert.equal(engine.tray().icon, 'error-seen');
  assert.match(engine.tray().tooltip, /1 failed job, looked at/);
  await engine.stop();
});
