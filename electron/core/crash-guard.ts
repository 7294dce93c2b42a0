// The desktop main process's last line: an error nothing caught (a throw in a timer or
// an event handler, a rejected promise nobody awaited) is logged in one scrubbed line
// and the app keeps running — the tray and the poller are worth more alive than a crash
// dialog. A storm of them (a loop that throws every tick) is handed to `onStorm`, which
// restarts the app cleanly. No Electron here, so it is tested under plain Node.
import { makeScrubber } from '../ips/faults.ts';

export interface CrashGuardOptions {
  /** Where the line goes (console.error in the app). */
  log: (line: string) => void;
  /** Secrets to keep out of the line (the account password), read when an error comes. */
  secrets?: () => Array<string | undefined>;
  /** More than `stormLimit` errors within `stormWindowMs`: called once (relaunch). */
  onStorm?: () => void;
  stormLimit?: number;
  stormWindowMs?: number;
  now?: () => number;
}

export interface CrashGuard {
  /** How many errors were caught so far. */
  readonly count: number;
  /** Removes the handlers. */
  uninstall(): void;
}

const FRAMES = 6;

/** One line for the log: kind, scrubbed message, the first stack frames (code places only). */
export function describeUncaught(kind: string, err: unknown, scrub: (t: string) => string): string {
  const name = err instanceof Error ? err.name : typeof err;
  const raw =
    err instanceof Error
      ? err.message
      : typeof err === 'string'
        ? err
        : (() => {
            try {
              return JSON.stringify(err) ?? String(err);
            } catch {
              return String(err);
            }
          })();
  const message = scrub(raw)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim()
    .slice(0, 300);
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  // Frames only ("at f (file:line)"): the stack's first line repeats the unscrubbed message.
  const frames = stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, FRAMES)
    .map((l) => scrub(l.trim()))
    .join(' | ');
  return `[ips-jobs] ${kind} (the app keeps running): ${name}: ${message || '(no message)'}${frames ? ` — ${frames}` : ''}`;
}

export function installCrashGuard(proc: NodeJS.EventEmitter, opts: CrashGuardOptions): CrashGuard {
  const now = opts.now ?? Date.now;
  const limit = opts.stormLimit ?? 50;
  const windowMs = opts.stormWindowMs ?? 10_000;
  let count = 0;
  let recent: number[] = [];
  let stormed = false;
  const handle =
    (kind: string) =>
    (err: unknown): void => {
      count++;
      try {
        const scrub = makeScrubber(opts.secrets?.() ?? []);
        opts.log(describeUncaught(kind, err, scrub));
      } catch {
        /* the log itself failed: nothing more to do, and never throw from here */
      }
      const t = now();
      recent = recent.filter((x) => t - x < windowMs);
      recent.push(t);
      if (!stormed && recent.length > limit && opts.onStorm) {
        stormed = true;
        try {
          opts.onStorm();
        } catch {
          /* ignore */
        }
      }
    };
  const onException = handle('uncaught exception');
  const onRejection = handle('unhandled rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return {
    get count() {
      return count;
    },
    uninstall() {
      proc.off('uncaughtException', onException);
      proc.off('unhandledRejection', onRejection);
    },
  };
}
