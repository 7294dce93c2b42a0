// `ips-jobs log` is bounded by rows and time and streams its output: against a server
// whose pages never end, the CLI process stops at 100,000 detail lines within seconds, on
// a small heap, with one stderr line and a valid JSON document; a slow server runs into
// the time budget (exit 4); the output of an ordinary log is what it always was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { JobLog, JobLogDetail } from '../../shared/domain.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { IpsNetworkError } from '../../electron/ips/errors.ts';
import { CliFailure } from '../../electron/cli/errors.ts';
import { formatter } from '../../electron/cli/format.ts';
import { jobLogJson, toJson } from '../../electron/cli/json.ts';
import { cliLocale } from '../../electron/cli/locale.ts';
import { LOG_MAX_ROWS, streamJobLog, type LogStreamOptions } from '../../electron/cli/log-stream.ts';
import { CLI_SOURCE, baseEnv } from './helpers.ts';
import { startEndlessPager, type Pager } from './log-pager.ts';

const HEAP_MB = 64;

/** The CLI as a process on a small heap; samples its resident memory while it runs. */
function runBounded(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; maxRssMb: number | undefined }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI_SOURCE, ...args], {
      env: baseEnv({ IPS_USER: 'ops@example.com', IPS_PASSWORD: 'Endless-Pager-Pw-41' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let maxRss: number | undefined;
    const status = `/proc/${child.pid}/status`;
    const sample = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1]);
        if (kb) maxRss = Math.max(maxRss ?? 0, kb);
      } catch {
        /* gone, or no /proc here */
      }
    }, 100);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ips-jobs ${args.join(' ')} did not end within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        ms: Date.now() - started,
        maxRssMb: maxRss === undefined ? undefined : maxRss / 1024,
      });
    });
  });
}

describe('ips-jobs log against pages that never end (a process)', () => {
  let pager: Pager;
  before(async () => {
    pager = await startEndlessPager();
  });
  after(() => pager.close());

  test('--json stops at 100,000 rows, in time, on a small heap, with one stderr line and a valid document', { timeout: 90_000 }, async () => {
    const r = await runBounded(['log', 'j|1', '--company', 'c|1', '--json', '--service-url', pager.url], 80_000);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.equal(lines[0], 'ips-jobs: Stopped after 100,000 detail lines, the most this command prints; the log may have more.');
    const doc = JSON.parse(r.stdout) as { jobHandle: string; detailArray: unknown[]; detailTotalRows: number };
    assert.equal(doc.jobHandle, 'j|1');
    assert.equal(doc.detailArray.length, LOG_MAX_ROWS);
    assert.equal(doc.detailTotalRows, LOG_MAX_ROWS);
    assert.equal(pager.pages(), 100, 'no page fetched past the cap');
    assert.ok(r.ms < 60_000, `took ${r.ms} ms`);
    console.log(`# 100,000 rows in ${r.ms} ms; peak RSS ${r.maxRssMb?.toFixed(0) ?? '?'} MB with a ${HEAP_MB} MB heap`);
    if (r.maxRssMb !== undefined) assert.ok(r.maxRssMb < 400, `peak RSS ${r.maxRssMb} MB`);
  });
});

test('text: rows appear as pages arrive, not at the end', { timeout: 60_000 }, async () => {
  const slow = await startEndlessPager({ claimTotal: 8000, delayMs: 300 });
  try {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI_SOURCE, 'log', 'j|1', '--company', 'c|1', '--service-url', slow.url], {
      env: baseEnv({ IPS_USER: 'ops@example.com', IPS_PASSWORD: 'Endless-Pager-Pw-41' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let firstRowsAt: number | undefined;
    let rowsSeen = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const n = (d.match(/row \d+ of a log/g) ?? []).length;
      if (n > 0 && firstRowsAt === undefined) firstRowsAt = Date.now() - started;
      rowsSeen += n;
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const total = Date.now() - started;
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'a complete log says nothing on stderr');
    assert.equal(rowsSeen, 8000);
    assert.equal(slow.pages(), 8);
    assert.ok(firstRowsAt !== undefined && total - firstRowsAt >= 7 * 300, `first rows at ${firstRowsAt} ms, done at ${total} ms`);
    console.log(`# text: first rows after ${firstRowsAt} ms, all 8,000 after ${total} ms`);
  } finally {
    await slow.close();
  }
});

/** A fake page source: `pages[i]` answers page i + 1; later pages are empty. */
function pagedApi(first: Omit<JobLog, 'detailArray'>, pages: Array<JobLogDetail[] | Error>): LogStreamOptions['api'] & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    async getJobLogDetails(q) {
      asked.push(q.resultsPage ?? 0);
      const p = pages[(q.resultsPage ?? 1) - 1];
      if (p instanceof Error) throw p;
      return [{ ...first, detailArray: p ?? [] } as JobLog];
    },
  };
}

