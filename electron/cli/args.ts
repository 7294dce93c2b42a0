// The command line, parsed and checked before anything touches the network. Every
// problem is a UsageError (exit 2) whose message is a `cli.` key.
import { parseArgs } from 'node:util';
import type { Region } from '../ips/api.ts';
import { UsageError } from './errors.ts';
import { SUPPORTED_LOCALES, parseLocaleFlag } from './locale.ts';
import type { UploadArgs } from './upload.ts';
import type { DownloadArgs } from './download.ts';
import type { UploadUrlsArgs } from './upload-urls.ts';
import type { ExportArgs } from './export.ts';
import { isLoopbackUrl } from '../../shared/loopback.ts';

export const JOB_COMMANDS = ['log', 'stop', 'pause', 'resume', 'delete', 'run-now', 'rerun'] as const;
export type JobCommand = (typeof JOB_COMMANDS)[number];

const OPTIONS = {
  'service-url': { type: 'string' },
  region: { type: 'string' },
  staging: { type: 'boolean' },
  user: { type: 'string' },
  password: { type: 'string' },
  company: { type: 'string', multiple: true },
  locale: { type: 'string' },
  demo: { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  since: { type: 'string' },
  limit: { type: 'string' },
  search: { type: 'string' },
  submitter: { type: 'string' },
  interval: { type: 'string' },
  once: { type: 'boolean' },
  port: { type: 'string' },
  control: { type: 'boolean' },
  folder: { type: 'string' },
  'job-name': { type: 'string' },
  overwrite: { type: 'boolean' },
  publish: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
  to: { type: 'string' },
  format: { type: 'string' },
  modifier: { type: 'string' },
  macro: { type: 'string' },
  'email-setting': { type: 'string' },
  account: { type: 'string', multiple: true },
  settings: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** The options that say which IPS account and server to use. */
export const CONNECTION: OptionName[] = ['account', 'settings', 'service-url', 'region', 'staging', 'user', 'company', 'locale', 'demo', 'timeout'];
/** The commands, in help's order, and the options each accepts (help, version and password are handled apart). */
export const COMMAND_OPTIONS = {
  active: [...CONNECTION, 'json'],
  scheduled: [...CONNECTION, 'json'],
  logs: [...CONNECTION, 'json', 'csv', 'since', 'limit', 'search', 'submitter'],
  log: [...CONNECTION, 'json', 'csv'],
  stop: [...CONNECTION, 'json'],
  pause: [...CONNECTION, 'json'],
  resume: [...CONNECTION, 'json'],
  delete: [...CONNECTION, 'json'],
  'run-now': [...CONNECTION, 'json'],
  rerun: [...CONNECTION, 'json'],
  watch: [...CONNECTION, 'json', 'interval', 'once'],
  simulator: ['port', 'control', 'locale'],
  upload: [...CONNECTION, 'json', 'folder', 'job-name', 'overwrite', 'publish', 'no-wait'],
  'upload-urls': [...CONNECTION, 'json', 'folder', 'no-wait'],
  export: [...CONNECTION, 'json', 'format', 'modifier', 'macro', 'email-setting', 'to', 'no-wait'],
  download: ['json', 'to', 'locale'],
  accounts: ['settings', 'json', 'locale'],
} satisfies Record<string, OptionName[]>;
export type CommandName = keyof typeof COMMAND_OPTIONS;
export const COMMANDS = Object.keys(COMMAND_OPTIONS) as CommandName[];

export interface ConnectionArgs {
  /** --account NAME (repeatable; `all`): the desktop app's saved accounts (./accounts.ts). Empty: none named. */
  accounts: string[];
  /** --settings FILE: the app's settings file to read them from. */
  settingsPath?: string;
  demo: boolean;
  serviceUrl?: string;
  region?: Region;
  staging: boolean;
  user?: string;
  companies: string[];
  timeoutMs?: number;
}

export type Parsed =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'version' }
  | { kind: 'simulator'; port: number; control?: true }
  | { kind: 'accounts'; json: boolean; settingsPath?: string }
  | ({ kind: 'upload'; conn: ConnectionArgs } & UploadArgs)
  | ({ kind: 'download' } & DownloadArgs)
  | ({ kind: 'upload-urls'; conn: ConnectionArgs } & UploadUrlsArgs)
  | ({ kind: 'export'; conn: ConnectionArgs } & ExportArgs)
  | { kind: 'list'; command: 'active' | 'scheduled'; conn: ConnectionArgs; json: boolean }
  | { kind: 'logs'; conn: ConnectionArgs; json: boolean; csv: boolean; since?: string; limit?: number; search?: string; submitter?: string }
  | { kind: 'job'; command: JobCommand; conn: ConnectionArgs; json: boolean; csv: boolean; jobHandle: string; companyHandle: string }
  | { kind: 'watch'; conn: ConnectionArgs; json: boolean; once: boolean; intervalSeconds?: number };

export interface ParseResult {
  parsed: Parsed;
  /** `--locale`, normalized, when given. */
  locale?: string;
}

function isCommand(s: string | undefined): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s ?? '');
}

