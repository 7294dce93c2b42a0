// Finding finished jobs: one matching rule for the window's History (renderer/src/lib/history-query.ts)
// and the CLI (`ips-jobs logs --search TEXT --submitter EMAIL`), so both faces find the same jobs.
//
// A job is searched in two texts: its own fields (name, original name, submitter, destination
// folder) and, when its log details were read, a compact index of them (error and warning
// texts, asset names; `indexTextOf`, bounded per job). Both are lowercased once; a query is
// trimmed and lowercased (`normalizeQuery`) and matches when either text contains it. Fields are
// kept apart by U+0000, so a query never matches across two of them. Containment is monotone:
// whatever matches a longer query matches every query it contains, which lets the window narrow
// the previous result while the user types.
import type { DetailValue, JobDetails, JobLogDetail } from './domain.ts';
import { JOB_DETAIL_ELEMENTS } from './domain.ts';
import { logTypeSeverity } from './log-severity.ts';

/** One job's index text, as the core sends it to the window (`getSearchIndex`, the `search-index` event). */
export interface SearchIndexEntry {
  key: string;
  text: string;
}

/** At most this many characters of index text per job. */
export const INDEX_TEXT_MAX = 4096;

/** A query as it is matched: trimmed and lowercased. */
export function normalizeQuery(q: string): string {
  return q.trim().toLowerCase();
}

export interface OwnSearchFields {
  name?: string | undefined;
  originalName?: string | undefined;
  submitter?: string | undefined;
  destination?: string | undefined;
}

/** The text of a job's own fields that a query is matched in (lowercased, fields apart by U+0000). */
export function ownSearchText(f: OwnSearchFields): string {
  return [f.name ?? '', f.originalName ?? '', f.submitter ?? '', f.destination ?? ''].join('\u0000').toLowerCase();
}

/** Whether a normalized query matches a job: in its own text or in its index text. '' matches all. */
export function matchesQuery(own: string, indexed: string | undefined, query: string): boolean {
  return !query || own.includes(query) || (indexed !== undefined && indexed.includes(query));
}

/** A submitter filter: one e-mail, compared case-insensitively; '' = everyone. */
export function matchesSubmitter(submitter: string | undefined, wanted: string): boolean {
  return !wanted || (submitter ?? '').toLowerCase() === wanted.trim().toLowerCase();
}

function text(v: DetailValue | undefined): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The folder part of a path (`Co/web/a.jpg` → `Co/web/`). */
function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/**
 * The folder a job writes to, from its job-detail element (docs/ips-api/types.md §5.6): `destFolder`
 * (uploads from a server directory, HTTP POST uploads, set generation), else for an upload by URLs
 * the folder its `urlArray` destination paths share. Undefined when the record names none (IPS job
 * logs carry no destination: a job seen only in the logs has none).
 */
export function destinationOf(rec: JobDetails): string | undefined {
  for (const el of JOB_DETAIL_ELEMENTS) {
    const d = rec[el];
    if (!d) continue;
    const dest = text(d['destFolder']);
    if (dest) return dest;
    const urls = d['urlArray'];
    const items = urls && typeof urls === 'object' && !Array.isArray(urls) ? urls['items'] : undefined;
    const list = Array.isArray(items) ? items : items && typeof items === 'object' ? [items] : [];
    let common: string | undefined;
    for (const u of list) {
      const p = u && typeof u === 'object' && !Array.isArray(u) ? text(u['destPath']) : undefined;
      if (!p) continue;
      const f = folderOf(p);
      if (common === undefined) common = f;
      else while (common && !f.startsWith(common)) common = folderOf(common.slice(0, -1));
    }
    return common || undefined;
  }
  return undefined;
}

/**
 * The compact index of a job's log detail rows: the texts of its error rows, then of its warning
 * rows (with their auxiliary messages), then the asset names (those of problem rows first). Each
 * distinct piece once, lowercased, U+0000 between pieces; pieces that would pass `max` characters
 * are left out, so the text stays bounded whatever the job's size.
 */
export function indexTextOf(details: readonly JobLogDetail[], max = INDEX_TEXT_MAX): string {
  const errors: string[] = [];
  const warnings: string[] = [];
  const problemAssets: string[] = [];
  const assets: string[] = [];
  for (const d of details) {
    const sev = logTypeSeverity(d.logType ?? '');
    const bucket = sev === 'error' ? errors : sev === 'warning' ? warnings : undefined;
    if (bucket) {
      if (d.logMessage) bucket.push(d.logMessage);
      for (const x of d.auxArray ?? []) if (x.logMessage) bucket.push(x.logMessage);
    }
    if (d.assetName) (bucket ? problemAssets : assets).push(d.assetName);
  }
  const seen = new Set<string>();
  let out = '';
  for (const piece of [...errors, ...warnings, ...problemAssets, ...assets]) {
    const p = piece.trim().toLowerCase();
    if (!p || seen.has(p)) continue;
    seen.add(p);
    const next = out ? out.length + 1 + p.length : p.length;
    if (next > max) continue;
    out = out ? `${out}\u0000${p}` : p;
    if (out.length >= max - 1) break;
  }
  return out;
}