const LOG: Omit<JobLog, 'detailArray'> = {
  companyHandle: 'c|1',
  jobHandle: 'j|1',
  jobName: 'nightly',
  originalJobName: 'nightly',
  fileSuccessCount: 2345,
  fileErrorCount: 0,
  fileWarningCount: 0,
  fileDuplicateCount: 0,
  fileUpdateCount: 0,
  totalFileCount: 2345,
  transferSuccessCount: 0,
  transferErrorCount: 0,
  transferWarningCount: 0,
  fatalError: false,
  startDate: '2026-11-30T10:00:00.000Z',
  endDate: '2026-11-30T10:05:00.000Z',
  detailTotalRows: 2345,
};
const rows = (from: number, n: number): JobLogDetail[] =>
  Array.from({ length: n }, (_, i) => ({
    logMessage: `line ${from + i}`,
    logType: 'UploadSuccess',
    dateCreated: '2026-11-30T10:01:00.000Z',
    assetName: `a${from + i}`,
  }));

function sink(): { text: () => string; notes: string[]; out: (t: string) => void; note: (l: string) => void } {
  const parts: string[] = [];
  const notes: string[] = [];
  return { text: () => parts.join(''), notes, out: (t) => void parts.push(t), note: (l) => void notes.push(l) };
}

const f = formatter(cliLocale('en'), 'UTC');

/** streamJobLog for job j|1 of company c|1 as JSON, in English, no company names, into `s`; `over` adds or replaces options. */
const stream = (api: LogStreamOptions['api'], s: ReturnType<typeof sink>, over: Partial<LogStreamOptions> = {}): Promise<number> =>
  streamJobLog({ api, ref: { companyHandle: 'c|1', jobHandle: 'j|1' }, json: true, f, names: async () => new Map(), ...s, ...over });

