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
import { createEngine, type CycleInfo } from '../core/engine.ts';
import type { Clock } from '../clock.ts';
import { oneLine } from './errors.ts';

export interface WatchContext {
  api: IpsApi;
  settings: Settings;
  locale: AppLocale;
  userEmail: string;
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
  const engine = createEngine({
    api: ctx.api,
    settings,
    locale: ctx.locale,
    userEmail: ctx.userEmail,
    ...(ctx.clock ? { clock: ctx.clock } : {}),
  });
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

  // The tray's "Next try at …" line: a promise --once does not keep, and no news in a long watch.
  const retryLine = (): string | undefined => {
    const at = engine.connection().retryAt;
    return at ? tr('tray.tooltip.retryAt', { time: new Date(at) }) : undefined;
  };
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
      return line(tr('notify.watch.connection', { state, message: e.error ? errorText(ctx.locale, e.error) : '' }).trim());
    }
    const j = e.job;
    const name = j.name || j.originalName || j.jobHandle;
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
    const retry = retryLine();
    const [, ...lines] = s.tooltip.split('\n');
    const shown = ctx.once ? lines.filter((l) => l !== retry) : lines;
    if (ctx.json) return out({ event: 'tray', ...s, ...(ctx.once ? { tooltip: [s.tooltip.split('\n')[0], ...shown].join('\n') } : {}) });
    const summary = `${s.icon}|${shown
      .filter((l) => l !== retry)
      .map((l) => l.replace(PERCENT, ''))
      .join('\n')}`;
    if (summary === lastSummary) return;
    lastSummary = summary;
    line(tr('notify.watch.status', { text: shown.join(' · ') }));
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
  const reportOnce = (err: ErrorInfo | undefined) => {
    if (!ctx.once || !err || reported || !ctx.error) return;
    reported = true;
    const text = `ips-jobs: ${tr('notify.watch.onceFailed', { message: oneLine(errorText(ctx.locale, err), [], 300) })}`;
    ctx.error(oneLine(text));
  };

  const done = new Promise<number>((resolve) => {
    const pending = new Set<string>();
    let discovered = false;
    const errors: ErrorInfo[] = [];
    const finishOnce = () => {
      const w = worst(errors);
      reportOnce(w);
      resolve(watchExitCode(w?.kind));
    };
    engine.onCycle((c: CycleInfo) => {
      if (c.companyHandle === undefined) {
        if (!c.ok) {
          // Discovery failed: --once reports it; a long watch keeps retrying unless sign-in failed.
          if (ctx.once || c.error?.kind === 'authentication') {
            reportOnce(c.error ?? { kind: 'internal', message: 'internal error' });
            resolve(watchExitCode(c.error?.kind ?? 'internal'));
          }
          return;
        }
        discovered = true;
        for (const co of engine.companies()) pending.add(co.companyHandle);
        if (ctx.once && pending.size === 0) finishOnce();
        return;
      }
      if (!c.ok && c.error?.kind === 'authentication') {
        reportOnce(c.error);
        resolve(3);
        return;
      }
      if (!ctx.once || !discovered) return;
      if (!c.ok && c.error) errors.push(c.error);
      pending.delete(c.companyHandle);
      if (pending.size === 0) finishOnce();
    });
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
