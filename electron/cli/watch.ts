// `ips-jobs watch`: run the engine and print what happens.
// --json: one JSON object per line with an `event` key: every engine event as it is
// ({"event":"job-finished","outcome":"error","job":{…}}, {"event":"connection","state":"offline",…}),
// the tray state whenever it changes ({"event":"tray","icon":"error",…}) and each notification
// the rules decide ({"event":"notification","kind":…}). Without --json: readable localized lines.
// --once: one poll cycle of every company, then exit (0, or 3 auth, 4 network/timeout, 5 other);
// a failure is one line on stderr, and nothing printed promises a retry that will not happen.
// Without --once it runs until the signal aborts (exit 0) or sign-in fails (exit 3).
// Text mode prints the status line when the summary changes (how many jobs run, queue, failed,
// the connection), not for each move of the average percent or of the next retry time.
import type { EngineEvent, ErrorInfo, ErrorKind, TrayState } from '../../shared/domain.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi } from '../ips/api.ts';
import { errorText } from '../../shared/i18n/error-text.ts';
import { createEngine, type CycleInfo, type EngineWithCycles } from '../core/engine.ts';
import { createAccountsEngine } from '../core/accounts-engine.ts';
import type { Engine } from '../core/types.ts';
import type { Clock } from '../clock.ts';
import { oneLine } from './errors.ts';

/** One saved account to watch (--account): its events, jobs and notifications carry its name. */
export interface WatchAccount {
  id: string;
  name: string;
  api: IpsApi;
  userEmail: string;
}

/** One connection (`api`, `userEmail`), or the saved accounts --account named (`accounts`), watched together. */
export type WatchContext = WatchOptions & ({ api: IpsApi; userEmail: string } | { accounts: WatchAccount[] });

export interface WatchOptions {
  settings: Settings;
  locale: AppLocale;
  json: boolean;
  once: boolean;
  /** Polling interval while jobs run (seconds). */
  intervalSeconds?: number;
  write: (line: string) => void;
  /** One line to stderr (without the newline): the --once failure. None: not reported (stdout stays as it is). */
  error?: (line: string) => void;
  signal: AbortSignal;
  clock?: Clock;
}

export function watchExitCode(kind: ErrorKind | undefined): number {
  switch (kind) {
    case undefined:
      return 0;
    case 'authentication':
    case 'authorization':
      return 3;
    case 'network':
    case 'timeout':
      return 4;
    default:
      return 5;
  }
}

function worst(errors: ErrorInfo[]): ErrorInfo | undefined {
  const rank = (e: ErrorInfo) => (e.kind === 'authentication' || e.kind === 'authorization' ? 3 : e.kind === 'network' || e.kind === 'timeout' ? 2 : 1);
  return [...errors].sort((a, b) => rank(b) - rank(a))[0];
}

