// The account commands of the app core (./app-commands.ts): test, save (add or change),
// remove, enable / disable a saved account. Each saved account has its id (its password's key
// in the secret store), a unique name and its server and user (shared/settings.ts). The stored
// password of an account goes only to that account's own server (./account.ts).
import type { ErrorInfo } from '../../shared/domain.ts';
import type { Commands } from '../../shared/ipc.ts';
import { MAX_ACCOUNTS, accountSettingsOf, defaultAccountName, type AccountSettings, type SavedAccount } from '../../shared/settings.ts';
import { passwordFor, sameUserAndServer } from './account.ts';
import type { CommandContext, Handlers } from './app-commands.ts';

type AccountHandlers = Pick<Handlers, 'testAccount' | 'setAccount' | 'removeAccount' | 'setAccountEnabled'>;

const NO_ACCOUNT: AccountSettings = { mode: 'ips', region: 'na', staging: false, serviceUrl: '', user: '' };

function usage(message: string, operation: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { kind: 'usage', message, operation } };
}

/** A new account's id from its name: `production`, `emea-staging`, … (unique among `taken`). */
export function newAccountId(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'account';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export function createAccountCommands(ctx: CommandContext): AccountHandlers {
  const find = (id: string | undefined): SavedAccount | undefined => {
    const list = ctx.settings().accounts;
    return id === undefined ? list[0] : list.find((a) => a.id === id);
  };
  const stored = (a: SavedAccount | undefined) => () => (a ? ctx.secretStore.get(a.id) : Promise.resolve(undefined));

  async function saveAccounts(accounts: SavedAccount[], what: string): Promise<Commands['setAccount']> {
    try {
      ctx.saveAndApply({ ...ctx.settings(), accounts });
    } catch (err) {
      return { ok: false, error: { kind: 'internal', message: `Cannot save the ${what}: ${(err as Error).message}` } };
    }
    await ctx.restart();
    return { ok: true, value: ctx.settingsView() };
  }

  return {
    testAccount: async (a) => {
      const saved = find(a.id);
      const pw = await passwordFor(a.account, saved ? accountSettingsOf(saved) : NO_ACCOUNT, a.password, stored(saved));
      if ('error' in pw) return { ok: false, error: { ...pw.error, operation: 'testAccount' } };
      const r = await ctx.session.tryAccount(a.account, pw.password);
      return r.ok ? { ok: true, value: r.value.companies } : r;
    },
    setAccount: async (a) => {
      const list = ctx.settings().accounts;
      const target = a.add ? undefined : find(a.id);
      if (!a.add && a.id !== undefined && !target) return usage('There is no saved account with this id.', 'setAccount');
      if (!target && list.length >= MAX_ACCOUNTS) return usage(`At most ${MAX_ACCOUNTS} accounts can be saved.`, 'setAccount');
      const name = a.name ?? target?.name ?? defaultAccountName(a.account);
      if (list.some((x) => x.id !== target?.id && x.name.toLowerCase() === name.toLowerCase())) {
        return usage(`Another account is already called ${JSON.stringify(name)}.`, 'setAccount');
      }
      const demo = a.account.mode === 'demo';
      const password = a.password || undefined;
      if (!demo) {
        const pw = await passwordFor(a.account, target ? accountSettingsOf(target) : NO_ACCOUNT, password, stored(target));
        if ('error' in pw) return { ok: false, error: { ...pw.error, operation: 'setAccount' } };
        const r = await ctx.session.tryAccount(a.account, pw.password);
        if (!r.ok) return r;
      } else if (!a.account.user && !target) {
        // The demo and no account to keep: nothing to save, only watch no account.
        return saveAccounts(
          list.map((x) => ({ ...x, enabled: false })),
          'account',
        );
      }
      const id =
        target?.id ??
        newAccountId(
          name,
          list.map((x) => x.id),
        );
      const { region, staging, serviceUrl, user } = a.account;
      const entry: SavedAccount = { id, name, enabled: !demo && a.watch, region, staging, serviceUrl, user };
      try {
        if (password !== undefined && !demo) await ctx.secretStore.set(id, password, { sessionOnly: a.sessionOnly });
        // The stored password belongs to the saved user and server: another one, without a new password, forgets it.
        else if (target && !sameUserAndServer(a.account, accountSettingsOf(target)) && (await ctx.secretStore.get(id)) !== undefined)
          await ctx.secretStore.clear(id);
      } catch (err) {
        return { ok: false, error: { kind: 'internal', message: `Cannot save the account: ${(err as Error).message}` } };
      }
      return saveAccounts(target ? list.map((x) => (x.id === id ? entry : x)) : [...list, entry], 'account');
    },
    removeAccount: async (a) => {
      const list = ctx.settings().accounts;
      if (!list.some((x) => x.id === a.id)) return usage('There is no saved account with this id.', 'removeAccount');
      try {
        await ctx.secretStore.clear(a.id);
      } catch (err) {
        ctx.log(`could not forget the password of a removed account: ${(err as Error).message}`);
      }
      return saveAccounts(
        list.filter((x) => x.id !== a.id),
        'accounts',
      );
    },
    setAccountEnabled: async (a) => {
      const list = ctx.settings().accounts;
      if (!list.some((x) => x.id === a.id)) return usage('There is no saved account with this id.', 'setAccountEnabled');
      return saveAccounts(
        list.map((x) => (x.id === a.id ? { ...x, enabled: a.enabled } : x)),
        'accounts',
      );
    },
  };
}