/** The option named in a node:util parseArgs error message (never an `=value` part). */
function optionFrom(message: string): string {
  const m = /'(-{1,2}[^'\s=<]+)/.exec(message);
  return m ? m[1]! : '?';
}

function integer(option: string, raw: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError('cli.error.badInteger', { option, value: raw, min, max });
  }
  return n;
}

export function parseCommandLine(argv: readonly string[]): ParseResult {
  let values: { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : K extends 'company' | 'account' ? string[] : string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }) as {
      values: typeof values;
      positionals: string[];
    });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const option = optionFrom(e.message ?? '');
    if (option === '--password' || option.startsWith('--password')) throw new UsageError('cli.error.passwordArg');
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError('cli.error.unknownOption', { option });
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(e.message ?? '')) throw new UsageError('cli.error.noValueExpected', { option });
      throw new UsageError('cli.error.missingValue', { option });
    }
    throw new UsageError('cli.error.badArgs');
  }
  // The password never travels on the command line (it would show in `ps` and shell history).
  if (values.password !== undefined) throw new UsageError('cli.error.passwordArg');

  let locale: string | undefined;
  if (values.locale !== undefined) {
    locale = parseLocaleFlag(values.locale);
    if (!locale) throw new UsageError('cli.error.badLocale', { locale: values.locale, supported: SUPPORTED_LOCALES });
  }
  const result = (parsed: Parsed): ParseResult => (locale ? { parsed, locale } : { parsed });

  const [first, ...rest] = positionals;
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) throw new UsageError('cli.error.unknownCommand', { command: topic });
    return result(topic ? { kind: 'help', command: topic } : { kind: 'help' });
  }
  if (first === undefined) {
    if (values.help) return result({ kind: 'help' });
    if (values.version) return result({ kind: 'version' });
    throw new UsageError('cli.error.noCommand');
  }
  if (!isCommand(first)) throw new UsageError('cli.error.unknownCommand', { command: first });
  const command: CommandName = first;
  if (values.help) return result({ kind: 'help', command });

  const allowed: readonly OptionName[] = COMMAND_OPTIONS[command];
  for (const name of Object.keys(values) as OptionName[]) {
    if (values[name] === undefined || name === 'help' || name === 'version') continue;
    if (!allowed.includes(name)) throw new UsageError('cli.error.optionNotForCommand', { option: `--${name}`, command });
  }
  if (values.version) throw new UsageError('cli.error.optionNotForCommand', { option: '--version', command });

  const isJobCommand = (JOB_COMMANDS as readonly string[]).includes(command);
  if (isJobCommand) {
    if (rest.length === 0 || !rest[0]) throw new UsageError('cli.error.needJobHandle', { command });
    if (rest.length > 1) throw new UsageError('cli.error.extraArgument', { arg: rest[1]! });
  } else if (command === 'upload' || command === 'download') {
    return result(transferCommand(command, rest, values));
  } else if (command === 'upload-urls' || command === 'export') {
    return result(submitCommand(command, rest, values));
  } else if (rest.length > 0) {
    throw new UsageError('cli.error.extraArgument', { arg: rest[0]! });
  }

  if (command === 'simulator') {
    const port = values.port === undefined ? 0 : integer('--port', values.port, 0, 65535);
    return result(values.control ? { kind: 'simulator', port, control: true } : { kind: 'simulator', port });
  }

  if (command === 'accounts') {
    const settingsPath = values.settings === undefined ? undefined : nonEmpty('--settings', values.settings, 4096);
    return result({ kind: 'accounts', json: values.json === true, ...(settingsPath ? { settingsPath } : {}) });
  }

  const conn = connectionArgs(values);
  const json = values.json === true;
  // CSV for a spreadsheet (shared/export-csv.ts), JSON for a program: one output at a time.
  const csv = values.csv === true;
  if (json && csv) throw new UsageError('cli.error.jsonAndCsv');
  switch (command) {
    case 'active':
    case 'scheduled':
      return result({ kind: 'list', command, conn, json });
    case 'logs': {
      const out: Extract<Parsed, { kind: 'logs' }> = { kind: 'logs', conn, json, csv };
      if (values.since !== undefined) out.since = isoDate(values.since);
      if (values.limit !== undefined) out.limit = integer('--limit', values.limit, 1, 100000);
      if (values.search !== undefined) out.search = nonEmpty('--search', values.search, 200);
      if (values.submitter !== undefined) out.submitter = nonEmpty('--submitter', values.submitter, 320);
      return result(out);
    }
    case 'watch': {
      const out: Extract<Parsed, { kind: 'watch' }> = { kind: 'watch', conn, json, once: values.once === true };
      if (values.interval !== undefined) out.intervalSeconds = integer('--interval', values.interval, 1, 3600);
      return result(out);
    }
    default: {
      const jobCommand = command as JobCommand;
      if (conn.companies.length !== 1) throw new UsageError('cli.error.needOneCompany', { command: jobCommand });
      return result({ kind: 'job', command: jobCommand, conn, json, csv, jobHandle: rest[0]!, companyHandle: conn.companies[0]! });
    }
  }
}

