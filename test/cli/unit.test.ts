// The CLI's pure parts, in-process: argument parsing, exit codes and error lines, JSON
// shapes, locale detection, and table layout with double-width (CJK) text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { parseCommandLine, isoDate } from '../../electron/cli/args.ts';
import { EXIT, UsageError, CliFailure, errorMessage, exitCodeFor, oneLine } from '../../electron/cli/errors.ts';
import { activeJobJson, jobLogJson, scheduledJobJson } from '../../electron/cli/json.ts';
import { cliLocale, envLocaleTag, normalizeLocaleTag, parseLocaleFlag } from '../../electron/cli/locale.ts';
import { renderTable, truncate } from '../../electron/cli/table.ts';
import { activeTable, formatter, logsTable } from '../../electron/cli/format.ts';
import { helpText } from '../../electron/cli/help.ts';
import { IpsAuthenticationError, IpsTimeoutError, ipsError } from '../../electron/ips/errors.ts';
import type { ActiveJob, JobLog } from '../../shared/domain.ts';

function usageKey(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
    return err.key;
  }
  assert.fail(`expected ${argv.join(' ')} to be rejected`);
}

test('args: commands, connection options and per-command options', () => {
  const a = parseCommandLine(['active', '--region', 'EMEA', '--staging', '--user', 'me@example.com', '--company', 'c|1', '--company', 'c|2', '--json']);
  assert.deepEqual(a.parsed, {
    kind: 'list',
    command: 'active',
    json: true,
    conn: { accounts: [], demo: false, staging: true, region: 'emea', user: 'me@example.com', companies: ['c|1', 'c|2'] },
  });
  // Options may come before the command.
  const w = parseCommandLine(['--demo', 'watch', '--json', '--interval', '5', '--once']);
  assert.deepEqual(w.parsed, { kind: 'watch', json: true, once: true, intervalSeconds: 5, conn: { accounts: [], demo: true, staging: false, companies: [] } });
  const l = parseCommandLine(['logs', '--since', '2026-11-01T08:00:00+08:00', '--limit', '20', '--locale', 'zh_cn', '--demo']);
  assert.equal(l.locale, 'zh-CN');
  assert.deepEqual(l.parsed, {
    kind: 'logs',
    json: false,
    csv: false,
    since: '2026-11-01T00:00:00.000Z',
    limit: 20,
    conn: { accounts: [], demo: true, staging: false, companies: [] },
  });
  const s = parseCommandLine(['stop', 'j|15||run|1', '--company', 'c|15', '--service-url', 'https://ips.example.com/scene7/services/IpsApiService']);
  assert.deepEqual(s.parsed, {
    kind: 'job',
    command: 'stop',
    json: false,
    csv: false,
    jobHandle: 'j|15||run|1',
    companyHandle: 'c|15',
    conn: { accounts: [], demo: false, staging: false, serviceUrl: 'https://ips.example.com/scene7/services/IpsApiService', companies: ['c|15'] },
  });
  assert.deepEqual(parseCommandLine(['simulator', '--port', '8088']).parsed, { kind: 'simulator', port: 8088 });
  assert.deepEqual(parseCommandLine(['help', 'logs']).parsed, { kind: 'help', command: 'logs' });
  assert.deepEqual(parseCommandLine(['log', '--help']).parsed, { kind: 'help', command: 'log' });
  assert.deepEqual(parseCommandLine(['--version']).parsed, { kind: 'version' });
});

test('args: every usage error is a UsageError with its own key', () => {
  assert.equal(usageKey([]), 'cli.error.noCommand');
  assert.equal(usageKey(['frobnicate']), 'cli.error.unknownCommand');
  assert.equal(usageKey(['active', '--nope']), 'cli.error.unknownOption');
  assert.equal(usageKey(['logs', '--limit']), 'cli.error.missingValue');
  assert.equal(usageKey(['active', '--json=yes']), 'cli.error.noValueExpected');
  assert.equal(usageKey(['active', '--since', '2026-01-01']), 'cli.error.optionNotForCommand');
  assert.equal(usageKey(['active', 'extra']), 'cli.error.extraArgument');
  assert.equal(usageKey(['stop', '--company', 'c|1']), 'cli.error.needJobHandle');
  assert.equal(usageKey(['stop', 'j|1']), 'cli.error.needOneCompany');
  assert.equal(usageKey(['pause', 'j|1', '--company', 'a', '--company', 'b']), 'cli.error.needOneCompany');
  assert.equal(usageKey(['active', '--region', 'mars']), 'cli.error.badRegion');
  assert.equal(usageKey(['active', '--staging']), 'cli.error.stagingNeedsRegion');
  assert.equal(usageKey(['active', '--demo', '--region', 'na']), 'cli.error.serviceConflict');
  assert.equal(usageKey(['active', '--service-url', 'http://ips.example.com/x']), 'cli.error.badUrl');
  assert.equal(usageKey(['active', '--service-url', 'https://u:p@ips.example.com/x']), 'cli.error.badUrl');
  assert.equal(usageKey(['active', '--locale', 'Chinese']), 'cli.error.badLocale');
  assert.equal(usageKey(['logs', '--since', 'yesterday']), 'cli.error.badSince');
  assert.equal(usageKey(['logs', '--limit', '0']), 'cli.error.badInteger');
  assert.equal(usageKey(['logs', '--limit', '1.5']), 'cli.error.badInteger');
  assert.equal(usageKey(['watch', '--interval', '-1']), 'cli.error.missingValue');
  assert.equal(usageKey(['watch', '--interval', 'soon']), 'cli.error.badInteger');
  assert.equal(usageKey(['simulator', '--port', '70000']), 'cli.error.badInteger');
  assert.equal(usageKey(['help', 'nothing']), 'cli.error.unknownCommand');
});

