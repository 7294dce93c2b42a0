// The IPS simulator over real HTTP on loopback: a job's whole life under a manual
// clock, every control action, schedules, submitJob and the read operations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type ManualClock, type Simulator } from '../../electron/simulator/index.ts';
import { T0, client, clientFault, list, raw, x, all, one, faultOf, type Client } from './simulator-helpers.ts';

let sim: Simulator;
let clock: ManualClock;
let c: Client;

before(async () => {
  clock = createManualClock(T0);
  sim = await startSimulator({ clock, seed: 7, submitProfile: 'success' });
  c = await client(sim);
});
after(async () => {
  await sim.close();
});

async function active(q: Record<string, string> = { companyHandle: 'c|15' }): Promise<any[]> {
  const [res] = await c.getActiveJobsAsync(q);
  return list(res.jobArray);
}
async function activeOne(handle: string): Promise<any | undefined> {
  return (await active({ companyHandle: 'c|15', jobHandle: handle }))[0];
}
async function logOf(handle: string, extra: Record<string, unknown> = {}): Promise<any> {
  const [res] = await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: handle, ...extra });
  return list(res.jobLogArray)[0];
}

describe('a job from New to Done under the manual clock', () => {
  it('moves New → WaitingCoordinator → Running → Done, with the log growing from the start', async () => {
    const run = sim.world.addJob({
      name: 'life-1',
      type: 'UploadFromServerDirectory',
      files: 10,
      profile: 'warning',
      plan: { newMs: 1000, waitMs: 2000, runMs: 10_000 },
    });
    let j = await activeOne(run.handle);
    assert.equal(j.state, 'New');
    assert.equal(j.jobHandle, run.handle);
    assert.match(j.jobHandle, /^j\|15\|\|life-1\|\d+$/);
    assert.equal(j.originalName, 'life-1');
    assert.equal(j.type, 'UploadFromServerDirectory');
    assert.ok(j.uploadDirectoryJob, 'carries its detail element');
    let log = await logOf(run.handle);
    assert.ok(log, 'the job log exists from the start');
    assert.equal(log.endDate, undefined);
    assert.equal(log.fileSuccessCount, 0);

    sim.world.advance(1500);
    j = await activeOne(run.handle);
    assert.equal(j.state, 'WaitingCoordinator');

    sim.world.advance(1500 + 5000); // 5 s into a 10 s run
    j = await activeOne(run.handle);
    assert.equal(j.state, 'Running');
    assert.equal(j.progress, 50);
    assert.equal(j.progressMessage, 'Uploading 5 of 10');
    const lpu1 = new Date(j.lastProgressUpdate).getTime();
    assert.equal(lpu1, T0 + 3000 + 5000);
    log = await logOf(run.handle);
    const counted = log.fileSuccessCount + log.fileUpdateCount + log.fileWarningCount + log.fileErrorCount + log.fileDuplicateCount;
    assert.equal(counted, 5, 'counts grow while it runs');
    assert.equal(log.logType, 'BeginUpload');

    sim.world.advance(2000);
    j = await activeOne(run.handle);
    assert.equal(j.progress, 70);
    assert.ok(new Date(j.lastProgressUpdate).getTime() > lpu1);

    sim.world.advance(3000); // finished exactly now: listed as Done for a moment
    j = await activeOne(run.handle);
    assert.equal(j.state, 'Done');
    sim.world.advance(1000);
    assert.equal(await activeOne(run.handle), undefined, 'out of the active list');

    log = await logOf(run.handle);
    assert.equal(new Date(log.endDate).getTime(), T0 + 13_000);
    assert.equal(log.logType, 'EndUpload');
    assert.equal(log.fatalError, false);
    assert.equal(log.totalFileCount, 10);
    assert.ok(log.fileWarningCount >= 1, 'the warning profile warns');
    const sum = log.fileSuccessCount + log.fileUpdateCount + log.fileWarningCount + log.fileErrorCount + log.fileDuplicateCount;
    assert.equal(sum, 10);
    assert.equal(log.detailTotalRows, 5 + 10 + 1, 'begin + 4 info lines + one per file + end');
    const rows = list(log.detailArray);
    assert.equal(rows[0].logType, 'BeginUpload');
    assert.equal(rows.at(-1).logType, 'EndUpload');
    const fileRow = rows.find((r) => r.assetHandle);
    assert.ok(fileRow.assetName && fileRow.assetType && fileRow.dateCreated);
    const warn = rows.find((r) => r.logType === 'UploadWarning');
    assert.ok(warn, 'a warning line');
    assert.ok(list(warn.auxArray).length > 0, 'with aux lines');
  });

  it('pages, filters and sorts the detail lines', async () => {
    const run = sim.world.addJob({ name: 'paging', type: 'UrlUpload', files: 30, profile: 'error', plan: { newMs: 0, waitMs: 0, runMs: 3000 } });
    sim.world.advance(5000);
    const full = await logOf(run.handle);
    assert.equal(full.detailTotalRows, 5 + 30 + 1);
    const p2 = await logOf(run.handle, { recordsPerPage: 10, resultsPage: 2 });
    assert.equal(p2.detailTotalRows, 36);
    assert.equal(list(p2.detailArray).length, 10);
    assert.deepEqual(
      list(p2.detailArray).map((r) => r.logMessage),
      list(full.detailArray)
        .slice(10, 20)
        .map((r) => r.logMessage),
    );
    const p4 = await logOf(run.handle, { recordsPerPage: 10, resultsPage: 4 });
    assert.equal(list(p4.detailArray).length, 6);
    const big = await logOf(run.handle, { recordsPerPage: 5000 });
    assert.equal(list(big.detailArray).length, 36, 'recordsPerPage is capped at 1000, not rejected');
    const errs = await logOf(run.handle, { logTypeArray: { items: ['UploadError', 'FatalError'] } });
    assert.ok(errs.detailTotalRows >= 1);
    assert.ok(list(errs.detailArray).every((r) => r.logType === 'UploadError'));
    assert.ok(errs.fileErrorCount >= 1);
    const desc = await logOf(run.handle, { sortBy: 'Date', sortDirection: 'Descending', recordsPerPage: 1 });
    assert.equal(list(desc.detailArray)[0].logType, 'EndUploadUrls');
    const byType = await logOf(run.handle, { sortBy: 'LogType', sortDirection: 'Ascending' });
    const types = list(byType.detailArray).map((r) => r.logType);
    assert.deepEqual(types, [...types].sort());
  });

  it('a fatal job ends early with fatalError and a FatalError line', async () => {
    const run = sim.world.addJob({ name: 'fatal-1', type: 'RipPdfs', files: 10, profile: 'fatal', plan: { newMs: 0, waitMs: 0, runMs: 10_000, fatalAt: 4 } });
    sim.world.advance(5000 + 1001);
    assert.equal(await activeOne(run.handle), undefined);
    const log = await logOf(run.handle);
    assert.equal(log.fatalError, true);
    assert.equal(new Date(log.endDate).getTime(), run.t0 + 5000);
    assert.ok(log.fileErrorCount >= 1);
    assert.ok(list(log.detailArray).some((r) => r.logType === 'FatalError'));
  });

  it('a video job reports task progress with item progress (fractions)', async () => {
    const run = sim.world.addJob({ name: 'video-1', type: 'VideoPublish', files: 4, plan: { newMs: 0, waitMs: 0, runMs: 8000 } });
    sim.world.advance(3000);
    const j = await activeOne(run.handle);
    const tasks = list(j.taskProgressArray);
    assert.equal(tasks.length, 1);
    const t = tasks[0];
    assert.equal(t.taskState, 'Processing');
    assert.equal(t.numProcessed, 1);
    assert.equal(t.numProcessing, 1);
    assert.equal(t.numPending, 2);
    assert.ok(t.progress > 0.25 && t.progress < 0.5, `fraction, got ${t.progress}`);
    const itemsP = list(t.taskItemProgressArray);
    assert.equal(itemsP.length, 2);
    assert.equal(itemsP[0].progress, 1);
    assert.ok(itemsP[1].progress > 0 && itemsP[1].progress < 1);
    sim.world.advance(6000);
  });
});

