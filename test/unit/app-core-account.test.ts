// The stored password goes only where the user sent it: testAccount / setAccount with an
// empty password reuse it for the same user on the same server, and ask for it again when
// the service URL, the region or the staging flag changed. Real core, real client, the
// simulator on loopback as the user's server and a recording server as "another" one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { IpsNetworkError } from '../../electron/ips/errors.ts';
import type { IpsConnection } from '../../electron/ips/api.ts';
import { isLoopbackUrl } from '../../shared/loopback.ts';
import { startSimulator } from '../../electron/simulator/index.ts';
import { accountSettingsOf } from '../../shared/settings.ts';
import type { SettingsStore } from '../../electron/core/types.ts';
import { rawServer } from '../integration/ips-client-fixtures.ts';
import { testCore } from '../helpers/core.ts';
import type { AppCoreOptions } from '../../electron/core/app.ts';

const PASSWORD = 'Acc0unt-Only-Here-5d1e';
/** The first saved account, as the account form shows it, and its id. */
const first = (s: SettingsStore) => accountSettingsOf(s.get().accounts[0]!);
const firstId = (s: SettingsStore) => s.get().accounts[0]!.id;

/**
 * The core with the real client, but never beyond this computer: every connection is
 * counted in `conns`, and one to a server not on loopback (a region's real host) fails
 * as offline with `why`.
 */
function loopbackCore(stores: Pick<AppCoreOptions, 'settingsStore' | 'secretStore'>, conns: IpsConnection[], why: string) {
  return testCore({
    ...stores,
    createApi: async (c) => {
      conns.push(c);
      if (!c.serviceUrl || !isLoopbackUrl(c.serviceUrl)) throw new IpsNetworkError(why);
      return createIpsClient(c);
    },
  });
}

test('a changed server needs the password typed again; the stored one never goes there', { timeout: 60_000 }, async (t) => {
  const mine = await startSimulator({
    demo: true,
    seed: 3,
    users: [{ email: 'ops@example.com', password: PASSWORD, defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }],
  });
  t.after(() => mine.close());
  const other = await rawServer((_req, res) => res.writeHead(500).end());
  t.after(() => other.close());

  const settingsStore = createMemorySettingsStore();
  const secretStore = createMemorySecretStore();
  const conns: IpsConnection[] = [];
  const core = loopbackCore({ settingsStore, secretStore }, conns, 'not in this test (would leave 127.0.0.1)');
  t.after(() => core.stop());
  await core.start();

  const account = { mode: 'ips', user: 'ops@example.com', region: 'na', staging: false, serviceUrl: mine.url } as const;
  const saved = await core.handle('setAccount', { account, password: PASSWORD });
  assert.equal(saved.ok, true, JSON.stringify(saved));
  const sent = () =>
    conns.filter((c) => c.password === PASSWORD && c.user === 'ops@example.com').map((c) => c.serviceUrl ?? `${c.region}${c.staging ? '-staging' : ''}`);
  // An account the user stopped watching stays unwatched when Settings saves it again (watch: false), checked all the same.
  const id = settingsStore.get().accounts[0]!.id;
  assert.equal((await core.handle('setAccountEnabled', { id, enabled: false })).ok, true);
  const kept = await core.handle('setAccount', { id, account, watch: false });
  assert.equal(kept.ok, true, JSON.stringify(kept));
  assert.equal(settingsStore.get().accounts[0]!.enabled, false, 'still not watched');
  assert.equal((await core.handle('setAccount', { id, account })).ok, true);
  assert.equal(settingsStore.get().accounts[0]!.enabled, true, 'saved without watch: false, it is watched');
  const before = sent().length;

  // Same user, same server, no password typed: the stored one is used there.
  const same = await core.handle('testAccount', { account });
  assert.equal(same.ok, true, JSON.stringify(same));
  assert.equal(sent().length, before + 1);

  // Another service URL, region or staging flag: typed again, nothing sent anywhere.
  const changes = [
    { ...account, serviceUrl: other.url },
    { ...account, serviceUrl: mine.url.replace('127.0.0.1', 'localhost') },
    { ...account, serviceUrl: '', region: 'emea' as const },
  ];
  for (const next of changes) {
    for (const command of ['testAccount', 'setAccount'] as const) {
      const r = await core.handle(command, { account: next, password: '' });
      assert.equal(r.ok, false, `${command} ${JSON.stringify(next)}`);
      if (!r.ok) {
        assert.equal(r.error.kind, 'usage');
        assert.equal(r.error.input, 'password-retype');
        assert.equal(r.error.message, 'Type the password again: the server changed.');
        assert.equal(r.error.operation, command);
      }
    }
  }
  assert.equal(other.requests.length, 0, 'the other server heard nothing');
  assert.equal(sent().length, before + 1, 'the stored password was not handed to a client for another server');
  assert.equal(first(settingsStore).serviceUrl, mine.url, 'nothing saved');
  assert.equal(await secretStore.get(firstId(settingsStore)), PASSWORD, 'the stored password is kept');

  // Another user, no password: the password is missing (not "typed again").
  const stranger = await core.handle('testAccount', { account: { ...account, user: 'eve@example.com' } });
  assert.ok(!stranger.ok && stranger.error.input === 'password-missing');

  // Typed again for the other server: it goes there, as the user asked.
  const typed = await core.handle('testAccount', { account: { ...account, serviceUrl: other.url }, password: PASSWORD });
  assert.equal(typed.ok, false);
  assert.equal(other.requests.length, 1);
  assert.ok(other.requests[0]!.body.includes(PASSWORD));
});