test('args: a password argument is refused, and its value is never echoed', () => {
  for (const argv of [
    ['active', '--password', 'hunter22'],
    ['active', '--password=hunter22'],
    ['--password', 'hunter22'],
  ]) {
    assert.equal(usageKey(argv), 'cli.error.passwordArg');
  }
  for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) {
    const msg = errorMessage(new UsageError('cli.error.passwordArg'), locale);
    assert.match(msg, /IPS_PASSWORD/);
    assert.doesNotMatch(msg, /hunter22/);
  }
});

test('args: --since takes ISO dates and date-times, normalized to UTC', () => {
  assert.equal(isoDate('2026-11-01'), '2026-11-01T00:00:00.000Z');
  assert.equal(isoDate('2026-11-01T08:30:00Z'), '2026-11-01T08:30:00.000Z');
  assert.equal(isoDate('2026-11-01T08:30:00.123-05:00'), '2026-11-01T13:30:00.123Z');
  assert.throws(() => isoDate('2026-13-45'), UsageError);
});

test('exit codes follow the client error classes', () => {
  assert.equal(exitCodeFor(new UsageError('cli.error.noCommand')), EXIT.USAGE);
  assert.equal(exitCodeFor(ipsError('authentication', 'bad password', { code: 10001 })), 3);
  assert.equal(exitCodeFor(ipsError('authorization', 'not a member', { code: 20000 })), 3);
  assert.equal(exitCodeFor(ipsError('network', 'ECONNREFUSED')), 4);
  assert.equal(exitCodeFor(ipsError('timeout', 'no answer in 30 s')), 4);
  assert.equal(exitCodeFor(ipsError('malformed', 'HTML page')), 5);
  assert.equal(exitCodeFor(ipsError('fault', 'invalid parameter', { code: 30001 })), 5);
  assert.equal(exitCodeFor(new CliFailure(EXIT.IPS, 'cli.error.logNotFound')), 5);
  assert.equal(exitCodeFor(Object.assign(new Error('listen'), { code: 'EADDRINUSE' })), 4);
  assert.equal(exitCodeFor(new TypeError('bug')), EXIT.INTERNAL);
});

test('error lines are one localized line without the password', () => {
  const secret = 'Pa55-w0rd!';
  const err = new IpsAuthenticationError(`Invalid credentials for me@example.com\n(password ${secret})`, { code: 10001, reason: 'Invalid credentials' });
  const en = errorMessage(err, 'en', [secret]);
  assert.match(en, /^Sign-in failed: /);
  assert.doesNotMatch(en, /\n/);
  assert.ok(!en.includes(secret));
  assert.match(en, /10001/);
  assert.match(errorMessage(err, 'zh-CN', [secret]), /^登录失败：/);
  assert.match(errorMessage(err, 'zh-TW', [secret]), /^登入失敗：/);
  assert.match(errorMessage(new IpsTimeoutError('no answer'), 'zh-CN'), /超时|规定时间/);
  assert.equal(oneLine('a\r\nb\u001b[31mc', [], 100), 'a b [31mc');
});