export async function runWatch(ctx: WatchContext): Promise<number> {
  const settings: Settings = structuredClone(ctx.settings);
  if (ctx.intervalSeconds !== undefined && ctx.intervalSeconds > 0) {
    settings.polling = {
      activeSeconds: ctx.intervalSeconds,
      idleSeconds: Math.max(settings.polling.idleSeconds, ctx.intervalSeconds),
    };
  }
  const engineFor = (api: IpsApi, userEmail: string) =>
    createEngine({ api, settings, locale: ctx.locale, userEmail, ...(ctx.clock ? { clock: ctx.clock } : {}) });
  // With --account, the app's own multi-account facade: every event and job names its account.
  const parts: Array<{ id: string; name?: string; engine: EngineWithCycles }> =
    'accounts' in ctx
      ? ctx.accounts.map((a) => ({ id: a.id, name: a.name, engine: engineFor(a.api, a.userEmail) }))
      : [{ id: '', engine: engineFor(ctx.api, ctx.userEmail) }];
  const engine: Engine = 'accounts' in ctx ? createAccountsEngine(parts.map((p) => ({ id: p.id, name: p.name!, engine: p.engine }))) : parts[0]!.engine;
  const tr = (key: string, values?: Record<string, string | number | Date>) => t(ctx.locale, key, values);
  const now = () => (ctx.clock ?? { now: Date.now }).now();
  const line = (text: string) => ctx.write(tr('notify.watch.line', { time: new Date(now()), text }));
  const out = (obj: object) => {
    try {
      ctx.write(JSON.stringify(obj));
    } catch {
      /* a closed pipe is not a reason to crash */
    }
  };

  // The tray's "Next try at …" lines (one per account): a promise --once does not keep, and no news in a long watch.
  const retryLines = (): Set<string> => {
    const out = new Set<string>();
    for (const p of parts) {
      const at = p.engine.connection().retryAt;
      if (at) out.add(tr('tray.tooltip.retryAt', { time: new Date(at) }));
    }
    return out;
  };
  /** What the tooltip says under its title; with accounts, each account's lines after its name. */
  const statusText = (tooltip: string, keep: (l: string) => boolean): string =>
    'accounts' in ctx
      ? parts.map((p) => `${p.name}: ${p.engine.tray().tooltip.split('\n').slice(1).filter(keep).join(', ')}`).join(' · ')
      : tooltip.split('\n').slice(1).filter(keep).join(' · ');
  const PERCENT = /\s*[(（]\s*\d+(?:[.,]\d+)?\s*%\s*[)）]/g;
  let lastSummary: string | undefined;
  const printEvent = (e: EngineEvent) => {
    if (e.event === 'connection' && ctx.once && e.state !== 'ok') {
      if (!ctx.json) return; // the failure is the one stderr line at the end
      const { retryAt: _r, ...rest } = e;
      return out(rest);
    }
    if (ctx.json) return out(e);
    if (e.event === 'connection') {
      const state = e.state === 'auth-failed' ? 'auth' : e.state;
      const text = tr('notify.watch.connection', { state, message: e.error ? errorText(ctx.locale, e.error) : '' }).trim();
      return line(e.account ? `${e.account} · ${text}` : text);
    }
    const j = e.job;
    // With --account the job's account first, as the app's notifications put it.
    const name = `${j.account ? `${j.account} · ` : ''}${j.name || j.originalName || j.jobHandle}`;
    switch (e.event) {
      case 'job-scheduled':
        return line(tr('notify.watch.scheduled', { name }));
      case 'job-started':
        return line(tr('notify.watch.started', { name }));
      case 'job-progress':
        return line(tr('notify.watch.progress', { name, progress: (j.progress ?? 0) / 100, message: j.active?.progressMessage ?? '' }).trim());
      case 'job-updated':
        return line(tr('notify.watch.updated', { name, phase: j.phase }));
      case 'job-finished':
        return line(tr('notify.watch.finished', { name, outcome: e.outcome }));
      case 'job-removed':
        return line(tr('notify.watch.removed', { name }));
    }
  };
  const printTray = (s: TrayState) => {
    const retries = retryLines();
    const notRetry = (l: string) => !retries.has(l.trim());
    const shownLine = ctx.once ? notRetry : () => true;
    if (ctx.json) {
      const [title, ...lines] = s.tooltip.split('\n');
      return out({ event: 'tray', ...s, ...(ctx.once ? { tooltip: [title, ...lines.filter(shownLine)].join('\n') } : {}) });
    }
    const summary = `${s.icon}|${statusText(s.tooltip, notRetry).replace(PERCENT, '')}`;
    if (summary === lastSummary) return;
    lastSummary = summary;
    line(tr('notify.watch.status', { text: statusText(s.tooltip, shownLine) }));
  };

  engine.onEvent(printEvent);
  engine.onTray(printTray);
  engine.onNotification((n) => {
    // "Keeps retrying in the background" is not true of a process that exits after one check.
    if (ctx.once && n.kind === 'connection-lost') return;
    if (ctx.json) out({ event: 'notification', ...n });
    else line(tr('notify.watch.notification', { title: n.title, body: n.body }));
  });
  let reported = false;
  /** An account's failure names it. */
  type Failure = { error: ErrorInfo; account?: string | undefined };
  const reportOnce = (f: Failure | undefined) => {
    if (!ctx.once || !f || reported || !ctx.error) return;
    reported = true;
    const message = oneLine(`${f.account ? `${f.account}: ` : ''}${errorText(ctx.locale, f.error)}`, [], 300);
    ctx.error(oneLine(`ips-jobs: ${tr('notify.watch.onceFailed', { message })}`));
  };

  const done = new Promise<number>((resolve) => {
    // --once: every account's companies once ("<id> <company>"); an account is done when its discovery ends.
    const pending = new Set<string>();
    const discovering = new Set(parts.map((p) => p.id));
    const failures: Failure[] = [];
    const finishOnce = () => {
      if (discovering.size > 0 || pending.size > 0) return;
      const w = worst(failures.map((f) => f.error));
      const f = failures.find((x) => x.error === w);
      reportOnce(f);
      resolve(watchExitCode(w?.kind));
    };
    for (const part of parts) {
      part.engine.onCycle((c: CycleInfo) => {
        const fail = (error: ErrorInfo): Failure => ({ error, account: part.name });
        if (c.companyHandle === undefined) {
          if (!c.ok) {
            const error = c.error ?? { kind: 'internal' as const, message: 'internal error' };
            // Sign-in failed: the end, for a long watch too. Otherwise --once reports it; a long watch keeps retrying.
            if (error.kind === 'authentication' || (ctx.once && parts.length === 1)) {
              reportOnce(fail(error));
              resolve(watchExitCode(error.kind));
            } else if (ctx.once && discovering.delete(part.id)) {
              failures.push(fail(error));
              finishOnce();
            }
            return;
          }
          if (!discovering.delete(part.id)) return;
          for (const co of part.engine.companies()) pending.add(`${part.id} ${co.companyHandle}`);
          if (ctx.once) finishOnce();
          return;
        }
        if (!c.ok && c.error?.kind === 'authentication') {
          reportOnce(fail(c.error));
          resolve(3);
          return;
        }
        if (!ctx.once || discovering.has(part.id)) return;
        if (!pending.delete(`${part.id} ${c.companyHandle}`)) return;
        if (!c.ok && c.error) failures.push(fail(c.error));
        finishOnce();
      });
    }
    if (ctx.signal.aborted) resolve(0);
    else ctx.signal.addEventListener('abort', () => resolve(0), { once: true });
  });

  engine.start();
  try {
    return await done;
  } finally {
    await engine.stop();
  }
}
