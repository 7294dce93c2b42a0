// `ips-jobs accounts [--settings FILE] [--json]`: the desktop app's saved accounts as --account
// sees them (./accounts.ts): name, server, user, enabled, and the variable its password is read
// from, whether that is set. Never a password, and no network.
import type { AppLocale, SavedAccount } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { passwordVariables, readSavedAccounts, resolvePassword, settingsPathFor } from './accounts.ts';
import { EXIT } from './errors.ts';
import { toJson } from './json.ts';
import { renderTable } from './table.ts';

export interface AccountsIo {
  env: NodeJS.ProcessEnv;
  out(text: string): Promise<void> | void;
  columns?: number;
}

/** The account's server in words: its service URL, else the region (and staging) as the window names them. */
function serverText(locale: AppLocale, a: SavedAccount): string {
  if (a.serviceUrl) return a.serviceUrl;
  const region = t(locale, `ui.region.${a.region}`);
  return a.staging ? t(locale, 'cli.accounts.staging', { region }) : region;
}

export async function runAccounts(p: { json: boolean; settingsPath?: string }, locale: AppLocale, io: AccountsIo): Promise<number> {
  const path = settingsPathFor(p.settingsPath, io.env);
  const saved = readSavedAccounts(path);
  const variables = passwordVariables(saved);
  const rows = saved.map((a) => ({ a, r: resolvePassword(a, variables, io.env) }));
  if (p.json) {
    const list = rows.map(({ a, r }) => ({
      name: a.name,
      id: a.id,
      enabled: a.enabled,
      region: a.region,
      staging: a.staging,
      ...(a.serviceUrl ? { serviceUrl: a.serviceUrl } : {}),
      user: a.user,
      passwordVariable: r.variable,
      passwordSet: r.password !== undefined,
      ...(r.passwordFrom ? { passwordFrom: r.passwordFrom } : {}),
    }));
    await io.out(`${toJson({ settings: path, accounts: list })}\n`);
    return EXIT.OK;
  }
  if (saved.length === 0) {
    await io.out(`${t(locale, 'cli.accounts.none', { path })}\n`);
    return EXIT.OK;
  }
  const password = (r: (typeof rows)[number]['r']) =>
    r.passwordFrom === r.variable
      ? t(locale, 'cli.accounts.password.own', { variable: r.variable })
      : r.passwordFrom
        ? t(locale, 'cli.accounts.password.shared', { variable: r.variable })
        : t(locale, 'cli.accounts.password.none', { variable: r.variable });
  const table = renderTable(
    [
      { header: t(locale, 'cli.col.account'), max: 40, shrink: 1 },
      { header: t(locale, 'cli.col.server'), max: 60, shrink: 2 },
      { header: t(locale, 'cli.col.user'), max: 40, shrink: 3 },
      { header: t(locale, 'cli.col.enabled') },
      { header: t(locale, 'cli.col.password') },
    ],
    rows.map(({ a, r }) => [a.name, serverText(locale, a), a.user, t(locale, a.enabled ? 'cli.accounts.yes' : 'cli.accounts.no'), password(r)]),
    io.columns,
  );
  await io.out(`${[...table, '', t(locale, 'cli.accounts.from', { path })].join('\n')}\n`);
  return EXIT.OK;
}