describe('control actions', () => {
  it('stopJob: Stopping, then finished with partial counts', async () => {
    const run = sim.world.addJob({ name: 'stop-me', files: 20, plan: { newMs: 0, waitMs: 0, runMs: 20_000 } });
    sim.world.advance(5000);
    await c.stopJobAsync({ companyHandle: 'c|15', jobHandle: run.handle });
    let j = await activeOne(run.handle);
    assert.equal(j.state, 'Stopping');
    sim.world.advance(3000);
    j = await activeOne(run.handle);
    assert.equal(j, undefined);
    const log = await logOf(run.handle);
    assert.ok(log.endDate);
    const sum = log.fileSuccessCount + log.fileUpdateCount + log.fileWarningCount + log.fileErrorCount + log.fileDuplicateCount;
    assert.equal(sum, 5, 'partial counts kept');
    assert.equal(log.totalFileCount, 20);
    assert.ok(list(log.detailArray).some((r) => r.logType === 'FileCancel'));
  });

  it('pauseJob on a running job freezes it ("Paused"); resumeJob continues', async () => {
    const run = sim.world.addJob({ name: 'pause-me', files: 10, plan: { newMs: 0, waitMs: 0, runMs: 10_000 } });
    sim.world.advance(3000);
    await c.pauseJobAsync({ companyHandle: 'c|15', jobHandle: run.handle });
    sim.world.advance(60_000);
    let j = await activeOne(run.handle);
    assert.equal(j.state, 'Running');
    assert.equal(j.progress, 30);
    assert.equal(j.progressMessage, 'Paused');
    await c.resumeJobAsync({ companyHandle: 'c|15', jobHandle: run.handle });
    sim.world.advance(2000);
    j = await activeOne(run.handle);
    assert.equal(j.progress, 50);
    assert.equal(j.progressMessage, 'Uploading 5 of 10');
    sim.world.advance(6000);
    const log = await logOf(run.handle);
    assert.equal(new Date(log.endDate).getTime(), run.t0 + 10_000 + 60_000);
  });

  it('deleteJob on a running job is refused (30001: deleteJob deletes scheduled jobs); the job keeps running', async () => {
    const run = sim.world.addJob({ name: 'delete-me', files: 10, plan: { newMs: 0, waitMs: 0, runMs: 10_000 } });
    sim.world.advance(4000);
    await assert.rejects(c.deleteJobAsync({ companyHandle: 'c|15', jobHandle: run.handle }), (err: unknown) => {
      assert.deepEqual(clientFault(err), { element: 'ipsApiFault', code: 30001, status: 500 });
      return true;
    });
    const j = await activeOne(run.handle);
    assert.equal(j.state, 'Running', 'still listed and running');
    assert.equal(j.progress, 40);
    const log = await logOf(run.handle);
    assert.equal(log.endDate, undefined, 'not ended by the refused delete');
  });

  it('scheduled jobs: pause → Paused (no firing), resume → Normal with nextFireTime recomputed, execute → fires now, delete → gone', async () => {
    const s = sim.world.addScheduledJob({
      name: 'every-5-min',
      type: 'ImageServingPublish',
      execSchedule: '0 */5 * * * ?',
      plan: { newMs: 0, waitMs: 0, runMs: 1000 },
    });
    const sched = async (): Promise<any | undefined> => {
      const [res] = await c.getScheduledJobsAsync({ companyHandle: 'c|15', jobHandle: s.handle });
      return list(res.jobArray)[0];
    };
    let sj = await sched();
    assert.equal(sj.triggerState, 'Normal');
    assert.equal(sj.execSchedule, '0 */5 * * * ?');
    assert.equal(sj.timeZone, 'PST');
    assert.equal(sj.jobHandle, 'j|15|every-5-min|');
    assert.ok(sj.imageServingPublishJob);
    const next1 = new Date(sj.nextFireTime).getTime();
    assert.equal(next1 % 300_000, 0);
    assert.ok(next1 > clock.now());

    await c.pauseJobAsync({ companyHandle: 'c|15', jobHandle: s.handle });
    sj = await sched();
    assert.equal(sj.triggerState, 'Paused');
    const firedBefore = s.fired;
    sim.world.advance(20 * 60_000);
    assert.equal(s.fired, firedBefore, 'a paused schedule does not fire');

    await c.resumeJobAsync({ companyHandle: 'c|15', jobHandle: s.handle });
    sj = await sched();
    assert.equal(sj.triggerState, 'Normal');
    const next2 = new Date(sj.nextFireTime).getTime();
    assert.ok(next2 > clock.now() && next2 - clock.now() <= 300_000, 'recomputed from now');

    await c.executeJobAsync({ companyHandle: 'c|15', jobHandle: s.handle });
    const runs = await active({ companyHandle: 'c|15', jobHandle: s.handle });
    assert.equal(runs.length, 1, 'executeJob fired a run now');
    assert.equal(runs[0].originalName, 'every-5-min');
    assert.notEqual(runs[0].jobHandle, s.handle, 'the run has its own handle');
    assert.equal((await sched()).nextFireTime.getTime(), next2, 'schedule unchanged');

    await c.deleteJobAsync({ companyHandle: 'c|15', jobHandle: s.handle });
    assert.equal(await sched(), undefined);
  });
});

