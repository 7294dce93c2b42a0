// `ips-jobs log`: one job log with its detail lines, fetched page by page and printed as
// each page arrives, so memory holds one page, never the whole log.
//
// Bounded, so a server whose pages never end cannot exhaust the process:
// - at most LOG_MAX_ROWS detail lines (100,000); a longer log is cut there, with one
//   line on stderr, and the command still exits 0 (the output is complete up to the cap);
// - at most LOG_TIME_BUDGET_MS (5 minutes) for the whole command; past it the command
//   stops with one line on stderr and exit 4 (network failure or timeout).
// Either way, --json output is one valid JSON document: the job log object as before, its
// detailArray written item by item and closed. --csv writes the header, then each page's rows.
import type { JobLog, JobLogDetail } from '../../shared/domain.ts';
import type { IpsApi } from '../ips/api.ts';
import { CliFailure, EXIT } from './errors.ts';
import { detailColumns, detailRows, logDetailView, type CompanyNames, type Formatter } from './format.ts';
import { detailJson, jobLogJson } from './json.ts';
import { clean, pad, renderTable, truncate } from './table.ts';

export const LOG_MAX_ROWS = 100_000;
export const LOG_TIME_BUDGET_MS = 5 * 60_000;
export const LOG_PAGE_ROWS = 1000;

export interface LogStreamOptions {
  api: Pick<IpsApi, 'getJobLogDetails'>;
  ref: { companyHandle: string; jobHandle: string };
  json: boolean;
  /** CSV instead of a table (`log --csv`, ./csv-out.ts): the BOM and header line, then each page's rows. */
  csv?: { head: string; rows(log: JobLog, rows: readonly JobLogDetail[]): string };
  f: Formatter;
  /** Company names for the text view (asked once the log is found). */
  names(): Promise<CompanyNames>;
  out(text: string): Promise<void> | void;
  /** One line on stderr (the CLI adds its `ips-jobs:` prefix). */
  note(line: string): void;
  maxRows?: number;
  budgetMs?: number;
  pageRows?: number;
  now?: () => number;
}

const OUT_OF_TIME = Symbol('out of time');

/** `p`, or OUT_OF_TIME once `ms` passed (the late answer is then ignored). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof OUT_OF_TIME> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof OUT_OF_TIME>((resolve) => {
    timer = setTimeout(() => resolve(OUT_OF_TIME), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
    p.catch(() => undefined);
  }
}

const indent = (text: string, by: string) => text.replace(/^/gm, by);

/** Writes the log as text or JSON, one page at a time; returns the exit code. */
export async function streamJobLog(o: LogStreamOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const maxRows = o.maxRows ?? LOG_MAX_ROWS;
  const budgetMs = o.budgetMs ?? LOG_TIME_BUDGET_MS;
  const pageRows = o.pageRows ?? LOG_PAGE_ROWS;
  const deadline = now() + budgetMs;
  const { ref, f } = o;

  let first: JobLog | undefined;
  let claimed: number | undefined;
  let printed = 0;
  let widths: number[] | undefined;
  let stop: 'done' | 'rows' | 'time' = 'done';

  const begin = async (log: JobLog, rows: readonly JobLogDetail[]): Promise<void> => {
    const total = log.detailTotalRows;
    // The server's total, unless the first page already contradicts it.
    claimed = total !== undefined && total >= rows.length ? total : undefined;
    if (o.csv) {
      await o.out(o.csv.head);
    } else if (o.json) {
      const { detailArray: _rows, detailTotalRows: _total, ...summary } = log;
      const head = jobLogJson({ ...summary, ...(claimed !== undefined ? { detailTotalRows: claimed } : {}) });
      const text = JSON.stringify(head, null, 2);
      await o.out(`${text.slice(0, -2)},\n  "detailArray": [`);
    } else {
      const view = logDetailView({ ...log, detailArray: [] }, f, await o.names());
      // Its last line says "no detail lines"; the table follows instead when there are some.
      await o.out(`${(rows.length > 0 ? view.slice(0, -1) : view).join('\n')}\n`);
    }
  };

  const write = async (rows: readonly JobLogDetail[]): Promise<void> => {
    if (rows.length === 0) return;
    if (o.csv) {
      await o.out(o.csv.rows(first!, rows));
    } else if (o.json) {
      const items = rows.map((d) => indent(JSON.stringify(detailJson(d), null, 2), '    '));
      await o.out(`${printed === 0 ? '\n' : ',\n'}${items.join(',\n')}`);
    } else if (!widths) {
      // The first page sets the column widths; later pages are cut to them.
      const lines = renderTable(detailColumns(f), detailRows(rows, f), f.width);
      widths = lines[1]!.split('  ').map((rule) => rule.length);
      await o.out(`${lines.join('\n')}\n`);
    } else {
      const w = widths;
      const lines = detailRows(rows, f).map((r) =>
        r
          .map((cell, i) => pad(truncate(clean(cell), w[i]!), w[i]!))
          .join('  ')
          .replace(/\s+$/, ''),
      );
      await o.out(`${lines.join('\n')}\n`);
    }
    printed += rows.length;
  };

  const finish = async (): Promise<void> => {
    if (!o.json || !first) return;
    const tail = claimed === undefined ? `,\n  "detailTotalRows": ${printed}` : '';
    await o.out(`${printed > 0 ? '\n  ]' : ']'}${tail}\n}\n`);
  };

  try {
    for (let page = 1; ; page++) {
      const left = deadline - now();
      if (left <= 0) {
        stop = 'time';
        break;
      }
      const answer = await within(
        o.api.getJobLogDetails({ ...ref, recordsPerPage: pageRows, resultsPage: page, sortBy: 'Date', sortDirection: 'Ascending' }),
        left,
      );
      if (answer === OUT_OF_TIME) {
        stop = 'time';
        break;
      }
      const found = answer.find((l) => l.jobHandle === ref.jobHandle) ?? answer[0];
      if (!found) break;
      let rows = found.detailArray ?? [];
      if (!first) {
        first = found;
        await begin(found, rows);
      }
      const full = rows.length >= pageRows;
      const cut = rows.length > maxRows - printed;
      if (cut) rows = rows.slice(0, maxRows - printed);
      await write(rows);
      const more = full && (claimed === undefined || printed < claimed);
      if (cut || (printed >= maxRows && more)) {
        stop = 'rows';
        break;
      }
      if (!more || rows.length === 0) break;
    }
  } catch (err) {
    // Whatever was printed stays a valid document; the error is reported by the caller.
    await finish().catch(() => undefined);
    throw err;
  }
  if (!first) {
    if (stop === 'time') throw new CliFailure(EXIT.NETWORK, 'cli.log.outOfTime', { seconds: Math.round(budgetMs / 1000), rows: f.int(0) });
    throw new CliFailure(EXIT.IPS, 'cli.error.logNotFound', { job: ref.jobHandle, company: ref.companyHandle });
  }
  await finish();
  if (stop === 'rows') {
    o.note(
      claimed !== undefined
        ? f.text('cli.log.rowCap', { rows: f.int(printed), total: f.int(claimed) })
        : f.text('cli.log.rowCapUnknown', { rows: f.int(printed) }),
    );
    return EXIT.OK;
  }
  if (stop === 'time') {
    o.note(f.text('cli.log.outOfTime', { seconds: Math.round(budgetMs / 1000), rows: f.int(printed) }));
    return EXIT.NETWORK;
  }
  return EXIT.OK;
}
