// The CLI's flow in-process, with a fake IpsApi: company fan-out and merging, the
// overall log limit, every page of a job log, the watch context, the simulator command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliDeps } from '../../electron/cli/main.ts';
import type { WatchContext } from '../../electron/cli/watch.ts';
import type { IpsApi, IpsConnection, JobLogDetailsQuery, JobLogsQuery } from '../../electron/ips/api.ts';
import { IpsAuthenticationError } from '../../electron/ips/errors.ts';
import type { JobLog, JobLogDetail } from '../../shared/domain.ts';

function logOf(companyHandle: string, n: number, startDate: string): JobLog {
  return {
    companyHandle,
    jobHandle: `j|${companyHandle}||run|${n}`,
    jobName: `run-${n}`,
    originalJobName: 'run',
    startDate,
    fileSuccessCount: n,
    fileErrorCount: 0,
    fileWarningCount: 0,
    fileDuplicateCount: 0,
    fileUpdateCount: 0,
    totalFileCount: n,
    transferSuccessCount: 0,
    transferErrorCount: 0,
    transferWarningCount: 0,
    fatalError: false,
  };
}

const DETAILS: JobLogDetail[] = Array.from({ length: 2345 }, (_, i) => ({ logMessage: `line ${i}`, logType: 'UploadSuccess' }));

function fakeApi(calls: string[]): IpsApi {
  const no = () => Promise.reject(new Error('not used'));
  return {
    getCompanyMembership: async () => [
      { company: { companyHandle: 'c|1', name: 'Acme 公司' }, isActive: true },
      { company: { companyHandle: 'c|2', name: 'Beta' } },
      { company: { companyHandle: 'c|3', name: 'Gone' }, isActive: false },
    ],
    getCompanyInfo: no,
    getUserInfo: no,
    checkLogin: no,
    getActiveJobs: async (q) => {
      calls.push(`active ${q?.companyHandle}`);
      return [];
    },
    getScheduledJobs: async (q) => {
      calls.push(`scheduled ${q.companyHandle}`);
      return [];
    },
    getJobLogs: async (q: JobLogsQuery) => {
      calls.push(`logs ${q.companyHandle} ${q.numRows} ${q.startDate} ${q.sortDirection}`);
      const base = q.companyHandle === 'c|1' ? '2026-11-20T0' : '2026-11-20T1';
      return [
        logOf(q.companyHandle, 1, `${base}1:00:00.000Z`),
        logOf(q.companyHandle, 2, `${base}3:00:00.000Z`),
        logOf(q.companyHandle, 3, `${base}2:00:00.000Z`),
      ];
    },
    getJobLogDetails: async (q: JobLogDetailsQuery) => {
      calls.push(`details ${q.resultsPage} ${q.recordsPerPage}`);
      const page = q.resultsPage ?? 1;
      const per = q.recordsPerPage ?? 1000;
      return [
        {
          ...logOf(q.companyHandle, 7, '2026-11-20T00:00:00.000Z'),
          jobHandle: q.jobHandle!,
          detailTotalRows: DETAILS.length,
          detailArray: DETAILS.slice((page - 1) * per, page * per),
        },
      ];
    },
    stopJob: async (r) => void calls.push(`stop ${r.companyHandle} ${r.jobHandle}`),
    pauseJob: no,
    resumeJob: no,
    deleteJob: no,
    executeJob: no,
  };
}

async function run(argv: string[], deps: Partial<CliDeps> = {}, env: NodeJS.ProcessEnv = {}, signal = new AbortController().signal) {
  const calls: string[] = [];
  const conns: IpsConnection[] = [];
  let stdout = '';
  const stderr: string[] = [];
  const full: CliDeps = {
    createClient: async (c) => {
      conns.push(c);
      return fakeApi(calls);
    },
    simulator: async () => ({
      startSimulator: async () => ({ url: 'http://127.0.0.1:9/scene7/services/IpsApiService', close: () => void calls.push('sim closed') }),
      DEMO_USER: 'demo@example.com',
      DEMO_PASSWORD: 'demo-pw',
    }),
    watch: async () => ({ runWatch: async () => 0 }),
    ...deps,
  };
  const code = await runCli(
    argv,
    {
      env: { IPS_USER: 'me@example.com', IPS_PASSWORD: 'top-Secret-1', LANG: 'en_US.UTF-8', ...env },
      out: (t) => void (stdout += t),
      err: (l) => void stderr.push(l),
      signal,
    },
    full,
  );
  return { code, stdout, stderr, calls, conns };
}

