// Which files of an upload failed, from its IPS job log's error rows (pure). A row names its
// file in two ways, neither exact: `logMessage` usually carries the company-relative path
// ("ExampleCo/shoot/红色.jpg could not be processed", localized around it), `assetName` the
// asset's name — the file name without its extension, and without its folder. Matching, per
// row, takes the first rule that finds a file:
//   1. the message holds the file's whole path (destination folder + target);
//   2. the message holds its target (the path under the destination folder);
//   3. the asset name is the file's name without its extension (or its whole name);
//   4. the message holds its bare file name.
// A path counts only between boundaries (start, space, quote or bracket before; end, space,
// punctuation or a non-Latin character after) so `red.jpg` never matches `dark-red.jpg` or
// `red.jpg.bak`; when several files match at one rule, the longest match wins (`a/b/x.jpg`
// over `b/x.jpg`), and files that tie (two `1.jpg` in two folders, named only by the asset
// name `1`) are all taken: IPS names assets per company, so both may be the one that failed.
// Names are compared in Unicode NFC (macOS gives decomposed names) and `\` as `/`; rule 3
// and 4 fall back to a case-insensitive match. A row matching no file is returned as
// unmatched (its asset name, else its message) so the caller can say so.
import type { JobLogDetail } from '../../../shared/domain.ts';

export interface FailedFiles {
  /** Indices into the upload's files, ascending, each once. */
  files: number[];
  /** Rows that named no file of the upload (asset name, else message). */
  unmatched: string[];
}

const norm = (s: string): string => s.normalize('NFC').replace(/\\/g, '/');
const lower = (s: string): string => s.toLocaleLowerCase('en');

/** A character that may continue an ASCII file name (so it is no boundary). */
const NAME_CHAR = /[A-Za-z0-9_\-.~+]/;
/** Characters that may stand right before a path in a message. */
const BEFORE = /[\s'"“‘「『（([<:/]/;

function boundedAt(text: string, at: number, len: number): boolean {
  const before = at === 0 ? '' : text[at - 1]!;
  if (before !== '' && !BEFORE.test(before)) return false;
  const after = text[at + len];
  // A final '.' ends a sentence ("… x.jpg."), a '.' before more letters continues the name.
  if (after === '.') return !NAME_CHAR.test(text[at + len + 1] ?? ' ');
  return after === undefined || !NAME_CHAR.test(after);
}

/** Whether `needle` occurs in `text` between boundaries. */
function containsBounded(text: string, needle: string): boolean {
  if (!needle) return false;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) if (boundedAt(text, at, needle.length)) return true;
  return false;
}

interface Names {
  full: string;
  target: string;
  base: string;
  stem: string;
}

function namesOf(destFolder: string, target: string): Names {
  const t = norm(target).replace(/^\/+/, '');
  const dest = norm(destFolder).replace(/^\/+/, '');
  const base = t.slice(t.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return { full: `${dest}${dest && !dest.endsWith('/') ? '/' : ''}${t}`, target: t, base, stem: dot > 0 ? base.slice(0, dot) : base };
}

type Rule = (row: { message: string; asset: string }, n: Names) => number;

/** Each rule answers the length of what matched (0: no match). */
const RULES: readonly Rule[] = [
  (r, n) => (containsBounded(r.message, n.full) ? n.full.length : 0),
  (r, n) => (containsBounded(r.message, n.target) ? n.target.length : 0),
  (r, n) => (r.asset && (r.asset === n.stem || r.asset === n.base) ? n.base.length : 0),
  (r, n) => (containsBounded(r.message, n.base) ? n.base.length : 0),
  (r, n) => (r.asset && (lower(r.asset) === lower(n.stem) || lower(r.asset) === lower(n.base)) ? n.base.length : 0),
  (r, n) => (containsBounded(lower(r.message), lower(n.base)) ? n.base.length : 0),
];

/** The files of an upload (destination folder + targets) that its error rows name. */
export function failedFilesOf(
  upload: { destFolder: string; files: readonly { target: string }[] },
  rows: readonly Pick<JobLogDetail, 'logMessage' | 'assetName'>[],
): FailedFiles {
  const names = upload.files.map((f) => namesOf(upload.destFolder, f.target));
  const hit = new Set<number>();
  const unmatched: string[] = [];
  for (const raw of rows) {
    const row = { message: norm(raw.logMessage ?? ''), asset: norm(raw.assetName ?? '').trim() };
    let found: number[] = [];
    for (const rule of RULES) {
      let best = 0;
      names.forEach((n, i) => {
        const len = rule(row, n);
        if (len === 0 || len < best) return;
        if (len > best) found = [];
        best = len;
        found.push(i);
      });
      if (found.length > 0) break;
    }
    if (found.length === 0) unmatched.push(raw.assetName?.trim() || raw.logMessage || '');
    for (const i of found) hit.add(i);
  }
  return { files: [...hit].sort((a, b) => a - b), unmatched };
}
