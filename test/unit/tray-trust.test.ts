// The tray's numbers a user can trust: "Running" lists running jobs only, overall progress
// does not jump backwards when a job finishes, and unacknowledged problems stay in the
// menu while other jobs run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTrayState, trayProgress } from '../../electron/core/tray-state.ts';
import type { Job, TrayMenuItem } from '../../shared/domain.ts';
import { job, trayInput } from './tray-fixtures.ts';

const label = (m: TrayMenuItem | undefined): string | undefined => (m && 'label' in m ? m.label : undefined);
const base = trayInput;

test('"Running" lists running jobs only; queued and paused runs are under "Waiting"', () => {
  const jobs = [job('r', { progress: 30 }), job('q', { phase: 'queued' }), job('p', { phase: 'paused', active: {} as Job['active'] })];
  const menu = computeTrayState(base({ jobs })).menu;
  const ids = menu.map((m) => m.id);
  const run = ids.indexOf('header:running');
  const wait = ids.indexOf('header:waiting');
  assert.ok(run >= 0 && wait > run);
  assert.deepEqual(ids.slice(run + 1, wait), ['run:r'], 'only the running job under Running');
  assert.deepEqual(ids.slice(wait + 1, wait + 3).sort(), ['run:p', 'run:q']);
  assert.equal(label(menu.find((m) => m.id === 'header:waiting')), 'Waiting');
  // Only queued jobs: Running says none runs.
  const only = computeTrayState(base({ jobs: [job('q', { phase: 'queued' })] })).menu.map((m) => m.id);
  assert.ok(only.includes('running:none'));
});

test('progress does not jump backwards when a job finishes', () => {
  const a = job('a', { progress: 100 });
  const b = job('b', { progress: 40, startDate: '2024-05-02T09:05:00.000Z' });
  const before = trayProgress([a, b]);
  assert.equal(before, 0.7);
  const aDone = job('a', { phase: 'finished', outcome: 'success', endDate: '2024-05-02T09:10:00.000Z', progress: undefined });
  const after = trayProgress([aDone, b]);
  assert.equal(after, 0.7, 'the finished job counts at 100 % while the other runs');
  // The engine passes the newest finished jobs separately (`recent`): same figure.
  assert.equal(computeTrayState(base({ jobs: [b], recent: [aDone] })).progress, 0.7);
  // A job that finished before the running one started is not part of this spell.
  const old = job('o', { phase: 'finished', outcome: 'success', endDate: '2024-05-02T08:00:00.000Z' });
  assert.equal(trayProgress([old, b]), 0.4);
  // Stopped jobs did not complete their work: not counted as done.
  const stopped = job('s', { phase: 'finished', outcome: 'stopped', endDate: '2024-05-02T09:10:00.000Z' });
  assert.equal(trayProgress([stopped, b]), 0.4);
});

test('a warning not looked at shows in the menu while other jobs run', () => {
  const warned = job('w', { phase: 'finished', outcome: 'warning', endDate: '2024-05-02T09:10:00.000Z' });
  const running = job('r', { progress: 50 });
  const s = computeTrayState(base({ jobs: [warned, running], attention: ['w'] }));
  assert.equal(s.icon, 'running');
  const line = s.menu.find((m) => m.id === 'header:attention');
  assert.equal(label(line), '1 with warnings — not looked at yet');
  assert.equal(s.menu[0]?.id, 'header:attention', 'at the top of the menu');
  assert.match(s.tooltip, /1 job finished with warnings|warning/i);
  const both = computeTrayState(base({ jobs: [warned, running, job('f', { phase: 'finished', outcome: 'error' })], attention: ['w', 'f'], locale: 'en' }));
  assert.equal(label(both.menu.find((m) => m.id === 'header:attention')), '1 failed, 1 with warnings — not looked at yet');
  assert.match(label(computeTrayState(base({ jobs: [warned, running], attention: ['w'], locale: 'zh-CN' })).menu[0]) ?? '', /^1 个有警告（尚未查看）$/);
  // Acknowledged: no line.
  assert.equal(
    computeTrayState(base({ jobs: [warned, running] })).menu.some((m) => m.id === 'header:attention'),
    false,
  );
});
