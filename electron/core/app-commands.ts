// The app core's commands: every IPC command of shared/ipc.ts, its argument validated
// against `commandArgs` first, then dispatched to one handler. Every command answers a
// `Result` (shared/ipc.ts): bad input is `{ ok: false, error: { kind: 'usage' } }`, a
// failure is an error as data; only an unknown command name rejects (with a CommandError).
// No electron imports here.
import { jobKey, type ErrorInfo } from '../../shared/domain.ts';
import { CommandError } from '../../shared/bridge-wire.ts';
import { commandArgs, type ActionResult, type RerunResult, type CommandName, type Commands, type SettingsView, type Snapshot } from '../../shared/ipc.ts';
import { settingsSchema, type Settings } from '../../shared/settings.ts';
import { EXTERNAL_HOSTS, externalHostAllowed } from '../../shared/dmc.ts';
import { snoozeUntil } from '../../shared/snooze.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { createAccountCommands } from './account-commands.ts';
import type { AppSearch } from './app-search.ts';
import type { Session } from './app-session.ts';
import type { TransferHandlers } from './app-transfers.ts';
import type { Engine, SecretStore } from './types.ts';
import { HISTORY_PAGE, type HistoryPage } from './snapshot-history.ts';

export type Handlers = { [C in CommandName]: (arg: ReturnType<(typeof commandArgs)[C]['parse']>, raw: unknown) => Promise<Commands[C]> };

/** What the commands need of the core. */
export interface CommandContext {
  settings(): Settings;
  /** The core's clock (ms). */
  now(): number;
  settingsView(): SettingsView;
  snapshot(): Snapshot;
  /** The next page of older history from a snapshot's cursor (./snapshot-history.ts). */
  olderHistory(cursor: string, max: number): HistoryPage;
  engine(): Engine | undefined;
  /** Validate, save and apply settings (throws when the store cannot save). */
  saveAndApply(next: Settings): SettingsView;
  /** Reconnect with the saved accounts (after an account command). */
  restart(): Promise<void>;
  session: Session;
  secretStore: SecretStore;
  openExternal(url: string): Promise<void>;
  copyText(text: string): void | Promise<void>;
  /** Ask where to save `text` and write it there atomically; undefined when the user cancelled. Absent in the web preview. */
  saveFile?(fileName: string, text: string): Promise<{ path: string; bytes: number } | undefined>;
  /** The transfer commands (./app-transfers.ts). */
  transferHandlers: TransferHandlers;
  /** The search index of log details (./app-search.ts): fed by every detail page the window loads. */
  search: Pick<AppSearch, 'noteDetails' | 'index'>;
  log(line: string): void;
}

export function usage(message: string, operation?: string): ErrorInfo {
  return operation ? { kind: 'usage', message, operation } : { kind: 'usage', message };
}

/** One readable line from a zod error, naming fields but never echoing values. */
function describeIssues(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return 'invalid argument';
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merge plain objects (arrays and scalars replace). */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

const NOT_CONNECTED: ErrorInfo = { kind: 'network', message: 'Not connected to IPS yet; try again in a moment.' };

function internal(what: string, err: unknown): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { kind: 'internal', message: `${what}: ${(err as Error).message}` } };
}

/** Runs a side effect of the shell: ok, or the failure as an internal error saying `what`. */
async function attempt(what: string, run: () => unknown): Promise<{ ok: true } | { ok: false; error: ErrorInfo }> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    return internal(what, err);
  }
}

