// Exit codes and the one-line error message the CLI prints on stderr.
import type { ErrorKind } from '../../shared/domain.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { t, type MessageValues } from '../../shared/i18n/index.ts';
import { isIpsError, isScrubbed } from '../ips/errors.ts';
import { makeScrubber } from '../ips/scrub.ts';

export const EXIT = {
  OK: 0,
  /** Unexpected failure inside the CLI itself (a bug). */
  INTERNAL: 1,
  USAGE: 2,
  AUTH: 3,
  NETWORK: 4,
  IPS: 5,
} as const;

/** Bad command line or environment. The message is a `cli.` key, localized when printed. */
export class UsageError extends Error {
  readonly key: string;
  readonly values: MessageValues;
  constructor(key: string, values: MessageValues = {}) {
    super(key);
    this.name = 'UsageError';
    this.key = key;
    this.values = values;
  }
}

/** A failure the CLI found itself (not raised by the client), with the exit code it means. */
export class CliFailure extends Error {
  readonly key: string;
  readonly values: MessageValues;
  readonly exitCode: number;
  constructor(exitCode: number, key: string, values: MessageValues = {}) {
    super(key);
    this.name = 'CliFailure';
    this.exitCode = exitCode;
    this.key = key;
    this.values = values;
  }
}

export function exitCodeForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'usage':
      return EXIT.USAGE;
    case 'authentication':
    case 'authorization':
      return EXIT.AUTH;
    case 'network':
    case 'timeout':
      return EXIT.NETWORK;
    case 'fault':
    case 'malformed':
      return EXIT.IPS;
    default:
      return EXIT.INTERNAL;
  }
}

/** Node system errors (a port in use, a refused socket outside the client) count as network. */
const NETWORK_CODES = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

function errorKind(err: unknown): ErrorKind {
  if (err instanceof UsageError) return 'usage';
  if (isIpsError(err)) return err.kind;
  // Same class from a second copy of the module (or a plain object carrying it).
  const kind = (err as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && ['authentication', 'authorization', 'fault', 'network', 'timeout', 'malformed', 'usage'].includes(kind)) {
    return kind as ErrorKind;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  return 'internal';
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof CliFailure) return err.exitCode;
  return exitCodeForKind(errorKind(err));
}

/**
 * One line, no control characters, bounded. With `secrets`, echoed password fields and
 * whole-token forms of a secret are replaced (../ips/scrub.ts): for text that may carry
 * what a server or the command line sent, never for our own catalog wording.
 */
export function oneLine(text: string, secrets: readonly string[] = [], max = 400): string {
  let s = secrets.length > 0 ? makeScrubber([...secrets])(text) : text;
  s = s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The localized one-line message for any error (without the `ips-jobs:` prefix). */
export function errorMessage(err: unknown, locale: AppLocale, secrets: readonly string[] = []): string {
  if (err instanceof UsageError || err instanceof CliFailure) {
    // The wording is ours; only the values (from argv or a server) may carry a secret.
    const values = Object.fromEntries(Object.entries(err.values).map(([k, v]) => [k, typeof v === 'string' ? oneLine(v, secrets, 300) : v]));
    return oneLine(t(locale, err.key, values));
  }
  const kind = errorKind(err);
  let detail: string;
  if (isIpsError(err) || (err && typeof err === 'object' && 'kind' in err)) {
    const e = err as { message?: string; reason?: string; code?: number };
    const message = e.message ?? '';
    if (e.reason && locale !== 'en') {
      // The client's own wording is English; the server's reason is in the IPS locale we asked for.
      detail = e.reason;
    } else {
      detail = e.reason && !message.includes(e.reason) ? `${message} (${e.reason})` : message || (e.reason ?? '');
    }
    if (e.code !== undefined && !detail.includes(String(e.code))) detail = `${detail} (${e.code})`;
  } else {
    detail = err instanceof Error ? err.message : String(err);
  }
  const key = `cli.error.${kind}`;
  // The client's mapped errors hold no password; anything else is scrubbed here.
  return oneLine(t(locale, key, { detail: oneLine(detail, isScrubbed(err) ? [] : secrets, 300) }));
}