test('logs: every active company, newest first, limit applied overall', async () => {
  const r = await run(['logs', '--region', 'emea', '--limit', '4', '--since', '2026-11-01', '--json']);
  assert.equal(r.code, 0, r.stderr.join('\n'));
  assert.deepEqual(r.calls.sort(), ['logs c|1 4 2026-11-01T00:00:00.000Z Descending', 'logs c|2 4 2026-11-01T00:00:00.000Z Descending']);
  const logs = JSON.parse(r.stdout) as JobLog[];
  assert.deepEqual(
    logs.map((l) => l.startDate),
    ['2026-11-20T13:00:00.000Z', '2026-11-20T12:00:00.000Z', '2026-11-20T11:00:00.000Z', '2026-11-20T03:00:00.000Z'],
  );
  // The connection: region, password from the environment, locale from LANG.
  assert.equal(r.conns[0]!.region, 'emea');
  assert.equal(r.conns[0]!.password, 'top-Secret-1');
  assert.equal(r.conns[0]!.locale, 'en-US');
});

test('--company limits the fan-out; company names show in tables when known', async () => {
  const one = await run(['active', '--region', 'na', '--company', 'c|2']);
  assert.deepEqual(one.calls, ['active c|2']);
  assert.match(one.stdout, /No active jobs/);
  const all = await run(['logs', '--region', 'na'], {}, { LANG: 'zh_CN.UTF-8' });
  assert.match(all.stdout, /^公司/);
  assert.match(all.stdout, /Acme 公司/);
  assert.equal(all.conns[0]!.locale, 'zh-CN');
});

test('log: all pages of detail lines', async () => {
  const r = await run(['log', 'j|c|1||run|7', '--company', 'c|1', '--json', '--region', 'na']);
  assert.equal(r.code, 0, r.stderr.join('\n'));
  assert.deepEqual(r.calls, ['details 1 1000', 'details 2 1000', 'details 3 1000']);
  const log = JSON.parse(r.stdout) as JobLog;
  assert.equal(log.detailArray!.length, 2345);
  assert.equal(log.detailTotalRows, 2345);
  assert.equal(log.detailArray![2344]!.logMessage, 'line 2344');
});

test('stop prints a localized confirmation; the client failure maps to its exit code', async () => {
  const ok = await run(['stop', 'j|1', '--company', 'c|1', '--region', 'apac', '--locale', 'zh-TW']);
  assert.equal(ok.code, 0);
  assert.deepEqual(ok.calls, ['stop c|1 j|1']);
  assert.match(ok.stdout, /已要求停止/);
  assert.equal(ok.conns[0]!.locale, 'zh-TW');
  const denied = await run(['active', '--region', 'na'], {
    createClient: async () => Promise.reject(new IpsAuthenticationError('Invalid password top-Secret-1 for me@example.com', { code: 10001 })),
  });
  assert.equal(denied.code, 3);
  assert.equal(denied.stderr.length, 1);
  assert.ok(!denied.stderr[0]!.includes('top-Secret-1'));
});

test('watch: builds the engine context from the options', async () => {
  let seen: WatchContext | undefined;
  const r = await run(['watch', '--region', 'na', '--company', 'c|9', '--interval', '15', '--once', '--json', '--locale', 'zh-CN'], {
    watch: async () => ({
      runWatch: async (ctx) => {
        seen = ctx;
        ctx.write('{"event":"x"}');
        return 0;
      },
    }),
  });
  assert.equal(r.code, 0);
  assert.ok(seen);
  assert.equal(seen.json, true);
  assert.equal(seen.once, true);
  assert.equal(seen.intervalSeconds, 15);
  assert.equal(seen.locale, 'zh-CN');
  assert.equal('userEmail' in seen ? seen.userEmail : undefined, 'me@example.com');
  assert.deepEqual(seen.settings.companies, ['c|9']);
  assert.equal(r.stdout, '{"event":"x"}\n');
});

test('--demo uses the simulator and its demo account, and closes it', async () => {
  const r = await run(['scheduled', '--demo'], {}, { IPS_USER: undefined, IPS_PASSWORD: undefined });
  assert.equal(r.code, 0, r.stderr.join('\n'));
  assert.equal(r.conns[0]!.serviceUrl, 'http://127.0.0.1:9/scene7/services/IpsApiService');
  assert.equal(r.conns[0]!.user, 'demo@example.com');
  assert.ok(r.calls.includes('sim closed'));
});

test('simulator: URL first, runs until the signal', async () => {
  const ac = new AbortController();
  const p = run(['simulator'], {}, {}, ac.signal);
  await new Promise((r) => setTimeout(r, 20));
  ac.abort();
  const r = await p;
  assert.equal(r.code, 0);
  assert.equal(r.stdout.split('\n')[0], 'http://127.0.0.1:9/scene7/services/IpsApiService');
  assert.ok(r.calls.includes('sim closed'));
});

test('simulator: a port in use is exit 4 with a clear line', async () => {
  const r = await run(['simulator', '--port', '8088'], {
    simulator: async () => ({
      startSimulator: async () => Promise.reject(Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8088'), { code: 'EADDRINUSE' })),
      DEMO_USER: 'demo@example.com',
      DEMO_PASSWORD: 'demo-pw',
    }),
  });
  assert.equal(r.code, 4);
  assert.deepEqual(r.stderr, ['ips-jobs: Port 8088 on 127.0.0.1 is already in use: choose another with --port, or --port 0 for any free one.']);
});
