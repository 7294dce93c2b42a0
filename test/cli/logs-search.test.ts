// `ips-jobs logs --search TEXT --submitter EMAIL` as a process against the simulator on loopback:
// a job is found by an error text of its detail rows, by a submitter, and by name; the matching
// is the window's (shared/history-search.ts); bad values are usage errors (exit 2).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import type { IpsApi } from '../../electron/ips/api.ts';
import { DEMO_PASSWORD, DEMO_USER } from '../../electron/simulator/demo.ts';
import { indexTextOf, normalizeQuery } from '../../shared/history-search.ts';
import type { JobLog } from '../../shared/domain.ts';
import { runCli, stderrLines } from './helpers.ts';

let sim: Simulator;
let api: IpsApi;
let logs: JobLog[];
before(async () => {
  sim = await startSimulator({ demo: true, port: 0 });
  api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD });
  logs = await api.getJobLogs({ companyHandle: 'c|15', sortBy: 'StartDate', sortDirection: 'Descending', startDate: '2000-01-01T00:00:00.000Z' });
});
after(async () => {
  await sim?.close();
});

const ips = (args: string[]) =>
  runCli(['--service-url', sim.url, '--company', 'c|15', 'logs', '--since', '2000-01-01T00:00:00Z', '--json', ...args], {
    env: { IPS_USER: DEMO_USER, IPS_PASSWORD: DEMO_PASSWORD },
  });

test('logs --search finds a job by an error text that only its log details hold', async () => {
  // A failed job among the newest, and an asset name from one of its error rows.
  let target: { log: JobLog; text: string } | undefined;
  for (const log of logs.filter((l) => l.fileErrorCount > 0).slice(0, 10)) {
    const [d] = await api.getJobLogDetails({ companyHandle: log.companyHandle, jobHandle: log.jobHandle, recordsPerPage: 1000, resultsPage: 1 });
    const row = d?.detailArray?.find((r) => /error/i.test(r.logType) && r.assetName);
    if (row?.assetName && !`${log.jobName} ${log.originalJobName}`.toLowerCase().includes(row.assetName.toLowerCase())) {
      target = { log, text: row.logMessage };
      break;
    }
  }
  assert.ok(target, 'the demo world has a failed job with error rows');
  const r = await ips(['--search', `  ${target.text.toUpperCase()} `]);
  assert.equal(r.code, 0, r.stderr);
  const found = JSON.parse(r.stdout) as JobLog[];
  assert.ok(
    found.some((l) => l.jobHandle === target.log.jobHandle),
    `${target.log.jobName} found by “${target.text}”`,
  );
  // Every job listed holds the text in its own fields or its details.
  const q = normalizeQuery(target.text);
  for (const l of found.slice(0, 5)) {
    const [d] = await api.getJobLogDetails({ companyHandle: l.companyHandle, jobHandle: l.jobHandle, recordsPerPage: 1000, resultsPage: 1 });
    assert.ok(`${l.jobName}\u0000${l.originalJobName}`.toLowerCase().includes(q) || indexTextOf(d?.detailArray ?? []).includes(q), l.jobName);
  }
});

test('logs --submitter keeps one user’s jobs (any case), --search by name narrows them, --limit counts matches', async () => {
  const submitters = [...new Set(logs.map((l) => l.submitUserEmail).filter((e): e is string => !!e))];
  assert.ok(submitters.length >= 1, 'the demo logs name their submitters');
  const who = submitters[0]!;
  const mine = logs.filter((l) => l.submitUserEmail?.toLowerCase() === who.toLowerCase());
  const r = await ips(['--submitter', who.toUpperCase()]);
  assert.equal(r.code, 0, r.stderr);
  const found = JSON.parse(r.stdout) as JobLog[];
  assert.equal(found.length, mine.length);
  assert.ok(found.every((l) => l.submitUserEmail?.toLowerCase() === who.toLowerCase()));

  const name = mine[0]!.jobName;
  const both = await ips(['--submitter', who, '--search', name, '--limit', '1']);
  assert.equal(both.code, 0, both.stderr);
  const one = JSON.parse(both.stdout) as JobLog[];
  assert.equal(one.length, 1, 'the newest match only');
  assert.ok(one[0]!.jobName.toLowerCase().includes(name.toLowerCase()) || one[0]!.originalJobName.toLowerCase().includes(name.toLowerCase()));
});

test('logs --search with an empty or over-long value is a usage error', async () => {
  const empty = await ips(['--search', '  ']);
  assert.equal(empty.code, 2);
  assert.equal(stderrLines(empty).length, 1);
  assert.match(empty.stderr, /--search/);
  const long = await ips(['--submitter', 'x'.repeat(400)]);
  assert.equal(long.code, 2);
  assert.match(long.stderr, /--submitter/);
});
