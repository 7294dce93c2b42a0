// `ips-jobs logs --csv` and `ips-jobs log --csv` as processes against `ips-jobs simulator
// --control` in its own process: the window's export columns, headers in the --locale
// language, local times with the TZ's offset, every page of a long log, counts that agree
// with --json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { runCli } from './helpers.ts';
import { eventually, killAll, startSimulatorProcess, type SimulatorProcess } from './process-helpers.ts';

let sim: SimulatorProcess;
let jobHandle = '';
const FILES = 2300;
const name = `csv-export-${process.pid}`;

const parse = (text: string): string[][] => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
const cli = (args: string[], env: Record<string, string> = {}) => runCli([...args, ...sim.connectArgs], { env: { ...sim.env, ...env } });

before(async () => {
  sim = await startSimulatorProcess();
  const job = await sim.control('job', { name, profile: 'warning', files: FILES, newMs: 0, waitMs: 0, runMs: 800, companyHandle: 'c|15' });
  jobHandle = String(job.jobHandle);
  await eventually(
    async () => {
      const r = await cli(['logs', '--json', '--company', 'c|15', '--limit', '50']);
      const logs = JSON.parse(r.stdout) as { jobName: string; endDate?: string }[];
      return logs.some((l) => l.jobName === name && l.endDate);
    },
    `${name} finished`,
    30_000,
    500,
  );
});
after(() => killAll());

test('logs --csv: BOM, Chinese headers, the same counts as --json, local time with the offset', { timeout: 60_000 }, async () => {
  const [csv, json] = await Promise.all([
    cli(['logs', '--csv', '--company', 'c|15', '--limit', '50', '--locale', 'zh-CN'], { TZ: 'Asia/Shanghai' }),
    cli(['logs', '--json', '--company', 'c|15', '--limit', '50']),
  ]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.ok(csv.stdout.startsWith('\uFEFF'), 'a UTF-8 BOM first, for Excel');
  assert.ok(csv.stdout.includes('\r\n'), 'CRLF line ends');
  const [header, ...rows] = parse(csv.stdout);
  assert.deepEqual(header!.slice(0, 5), ['结果', '类型', '名称', '公司', '开始时间']);
  const col = (h: string) => header!.indexOf(h);
  const logs = JSON.parse(json.stdout) as {
    jobHandle: string;
    startDate: string;
    counts: { total: number; warnings: number; errors: number; duplicates: number };
  }[];
  assert.equal(rows.length, logs.length);
  const mine = rows.find((r) => r[col('作业句柄')] === jobHandle);
  const log = logs.find((l) => l.jobHandle === jobHandle)!;
  assert.ok(mine && log, 'the new job is exported');
  assert.equal(Number(mine[col('文件总数')]), FILES);
  assert.equal(Number(mine[col('文件总数')]), log.counts.total);
  assert.equal(Number(mine[col('警告')]), log.counts.warnings);
  assert.equal(Number(mine[col('重复')]), log.counts.duplicates);
  assert.equal(Number(mine[col('错误')]), log.counts.errors);
  assert.equal(mine[col('公司')], 'Example Co');
  assert.match(mine[col('开始时间')]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  assert.equal(Date.parse(mine[col('开始时间')]!), Math.floor(Date.parse(log.startDate) / 1000) * 1000);
});

test('log --csv: every page of a long job log, in the detail table’s columns', { timeout: 60_000 }, async () => {
  const [csv, json] = await Promise.all([cli(['log', jobHandle, '--company', 'c|15', '--csv']), cli(['log', jobHandle, '--company', 'c|15', '--json'])]);
  assert.equal(csv.code, 0, csv.stderr);
  const doc = JSON.parse(json.stdout) as { detailTotalRows: number; detailArray: { logType: string }[] };
  assert.ok(doc.detailTotalRows > 2000, 'the log spans three pages of 1000');
  const [header, ...rows] = parse(csv.stdout);
  assert.deepEqual(header, ['Severity', 'Asset', 'Message', 'Log type', 'Time', 'Asset handle', 'Job', 'Job handle']);
  assert.equal(rows.length, doc.detailTotalRows);
  assert.deepEqual(
    rows.map((r) => r[3]),
    doc.detailArray.map((d) => d.logType),
  );
  assert.ok(rows.every((r) => r[7] === jobHandle && r[6] === name));
  assert.ok(rows.some((r) => r[0] === 'Warning') && rows.some((r) => r[0] === 'Duplicate'));
  assert.match(rows[0]![4]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/, 'TZ=UTC gives +00:00');
});

test('--json with --csv is a usage error; --csv is not an option of stop', async () => {
  const both = await cli(['logs', '--json', '--csv']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--json and --csv/);
  const stop = await cli(['stop', jobHandle, '--company', 'c|15', '--csv']);
  assert.equal(stop.code, 2);
});
