// Schedules in words and their next runs (shared/schedule-text.ts), as the Scheduled view, the
// job detail and `ips-jobs scheduled` show them, and each schedule's last run (renderer lib).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSchedule, nextRuns, quartzFields, upcomingRuns } from '../../shared/schedule-text.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { AppLocale } from '../../shared/locales.ts';
import { lastRuns } from '../../renderer/src/lib/schedule.ts';
import { scheduledJobJson } from '../../electron/cli/json.ts';
import type { Job } from '../../shared/domain.ts';

const say = (locale: AppLocale, expr: string, zone?: string) => describeSchedule(locale, translator(locale), expr, zone);

test('the common shapes read as a person would say them, in three languages', () => {
  const cases: [string, string, string, string][] = [
    ['0 */10 * * * ?', 'Every 10 minutes', '每 10 分钟', '每 10 分鐘'],
    ['0 * * * * ?', 'Every minute', '每分钟', '每分鐘'],
    ['0 0 * * * ?', 'Every hour', '每小时', '每小時'],
    ['0 15 */2 * * ?', 'Every 2 hours at :15', '每 2 小时的第 15 分', '每 2 小時的第 15 分'],
    ['0 0 2 * * ?', 'Daily at 2:00 AM PST', '每天 02:00（PST）', '每天 凌晨2:00（PST）'],
    ['0 0 2 ? * MON-FRI', 'Weekdays at 2:00 AM PST', '每个工作日 02:00（PST）', '每個工作日 凌晨2:00（PST）'],
    ['0 30 3 ? * MON', 'Every Monday at 3:30 AM PST', '每周一 03:30（PST）', '每週一 凌晨3:30（PST）'],
    ['0 0 9 ? * 2,4', 'Every Monday and Wednesday at 9:00 AM PST', '每周一和周三 09:00（PST）', '每週一和週三 上午9:00（PST）'],
    ['0 0 12 1 * ?', 'Monthly on day 1 at 12:00 PM PST', '每月 1 日 12:00（PST）', '每月 1 日 中午12:00（PST）'],
  ];
  for (const [expr, en, cn, tw] of cases) {
    assert.equal(say('en', expr, 'PST'), en, expr);
    assert.equal(say('zh-CN', expr, 'PST'), cn, expr);
    assert.equal(say('zh-TW', expr, 'PST'), tw, expr);
  }
});

test("IPS's own sample (five fields, trailing space) is read seconds-first, not as Unix cron", () => {
  assert.deepEqual(quartzFields('00 00 00 * * '), ['00', '00', '00', '*', '*', '?']);
  assert.equal(say('en', '00 00 00 * * ', 'PST'), 'Daily at 12:00 AM PST');
  // No zone known: no zone named.
  assert.equal(say('en', '0 0 2 * * ?'), 'Daily at 2:00 AM');
});

test('other shapes fall back to cronstrue; what nothing can read is shown verbatim', () => {
  assert.match(say('en', '0 0/5 14 * * ?', 'PST'), /^Every 5 minutes, between 02:00 PM and 02:59 PM PST$/);
  assert.match(say('zh-CN', '0 0/5 14 * * ?'), /5 分钟/);
  for (const bad of ['bogus', '0 0 99 * * ?', '', '1 2 3']) assert.equal(say('en', bad, 'PST'), bad.trim());
});

test('the next runs follow the server zone, daylight saving included', () => {
  const iso = (xs: number[]) => xs.map((x) => new Date(x).toISOString());
  // Weekly at 03:30 Pacific: 11:30Z in winter, 10:30Z once daylight saving starts (2027-03-14).
  assert.deepEqual(iso(nextRuns('0 30 3 ? * MON', '2027-03-08T11:30:00.000Z', 'PST', 3)), [
    '2027-03-08T11:30:00.000Z',
    '2027-03-15T10:30:00.000Z',
    '2027-03-22T10:30:00.000Z',
  ]);
  // An abbreviation we do not know: the fixed offset that reproduces IPS's next fire time.
  assert.deepEqual(iso(nextRuns('0 0 2 * * ?', '2026-12-02T17:00:00.000Z', 'XYZ', 2)), ['2026-12-02T17:00:00.000Z', '2026-12-03T17:00:00.000Z']);
  // The server's next fire time always comes first, even when nothing else can be worked out.
  assert.deepEqual(iso(nextRuns('0 0 2 * * ?', '2026-12-02T17:07:00.000Z', 'PST', 3)), ['2026-12-02T17:07:00.000Z']);
  assert.deepEqual(nextRuns('bogus', '2026-12-02T17:00:00.000Z', 'PST', 3), []);
  assert.deepEqual(nextRuns('0 0 2 * * ?', undefined, 'PST', 3), []);
});

test('a paused schedule has no upcoming runs; a one-off has its one', () => {
  const at = '2026-12-02T10:00:00.000Z';
  assert.deepEqual(upcomingRuns({ execSchedule: '0 0 2 * * ?', nextFireTime: at, timeZone: 'PST', triggerState: 'Paused' }, 5), []);
  assert.equal(upcomingRuns({ execSchedule: '0 0 2 * * ?', nextFireTime: at, timeZone: 'PST', triggerState: 'Normal' }, 5).length, 5);
  assert.deepEqual(upcomingRuns({ nextFireTime: at }, 5), [Date.parse(at)]);
});

test('`ips-jobs scheduled --json` lists the next five runs', () => {
  const json = scheduledJobJson({
    companyHandle: 'c|1',
    jobHandle: 'j|1',
    name: 'nightly',
    originalName: 'nightly',
    type: 'ImageServingPublish',
    execSchedule: '0 0 2 * * ?',
    nextFireTime: '2026-12-02T10:00:00.000Z',
    timeZone: 'PST',
    triggerState: 'Normal',
  });
  assert.deepEqual((json.upcomingRuns as string[]).slice(0, 2), ['2026-12-02T10:00:00.000Z', '2026-12-03T10:00:00.000Z']);
  assert.equal((json.upcomingRuns as string[]).length, 5);
});

test("a schedule's last run is its newest run of the same company and name", () => {
  const job = (key: string, over: Partial<Job>): Job => ({
    key,
    companyHandle: 'c|1',
    jobHandle: key,
    name: key,
    originalName: 'nightly',
    type: 'ImageServingPublish',
    phase: 'finished',
    firstSeen: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...over,
  });
  const sched = job('s', { phase: 'scheduled' });
  const other = job('o', { phase: 'scheduled', originalName: 'hourly' });
  const runs = [
    sched,
    other,
    job('r1', { startDate: '2026-11-30T10:00:00.000Z' }),
    job('r2', { startDate: '2026-12-01T10:00:00.000Z', outcome: 'error' }),
    job('elsewhere', { startDate: '2026-12-01T11:00:00.000Z', companyHandle: 'c|2' }),
  ];
  const last = lastRuns([sched, other], runs);
  assert.equal(last.get('s')?.key, 'r2');
  assert.equal(last.has('o'), false, 'a schedule that never ran has no last run');
});
