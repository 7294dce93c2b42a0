// One job, every face: the counts a user reads in a notification, the tray menu, the CLI's
// logs table, `log` detail and `--json` come from shared/counts.ts and agree with each other
// (the window's History row and detail read the same function; see test/e2e/window-states-trust).
// The demo simulator's logs follow the same definitions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jobCounts } from '../../shared/counts.ts';
import { decideNotifications, initialNotifyState } from '../../electron/core/notify-rules.ts';
import { computeTrayState } from '../../electron/core/tray-state.ts';
import { formatter, logDetailView, logsTable } from '../../electron/cli/format.ts';
import { jobLogJson } from '../../electron/cli/json.ts';
import { cliLocale } from '../../electron/cli/locale.ts';
import { defaultSettings } from '../../shared/settings.ts';
import type { Job, JobLog, Outcome } from '../../shared/domain.ts';
import { DEMO_PASSWORD, DEMO_USER, createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { T0, client, list, type Client } from '../integration/simulator-helpers.ts';
import { log as makeLog } from './core-fake.ts';

// An upload of 120 files that hit a fatal error after 61: the numbers issue #11 quotes.
const ABORTED: JobLog = makeLog('j|1||up', {
  totalFileCount: 120,
  fileSuccessCount: 30,
  fileUpdateCount: 9,
  fileWarningCount: 6,
  fileErrorCount: 8,
  fileDuplicateCount: 8,
  transferSuccessCount: 39,
  transferWarningCount: 6,
  transferErrorCount: 8,
  fatalError: true,
});

function finished(log: JobLog, outcome: Outcome): Job {
  return {
    key: `c|${log.jobHandle}`,
    companyHandle: 'c',
    jobHandle: log.jobHandle,
    name: 'Spring catalogue',
    originalName: 'Spring catalogue',
    type: 'ImageServingUpload',
    phase: 'finished',
    outcome,
    firstSeen: '',
    updatedAt: log.endDate ?? '',
    ...(log.endDate ? { endDate: log.endDate } : {}),
    ...(log.startDate ? { startDate: log.startDate } : {}),
    log,
  };
}

function notificationBody(job: Job): string {
  const out = decideNotifications({
    events: [{ event: 'job-finished', outcome: job.outcome!, job }],
    prefs: { ...defaultSettings().notifications, success: true, warning: true, error: true },
    locale: 'en',
    now: Date.now(),
    state: initialNotifyState(),
    localMinutes: 720,
  });
  assert.equal(out.notifications.length, 1);
  return out.notifications[0]!.body;
}

function trayLabel(job: Job): string {
  const tray = computeTrayState({ jobs: [job], connection: { state: 'ok' }, paused: false, locale: 'en' });
  const item = tray.menu.find((m) => m.type === 'job' && m.jobKey === job.key);
  assert.ok(item && item.type === 'job');
  return item.label;
}

const en = formatter(cliLocale('en'), 'UTC', 200);

/** The logs table's cells of the one row, by header. */
function tableRow(log: JobLog): Record<string, string> {
  const lines = logsTable([log], en, new Map());
  const head = lines[0]!;
  const row = lines.at(-1)!;
  const out: Record<string, string> = {};
  // Numbers are right-aligned: a column's value ends where its header ends.
  for (const m of head.matchAll(/\S+/g)) {
    const end = m.index + m[0].length;
    out[m[0]] = /(\S*)$/.exec(row.slice(0, end))![1]!;
  }
  return out;
}

describe('one meaning for every count', () => {
  test('the shared definition: IPS fields, as the Jobs page shows them', () => {
    const c = jobCounts(ABORTED);
    assert.deepEqual(
      { ...c, transfers: undefined },
      { total: 120, succeeded: 30, updated: 9, warnings: 6, errors: 8, duplicates: 8, processed: 61, unprocessed: 59, transfers: undefined },
    );
    assert.deepEqual(c.transfers, { succeeded: 39, warnings: 6, errors: 8 }, 'transfers are the same files, kept apart');
    assert.equal(jobCounts({ ...ABORTED, totalFileCount: 0 }).total, 61, 'a 0 total (as in the reference example) is never below the parts');
    assert.equal(jobCounts(undefined).total, 0);
  });

  test('an aborted job: notification, tray, CLI table, CLI detail and --json say 8 errors, 59 not processed', () => {
    const job = finished(ABORTED, 'error');
    const body = notificationBody(job);
    assert.equal(body, 'Spring catalogue: stopped by a fatal error, 8 errors, 8 transfer errors, 59 files not processed.');
    assert.doesNotMatch(body, /16/, 'file and transfer errors are not added up');
    assert.equal(trayLabel(job), 'Spring catalogue — failed (8 errors)');

    const row = tableRow(ABORTED);
    assert.equal(row.Files, '120', 'the Files column is the total, as on the Jobs page (not succeeded + updated)');
    assert.equal(row.Errors, '8');
    assert.equal(row.Warnings, '6');

    const detail = logDetailView(ABORTED, en, new Map()).join('\n');
    assert.match(detail, /30 succeeded, 9 updated, 8 failed, 6 with warnings, 8 duplicates, 120 in total/);
    assert.match(detail, /Not processed\s+59/);
    assert.match(detail, /Transfers\s+39 succeeded, 6 with warnings, 8 failed/);

    const json = jobLogJson(ABORTED);
    assert.equal(json.fileErrorCount, 8, 'IPS fields stay as IPS sent them');
    assert.deepEqual(json.counts, { total: 120, succeeded: 30, updated: 9, warnings: 6, errors: 8, duplicates: 8, processed: 61, unprocessed: 59 });
  });

  test('warnings are file warnings: duplicates and transfer warnings are their own numbers', () => {
    const log = makeLog('j|2||w', {
      totalFileCount: 56,
      fileSuccessCount: 20,
      fileUpdateCount: 19,
      fileWarningCount: 9,
      fileDuplicateCount: 8,
      transferWarningCount: 9,
    });
    const job = finished(log, 'warning');
    assert.equal(notificationBody(job), 'Spring catalogue: 9 warnings, 8 duplicates skipped, 9 transfer warnings.');
    assert.equal(trayLabel(job), 'Spring catalogue — finished with 9 warnings');
    assert.equal(tableRow(log).Warnings, '9');
    assert.equal(tableRow(log).Files, '56');
    assert.equal((jobLogJson(log).counts as { warnings: number }).warnings, 9);
  });

  test('a stopped job says how many files it never reached', () => {
    const log = makeLog('j|4||st', { totalFileCount: 120, fileSuccessCount: 50, fileUpdateCount: 10 });
    assert.equal(notificationBody(finished(log, 'stopped')), 'Spring catalogue was stopped; 60 files were not processed.');
    assert.equal(jobCounts(log).unprocessed, 60);
    assert.match(logDetailView(log, en, new Map()).join('\n'), /Not processed\s+60/);
  });

  test('succeeded is fileSuccessCount; updated files are shown apart', () => {
    const log = makeLog('j|3||s', { totalFileCount: 56, fileSuccessCount: 20, fileUpdateCount: 36 });
    assert.equal(notificationBody(finished(log, 'success')), 'Spring catalogue finished successfully (20 files succeeded, 36 updated).');
    assert.equal(tableRow(log).Files, '56');
    assert.equal((jobLogJson(log).counts as { succeeded: number }).succeeded, 20);
  });
});

describe('the demo simulator counts by the same definitions', () => {
  let sim: Simulator;
  let c: Client;
  before(async () => {
    sim = await startSimulator({ demo: true, clock: createManualClock(T0), seed: 42 });
    c = await client(sim, DEMO_USER, DEMO_PASSWORD);
  });
  after(async () => {
    await sim.close();
  });

  test('total = the parts + unprocessed; only a stopped or fatal job leaves files unprocessed', async () => {
    const [l] = await c.getJobLogsAsync({ sortBy: 'StartDate', sortDirection: 'Descending' });
    const done = (list(l.jobLogArray) as JobLog[]).filter((j) => j.endDate);
    assert.ok(done.length > 10);
    let aborted = 0;
    for (const log of done) {
      const k = jobCounts(log);
      assert.equal(k.total, log.totalFileCount, `${log.jobName}: the parts never exceed totalFileCount`);
      assert.equal(k.processed + k.unprocessed, log.totalFileCount);
      if (k.unprocessed > 0) {
        aborted++;
        const [d] = await c.getJobLogDetailsAsync({ companyHandle: log.companyHandle, jobHandle: log.jobHandle });
        const types = (list(list(d.jobLogArray)[0].detailArray) as { logType: string }[]).map((r) => r.logType);
        assert.ok(types.includes('FatalError') || types.includes('FileCancel'), `${log.jobName}: unprocessed files only when stopped or fatal`);
      }
      assert.ok(k.transfers.errors <= k.errors + (log.fatalError ? 1 : 0), 'transfer errors are the same files, not more');
    }
    assert.ok(aborted > 0, 'the demo has a stopped or aborted job with unprocessed files');
  });
});

describe('ips-jobs logs, a real process on the demo world', () => {
  const cli = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));
  const run = (...args: string[]): string =>
    execFileSync(process.execPath, [cli, '--demo', 'logs', '--limit', '200', ...args], {
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '250', LANG: 'en_US.UTF-8', TZ: 'UTC' },
    });

  test('--json counts and the table say the same for every finished job', () => {
    const logs = JSON.parse(run('--json')) as (JobLog & { counts: Record<string, number> })[];
    const table = run().split('\n');
    const finished = logs.filter((l) => l.endDate);
    assert.ok(finished.length > 5 && finished.some((l) => l.fileErrorCount > 0 && l.transferErrorCount > 0), 'jobs with file and transfer errors');
    for (const l of finished) {
      const { transfers: _t, ...k } = jobCounts(l);
      assert.deepEqual(l.counts, k, `${l.jobName}: --json counts`);
      const line = table.find((x) => x.trimEnd().endsWith(l.jobHandle));
      assert.ok(line, `${l.jobHandle} in the table`);
      const cells = line
        .replace(l.jobHandle, '')
        .trim()
        .split(/\s{2,}/);
      const [files, errors, warnings] = cells.slice(-4, -1).map((c) => Number(c.replace(/\D/g, '')));
      assert.deepEqual({ files, errors, warnings }, { files: k.total, errors: k.errors, warnings: k.warnings }, `${l.jobName}: table row`);
    }
  });
});
