// Settings (electron-store + the settings schema) and the password (safeStorage): the
// password is encrypted before it touches disk and never written in plain; Linux's
// plain-text backend is reported; a damaged settings file never crashes and is kept.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fake, safeStorage } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';

const { createSecretStore } = await import('../../electron/adapters/secret-store.ts');
const { createSettingsStore } = await import('../../electron/adapters/settings-store.ts');

const PASSWORD = 'c0rrect-h0rse-battery!';
const tmp = (): string => tempDir('ips-stores-');

beforeEach(() => fake.reset());

test('the password is encrypted with safeStorage and the plain text never reaches the disk', async () => {
  const dir = tmp();
  const path = join(dir, 'credentials.bin');
  const store = createSecretStore({ path, platform: 'linux' });
  assert.equal(store.storage('main'), 'none');
  await store.set('main', PASSWORD, { sessionOnly: false });
  assert.equal(fake.encryptCalls, 1);
  const bytes = readFileSync(join(dir, 'credentials-main.bin'));
  assert.ok(!bytes.includes(Buffer.from(PASSWORD)), 'plain password on disk');
  assert.ok(!bytes.includes(Buffer.from(Buffer.from(PASSWORD).toString('base64'))), 'base64 password on disk');
  for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f)).includes(Buffer.from(PASSWORD)), f);
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, 'credentials-main.bin')).mode & 0o777, 0o600);
  assert.equal(store.storage('main'), 'encrypted');
  // A new process reads it back through decryptStringAsync.
  const again = createSecretStore({ path, platform: 'linux' });
  assert.equal(await again.get('main'), PASSWORD);
});

test("each account's password in its own file; the one password of a version-1 install becomes its account's", async () => {
  const dir = tmp();
  const path = join(dir, 'credentials.bin');
  const v1 = createSecretStore({ path, platform: 'linux' });
  await v1.set('main', PASSWORD, { sessionOnly: false });
  renameSync(join(dir, 'credentials-main.bin'), path); // what a version-1 install left behind
  const store = createSecretStore({ path, platform: 'linux' });
  assert.equal(store.storage('main'), 'encrypted', 'the old file counts before it moves');
  assert.equal(store.storage('staging'), 'none');
  assert.equal(await store.get('staging'), undefined, 'another account does not get it');
  assert.equal(await store.get('main'), PASSWORD);
  assert.equal(existsSync(path), false, 'moved to its account');
  await store.set('staging', 'other-secret', { sessionOnly: false });
  const again = createSecretStore({ path, platform: 'linux' });
  assert.equal(await again.get('main'), PASSWORD);
  assert.equal(await again.get('staging'), 'other-secret');
  await again.clear('staging');
  assert.equal(await again.get('main'), PASSWORD, 'forgetting one account keeps the other');
  assert.equal(existsSync(join(dir, 'credentials-staging.bin')), false);
  assert.throws(() => again.storage('../x'), 'an id never names another path');
});

test('no system encryption: refuse to store rather than write plain text', async () => {
  safeStorage.available = false;
  const path = join(tmp(), 'credentials.bin');
  const store = createSecretStore({ path, platform: 'win32' });
  await assert.rejects(store.set('main', PASSWORD, { sessionOnly: false }), /session only/);
  assert.equal(existsSync(path), false);
});

test("Linux's plain-text backend is reported so the window can offer session-only", async () => {
  safeStorage.backend = 'basic_text';
  const path = join(tmp(), 'credentials.bin');
  const store = createSecretStore({ path, platform: 'linux' });
  assert.equal(store.storage('main'), 'plain-text-backend');
  await store.set('main', PASSWORD, { sessionOnly: true });
  assert.equal(store.storage('main'), 'session-only');
  assert.equal(existsSync(path), false, 'session-only stays in memory');
  assert.equal(await store.get('main'), PASSWORD);
  await store.clear('main');
  assert.equal(await store.get('main'), undefined);
  assert.equal(store.storage('main'), 'plain-text-backend');
});