test('locale: env and flag forms map to our three catalogs', () => {
  assert.equal(normalizeLocaleTag('zh_CN.UTF-8'), 'zh-CN');
  assert.equal(normalizeLocaleTag('zh_TW.Big5'), 'zh-TW');
  assert.equal(normalizeLocaleTag('zh-Hant'), 'zh-TW');
  assert.equal(normalizeLocaleTag('en_US@euro'), 'en-US');
  assert.equal(normalizeLocaleTag('C'), undefined);
  assert.equal(normalizeLocaleTag('POSIX'), undefined);
  assert.equal(parseLocaleFlag('ZH-tw'), 'zh-TW');
  assert.equal(parseLocaleFlag('zh-Hans-CN'), undefined);
  assert.equal(envLocaleTag({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }), 'zh-CN');
  assert.equal(envLocaleTag({ LANG: 'zh_TW.UTF-8' }), 'zh-TW');
  assert.equal(envLocaleTag({}), undefined);
  assert.deepEqual(cliLocale('zh-HK'), { app: 'zh-TW', ips: 'zh-HK', intl: 'zh-HK' });
  assert.deepEqual(cliLocale(undefined), { app: 'en', ips: undefined, intl: 'en' });
  assert.equal(cliLocale('de-DE').app, 'en');
});

/** Display-cell offset of each column start in a rendered line, given the column texts. */
function columnStarts(line: string, cells: string[]): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const cell of cells) {
    const at = line.indexOf(cell, from);
    assert.ok(at >= 0, `${cell} not in ${line}`);
    starts.push(stringWidth(line.slice(0, at)));
    from = at + cell.length;
  }
  return starts;
}

test('tables align by display width, CJK counting double', () => {
  const lines = renderTable(
    [{ header: '公司' }, { header: '名称' }, { header: '进度', align: 'right' }, { header: 'X' }],
    [
      ['c|1', '夜间发布', '40%', 'a'],
      ['Acme Corporation', 'nightly', '100%', 'b'],
    ],
  );
  const header = columnStarts(lines[0]!, ['公司', '名称', '进度', 'X']);
  assert.deepEqual(
    columnStarts(lines[2]!, ['c|1', '夜间发布', '40%', 'a']).filter((_, i) => i !== 2),
    header.filter((_, i) => i !== 2),
  );
  assert.deepEqual(
    columnStarts(lines[3]!, ['Acme Corporation', 'nightly', '100%', 'b']).filter((_, i) => i !== 2),
    header.filter((_, i) => i !== 2),
  );
  // Right-aligned column: every cell ends at the same display column.
  const ends = [lines[0]!, lines[2]!, lines[3]!].map((l, i) => {
    const cell = ['进度', '40%', '100%'][i]!;
    return stringWidth(l.slice(0, l.indexOf(cell))) + stringWidth(cell);
  });
  assert.equal(new Set(ends).size, 1);
  // Rule under each header as wide as the column.
  assert.match(lines[1]!, /^-{16} {2}-{8} {2}-{4} {2}-$/);
});

test('truncation never splits a double-width character and strips control characters', () => {
  assert.equal(truncate('作业作业作业', 5), '作业…');
  assert.equal(stringWidth(truncate('作业作业作业', 5)), 5);
  assert.equal(truncate('short', 10), 'short');
  const [, , row] = renderTable([{ header: 'M' }], [['line1\nline2\u001b[2J']]);
  assert.equal(row, 'line1 line2 [2J');
});

const job: ActiveJob = {
  companyHandle: 'c|15',
  jobHandle: 'j|15||nightly|8812',
  name: '夜间发布',
  originalName: 'nightly',
  type: 'ImageServingPublish',
  state: 'Running',
  submitUserEmail: 'ops@example.com',
  serverName: 'ips-app-03',
  startDate: '2026-11-22T06:00:04.120Z',
  totalSize: 1024,
  progress: 40,
  progressMessage: 'Publishing 400 of 1000',
  lastProgressUpdate: '2026-11-22T06:03:10.000Z',
  taskProgressArray: [
    {
      taskType: 'video',
      taskState: 'Processing',
      numProcessed: 1,
      numProcessing: 1,
      numPending: 2,
      progress: 0.5,
      progressMessage: 'half',
      taskItemProgressArray: [{ itemName: 'a.mp4', progress: 0.5, progressMessage: 'x' }],
    },
  ],
  imageServingPublishJob: { publishType: 'Incremental', emailSetting: 'Error' },
};