function connectionArgs(values: {
  account?: string[];
  settings?: string;
  'service-url'?: string;
  region?: string;
  staging?: boolean;
  user?: string;
  company?: string[];
  demo?: boolean;
  timeout?: string;
}): ConnectionArgs {
  const given = [values.demo ? '--demo' : '', values['service-url'] !== undefined ? '--service-url' : '', values.region !== undefined ? '--region' : ''].filter(
    Boolean,
  );
  const accounts = (values.account ?? []).map((a) => nonEmpty('--account', a, 200));
  if (accounts.length > 0) {
    // A saved account names its server and user: nothing else may name another.
    const other = [...given, values.staging ? '--staging' : '', values.user !== undefined ? '--user' : ''].filter(Boolean);
    if (other.length > 0) throw new UsageError('cli.error.accountConflict', { option: other[0]! });
  } else if (values.settings !== undefined) throw new UsageError('cli.error.settingsNeedsAccount');
  if (given.length > 1) throw new UsageError('cli.error.serviceConflict', { options: given.join(', ') });
  if (values.staging && values.region === undefined) throw new UsageError('cli.error.stagingNeedsRegion');
  const conn: ConnectionArgs = { accounts, demo: values.demo === true, staging: values.staging === true, companies: [] };
  if (values.settings !== undefined) conn.settingsPath = nonEmpty('--settings', values.settings, 4096);
  if (values['service-url'] !== undefined) conn.serviceUrl = serviceUrl(values['service-url']);
  if (values.region !== undefined) {
    const r = values.region.trim().toLowerCase();
    if (r !== 'na' && r !== 'emea' && r !== 'apac') throw new UsageError('cli.error.badRegion', { region: values.region });
    conn.region = r;
  }
  if (values.user !== undefined) {
    const u = values.user.trim();
    if (!u) throw new UsageError('cli.error.missingValue', { option: '--user' });
    conn.user = u;
  }
  for (const c of values.company ?? []) {
    const h = c.trim();
    if (!h) throw new UsageError('cli.error.missingValue', { option: '--company' });
    if (!conn.companies.includes(h)) conn.companies.push(h);
  }
  if (values.timeout !== undefined) conn.timeoutMs = integer('--timeout', values.timeout, 1, 3600) * 1000;
  return conn;
}

/** https anywhere; plain http only to this machine (the password travels in every request). */
export function serviceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError('cli.error.badUrl', { url: raw });
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
  if (!ok || url.username || url.password) throw new UsageError('cli.error.badUrl', { url: url.username || url.password ? url.host : raw });
  return url.toString();
}

/** An ISO-8601 date or date-time; a bare date means midnight UTC. Returned as UTC ISO with ms. */
/** A text option's value, trimmed: empty (or longer than `max`) is a usage error. */
function nonEmpty(option: string, raw: string, max: number): string {
  const v = raw.trim();
  if (!v) throw new UsageError('cli.error.missingValue', { option });
  if (v.length > max) throw new UsageError('cli.error.tooLong', { option, max });
  return v;
}

export function isoDate(raw: string): string {
  const s = raw.trim();
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(s);
  const d = ok ? new Date(s) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new UsageError('cli.error.badSince', { value: raw });
  return d.toISOString();
}

