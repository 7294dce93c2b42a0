// --account's pieces without a process: where the app's settings file is on each platform,
// which variable holds each account's password, which accounts a selection names, and the
// command-line rules around --account and --settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultSettingsPath, passwordVariables, selectAccounts, settingsPathFor } from '../../electron/cli/accounts.ts';
import { parseCommandLine } from '../../electron/cli/args.ts';
import { UsageError } from '../../electron/cli/errors.ts';
import { savedAccountSchema, type SavedAccount } from '../../shared/settings.ts';

const acct = (id: string, name: string, over: Partial<SavedAccount> = {}): SavedAccount =>
  savedAccountSchema.parse({ id, name, region: 'na', staging: false, serviceUrl: '', user: 'me@example.com', ...over });

function usageKey(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.key;
  }
  assert.fail('expected a usage error');
}

test('the settings file: the app userData folder named after productName, on each platform; IPS_JOBS_SETTINGS and --settings first', () => {
  assert.equal(defaultSettingsPath({}, 'linux', '/home/me'), join('/home/me', '.config', 'IPS Jobs', 'settings.json'));
  assert.equal(defaultSettingsPath({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/me'), join('/xdg', 'IPS Jobs', 'settings.json'));
  assert.equal(defaultSettingsPath({}, 'darwin', '/Users/me'), join('/Users/me', 'Library', 'Application Support', 'IPS Jobs', 'settings.json'));
  assert.equal(
    defaultSettingsPath({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32', 'C:\\Users\\me'),
    join('C:\\Users\\me\\AppData\\Roaming', 'IPS Jobs', 'settings.json'),
  );
  assert.equal(settingsPathFor(undefined, { IPS_JOBS_SETTINGS: '/srv/s.json' }), '/srv/s.json');
  assert.equal(settingsPathFor('/flag.json', { IPS_JOBS_SETTINGS: '/srv/s.json' }), '/flag.json');
});

test('password variables: the name in capitals with _; by id when names collide or have no A-Z/0-9', () => {
  const v = passwordVariables([acct('prod', 'Production'), acct('s1', 'EMEA staging'), acct('a', 'Prod-1'), acct('b', 'prod 1'), acct('cn', '生产')]);
  assert.equal(v.get('prod'), 'IPS_PASSWORD_PRODUCTION');
  assert.equal(v.get('s1'), 'IPS_PASSWORD_EMEA_STAGING');
  assert.equal(v.get('a'), 'IPS_PASSWORD_ID_A', 'Prod-1 and prod 1 would share IPS_PASSWORD_PROD_1');
  assert.equal(v.get('b'), 'IPS_PASSWORD_ID_B');
  assert.equal(v.get('cn'), 'IPS_PASSWORD_ID_CN');
});

test('selection: any case, each account once, all = the watched ones; one account for an action; errors name the known accounts', () => {
  const saved = [acct('prod', 'Production'), acct('stage', 'Staging'), acct('off', 'Off', { enabled: false })];
  const env = { IPS_PASSWORD: 'pw', IPS_PASSWORD_STAGING: 'stage-pw' };
  const names = (list: string[], single?: string) => selectAccounts(list, saved, env, single).map((r) => `${r.account.name}:${r.password}`);
  assert.deepEqual(names(['staging', 'PRODUCTION', 'Staging']), ['Production:pw', 'Staging:stage-pw'], "the settings' order, once each");
  assert.deepEqual(names(['all']), ['Production:pw', 'Staging:stage-pw'], 'all leaves out the account that is not watched');
  assert.deepEqual(names(['off']), ['Off:pw'], 'a saved account not watched can still be named');
  assert.deepEqual(names(['Staging'], 'stop'), ['Staging:stage-pw']);
  assert.equal(
    usageKey(() => names(['Staging', 'Production'], 'stop')),
    'cli.error.oneAccount',
  );
  assert.equal(
    usageKey(() => names(['all'], 'stop')),
    'cli.error.oneAccount',
  );
  assert.equal(
    usageKey(() => names(['nope'])),
    'cli.error.unknownAccount',
  );
  assert.equal(
    usageKey(() => selectAccounts(['x'], [], env)),
    'cli.error.noSavedAccounts',
  );
  assert.equal(
    usageKey(() => selectAccounts(['all'], [saved[2]!], env)),
    'cli.error.noEnabledAccounts',
  );
  assert.equal(
    usageKey(() => selectAccounts(['Production'], saved, {})),
    'cli.error.accountNoPassword',
  );
  assert.equal(
    usageKey(() => selectAccounts(['u'], [acct('u', 'U', { user: '' })], env)),
    'cli.error.accountNoUser',
  );
  // A saved account named "all" is that account.
  assert.deepEqual(
    selectAccounts(['ALL'], [...saved, acct('all', 'All')], env, 'stop').map((r) => r.account.id),
    ['all'],
  );
});

test('args: --account repeats and excludes another server or user; --settings needs it; accounts takes only --settings and --json', () => {
  const p = parseCommandLine(['active', '--account', 'Production', '--account', 'Staging', '--settings', '/s.json', '--company', 'c|1']);
  assert.deepEqual(p.parsed, {
    kind: 'list',
    command: 'active',
    json: false,
    conn: { accounts: ['Production', 'Staging'], settingsPath: '/s.json', demo: false, staging: false, companies: ['c|1'] },
  });
  for (const extra of [['--region', 'na'], ['--service-url', 'https://x.example.com/'], ['--demo'], ['--user', 'a@b.c']]) {
    assert.equal(
      usageKey(() => parseCommandLine(['active', '--account', 'A', ...extra])),
      'cli.error.accountConflict',
    );
  }
  assert.equal(
    usageKey(() => parseCommandLine(['active', '--account', ' '])),
    'cli.error.missingValue',
  );
  assert.equal(
    usageKey(() => parseCommandLine(['active', '--settings', '/s.json'])),
    'cli.error.settingsNeedsAccount',
  );
  assert.deepEqual(parseCommandLine(['accounts', '--json', '--settings', '/s.json']).parsed, { kind: 'accounts', json: true, settingsPath: '/s.json' });
  assert.equal(
    usageKey(() => parseCommandLine(['accounts', '--account', 'A'])),
    'cli.error.optionNotForCommand',
  );
  assert.equal(
    usageKey(() => parseCommandLine(['download', 'https://x.example.com/a', '--to', '.', '--account', 'A'])),
    'cli.error.optionNotForCommand',
  );
});