describe('streamJobLog', () => {
  test('an ordinary log: the same JSON as before, byte for byte, fetched page by page', async () => {
    const pages = [rows(0, 1000), rows(1000, 1000), rows(2000, 345)];
    const s = sink();
    const code = await stream(pagedApi(LOG, pages), s);
    assert.equal(code, 0);
    assert.deepEqual(s.notes, []);
    assert.equal(s.text(), `${toJson(jobLogJson({ ...LOG, detailArray: pages.flat() } as JobLog))}\n`);
    const empty = sink();
    await stream(pagedApi({ ...LOG, detailTotalRows: 0 }, []), empty);
    assert.equal(empty.text(), `${toJson(jobLogJson({ ...LOG, detailTotalRows: 0, detailArray: [] } as JobLog))}\n`);
  });

  test("text: one header, one table whose later pages keep the first page's columns, and the cap said once", async () => {
    const api = pagedApi(
      { ...LOG, detailTotalRows: 9_000_000 },
      Array.from({ length: 50 }, (_, i) => rows(i * 10, 10)),
    );
    const s = sink();
    const code = await stream(api, s, { json: false, names: async () => new Map([['c|1', 'Example Co']]), pageRows: 10, maxRows: 25 });
    assert.equal(code, 0);
    assert.deepEqual(api.asked, [1, 2, 3]);
    assert.deepEqual(s.notes, ['Stopped after 25 detail lines, the most this command prints; IPS reports 9,000,000.']);
    const lines = s.text().trimEnd().split('\n');
    assert.equal(lines.filter((l) => /^Job +nightly$/.test(l)).length, 1, s.text());
    assert.match(s.text(), /Example Co/);
    const table = lines.slice(lines.findIndex((l) => /^-+ {2}-+/.test(l)) + 1);
    assert.equal(table.length, 25);
    const at = (l: string) => l.indexOf('line ');
    assert.ok(
      table.every((l) => at(l) === at(table[0]!)),
      'columns aligned across pages',
    );
    assert.doesNotMatch(s.text(), /No detail lines/);
  });

  test('out of time: what arrived is printed, the JSON is closed, exit 4 with one line', async () => {
    let clock = 0;
    const api: LogStreamOptions['api'] = {
      async getJobLogDetails(q) {
        clock += 400; // each page takes 0.4 s of the budget
        const { detailTotalRows: _total, ...noTotal } = LOG;
        return [{ ...noTotal, detailArray: rows(((q.resultsPage ?? 1) - 1) * 10, 10) }];
      },
    };
    const s = sink();
    const code = await stream(api, s, { pageRows: 10, budgetMs: 1000, now: () => clock });
    assert.equal(code, 4);
    assert.deepEqual(s.notes, ['Stopped after 1 second with 30 detail lines: IPS had not sent the whole log in time.']);
    const doc = JSON.parse(s.text()) as { detailArray: unknown[]; detailTotalRows: number };
    assert.equal(doc.detailArray.length, 30);
    assert.equal(doc.detailTotalRows, 30);
  });

  test('a slow server past the budget, through the real client on loopback', { timeout: 20_000 }, async () => {
    const slow = await startEndlessPager({ delayMs: 400 });
    try {
      const api = await createIpsClient({ serviceUrl: slow.url, user: 'ops@example.com', password: 'pw-slow-1234', timeoutMs: 5000 });
      const s = sink();
      const started = Date.now();
      const code = await stream(api, s, { json: false, pageRows: 5, budgetMs: 1500 });
      assert.equal(code, 4);
      assert.ok(Date.now() - started < 2500, 'stopped at the budget, not after the page in flight');
      assert.equal(s.notes.length, 1);
      assert.match(s.notes[0]!, /^Stopped after 2 seconds with \d+ detail lines/);
    } finally {
      await slow.close();
    }
  });

  test('a failure mid-log: the JSON printed so far is closed, the error goes to the caller', async () => {
    const s = sink();
    const failure = new IpsNetworkError('Could not reach IPS for getJobLogDetails: the connection was reset');
    await assert.rejects(stream(pagedApi({ ...LOG, detailTotalRows: 3000 }, [rows(0, 1000), failure]), s), (e: unknown) => e === failure);
    assert.equal((JSON.parse(s.text()) as { detailArray: unknown[] }).detailArray.length, 1000);
  });

  test('no log at all is still "not found" (exit 5)', async () => {
    const api: LogStreamOptions['api'] = { getJobLogDetails: async () => [] };
    await assert.rejects(
      stream(api, sink(), { ref: { companyHandle: 'c|1', jobHandle: 'j|9' }, json: false }),
      (e: unknown) => e instanceof CliFailure && e.exitCode === 5 && e.key === 'cli.error.logNotFound',
    );
  });
});

test('log --help states the bounds and their exit codes, in every language', async () => {
  const { helpText } = await import('../../electron/cli/help.ts');
  assert.match(helpText('en', 'log'), /at most 100,000 detail lines \(more: one line on stderr, exit 0\).*5 minutes.*exit 4/);
  assert.match(helpText('zh-CN', 'log'), /100,000 条明细行.*退出码 0.*5 分钟.*退出码 4/);
  assert.match(helpText('zh-TW', 'log'), /100,000 筆明細列.*結束代碼 0.*5 分鐘.*結束代碼 4/);
  assert.doesNotMatch(helpText('en', 'logs'), /100,000/, 'only log has these bounds');
});