test('region-based accounts: the staging flag and the region are part of the server', { timeout: 30_000 }, async (t) => {
  const settingsStore = createMemorySettingsStore({ account: { mode: 'ips', user: 'ops@example.com', region: 'na', staging: false, serviceUrl: '' } });
  const secretStore = createMemorySecretStore(PASSWORD);
  const conns: IpsConnection[] = [];
  const core = testCore({
    settingsStore,
    secretStore,
    createApi: async (c) => {
      conns.push(c);
      throw new IpsNetworkError('offline in this test');
    },
  });
  t.after(() => core.stop());
  const account = first(settingsStore);
  const same = await core.handle('testAccount', { account });
  assert.ok(!same.ok && same.error.kind === 'network', 'same region: the stored password is tried');
  assert.equal(conns.at(-1)?.password, PASSWORD);
  const n = conns.length;
  for (const next of [
    { ...account, staging: true },
    { ...account, region: 'apac' as const },
  ]) {
    const r = await core.handle('setAccount', { account: next });
    assert.ok(!r.ok && r.error.input === 'password-retype', JSON.stringify(r));
  }
  assert.equal(conns.length, n, 'no client was made for the changed server');
});

test('saving the demo with another server forgets the stored password', { timeout: 30_000 }, async (t) => {
  const settingsStore = createMemorySettingsStore({
    account: { mode: 'ips', user: 'ops@example.com', region: 'na', staging: false, serviceUrl: 'https://ips.example.com/scene7/services/IpsApiService' },
  });
  const secretStore = createMemorySecretStore(PASSWORD);
  const conns: IpsConnection[] = [];
  const core = loopbackCore({ settingsStore, secretStore }, conns, 'offline in this test');
  t.after(() => core.stop());
  const evil = 'https://evil.example.net/scene7/services/IpsApiService';
  // Step 1: the demo, "saved" with the other server in its (unused) fields.
  const demo = await core.handle('setAccount', { account: { ...first(settingsStore), mode: 'demo', serviceUrl: evil } });
  assert.equal(demo.ok, true, JSON.stringify(demo));
  assert.equal(await secretStore.get(firstId(settingsStore)), undefined, 'the password belonged to the old server');
  // Step 2: back to the account at the other server without a password: nothing to send.
  const r = await core.handle('testAccount', { account: { ...first(settingsStore), mode: 'ips' } });
  assert.ok(!r.ok && r.error.input === 'password-missing', JSON.stringify(r));
  assert.ok(!conns.some((c) => c.password === PASSWORD && c.serviceUrl === evil));
});
