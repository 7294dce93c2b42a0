// The search index of finished jobs' log details: per job key, the compact text of
// shared/history-search.ts `indexTextOf` (error and warning texts, asset names; at most
// INDEX_TEXT_MAX characters per job), never the rows themselves. Jobs are indexed when their
// details are opened in the window and by the backfill (./search-backfill.ts). The whole index
// is bounded too: past `maxChars` the jobs indexed longest ago are dropped first.
import type { JobLogDetail } from '../../shared/domain.ts';
import { INDEX_TEXT_MAX, indexTextOf, type SearchIndexEntry } from '../../shared/history-search.ts';
import { fresh } from './fresh.ts';

type SearchEntry = SearchIndexEntry;

export interface SearchIndex {
  /**
   * Index one page of a job's detail rows: page 1 replaces what was known, later pages add to it
   * (within the per-job bound). Returns the job's entry when its text changed, else undefined.
   */
  add(key: string, details: readonly JobLogDetail[], page?: number): SearchEntry | undefined;
  get(key: string): string | undefined;
  has(key: string): boolean;
  entries(): SearchEntry[];
  clear(): void;
  /** Jobs indexed and characters held. */
  size(): { jobs: number; chars: number };
}

export interface SearchIndexOptions {
  /** Characters held in all (default 4 Mi: about 1,000 fully indexed jobs, usually many more). */
  maxChars?: number;
  perJob?: number;
}

/** Two index texts as one, each piece once, within `max` characters (`a`'s pieces first). */
function mergeTexts(a: string, b: string, max: number): string {
  if (!a) return b;
  const seen = new Set(a.split('\u0000'));
  let out = a;
  for (const p of b.split('\u0000')) {
    if (!p || seen.has(p) || out.length + 1 + p.length > max) continue;
    seen.add(p);
    out += `\u0000${p}`;
  }
  return out;
}

export function createSearchIndex(opts: SearchIndexOptions = {}): SearchIndex {
  const maxChars = opts.maxChars ?? 4 * 1024 * 1024;
  const perJob = opts.perJob ?? INDEX_TEXT_MAX;
  // Insertion order = age: a job indexed again moves to the end.
  const texts = new Map<string, string>();
  let chars = 0;

  function put(key: string, text: string): void {
    const old = texts.get(key);
    if (old !== undefined) {
      chars -= old.length;
      texts.delete(key);
    }
    texts.set(key, text);
    chars += text.length;
    for (const [k, v] of texts) {
      if (chars <= maxChars || k === key) break;
      texts.delete(k);
      chars -= v.length;
    }
  }

  return {
    add(key, details, page = 1) {
      const found = indexTextOf(details, perJob);
      const old = texts.get(key);
      // A flat copy: the pieces may be slices of the parsed response, which they would pin.
      const text = fresh(page > 1 && old ? mergeTexts(old, found, perJob) : found);
      put(key, text);
      return text === old ? undefined : { key, text };
    },
    get: (key) => texts.get(key),
    has: (key) => texts.has(key),
    entries: () => [...texts].map(([key, text]) => ({ key, text })),
    clear() {
      texts.clear();
      chars = 0;
    },
    size: () => ({ jobs: texts.size, chars }),
  };
}
