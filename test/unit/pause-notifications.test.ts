// The pauseNotifications command: presets computed on the core's clock, a custom time in the
// future, resume; a past or unreadable time is a usage error and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommands, type CommandContext } from '../../electron/core/app-commands.ts';
import { defaultSettings, type Settings } from '../../shared/settings.ts';
import { snoozeUntil } from '../../shared/snooze.ts';

function setup(now: number) {
  let settings: Settings = defaultSettings();
  const ctx = {
    settings: () => settings,
    now: () => now,
    saveAndApply: (next: Settings) => {
      settings = next;
      return {} as never;
    },
    log: () => {},
  } as unknown as CommandContext;
  return { handle: createCommands(ctx), paused: () => settings.notifications.pausedUntil, set: (s: Settings) => (settings = s) };
}

test('snooze presets, a custom time, resume; bad times refused', async () => {
  const now = Date.parse('2026-05-04T21:30:00.000Z');
  const s = setup(now);
  assert.deepEqual(await s.handle('pauseNotifications', { preset: '1h' }), { ok: true });
  assert.equal(s.paused(), '2026-05-04T22:30:00.000Z');
  assert.deepEqual(await s.handle('pauseNotifications', { preset: 'tomorrow' }), { ok: true });
  assert.equal(s.paused(), new Date(snoozeUntil('tomorrow', now, defaultSettings().notifications)).toISOString());
  assert.deepEqual(await s.handle('pauseNotifications', { until: '2026-05-06T09:00:00+02:00' }), { ok: true });
  assert.equal(s.paused(), '2026-05-06T07:00:00.000Z');
  for (const bad of [{ until: '2026-05-04T21:00:00Z' }, { until: 'soon' }, { preset: '2d' }, { until: '', preset: '1h' }]) {
    const r = (await s.handle('pauseNotifications', bad)) as { ok: boolean; error?: { kind: string } };
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.equal(r.error?.kind, 'usage');
  }
  assert.equal(s.paused(), '2026-05-06T07:00:00.000Z', 'a refused request changes nothing');
  assert.deepEqual(await s.handle('pauseNotifications', { until: '' }), { ok: true });
  assert.equal(s.paused(), '');
});