describe('more actions', () => {
  it('executeJob on a run handle runs that job again; stop of a finished job is refused (30001)', async () => {
    const run = sim.world.addJob({ name: 'again', files: 2, plan: { newMs: 0, waitMs: 0, runMs: 1000 } });
    sim.world.advance(3000);
    await assert.rejects(c.stopJobAsync({ companyHandle: 'c|15', jobHandle: run.handle }), (err: unknown) => clientFault(err).code === 30001);
    await c.executeJobAsync({ companyHandle: 'c|15', jobHandle: run.handle });
    const again = await active({ companyHandle: 'c|15', originalName: 'again' });
    assert.equal(again.length, 1);
    assert.notEqual(again[0].jobHandle, run.handle);
    assert.ok(['New', 'WaitingCoordinator', 'Running'].includes(again[0].state));
    const log = await logOf(run.handle);
    assert.equal(log.fileSuccessCount + log.fileUpdateCount, 2, 'the finished run was not stopped');
  });
});

describe('schedules', () => {
  it('a recurring schedule fires at nextFireTime, creating runs with unique names', async () => {
    const s = sim.world.addScheduledJob({ name: 'ftp-ingest', execSchedule: '0 */10 * * * ?', plan: { newMs: 0, waitMs: 0, runMs: 60_000 } });
    const first = s.nextFireTime as number;
    sim.world.advance(first - clock.now() + 1000);
    const runs = await active({ companyHandle: 'c|15', originalName: 'ftp-ingest' });
    assert.equal(runs.length, 1);
    assert.match(runs[0].name, /^ftp-ingest_\d{4}-\d\d-\d\d-\d\d:\d\d:\d\d$/);
    assert.equal(new Date(runs[0].startDate).getTime(), first);
    sim.world.advance(20 * 60_000);
    const [logs] = await c.getJobLogsAsync({ companyHandle: 'c|15', startDate: new Date(first - 1).toISOString(), numRows: 100 });
    assert.equal(list(logs.jobLogArray).filter((l) => l.originalJobName === 'ftp-ingest').length, 3);
    sim.world.scheduled.delete(s.handle);
  });

  it('a one-off execTime job fires once and leaves the schedule; 5-field and bad schedules', async () => {
    const at = clock.now() + 90_000;
    const res = await raw(
      sim,
      'submitJob',
      x({ companyHandle: 'c|15', jobName: 'one-off', execTime: new Date(at).toISOString() }) +
        '<ips:optimizeImagesJob><ips:emailSetting>None</ips:emailSetting></ips:optimizeImagesJob>',
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(one(res.text, 'jobHandle'), 'j|15|one-off|');
    let sched = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15', jobHandle: 'j|15|one-off|' }));
    assert.equal(one(sched.text, 'nextFireTime'), '2024-05-02T' + new Date(at - 8 * 3600_000).toISOString().slice(11, 23) + '-08:00');
    sim.world.advance(91_000);
    sched = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15', jobHandle: 'j|15|one-off|' }));
    assert.equal(all(sched.text, 'jobHandle').length, 0);
    assert.equal((await active({ companyHandle: 'c|15', originalName: 'one-off' })).length, 1);

    const five = await raw(
      sim,
      'submitJob',
      x({ companyHandle: 'c|15', jobName: 'midnight', execSchedule: '00 00 00 * * ' }) +
        '<ips:optimizeImagesJob><ips:emailSetting>None</ips:emailSetting></ips:optimizeImagesJob>',
    );
    assert.equal(five.status, 200);
    sched = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15', jobHandle: 'j|15|midnight|' }));
    assert.equal(one(sched.text, 'execSchedule'), '00 00 00 * * ', 'kept verbatim');
    assert.match(one(sched.text, 'nextFireTime') ?? '', /T00:00:00\.000-08:00$/);

    const bad = await raw(sim, 'submitJob', x({ companyHandle: 'c|15', jobName: 'bad', execSchedule: 'every tuesday' }) + '<ips:optimizeImagesJob/>');
    assert.equal(bad.status, 500);
    assert.equal(faultOf(bad.text)?.code, 30001);
  });
});

describe('submitJob', () => {
  it('runs now, answers j|co|name|, and that handle finds the run', async () => {
    const inner =
      x({ companyHandle: 'c|15', jobName: 'tray-url-ingest-0042', locale: 'en-US', description: 'from tests' }) +
      '<ips:uploadUrlsJob><ips:urlArray><ips:items><ips:sourceUrl>https://cdn.example.com/a.jpg</ips:sourceUrl><ips:destPath>ExampleCo/a.jpg</ips:destPath></ips:items>' +
      '<ips:items><ips:sourceUrl>https://cdn.example.com/b.jpg</ips:sourceUrl><ips:destPath>ExampleCo/b.jpg</ips:destPath></ips:items></ips:urlArray>' +
      '<ips:overwrite>true</ips:overwrite><ips:readyForPublish>true</ips:readyForPublish><ips:createMask>false</ips:createMask><ips:emailSetting>Error</ips:emailSetting></ips:uploadUrlsJob>';
    const res = await raw(sim, 'submitJob', inner);
    assert.equal(res.status, 200, res.text);
    const handle = one(res.text, 'jobHandle');
    assert.equal(handle, 'j|15|tray-url-ingest-0042|');
    const j = await activeOne(handle as string);
    assert.equal(j.type, 'UrlUpload');
    assert.equal(j.originalName, 'tray-url-ingest-0042');
    assert.equal(j.description, 'from tests');
    assert.equal(j.uploadUrlsJob.numUrls, 2);
    assert.equal(list(j.uploadUrlsJob.urlArray).length, 2);
    const log = await logOf(handle as string);
    assert.equal(log.originalJobName, 'tray-url-ingest-0042');
  });

  it('needs exactly one job detail element', async () => {
    const none = await raw(sim, 'submitJob', x({ companyHandle: 'c|15', jobName: 'nothing' }));
    assert.equal(faultOf(none.text)?.code, 30002);
    const two = await raw(
      sim,
      'submitJob',
      x({ companyHandle: 'c|15', jobName: 'two' }) + '<ips:optimizeImagesJob/><ips:exportJob><ips:fmt>orig</ips:fmt></ips:exportJob>',
    );
    assert.equal(faultOf(two.text)?.code, 30001);
    const noName = await raw(sim, 'submitJob', x({ companyHandle: 'c|15' }) + '<ips:optimizeImagesJob/>');
    assert.equal(faultOf(noName.text)?.code, 30002);
  });
});

describe('read operations', () => {
  it('getJobLogs: company, user, date window, sort and numRows', async () => {
    const u = sim.world.user('maria.garcia@example.com');
    assert.ok(u);
    for (let i = 0; i < 3; i++) sim.world.addJob({ name: `maria-${i}`, submitUserEmail: u.email, files: 2, plan: { newMs: 0, waitMs: 0, runMs: 1000 } });
    sim.world.advance(5000);
    const [mine] = await c.getJobLogsAsync({ companyHandle: 'c|15', userHandle: u.handle, sortBy: 'JobName', sortDirection: 'Ascending' });
    const names = list(mine.jobLogArray).map((l) => l.jobName);
    assert.deepEqual(names, ['maria-0', 'maria-1', 'maria-2']);
    const [two] = await c.getJobLogsAsync({ companyHandle: 'c|15', sortBy: 'StartDate', sortDirection: 'Descending', numRows: 2 });
    const rows = list(two.jobLogArray);
    assert.equal(rows.length, 2);
    assert.ok(new Date(rows[0].startDate).getTime() >= new Date(rows[1].startDate).getTime());
    const [none] = await c.getJobLogsAsync({ companyHandle: 'c|15', endDate: new Date(T0 - 1).toISOString() });
    assert.equal(list(none.jobLogArray).length, 0);
    const [other] = await c.getJobLogsAsync({ companyHandle: 'c|2101' });
    assert.ok(list(other.jobLogArray).every((l) => l.companyHandle === 'c|2101'));
    const text = (await raw(sim, 'getJobLogs', x({ companyHandle: 'c|15', numRows: 1 }))).text;
    assert.match(one(text, 'startDate') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/, 'IPS date style');
  });

  it('membership (2014-04-03 shape), company info, user info, checkLogin', async () => {
    const [m] = await c.getCompanyMembershipAsync({});
    const ms = list(m.membershipArray);
    assert.deepEqual(
      ms.map((i) => [i.company.companyHandle, i.company.name, i.role, i.isActive]),
      [
        ['c|15', 'Example Co', 'IpsUser', true],
        ['c|2101', '示例公司', 'IpsUser', true],
      ],
    );
    const [ci] = await c.getCompanyInfoAsync({ companyName: '示例公司' });
    assert.equal(ci.companyInfo.companyHandle, 'c|2101');
    const [ui] = await c.getUserInfoAsync({});
    assert.equal(ui.userInfo.email, 'demo@example.com');
    assert.equal(ui.userInfo.defaultRole, 'IpsUser');
    assert.match(ui.userInfo.userHandle, /^u\|\d+\|demo@example.com$/);
    const [ok] = await c.checkLoginAsync({ email: 'ops@example.com', password: 'ops' });
    assert.equal(ok.status, 'ValidLogin');
    const [bad] = await c.checkLoginAsync({ email: 'ops@example.com', password: 'nope' });
    assert.equal(bad.status, 'InvalidLogin');
    const [notMember] = await c.checkLoginAsync({ companyHandle: 'c|2101', email: 'ops@example.com', password: 'ops' });
    assert.equal(notMember.status, 'InvalidLogin');
  });

  it('getAssetsByName and getAssetJobLogs', async () => {
    const run = sim.world.addJob({ name: 'assets', type: 'UploadPost', files: 5, plan: { newMs: 0, waitMs: 0, runMs: 1000 } });
    sim.world.advance(2000);
    const log = await logOf(run.handle);
    const fileRow = list(log.detailArray).find((r) => r.assetHandle);
    const [found] = await c.getAssetsByNameAsync({ companyHandle: 'c|15', nameArray: { items: [fileRow.assetName, 'no-such-asset'] } });
    const assets = list(found.assetArray);
    assert.equal(assets.length, 1);
    assert.equal(assets[0].assetHandle, fileRow.assetHandle);
    const [aj] = await c.getAssetJobLogsAsync({ companyHandle: 'c|15', assetHandle: fileRow.assetHandle });
    const entries = list(aj.jobLogArray);
    assert.ok(entries.some((e) => e.jobHandle === run.handle && e.logType === fileRow.logType));
  });

  it('unknown job handles and handles of another company are ipsApiFault 30001', async () => {
    try {
      await c.stopJobAsync({ companyHandle: 'c|15', jobHandle: 'j|15||nope|1' });
      assert.fail('expected a fault');
    } catch (err) {
      assert.deepEqual(clientFault(err), { element: 'ipsApiFault', code: 30001, status: 500 });
    }
    const other = sim.world.addJob({ companyHandle: 'c|2101', name: '其他公司', files: 2 });
    const res = await raw(sim, 'getJobLogDetails', x({ companyHandle: 'c|15', jobHandle: other.handle }));
    assert.equal(faultOf(res.text)?.code, 30001);
  });
});