/** upload PATH... --company H --folder DEST …; download URL --to DIR. */
function transferCommand(
  command: 'upload' | 'download',
  rest: string[],
  values: { folder?: string; 'job-name'?: string; overwrite?: boolean; publish?: boolean; 'no-wait'?: boolean; to?: string; json?: boolean } & Parameters<
    typeof connectionArgs
  >[0],
): Parsed {
  const json = values.json === true;
  if (command === 'download') {
    if (rest.length === 0 || !rest[0]) throw new UsageError('cli.error.needUrl');
    if (rest.length > 1) throw new UsageError('cli.error.extraArgument', { arg: rest[1]! });
    if (!values.to?.trim()) throw new UsageError('cli.error.needTo');
    return { kind: 'download', url: rest[0], to: values.to.trim(), json };
  }
  if (rest.length === 0) throw new UsageError('cli.error.needPaths');
  const conn = connectionArgs(values);
  if (conn.companies.length !== 1) throw new UsageError('cli.error.needOneCompany', { command });
  const folder = values.folder?.trim();
  if (!folder) throw new UsageError('cli.error.needFolder');
  const jobName = values['job-name']?.trim();
  if (values['job-name'] !== undefined && !jobName) throw new UsageError('cli.error.missingValue', { option: '--job-name' });
  return {
    kind: 'upload',
    conn,
    paths: rest,
    companyHandle: conn.companies[0]!,
    folder,
    ...(jobName ? { jobName } : {}),
    overwrite: values.overwrite === true,
    publish: values.publish === true,
    wait: values['no-wait'] !== true,
    json,
  };
}

const EMAIL_SETTINGS = ['All', 'Error', 'ErrorAndWarning', 'JobCompletion', 'None'] as const;
const MAX_EXPORT_ASSETS = 500;

/** upload-urls URL... --company H --folder DEST; export ASSET_HANDLE... --company H [--format …]. */
function submitCommand(
  command: 'upload-urls' | 'export',
  rest: string[],
  values: {
    folder?: string;
    'no-wait'?: boolean;
    json?: boolean;
    format?: string;
    modifier?: string;
    macro?: string;
    'email-setting'?: string;
    to?: string;
  } & Parameters<typeof connectionArgs>[0],
): Parsed {
  const items = rest.map((r) => r.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(command === 'export' ? 'cli.error.needAssets' : 'cli.error.needUrls');
  const conn = connectionArgs(values);
  if (conn.companies.length !== 1) throw new UsageError('cli.error.needOneCompany', { command });
  const common = { conn, companyHandle: conn.companies[0]!, wait: values['no-wait'] !== true, json: values.json === true };
  if (command === 'upload-urls') {
    const folder = values.folder?.trim();
    if (!folder) throw new UsageError('cli.error.needFolderUrls');
    return { kind: 'upload-urls', ...common, urls: items, folder };
  }
  const text = (option: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    if (!v.trim()) throw new UsageError('cli.error.missingValue', { option });
    return v.trim();
  };
  // IPS packages at most 500 assets per export job (upload-post.md §7): more would be refused there.
  if (items.length > MAX_EXPORT_ASSETS) throw new UsageError('cli.error.tooManyAssets', { count: items.length, max: MAX_EXPORT_ASSETS });
  const modifier = text('--modifier', values.modifier);
  const macro = text('--macro', values.macro);
  const fmt = text('--format', values.format)?.toLowerCase() ?? (modifier || macro ? 'convert' : 'orig');
  if (fmt !== 'orig' && fmt !== 'convert')
    throw new UsageError('cli.error.badChoice', { option: '--format', value: values.format ?? '', choices: 'orig, convert' });
  if (fmt === 'orig' && (modifier || macro)) throw new UsageError('cli.error.convertOnly');
  const emailRaw = text('--email-setting', values['email-setting']) ?? 'JobCompletion';
  const emailSetting = EMAIL_SETTINGS.find((e) => e.toLowerCase() === emailRaw.toLowerCase());
  if (!emailSetting) throw new UsageError('cli.error.badChoice', { option: '--email-setting', value: emailRaw, choices: EMAIL_SETTINGS.join(', ') });
  const to = text('--to', values.to);
  return {
    kind: 'export',
    ...common,
    assetHandles: items,
    format: fmt,
    ...(modifier ? { modifier } : {}),
    ...(macro ? { macro } : {}),
    emailSetting,
    ...(to ? { to } : {}),
  };
}