/** The command dispatcher: `handle(command, arg)` validates, runs the handler, never throws for a known command. */
export function createCommands(ctx: CommandContext): (command: string, arg: unknown) => Promise<unknown> {
  async function withEngine<R extends ActionResult | RerunResult>(fn: (e: Engine) => Promise<R>): Promise<R | ActionResult> {
    const e = ctx.engine();
    if (!e) return { ok: false, error: NOT_CONNECTED };
    try {
      return await fn(e);
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  const handlers: Handlers = {
    ...ctx.transferHandlers,
    // Opening the window acknowledges nothing by itself: only the jobs it reports as looked at.
    getSnapshot: async () => ({ ok: true, value: ctx.snapshot() }),
    getOlderHistory: async (a) => ({ ok: true, value: ctx.olderHistory(a.cursor, a.max ?? HISTORY_PAGE) }),
    acknowledgeJobs: async (a) => {
      // Not connected: nothing holds the tray's attention, so nothing to do.
      ctx.engine()?.acknowledgeAttention?.(a.jobs.map((r) => jobKey(r.companyHandle, r.jobHandle)));
      return { ok: true };
    },
    getSettings: async () => ({ ok: true, value: ctx.settingsView() }),
    getSearchIndex: async () => ({ ok: true, value: { entries: ctx.search.index.entries() } }),
    getJobDetails: async (q) => {
      const e = ctx.engine();
      if (!e) return { ok: false, error: NOT_CONNECTED };
      try {
        const query: Parameters<Engine['getJobDetails']>[0] = { companyHandle: q.companyHandle, jobHandle: q.jobHandle, page: q.page };
        if (q.logTypes) query.logTypes = q.logTypes;
        if (q.account !== undefined) query.account = q.account;
        const res = await e.getJobDetails(query);
        // With several accounts the job's key names its account (the search index is by key).
        const key =
          q.account === undefined ? jobKey(q.companyHandle, q.jobHandle) : e.jobs().find((j) => j.account === q.account && j.jobHandle === q.jobHandle)?.key;
        if (res.ok && key) ctx.search.noteDetails(key, res.value);
        return res;
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    stopJob: (ref) => withEngine((e) => e.stopJob(ref)),
    pauseJob: (ref) => withEngine((e) => e.pauseJob(ref)),
    resumeJob: (ref) => withEngine((e) => e.resumeJob(ref)),
    deleteJob: (ref) => withEngine((e) => e.deleteJob(ref)),
    runJobNow: (ref) => withEngine((e) => e.runJobNow(ref)),
    rerunJob: (ref) => withEngine((e) => e.rerunJob(ref)) as Promise<RerunResult>,
    pollNow: () =>
      withEngine(async (e) => {
        e.pollNow();
        return { ok: true };
      }),
    setPollingPaused: (a) =>
      withEngine(async (e) => {
        e.setPaused(a.paused);
        return { ok: true };
      }),
    saveSettings: async (_parsed, raw) => {
      // Merge the raw (already validated) patch so nested fields the caller left out
      // keep their current values instead of their defaults.
      const settings = ctx.settings();
      const merged = deepMerge(settings, raw);
      const result = settingsSchema.safeParse({ ...(merged as object), accounts: settings.accounts, schemaVersion: settings.schemaVersion });
      if (!result.success) return { ok: false, error: usage(`Invalid settings: ${describeIssues(result.error)}`, 'saveSettings') };
      try {
        return { ok: true, value: ctx.saveAndApply(result.data) };
      } catch (err) {
        return internal('Cannot save the settings', err);
      }
    },
    ...createAccountCommands(ctx),
    openExternal: async (a) => {
      let u: URL;
      try {
        u = new URL(a.url);
      } catch {
        return { ok: false, error: usage('Not a valid URL.', 'openExternal') };
      }
      if (u.protocol !== 'https:') return { ok: false, error: usage('Only https:// links are opened.', 'openExternal') };
      if (!externalHostAllowed(u.hostname)) return { ok: false, error: usage(`Only links to ${EXTERNAL_HOSTS.join(' or ')} are opened.`, 'openExternal') };
      return attempt('Cannot open the link', () => ctx.openExternal(u.href));
    },
    copyText: (a) => attempt('Cannot copy', () => ctx.copyText(a.text)),
    saveFile: async (a) => {
      if (!ctx.saveFile) return { ok: false, error: usage('Saving a file needs the desktop app; the preview downloads through the browser.', 'saveFile') };
      try {
        const saved = await ctx.saveFile(a.fileName, a.text);
        return { ok: true, value: saved ? { saved: true, ...saved } : { saved: false } };
      } catch (err) {
        return internal('Cannot save the file', err);
      }
    },
    pauseNotifications: async (a) => {
      const settings = ctx.settings();
      const now = ctx.now();
      let until: string;
      if ('preset' in a) until = new Date(snoozeUntil(a.preset, now, settings.notifications)).toISOString();
      else if (a.until === '') until = '';
      else if (Number.isNaN(Date.parse(a.until))) return { ok: false, error: usage('`until` must be an ISO date or empty.', 'pauseNotifications') };
      else if (Date.parse(a.until) <= now) return { ok: false, error: usage('`until` must be in the future.', 'pauseNotifications') };
      else until = new Date(a.until).toISOString();
      try {
        ctx.saveAndApply({ ...settings, notifications: { ...settings.notifications, pausedUntil: until } });
        return { ok: true };
      } catch (err) {
        return internal('Cannot save the settings', err);
      }
    },
  };

  return async function handle(command: string, arg: unknown): Promise<unknown> {
    if (typeof command !== 'string' || !Object.hasOwn(commandArgs, command)) {
      throw new CommandError(usage(`Unknown command ${JSON.stringify(String(command)).slice(0, 80)}.`));
    }
    const name = command as CommandName;
    const parsed = commandArgs[name].safeParse(arg);
    if (!parsed.success) return { ok: false, error: usage(`Invalid argument for ${name}: ${describeIssues(parsed.error)}`, name) };
    const fn = handlers[name] as (a: unknown, raw: unknown) => Promise<unknown>;
    try {
      return await fn(parsed.data, arg);
    } catch (err) {
      // Handlers return errors as data; anything thrown is a bug, reported without crashing.
      const error = toErrorInfo(err);
      ctx.log(`${name} failed: ${error.message}`);
      return { ok: false, error };
    }
  };
}
