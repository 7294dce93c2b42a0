// `ips-jobs` as a real process, against the simulator on loopback (started here, in the
// test process, with a test user whose password is distinctive enough to search the
// output for). Every command, every exit code; JSON shapes; localized tables; one-line
// errors; the password nowhere in the output. Independent runs go concurrently.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startSimulator, type Faults, type Simulator } from '../../electron/simulator/index.ts';
import { createIpsClient } from '../../electron/ips/client.ts';
import { exitCodeFor } from '../../electron/cli/errors.ts';
import { helpText } from '../../electron/cli/help.ts';
import { CLI_DIST, ISO_UTC, plainNode, runCli, stderrLines, type RunResult } from './helpers.ts';
import { spawnCli } from './process-helpers.ts';

const USER = 'cli-tester@example.com';
const PASSWORD = 'Cli-T3st-S3cret-9f2c';
const WRONG_PASSWORD = 'Wr0ng-S3cret-77ab';
const SECRETS = [PASSWORD, WRONG_PASSWORD];
const users = [{ email: USER, password: PASSWORD, defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser', 'c|2101': 'IpsUser' } }];

let sim: Simulator;
before(async () => {
  sim = await startSimulator({ demo: true, port: 0, users });
});
after(async () => {
  await sim?.close();
});

/** The CLI against the test's simulator, signed in as the test user. */
function ips(args: string[], env: Record<string, string | undefined> = {}, opts: { node?: string; script?: string } = {}) {
  return runCli(['--service-url', sim.url, ...args], { env: { IPS_USER: USER, IPS_PASSWORD: PASSWORD, ...env }, ...opts });
}

/** No password anywhere, no stack trace; on failure exactly one line on stderr. */
function checkClean(r: RunResult) {
  for (const s of SECRETS) {
    assert.ok(!r.stdout.includes(s), 'password on stdout');
    assert.ok(!r.stderr.includes(s), 'password on stderr');
  }
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'stack trace on stderr');
  if (r.code !== 0) {
    assert.equal(stderrLines(r).length, 1, `stderr should be one line: ${r.stderr}`);
    assert.match(r.stderr, /^ips-jobs: \S/);
  }
}

function json<T = unknown>(r: RunResult): T {
  assert.equal(r.code, 0, r.stderr);
  checkClean(r);
  return JSON.parse(r.stdout) as T;
}

type Rec = Record<string, unknown>;

function assertDates(rec: Rec, fields: string[]) {
  for (const f of fields) if (rec[f] !== undefined) assert.match(String(rec[f]), ISO_UTC, `${f} = ${String(rec[f])}`);
}
function assertNoNulls(value: unknown) {
  assert.ok(!JSON.stringify(value).includes(':null'), 'absent fields must be left out, not null');
}

// Lists several tests need, fetched once.
let activeList: Promise<Rec[]> | undefined;
let scheduledList: Promise<Rec[]> | undefined;
let logList: Promise<Rec[]> | undefined;
const active = () => (activeList ??= ips(['active', '--json']).then((r) => json<Rec[]>(r)));
const scheduled = () => (scheduledList ??= ips(['scheduled', '--json']).then((r) => json<Rec[]>(r)));
const logs = () => (logList ??= ips(['logs', '--since', '2000-01-01T00:00:00Z', '--limit', '5', '--json']).then((r) => json<Rec[]>(r)));

describe('ips-jobs as a process', { concurrency: 4 }, () => {
  test('active --json: IPS ActiveJob fields, ISO dates, numbers, arrays', async () => {
    const jobs = await active();
    assert.ok(Array.isArray(jobs));
    assert.ok(jobs.length > 0, 'the demo world has active jobs');
    assertNoNulls(jobs);
    for (const j of jobs) {
      for (const k of ['companyHandle', 'jobHandle', 'name', 'originalName', 'type', 'state']) assert.equal(typeof j[k], 'string', k);
      assert.ok(Array.isArray(j.taskProgressArray));
      for (const tp of j.taskProgressArray as Rec[]) {
        assert.equal(typeof tp.progress, 'number');
        assert.ok(Array.isArray(tp.taskItemProgressArray));
        assertDates(tp, ['lastProgressUpdate']);
      }
      assertDates(j, ['startDate', 'lastProgressUpdate', 'triggerTime']);
      for (const k of ['progress', 'totalSize']) if (j[k] !== undefined) assert.equal(typeof j[k], 'number', k);
      assert.ok(
        Object.keys(j).some((k) => k.endsWith('Job') && typeof j[k] === 'object'),
        `a job-detail element on ${String(j.jobHandle)}`,
      );
    }
  });

  test('active: readable table, zh-CN headers from LANG, dates in TZ', async () => {
    const cn = await ips(['active'], { LANG: 'zh_CN.UTF-8', TZ: 'Asia/Shanghai' });
    assert.equal(cn.code, 0, cn.stderr);
    checkClean(cn);
    const [header, rule] = cn.stdout.split('\n');
    assert.match(header!, /^公司\s+名称\s+类型\s+状态\s+进度\s+开始时间/);
    assert.match(rule!, /^-+ {2}-+/);
    assert.match(cn.stdout, /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);
  });

  test('scheduled --json: ScheduledJob fields', async () => {
    const jobs = await scheduled();
    assert.ok(jobs.length > 0);
    assertNoNulls(jobs);
    for (const j of jobs) {
      for (const k of ['companyHandle', 'jobHandle', 'name', 'type']) assert.equal(typeof j[k], 'string', k);
      assertDates(j, ['nextFireTime']);
      assert.equal(j.state, undefined);
    }
  });

  test('logs --limit --json: newest first across companies, limit overall, typed counts', async () => {
    const list = await logs();
    assert.ok(list.length > 0 && list.length <= 5, `got ${list.length}`);
    assertNoNulls(list);
    for (const l of list) {
      for (const k of ['fileSuccessCount', 'fileErrorCount', 'fileWarningCount', 'totalFileCount']) assert.equal(typeof l[k], 'number', k);
      assert.equal(typeof l.fatalError, 'boolean');
      assertDates(l, ['startDate', 'endDate']);
    }
    const starts = list.map((l) => Date.parse(String(l.startDate)));
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
  });

  test('log JOBHANDLE --json has every detail line; readable log and logs in zh-TW', async () => {
    const first = (await logs())[0]!;
    const one = json<Rec>(await ips(['log', String(first.jobHandle), '--company', String(first.companyHandle), '--json']));
    assert.equal(one.jobHandle, first.jobHandle);
    assert.ok(Array.isArray(one.detailArray));
    assert.equal(one.detailTotalRows, (one.detailArray as Rec[]).length);
    for (const d of one.detailArray as Rec[]) {
      assert.equal(typeof d.logMessage, 'string');
      assertDates(d, ['dateCreated']);
    }
    const table = await ips(['log', String(first.jobHandle), '--company', String(first.companyHandle), '--locale', 'zh-TW']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^作業\s+/m);
    assert.match(table.stdout, /^日期\s+記錄類型/m);
  });

  test('stop, pause, resume an active job; delete a scheduled job', async () => {
    const running = (await active()).filter((j) => j.state === 'Running' && j.progressMessage !== 'Paused' && Number(j.progress) < 70); // IPS refuses to pause a paused or finished job
    assert.ok(running.length >= 2, 'the demo world has at least two running jobs');
    const [a, b] = running as [Rec, Rec];
    const [pause, stop] = await Promise.all([
      ips(['pause', String(a.jobHandle), '--company', String(a.companyHandle)]),
      ips(['stop', String(b.jobHandle), '--company', String(b.companyHandle)], { LANG: 'zh_CN.UTF-8' }),
    ]);
    assert.equal(pause.code, 0, pause.stderr);
    assert.match(pause.stdout, /Pause requested/);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /已请求停止/);
    const resume = await ips(['resume', String(a.jobHandle), '--company', String(a.companyHandle), '--json']);
    assert.deepEqual(json(resume), { ok: true, action: 'resume', companyHandle: a.companyHandle, jobHandle: a.jobHandle });

    const list = await scheduled();
    const victim = list[list.length - 1]!;
    const del = await ips(['delete', String(victim.jobHandle), '--company', String(victim.companyHandle)]);
    assert.equal(del.code, 0, del.stderr);
    checkClean(del);
    assert.match(del.stdout, /deleted/);
    const api = await createIpsClient({ serviceUrl: sim.url, user: USER, password: PASSWORD });
    const left = await api.getScheduledJobs({ companyHandle: String(victim.companyHandle) });
    assert.ok(!left.some((j) => j.jobHandle === victim.jobHandle), 'the deleted job is gone');
  });

  test('--demo runs its own simulator in-process (no credentials needed)', async () => {
    const r = await runCli(['--demo', 'scheduled', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as Rec[]).length > 0);
  });

  test('simulator: first line is the service URL; the CLI works against it; SIGTERM ends it', async () => {
    const proc = spawnCli(['simulator']);
    try {
      const url = await proc.waitForLine(() => true, { timeoutMs: 20_000, what: 'the URL line' });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/scene7\/services\/IpsApiService$/);
      const api = await createIpsClient({ serviceUrl: url, user: 'demo@example.com', password: 'demo' });
      assert.ok((await api.getActiveJobs({ companyHandle: 'c|15' })).length > 0, 'the demo world runs in it');
      assert.equal((await proc.stop('SIGTERM', 15_000)).code, 0);
    } finally {
      await proc.stop('SIGKILL');
    }
  });

  test('watch --once --json delegates to the engine and exits', async () => {
    const r = await ips(['watch', '--once', '--json']);
    assert.equal(r.code, 0, r.stderr);
    checkClean(r);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.ok(lines.length > 0);
    for (const l of lines) assert.equal(typeof (JSON.parse(l) as Rec).event, 'string');
  });

  test('help per command, localized', async () => {
    const tw = await runCli(['logs', '--help'], { env: { LANG: 'zh_TW.UTF-8' } });
    assert.equal(tw.code, 0);
    assert.match(tw.stdout, /ips-jobs logs \[--since ISO\] \[--limit N\]/);
    assert.match(tw.stdout, /用法：/);
  });

  test('exit 2: usage errors, one localized line, before any network', async () => {
    const runs = await Promise.all([
      runCli(['active', '--password', PASSWORD, '--demo']),
      runCli(['active', '--region', 'na'], { env: { IPS_USER: USER, LANG: 'zh_CN.UTF-8' } }),
      runCli(['stop', 'j|1']),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 2, r.stderr);
      checkClean(r);
    }
    assert.match(runs[0]!.stderr, /IPS_PASSWORD/);
    assert.match(runs[1]!.stderr, /缺少密码.*IPS_PASSWORD/);
  });

  test('exit 3: wrong password', async () => {
    const r = await ips(['active', '--json'], { IPS_PASSWORD: WRONG_PASSWORD, LANG: 'zh_CN.UTF-8' });
    assert.equal(r.code, 3, r.stderr);
    checkClean(r);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^ips-jobs: 登录失败/);
  });

  test('exit 4: nothing listening on the port', async () => {
    const r = await runCli(['active', '--service-url', 'http://127.0.0.1:1/scene7/services/IpsApiService'], {
      env: { IPS_USER: USER, IPS_PASSWORD: PASSWORD },
    });
    assert.equal(r.code, 4, r.stderr);
    checkClean(r);
  });

  test('exit 5: an IPS fault (unknown job handle)', async () => {
    const fault = await ips(['stop', 'j|15||no-such-job|1', '--company', 'c|15']);
    assert.equal(fault.code, 5, fault.stderr);
    checkClean(fault);
  });
});

