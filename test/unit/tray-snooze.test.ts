// The tray's "Pause notifications" submenu: presets that say what they mean, and while paused
// a label that says until when, with Resume first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTrayState } from '../../electron/core/tray-state.ts';
import { trayInput } from './tray-fixtures.ts';
import type { TrayMenuItem } from '../../shared/domain.ts';

const NOW = new Date(2026, 4, 4, 21, 0).getTime(); // local 21:00
const sub = (menu: TrayMenuItem[]) => menu.find((m): m is Extract<TrayMenuItem, { type: 'submenu' }> => m.type === 'submenu');
const labels = (m: Extract<TrayMenuItem, { type: 'submenu' }>) => m.items.map((i) => (i.type === 'separator' ? '—' : 'label' in i ? i.label : ''));

test('not paused: 1 hour, until tomorrow 08:00 (or the end of quiet hours), custom', () => {
  const m = sub(computeTrayState(trayInput({ snooze: { tomorrow: { kind: 'morning', time: '08:00' }, now: NOW } })).menu)!;
  assert.equal(m.label, 'Pause notifications');
  assert.deepEqual(labels(m), ['For 1 hour', 'Until tomorrow 08:00', 'Custom…']);
  const q = sub(computeTrayState(trayInput({ locale: 'zh-TW', snooze: { tomorrow: { kind: 'quiet-end', time: '07:00' }, now: NOW } })).menu)!;
  assert.deepEqual(labels(q), ['1 小時', '直到勿擾時段結束（07:00）', '自訂…']);
});

test('paused: the submenu says until when (the day too when it is not today) and offers Resume', () => {
  const until = new Date(2026, 4, 4, 22, 30).getTime();
  const m = sub(computeTrayState(trayInput({ snooze: { until, tomorrow: { kind: 'morning', time: '08:00' }, now: NOW } })).menu)!;
  assert.match(m.label, /^Notifications paused until 10:30\sPM$/);
  assert.equal(m.items[0]!.type === 'action' && m.items[0]!.id, 'snooze-resume');
  const later = sub(computeTrayState(trayInput({ snooze: { until: until + 2 * 86_400_000, tomorrow: { kind: 'morning', time: '08:00' }, now: NOW } })).menu)!;
  assert.match(later.label, /May 6, 2026/);
  assert.equal(sub(computeTrayState(trayInput()).menu), undefined, 'no snooze input, no submenu');
});
