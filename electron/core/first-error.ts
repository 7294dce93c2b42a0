// The first error's reason for a failure notification: one getJobLogDetails request per job,
// asking for error rows only, one row, oldest first. Bounded three ways: one row, a short
// deadline (the notification goes out without the reason rather than late), and a cache of the
// last jobs asked (a second notification of the same job, or a request that came back after
// its deadline, costs nothing). Errors and timeouts become "no reason", never a rejection.
import type { AppNotification } from '../../shared/domain.ts';
import type { AppLocale } from '../../shared/settings.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { IpsApi } from '../ips/api.ts';
import type { Clock } from '../clock.ts';

/** The error log types of docs/ips-api/constants.md ("Severity rule for clients"). */
export const ERROR_LOG_TYPES = [
  'FatalError',
  'UploadError',
  'ImageServingPublishError',
  'ImageRenderingPublishError',
  'VideoPublishError',
  'ServerDirectoryPublishError',
  'PublishToCmError',
  'PdfRipError',
  'TemplateMergeError',
  'AssetMigrationFailure',
  'DeleteFailure',
  'GetFailure',
  'MarkForPublishFailure',
  'MetadataFailure',
  'ReoptimizeFailure',
  'TrashFailure',
  'ImageServingPublishCleanupFailure',
  'EndImageRenderingPublishCleanupFailure',
  'VideoPublishCleanupFailure',
  'Error',
  'Failure',
];

export const FIRST_ERROR_LIMITS = {
  /** How long a failure notification may wait for its reason. */
  timeoutMs: 2500,
  /** Jobs whose answer is kept. */
  cacheSize: 200,
  /** The reason is cut to this many characters (a notification shows two or three lines). */
  maxChars: 200,
};

export interface FirstErrorOptions {
  api: Pick<IpsApi, 'getJobLogDetails'>;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  timeoutMs?: number;
  cacheSize?: number;
}

export interface FirstErrors {
  /** The first error row as one line ("asset: message"), or undefined (none, failed, or too slow). */
  reason(ref: { companyHandle: string; jobHandle: string }): Promise<string | undefined>;
  /** A failure notification with its first error's reason added to the body, when it comes in time. */
  enrich(n: AppNotification, locale: AppLocale, ref: { companyHandle: string; jobHandle: string } | undefined): Promise<AppNotification>;
}

export function createFirstErrors(o: FirstErrorOptions): FirstErrors {
  const timeoutMs = o.timeoutMs ?? FIRST_ERROR_LIMITS.timeoutMs;
  const cacheSize = o.cacheSize ?? FIRST_ERROR_LIMITS.cacheSize;
  /** Job → the one request for it (settled or in flight). Insertion order = age. */
  const cache = new Map<string, Promise<string | undefined>>();

  function fetchOnce(ref: { companyHandle: string; jobHandle: string }): Promise<string | undefined> {
    const key = `${ref.companyHandle}\u0000${ref.jobHandle}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const p = o.api
      .getJobLogDetails({
        companyHandle: ref.companyHandle,
        jobHandle: ref.jobHandle,
        logTypeArray: ERROR_LOG_TYPES,
        recordsPerPage: 1,
        resultsPage: 1,
        sortBy: 'Date',
        sortDirection: 'Ascending',
      })
      .then((logs) => reasonLine(logs[0]?.detailArray?.[0]))
      .catch(() => {
        cache.delete(key); // a failed request may be asked again later
        return undefined;
      });
    cache.set(key, p);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return p;
  }

  function reason(ref: { companyHandle: string; jobHandle: string }): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = o.clock.setTimeout(() => resolve(undefined), timeoutMs);
      void fetchOnce(ref).then((r) => {
        o.clock.clearTimeout(timer);
        resolve(r);
      });
    });
  }

  return {
    reason,
    async enrich(n, locale, ref) {
      if (n.kind !== 'finished-error' || !ref) return n;
      const r = await reason(ref);
      return r ? { ...n, body: `${n.body}\n${translator(locale)('notify.error.reason', { reason: r })}` } : n;
    },
  };
}

function reasonLine(row: { logMessage?: string; assetName?: string } | undefined): string | undefined {
  const msg = row?.logMessage?.replace(/\s+/g, ' ').trim();
  if (!msg) return undefined;
  const line = row?.assetName ? `${row.assetName}: ${msg}` : msg;
  return line.length > FIRST_ERROR_LIMITS.maxChars ? `${line.slice(0, FIRST_ERROR_LIMITS.maxChars - 1)}…` : line;
}