// The simulator's fault injection applies to "the next call", so these run one at a time
// on a simulator of their own.
describe('ips-jobs against injected faults', () => {
  let faulty: Simulator;
  before(async () => {
    faulty = await startSimulator({ port: 0, users });
  });
  after(async () => {
    await faulty?.close();
  });

  /** The exit code the CLI must give for what the client raises on the same fault. */
  async function expected(inject: () => void): Promise<number> {
    inject();
    const api = await createIpsClient({ serviceUrl: faulty.url, user: USER, password: PASSWORD, timeoutMs: 1000 });
    const err = await api.getActiveJobs({ companyHandle: 'c|15' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, 'the fault was injected');
    return exitCodeFor(err);
  }

  const cases: Array<[string, (f: Faults) => void, number[]]> = [
    ['authorization fault', (f) => f.soapFault({ code: 20003, reason: 'Operation not permitted' }, { op: 'getActiveJobs' }), [3]],
    ['proxy HTML error page (502)', (f) => f.httpError(502, { op: 'getActiveJobs' }), [4, 5]],
    ['malformed XML', (f) => f.malformed({ op: 'getActiveJobs' }), [5]],
    ['no answer (timeout)', (f) => f.hang({ op: 'getActiveJobs' }), [4]],
  ];
  for (const [name, inject, allowed] of cases) {
    test(`${name} → exit ${allowed.join(' or ')}, one line on stderr`, async () => {
      const want = await expected(() => inject(faulty.faults));
      assert.ok(allowed.includes(want), `the client classifies ${name} as exit ${want}`);
      inject(faulty.faults);
      const r = await runCli(['active', '--service-url', faulty.url, '--company', 'c|15', '--timeout', '1'], {
        env: { IPS_USER: USER, IPS_PASSWORD: PASSWORD, LANG: 'zh_TW.UTF-8' },
      });
      faulty.faults.clear();
      assert.equal(r.code, want, r.stderr);
      assert.equal(r.stdout, '');
      checkClean(r);
    });
  }
});

describe('the bundle', () => {
  test('dist/cli.mjs runs under plain node', { skip: !existsSync(CLI_DIST) && 'dist/cli.mjs not built (npm test builds it first)' }, async () => {
    const node = plainNode();
    const [table, demo] = await Promise.all([
      ips(['logs', '--limit', '2'], { LANG: 'zh_CN.UTF-8' }, { node, script: CLI_DIST }),
      runCli(['--demo', 'scheduled', '--json'], { node, script: CLI_DIST }),
    ]);
    assert.equal(table.code, 0, table.stderr);
    checkClean(table);
    assert.match(table.stdout, /^公司\s+名称/);
    assert.equal(demo.code, 0, demo.stderr);
    assert.ok(Array.isArray(JSON.parse(demo.stdout)));
  });

  // dist/cli.mjs answers these from texts inlined at build time (electron/cli-entry.ts):
  // they must be what the CLI's source says, in the user's language, and nothing else may
  // be answered from them.
  test('dist/cli.mjs: --version and --help as the full CLI answers them', { skip: !existsSync(CLI_DIST) && 'dist/cli.mjs not built' }, async () => {
    const node = plainNode();
    const cases: Array<[string[], Record<string, string>]> = [
      [['--version'], {}],
      [['-v'], {}],
      [['--help'], { LANG: 'en_US.UTF-8' }],
      [['-h'], { LANG: 'zh_TW.UTF-8' }],
      [['help'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }],
      [['help', 'upload'], { LANG: 'zh_CN.UTF-8' }],
      [['watch', '--help'], { LANG: 'C' }],
      [['--locale', 'zh-TW', '--help'], { LANG: 'en_US.UTF-8' }],
      [['help', 'nope'], {}],
      [['--json', '--help'], {}],
    ];
    for (const [args, env] of cases) {
      const [fast, full] = await Promise.all([runCli(args, { node, script: CLI_DIST, env }), runCli(args, { env })]);
      assert.deepEqual(fast, full, args.join(' '));
    }
    const zh = await runCli(['help', 'upload'], { node, script: CLI_DIST, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(zh.code, 0);
    assert.equal(zh.stdout, helpText('zh-CN', 'upload'));
  });
});
