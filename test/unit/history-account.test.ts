// History per account: jobs saved for one server and user are not shown for another (a
// staging job under production would open with "Unknown job handle"); the same account
// gets them back; files from before accounts were recorded still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../electron/core/engine.ts';
import { createManualClock } from '../../electron/clock.ts';
import { createMemoryHistoryStore } from '../../electron/core/history.ts';
import { historyBelongs, historyIdentity } from '../../electron/core/history-identity.ts';
import { defaultSettings, type AccountSettings } from '../../shared/settings.ts';
import type { Events } from '../../shared/ipc.ts';
import type { HistoryStore } from '../../electron/core/types.ts';
import { fakeApi, active, log, settle, type FakeApi } from './core-fake.ts';

const T0 = Date.parse('2024-05-02T09:00:00.000Z');

function account(over: Partial<AccountSettings>): AccountSettings {
  return { mode: 'ips', region: 'na', staging: false, serviceUrl: '', user: 'me@example.com', ...over };
}

function run(acct: AccountSettings, store: HistoryStore, api: FakeApi = fakeApi(), userEmail = 'me@example.com') {
  const clock = createManualClock(T0);
  const settings = defaultSettings();
  const engine = createEngine({ api, settings, locale: 'en', userEmail, account: acct, clock, random: () => 0.5, historyStore: store });
  const patches: Events['jobs-patch'][] = [];
  engine.onPatch((p) => patches.push(p));
  return { engine, api, clock, patches };
}

test('identity: server (region, staging, service URL, demo) and user', () => {
  const base = { mode: 'ips', region: 'na', staging: false, serviceUrl: '' } as const;
  assert.notEqual(historyIdentity(base, 'me@example.com'), historyIdentity({ ...base, staging: true }, 'me@example.com'));
  assert.notEqual(historyIdentity(base, 'me@example.com'), historyIdentity({ ...base, region: 'emea' }, 'me@example.com'));
  assert.notEqual(historyIdentity(base, 'me@example.com'), historyIdentity(base, 'other@example.com'));
  assert.equal(historyIdentity(base, 'Me@Example.com '), historyIdentity(base, 'me@example.com'));
  assert.equal(
    historyIdentity({ ...base, serviceUrl: 'https://s7sps1apissl.scene7.com/scene7/services/IpsApiService/' }, 'me@example.com'),
    historyIdentity({ ...base, serviceUrl: 'https://S7SPS1APISSL.scene7.com/scene7/services/IpsApiService' }, 'me@example.com'),
  );
  assert.notEqual(historyIdentity({ ...base, mode: 'demo' }, 'me@example.com'), historyIdentity(base, 'me@example.com'));
  assert.equal(historyBelongs(undefined, 'x'), true, 'a file from before accounts were recorded loads');
  assert.equal(historyBelongs('y', 'x'), false);
});

test('production history is not shown under staging; production gets it back', async () => {
  const store = createMemoryHistoryStore();
  const prod = run(account({ staging: false }), store);
  prod.api.active = [active('r')];
  prod.engine.start();
  await settle();
  prod.api.active = [];
  prod.api.logs = [log('r')];
  prod.clock.advance(10_000);
  await settle();
  await prod.engine.stop();
  assert.equal(store.saved?.jobs.length, 1);
  assert.equal(store.saved?.account, historyIdentity(account({}), 'me@example.com'));

  const staging = run(account({ staging: true }), createMemoryHistoryStore(store.saved));
  staging.engine.start();
  await settle();
  const restored = staging.patches.flatMap((p) => p.upsert).filter((j) => j.phase === 'finished');
  assert.equal(restored.length, 0, 'no production job under staging');
  await staging.engine.stop();

  const again = run(account({ staging: false }), createMemoryHistoryStore(store.saved));
  again.engine.start();
  await settle();
  assert.equal(again.patches[0]?.upsert.length, 1, 'the same account gets its history back');
  await again.engine.stop();
});

test('only the job the user opened is acknowledged; the other failure keeps the tray red', async () => {
  const store = createMemoryHistoryStore();
  const h = run(account({}), store);
  h.api.active = [active('a'), active('b')];
  h.engine.start();
  await settle();
  h.api.active = [];
  h.api.logs = [log('a', { fileErrorCount: 1 }), log('b', { fileErrorCount: 2 })];
  h.clock.advance(10_000);
  await settle();
  assert.equal(h.engine.tray().icon, 'error');
  const [co] = h.engine.jobs().map((j) => j.companyHandle);
  await h.engine.getJobDetails({ companyHandle: co!, jobHandle: 'a', page: 1 });
  assert.equal(h.engine.tray().icon, 'error', 'b was not looked at: still red');
  assert.match(h.engine.tray().tooltip, /1 job failed|1/);
  await h.engine.getJobDetails({ companyHandle: co!, jobHandle: 'b', page: 1 });
  assert.equal(h.engine.tray().icon, 'error-seen', 'both looked at: the outline of the error icon');
  await h.engine.stop();
});