test('JSON keeps IPS field names in IPS order, drops absent fields', () => {
  const out = activeJobJson({ ...job, description: undefined } as unknown as ActiveJob);
  assert.deepEqual(Object.keys(out), [
    'companyHandle',
    'jobHandle',
    'name',
    'originalName',
    'type',
    'state',
    'submitUserEmail',
    'serverName',
    'startDate',
    'totalSize',
    'progress',
    'progressMessage',
    'lastProgressUpdate',
    'taskProgressArray',
    'imageServingPublishJob',
  ]);
  assert.equal(typeof out.progress, 'number');
  assert.ok(Array.isArray(out.taskProgressArray));
  assert.deepEqual(Object.keys((out.taskProgressArray as object[])[0]!).slice(0, 3), ['taskType', 'taskState', 'numProcessed']);
  assert.equal(JSON.parse(JSON.stringify(out)).startDate, '2026-11-22T06:00:04.120Z');
  const withoutTasks = activeJobJson({ ...job, taskProgressArray: undefined } as unknown as ActiveJob);
  assert.deepEqual(withoutTasks.taskProgressArray, []);
  const sched = scheduledJobJson({
    companyHandle: 'c|1',
    jobHandle: 'j|1|x|',
    name: 'x',
    originalName: '',
    type: 'Cleanup',
    execSchedule: '00 00 00 * * ',
    triggerState: 'Paused',
  });
  assert.equal(sched.execSchedule, '00 00 00 * * ');
  assert.equal(sched.originalName, '');
});

const log: JobLog = {
  companyHandle: 'c|15',
  jobHandle: 'j|15||up|1',
  jobName: '上传',
  originalJobName: 'up',
  startDate: '2026-11-22T01:00:00.000Z',
  endDate: '2026-11-22T01:05:00.000Z',
  fileSuccessCount: 1200,
  fileErrorCount: 2,
  fileWarningCount: 0,
  fileDuplicateCount: 0,
  fileUpdateCount: 3,
  totalFileCount: 1205,
  transferSuccessCount: 0,
  transferErrorCount: 0,
  transferWarningCount: 0,
  fatalError: false,
  detailTotalRows: 1,
  detailArray: [{ logMessage: 'ok', logType: 'UploadSuccess', auxArray: [{ logMessage: 'w', logType: 'UploadWarning' }] }],
};

test('JSON for logs: counts are numbers, booleans booleans, detail lines ordered', () => {
  const out = jobLogJson(log);
  assert.equal(out.fatalError, false);
  assert.equal(out.fileSuccessCount, 1200);
  assert.deepEqual(Object.keys((out.detailArray as object[])[0]!), ['logMessage', 'logType', 'auxArray']);
});

test('readable tables: localized headers, dates in the given time zone, localized numbers', () => {
  const zh = formatter(cliLocale('zh-CN'), 'Asia/Shanghai');
  const lines = activeTable([job], zh, new Map([['c|15', '演示公司']]));
  assert.match(lines[0]!, /公司\s+名称\s+类型\s+状态\s+进度/);
  assert.match(lines[2]!, /演示公司/);
  assert.match(lines[2]!, /2026\/11\/22 14:00:04/);
  assert.match(lines[2]!, /40%/);
  const en = formatter(cliLocale('en-US'), 'UTC');
  const logLines = logsTable([log], en, new Map());
  assert.match(logLines[0]!, /Company\s+Name\s+Type\s+Started\s+Ended\s+Files\s+Errors/);
  assert.match(logLines[2]!, /1,205/, 'Files is the total (shared/counts.ts), not succeeded + updated');
  assert.match(logLines[2]!, /errors/);
  const tw = formatter(cliLocale('zh-TW'), 'UTC');
  assert.match(logsTable([], tw, new Map())[0]!, /沒有作業記錄/);
});

test('help is localized and lists every command', () => {
  const en = helpText('en');
  for (const c of ['active', 'scheduled', 'logs', 'log', 'stop', 'pause', 'resume', 'delete', 'watch', 'simulator'])
    assert.match(en, new RegExp(`^  ${c} `, 'm'));
  assert.match(helpText('zh-CN'), /用法：/);
  assert.match(helpText('zh-TW', 'log'), /ips-jobs log JOBHANDLE --company HANDLE/);
});

test('tables fit a narrow terminal by cutting shrinkable columns, never the handle', () => {
  const columns = [{ header: 'Name', shrink: 1, min: 16 }, { header: '消息', shrink: 3 }, { header: 'Job handle' }];
  const rows = [['a-very-long-job-name-that-goes-on', '上传了很多很多文件，还有更多的文件在排队', 'j|15||a-very-long-job-name|7001']];
  const lines = renderTable(columns, rows, 60);
  for (const l of lines) assert.ok(stringWidth(l) <= 60, `${stringWidth(l)}: ${l}`);
  assert.match(lines[2]!, /j\|15\|\|a-very-long-job-name\|7001$/);
  assert.match(lines[2]!, /^a-very-long-job-na… +上传… +j/, 'the message is cut before the name');
  assert.match(renderTable(columns, rows, 20)[2]!, /j\|15\|\|a-very-long-job-name\|7001$/, 'the handle survives any width');
  // Without a width nothing is cut.
  assert.doesNotMatch(renderTable(columns, rows).join('\n'), /…/);
});
