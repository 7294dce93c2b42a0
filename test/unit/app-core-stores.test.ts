// The JSON settings and history stores: corrupt files are kept aside and never crash,
// partly valid files keep their valid fields, old versions migrate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../shared/settings.ts';
import { createJsonSettingsStore, createMemorySecretStore, migrateSettings } from '../../electron/core/stores.ts';
import { tempDir } from '../helpers/tmp.ts';

function tmp(t: { after(fn: () => void): void }): string {
  const dir = tempDir('ips-jobs-stores-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a missing file gives the defaults and set() writes a valid file', (t) => {
  const dir = tmp(t);
  const path = join(dir, 'sub', 'settings.json');
  const store = createJsonSettingsStore(path);
  assert.deepEqual(store.get(), defaultSettings());
  assert.equal(store.loadResult.problem, undefined);
  const s = store.get();
  s.historyDays = 7;
  store.set(s);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).historyDays, 7);
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(createJsonSettingsStore(path).get().historyDays, 7);
  assert.throws(() => store.set({ ...s, historyDays: -1 }));
  assert.equal(createJsonSettingsStore(path).get().historyDays, 7, 'invalid set writes nothing');
});

test('a corrupt file gives the defaults and is kept aside', (t) => {
  const dir = tmp(t);
  const path = join(dir, 'settings.json');
  for (const garbage of ['{"historyDays": 7,', '\u0000\u0001binary', '[1,2,3]', 'null', '']) {
    writeFileSync(path, garbage);
    const store = createJsonSettingsStore(path);
    assert.deepEqual(store.get(), defaultSettings(), JSON.stringify(garbage));
    assert.ok(store.loadResult.problem);
    assert.ok(store.loadResult.keptAsidePath);
    assert.equal(readFileSync(store.loadResult.keptAsidePath!, 'utf8'), garbage);
    rmSync(store.loadResult.keptAsidePath!);
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('a partly invalid file keeps its valid fields', (t) => {
  const dir = tmp(t);
  const path = join(dir, 'settings.json');
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, historyDays: 9, theme: 'purple', polling: { activeSeconds: 1 }, language: 'zh-CN' }));
  const store = createJsonSettingsStore(path);
  const s = store.get();
  assert.equal(s.historyDays, 9);
  assert.equal(s.language, 'zh-CN');
  assert.equal(s.theme, 'system');
  assert.deepEqual(s.polling, defaultSettings().polling);
  assert.ok(store.loadResult.keptAsidePath, 'original kept for the user');
});

test('schema migrations: a file without a version migrates; a newer version is kept aside', (t) => {
  const dir = tmp(t);
  const path = join(dir, 'settings.json');
  writeFileSync(path, JSON.stringify({ historyDays: 12 }));
  const store = createJsonSettingsStore(path);
  assert.equal(store.get().historyDays, 12);
  assert.equal(store.get().schemaVersion, 2);
  assert.equal(store.loadResult.problem, undefined);

  assert.throws(() => migrateSettings({ schemaVersion: 99 }), /newer/);
  writeFileSync(path, JSON.stringify({ schemaVersion: 99, historyDays: 12 }));
  const newer = createJsonSettingsStore(path);
  assert.deepEqual(newer.get(), defaultSettings());
  assert.ok(newer.loadResult.keptAsidePath);
});

test('version 1 to 2: the one account becomes the first of the accounts, with its password and history id', (t) => {
  const base = { schemaVersion: 1, historyDays: 9 };
  const ips = { mode: 'ips', region: 'na', staging: false, serviceUrl: '', user: 'ops@example.com' };
  const v2 = (account: unknown) => migrateSettings({ ...base, account }) as { schemaVersion: number; accounts: unknown[]; account?: unknown };
  assert.deepEqual(v2(ips).accounts, [{ id: 'main', name: 'NA', enabled: true, region: 'na', staging: false, serviceUrl: '', user: 'ops@example.com' }]);
  assert.equal(v2(ips).schemaVersion, 2);
  assert.equal('account' in v2(ips), false);
  // The demo was in use with an account typed in: kept, not watched.
  assert.deepEqual(v2({ ...ips, mode: 'demo', serviceUrl: 'https://ips.example.com/scene7/services/IpsApiService' }).accounts, [
    {
      id: 'main',
      name: 'ips.example.com',
      enabled: false,
      region: 'na',
      staging: false,
      serviceUrl: 'https://ips.example.com/scene7/services/IpsApiService',
      user: 'ops@example.com',
    },
  ]);
  assert.deepEqual(v2({ mode: 'demo', user: '' }).accounts, [], 'no user: there was no account');
  assert.deepEqual(v2(undefined).accounts, []);
  assert.deepEqual(v2({ mode: 'ips', user: 'x@example.com', region: 'mars' }).accounts, [], 'an invalid account is not invented');
  // Through the file store: read, migrated, written back in the new shape.
  const path = join(tmp(t), 'settings.json');
  writeFileSync(path, JSON.stringify({ ...base, account: { ...ips, staging: true } }));
  const store = createJsonSettingsStore(path);
  assert.equal(store.loadResult.problem, undefined);
  assert.equal(store.get().accounts[0]?.name, 'NA staging');
  assert.equal(store.get().historyDays, 9);
});

test('memory secret store reports its storage', async () => {
  const s = createMemorySecretStore();
  assert.equal(s.storage('a'), 'none');
  await s.set('a', 'x', { sessionOnly: true });
  assert.equal(await s.get('a'), 'x');
  assert.equal(s.storage('a'), 'session-only');
  assert.equal(await s.get('b'), undefined, 'one password per account');
  await s.clear('a');
  assert.equal(await s.get('a'), undefined);
  assert.equal(await createMemorySecretStore('v1').get('main'), 'v1', "a version-1 password is the first account's");
});