test('the basic_text backend means nothing on macOS and Windows', () => {
  safeStorage.backend = 'basic_text';
  const store = createSecretStore({ path: join(tmp(), 'c.bin'), platform: 'darwin' });
  assert.equal(store.storage('main'), 'none');
});

test('a stored password that cannot be decrypted means signing in again, without a crash or a lost file', async () => {
  const path = join(tmp(), 'credentials.bin');
  writeFileSync(path, 'garbage');
  const lines: string[] = [];
  const store = createSecretStore({ path, platform: 'linux', log: (l) => lines.push(l) });
  assert.equal(await store.get('main'), undefined);
  assert.equal(readFileSync(join(path, '..', 'credentials-main.bin'), 'utf8'), 'garbage', 'kept (under its account)');
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes('garbage'));
});

test('settings: defaults on first run, saved and read back, invalid values refused', () => {
  const dir = tmp();
  const s = createSettingsStore({ cwd: dir });
  assert.deepEqual(s.get().accounts, [], 'no account: the demo');
  s.set({ ...s.get(), launchAtLogin: true, historyDays: 7 });
  const again = createSettingsStore({ cwd: dir });
  assert.equal(again.get().launchAtLogin, true);
  assert.equal(again.get().historyDays, 7);
  assert.throws(() => again.set({ ...again.get(), historyDays: 0 }));
  assert.equal(createSettingsStore({ cwd: dir }).get().historyDays, 7);
});

test('settings: a file from before schemaVersion is migrated', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ historyDays: 5, launchAtLogin: true }));
  const s = createSettingsStore({ cwd: dir });
  assert.equal(s.problem, undefined);
  assert.equal(s.get().schemaVersion, 2);
  assert.equal(s.get().historyDays, 5);
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schemaVersion, 2);
});

test("settings: a version-1 file's one account becomes the first of the accounts, nothing lost", () => {
  const dir = tmp();
  const account = { mode: 'ips', region: 'emea', staging: true, serviceUrl: '', user: 'ops@example.com' };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, account, historyDays: 9, companies: ['c|1'] }));
  const s = createSettingsStore({ cwd: dir });
  assert.equal(s.problem, undefined);
  assert.deepEqual(s.get().accounts, [
    { id: 'main', name: 'EMEA staging', enabled: true, region: 'emea', staging: true, serviceUrl: '', user: 'ops@example.com' },
  ]);
  assert.equal(s.get().historyDays, 9);
  assert.deepEqual(s.get().companies, ['c|1']);
  const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
  assert.equal(onDisk.schemaVersion, 2);
  assert.equal(onDisk.account, undefined);
});

test('settings: a corrupt file gives defaults and is kept aside, not lost', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'settings.json'), '{"historyDays": 5,');
  const s = createSettingsStore({ cwd: dir, now: () => Date.UTC(2026, 0, 2) });
  assert.equal(s.get().historyDays, 30);
  assert.match(s.problem ?? '', /unreadable/);
  assert.ok(s.keptAsidePath && existsSync(s.keptAsidePath));
  assert.equal(readFileSync(s.keptAsidePath, 'utf8'), '{"historyDays": 5,');
});

test('settings: invalid fields fall back to defaults, valid ones are kept, the original is kept aside', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, historyDays: 9, polling: { activeSeconds: 1 } }));
  const s = createSettingsStore({ cwd: dir });
  assert.equal(s.get().historyDays, 9);
  assert.equal(s.get().polling.activeSeconds, 10);
  assert.ok(s.keptAsidePath && existsSync(s.keptAsidePath));
});

test('settings: a file from a newer app version gives defaults and is kept aside', () => {
  const dir = tmp();
  const future = JSON.stringify({ schemaVersion: 99, historyDays: 3 });
  writeFileSync(join(dir, 'settings.json'), future);
  const s = createSettingsStore({ cwd: dir });
  assert.equal(s.get().historyDays, 30);
  assert.equal(readFileSync(s.keptAsidePath!, 'utf8'), future);
});
