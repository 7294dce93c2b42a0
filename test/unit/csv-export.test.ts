// The CSV exports (shared/csv.ts, shared/export-csv.ts): RFC 4180 quoting, the formula guard,
// the UTF-8 BOM, headers in the three languages, local times with their offset, numbers as
// numbers; read back with a CSV parser the way a spreadsheet would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { CSV_BOM, csvLines, toCsv, toTsv } from '../../shared/csv.ts';
import { exportFileName, historyCells, historyHeader, localIso, logCells, logHeader } from '../../shared/export-csv.ts';
import { jobCounts } from '../../shared/counts.ts';
import type { JobLogDetail } from '../../shared/domain.ts';

const parse = (text: string): string[][] => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

test('quotes what RFC 4180 requires and reads back cell for cell', () => {
  const cells = ['plain', 'a,b', 'say "hi"', 'line1\r\nline2', ' padded ', '作业 上传', 42, 0, undefined, null];
  const text = csvLines([cells]);
  assert.ok(text.endsWith('\r\n'), 'every line ends with CRLF');
  assert.ok(text.startsWith('plain,"a,b","say ""hi""","line1\r\nline2"," padded ",'));
  assert.deepEqual(parse(text), [['plain', 'a,b', 'say "hi"', 'line1\r\nline2', ' padded ', '作业 上传', '42', '0', '', '']]);
  assert.equal(csvLines([]), '');
});

test('a text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers', () => {
  const text = csvLines([['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', 'ok=1', -3, 1.5]]);
  const [row] = parse(text);
  assert.deepEqual(row, ['\'=HYPERLINK("http://x")', "'+1", "'-2+3", "'@SUM(A1)", "'\tx", 'ok=1', '-3', '1.5']);
});

test('a document starts with the UTF-8 BOM and its header; tab-separated text has no stray tabs or breaks', () => {
  const doc = toCsv(['名称', 'Total'], [['上传 a', 3]]);
  assert.ok(doc.startsWith(CSV_BOM));
  assert.equal(Buffer.from(doc, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
  assert.deepEqual(parse(doc), [
    ['名称', 'Total'],
    ['上传 a', '3'],
  ]);
  assert.equal(toTsv(['A', 'B'], [['x\ty', 'l1\nl2']]), 'A\tB\nx y\tl1 l2');
});

test('headers are localized in English, Simplified and Traditional Chinese, the same columns in each', () => {
  const en = historyHeader('en');
  const cn = historyHeader('zh-CN');
  const tw = historyHeader('zh-TW');
  assert.equal(en[0], 'Outcome');
  assert.equal(cn[2], '名称');
  assert.equal(tw[2], '名稱');
  assert.equal(cn.at(-2), '作业句柄');
  assert.equal(tw.at(-2), '作業控制代碼');
  assert.equal(new Set([en.length, cn.length, tw.length]).size, 1);
  for (const h of [...en, ...cn, ...tw]) assert.doesNotMatch(h, /^export\.col\./, 'every header is translated');
  assert.deepEqual(logHeader('en').slice(0, 5), ['Severity', 'Asset', 'Message', 'Log type', 'Time']);
  assert.deepEqual(logHeader('zh-CN').slice(-2), ['作业', '作业句柄']);
});

test('local time is ISO 8601 with its offset, and means the same instant', () => {
  const iso = '2026-11-30T10:15:07.250Z';
  const local = localIso(iso);
  assert.match(local, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  assert.equal(Date.parse(local), Date.parse('2026-11-30T10:15:07Z'));
  assert.equal(localIso(undefined), '');
  assert.equal(localIso('not a date'), '');
});

test('a History row: translated outcome and type, counts of shared/counts.ts as plain numbers, duration in seconds', () => {
  const counts = jobCounts({ fileSuccessCount: 1200, fileWarningCount: 3, fileErrorCount: 2, fileDuplicateCount: 4, fileUpdateCount: 1, totalFileCount: 1300 });
  const row = { outcome: 'error' as const, type: 'Upload', name: '=cmd', companyName: 'Acme', companyHandle: 'c|1', jobHandle: 'j|1||x|1', counts };
  const cells = historyCells('zh-CN', { ...row, start: '2026-11-30T10:00:00Z', end: '2026-11-30T10:01:30Z', submitter: 'a@b.c' });
  const byHeader = Object.fromEntries(historyHeader('en').map((h, i) => [h, cells[i]]));
  assert.equal(byHeader['Outcome'], '失败');
  assert.equal(byHeader['Type'], '上传');
  assert.equal(byHeader['Duration (s)'], 90);
  assert.equal(byHeader['Total files'], 1300);
  assert.equal(byHeader['Succeeded'], 1200);
  assert.equal(byHeader['Warnings'], 3, 'warnings are fileWarningCount: duplicates are their own number');
  assert.equal(byHeader['Duplicates'], 4);
  assert.equal(byHeader['Not processed'], 90);
  assert.equal(byHeader['Job handle'], 'j|1||x|1');
  // The name is guarded when written, not when built.
  assert.equal(parse(csvLines([cells]))[0]![2], "'=cmd");
});

test('a log row follows the detail table: severity, asset, message with aux, type, local time, then asset handle and job', () => {
  const d: JobLogDetail = {
    logType: 'DuplicateSkipped',
    logMessage: 'a.jpg is a duplicate',
    dateCreated: '2026-11-30T10:00:00Z',
    assetName: 'a.jpg',
    assetHandle: 'a|1',
    auxArray: [{ logType: 'Info', logMessage: 'same hash' }] as NonNullable<JobLogDetail['auxArray']>,
  };
  const cells = logCells('zh-TW', d, { jobName: 'Spring', jobHandle: 'j|1' });
  assert.deepEqual(cells, [
    '重複',
    'a.jpg',
    'a.jpg is a duplicate | Info: same hash',
    'DuplicateSkipped',
    localIso('2026-11-30T10:00:00Z'),
    'a|1',
    'Spring',
    'j|1',
  ]);
});

test('file names are safe on every system and say what they hold', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  assert.match(exportFileName('history', now), /^ips-jobs-history-\d{4}-\d{2}-\d{2}-\d{6}\.csv$/);
  assert.match(exportFileName('log', now, 'a/b: "c"|d*'), /^ips-jobs-log-a-b-c-d-\d{4}-\d{2}-\d{2}-\d{6}\.csv$/);
});
