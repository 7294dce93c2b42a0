import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTrayState, trayIconFor, trayProgress } from '../../electron/core/tray-state.ts';
import type { Job } from '../../shared/domain.ts';
import { job, trayInput } from './tray-fixtures.ts';

const base = trayInput;

test('icon priority: auth > offline > error > paused > running > warning > idle', () => {
  const failed = job('f', { phase: 'finished', outcome: 'error' });
  const warned = job('w', { phase: 'finished', outcome: 'warning' });
  const running = job('r', { progress: 50, active: {} as NonNullable<Job['active']> });
  const all = [failed, warned, running];
  const att = ['f', 'w'];
  assert.equal(trayIconFor(base({ jobs: all, attention: att, paused: true, connection: { state: 'auth-failed' } })), 'auth');
  assert.equal(trayIconFor(base({ jobs: all, attention: att, paused: true, connection: { state: 'offline' } })), 'offline');
  assert.equal(trayIconFor(base({ jobs: all, attention: att, paused: true })), 'error');
  assert.equal(trayIconFor(base({ jobs: all, attention: ['w'], paused: true })), 'paused');
  assert.equal(trayIconFor(base({ jobs: all, attention: ['w'] })), 'running');
  assert.equal(trayIconFor(base({ jobs: [failed, warned], attention: ['w'] })), 'warning');
  assert.equal(trayIconFor(base({ jobs: [failed, warned] })), 'idle', 'acknowledged failures do not keep the icon red');
  assert.equal(trayIconFor(base({ connection: { state: 'error', error: { kind: 'fault', message: 'x' } } })), 'error');
  assert.equal(trayIconFor(base({ connection: { state: 'connecting' } })), 'idle');
});

test('progress is the average of running jobs, null when none', () => {
  assert.equal(trayProgress([]), null);
  assert.equal(trayProgress([job('a', { progress: 20 }), job('b', { progress: 60 }), job('q', { phase: 'queued', progress: 0 })]), 0.4);
  assert.equal(trayProgress([job('a', { phase: 'finished', outcome: 'success' })]), null);
});

test('menu: running jobs with %, recent finished, actions with toggle-pause checked', () => {
  const jobs = [
    job('a', { progress: 25, startDate: '2024-05-02T08:00:00.000Z' }),
    job('q', { phase: 'queued' }),
    ...Array.from({ length: 7 }, (_, i) => job(`d${i}`, { phase: 'finished', outcome: i === 0 ? 'error' : 'success', endDate: `2024-05-02T0${i}:00:00.000Z` })),
  ];
  const s = computeTrayState(base({ jobs, paused: true }));
  const items = s.menu.filter((m) => m.type === 'job');
  assert.equal(items.length, 2 + 5);
  assert.equal(items[0]!.label, 'Job a — 25%');
  assert.equal(items[1]!.label, 'Job q — queued');
  assert.equal(items[2]!.label, 'Job d6 — succeeded', 'newest finished first');
  const actions = s.menu.filter((m) => m.type === 'action').map((m) => m.id);
  assert.deepEqual(actions, ['open-window', 'poll-now', 'toggle-pause', 'settings', 'quit']);
  const toggle = s.menu.find((m) => m.id === 'toggle-pause');
  assert.equal(toggle?.type === 'action' && toggle.checked, true);
  assert.equal(s.icon, 'paused');
  assert.match(s.tooltip, /Polling paused/);
  assert.ok(s.menu.some((m) => m.type === 'separator'));
  // Deterministic: same input, same state.
  assert.deepEqual(computeTrayState(base({ jobs, paused: true })), s);
});

test('tooltip is localized and short', () => {
  const jobs = [job('a', { progress: 50 }), job('b', { progress: 50 })];
  assert.equal(computeTrayState(base({ jobs })).tooltip, 'IPS Jobs\n2 jobs running (50%)');
  assert.match(computeTrayState(base({ jobs, locale: 'zh-CN' })).tooltip, /2 个作业正在运行/);
  assert.match(computeTrayState(base({ jobs, locale: 'zh-TW' })).tooltip, /2 個作業執行中/);
  assert.match(computeTrayState(base({ connection: { state: 'auth-failed' } })).tooltip, /Sign-in failed/);
  const many = Array.from({ length: 3 }, (_, i) => job(`x${i}`, { phase: 'finished', outcome: 'error' }));
  const t = computeTrayState(
    base({ jobs: [...jobs, ...many], attention: many.map((j) => j.key), connection: { state: 'error', error: { kind: 'fault', message: 'x'.repeat(300) } } }),
  ).tooltip;
  assert.ok(t.length <= 127);
});
