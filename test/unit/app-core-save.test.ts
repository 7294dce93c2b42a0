// Saving through the app core (fakes from app-core-fake.ts): an account is validated by the
// server before anything is saved, settings merge and validate, and the password never
// leaves the secret store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, SECRET, setup, valueOf } from './app-core-fake.ts';

test('a failed account validation does not save anything', async () => {
  const s = setup();
  await s.core.start();
  const before = s.settingsStore.get();
  const account = { mode: 'ips', user: 'me@example.com', region: 'na', staging: false, serviceUrl: '' } as const;

  const wrong = await s.core.handle('setAccount', { account, password: 'wrong-password' });
  assert.equal(wrong.ok, false);
  if (!wrong.ok) {
    assert.equal(wrong.error.kind, 'authentication');
    assert.match(wrong.error.message, /password/i);
  }
  assert.deepEqual(s.settingsStore.get(), before);
  assert.equal(await s.secretStore.get(s.settingsStore.get().accounts[0]?.id ?? 'main'), undefined);
  assert.equal(s.engines.length, 1, 'engine not restarted');

  const noPassword = await s.core.handle('setAccount', { account });
  assert.equal(noPassword.ok, false);
  if (!noPassword.ok) assert.equal(noPassword.error.kind, 'usage');

  const plainHttp = await s.core.handle('setAccount', {
    account: { ...account, serviceUrl: 'http://ips.example.com/scene7/services/IpsApiService' },
    password: SECRET,
  });
  assert.equal(plainHttp.ok, false);
  if (!plainHttp.ok) assert.equal(plainHttp.error.kind, 'usage');
  assert.deepEqual(s.settingsStore.get(), before);

  await s.core.stop();
  const offline = setup({ network: true });
  await offline.core.start();
  const r = await offline.core.handle('testAccount', { account, password: SECRET });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.kind, 'network');
  const r2 = await offline.core.handle('setAccount', { account, password: SECRET });
  assert.equal(r2.ok, false);
  assert.deepEqual(offline.settingsStore.get().accounts, []);
  assert.equal(await offline.secretStore.get(offline.settingsStore.get().accounts[0]?.id ?? 'main'), undefined);
  await offline.core.stop();
});

test('a valid account is saved with its password and the engine restarts against it', async () => {
  const s = setup();
  await s.core.start();
  const account = { mode: 'ips', user: 'me@example.com', region: 'apac', staging: true, serviceUrl: '' } as const;
  const tested = await s.core.handle('testAccount', { account, password: SECRET });
  assert.deepEqual(tested, { ok: true, value: [{ companyHandle: 'c1', name: 'Company One' }] });
  assert.deepEqual(s.settingsStore.get().accounts, [], 'testAccount saves nothing');

  const r = await s.core.handle('setAccount', { account, password: SECRET, sessionOnly: true });
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.value.hasPassword, true);
    assert.equal(r.value.settings.accounts[0]!.user, 'me@example.com');
  }
  assert.equal(s.settingsStore.get().accounts[0]!.region, 'apac');
  assert.equal(await s.secretStore.get(s.settingsStore.get().accounts[0]?.id ?? 'main'), SECRET);
  assert.equal(s.engines.length, 2);
  assert.ok(s.engines[0]!.stopped);
  assert.ok(s.engines[1]!.started);
  assert.equal(s.engines[1]!.opts.userEmail, 'me@example.com');
  assert.equal(s.core.snapshot().demo, false);

  // Same user, empty password: the stored one is kept.
  const again = await s.core.handle('setAccount', { account: { ...account }, password: '' });
  assert.equal(again.ok, true);
  assert.equal(await s.secretStore.get(s.settingsStore.get().accounts[0]?.id ?? 'main'), SECRET);
  // Another server (here the staging flag) needs the password typed again (#13.7).
  const moved = await s.core.handle('setAccount', { account: { ...account, staging: false }, password: '' });
  assert.ok(!moved.ok && moved.error.input === 'password-retype');
  assert.equal(await s.secretStore.get(s.settingsStore.get().accounts[0]?.id ?? 'main'), SECRET);
  await s.core.stop();
});

test('saveSettings merges nested fields, validates, saves and updates the engine', async () => {
  const s = setup();
  await s.core.start();
  const seen: unknown[] = [];
  s.core.on('settings', (v) => seen.push(v));
  let r = await s.core.handle('saveSettings', { notifications: { error: false } });
  assert.equal(r.ok, true);
  r = await s.core.handle('saveSettings', { notifications: { success: false }, language: 'zh-TW' });
  assert.equal(r.ok, true);
  const saved = s.settingsStore.get();
  assert.equal(saved.notifications.error, false, 'earlier nested change kept');
  assert.equal(saved.notifications.success, false);
  assert.equal(saved.notifications.stalledMinutes, 15);
  assert.equal(saved.language, 'zh-TW');
  if (r.ok) assert.equal(r.value.locale, 'zh-TW');
  assert.equal(s.engines[0]!.updates.length, 2);
  assert.equal(seen.length, 2);

  assert.deepEqual(await s.core.handle('pauseNotifications', { until: '2030-01-01T00:00:00Z' }), { ok: true });
  assert.equal(s.settingsStore.get().notifications.pausedUntil, '2030-01-01T00:00:00.000Z');
  assert.deepEqual(await s.core.handle('pauseNotifications', { until: '' }), { ok: true });
  assert.equal(s.settingsStore.get().notifications.pausedUntil, '');
  await s.core.stop();
});

test('the password never appears in an event, the snapshot, a result or the log', async () => {
  const s = setup();
  const wire: string[] = [];
  for (const e of ['jobs-patch', 'tray', 'connection', 'polling', 'settings', 'companies', 'navigate'] as const) {
    s.core.on(e, (p) => wire.push(JSON.stringify(p)));
  }
  s.core.onEngineEvent((e) => wire.push(JSON.stringify(e)));
  await s.core.start();
  const account = { mode: 'ips', user: 'me@example.com', region: 'na', staging: false, serviceUrl: '' } as const;
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: 'wrong-' + SECRET })));
  wire.push(JSON.stringify(await s.core.handle('testAccount', { account, password: SECRET })));
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: SECRET })));
  wire.push(JSON.stringify(await s.core.handle('getSnapshot', undefined)));
  wire.push(JSON.stringify(await s.core.handle('getSettings', undefined)));
  wire.push(JSON.stringify(await s.core.handle('setAccount', { account, password: SECRET, bogus: SECRET })));
  const all = wire.join('\n') + s.logs.join('\n');
  assert.ok(wire.length > 8);
  assert.ok(!all.includes(SECRET), 'password leaked');
  assert.ok(!all.includes(DEMO_PASSWORD), 'demo password leaked');
  assert.equal(valueOf(await s.core.handle('getSettings', undefined)).hasPassword, true);
  await s.core.stop();
});
