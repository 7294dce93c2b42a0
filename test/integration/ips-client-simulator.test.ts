// Every IPS operation through the real client against the project's simulator (a
// soap.listen server on the same WSDL), plus the simulator's fault injection mapped to
// the client's error classes. Manual clock: nothing depends on wall time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import {
  IpsAuthenticationError,
  IpsAuthorizationError,
  IpsFaultError,
  IpsMalformedResponseError,
  IpsNetworkError,
  IpsTimeoutError,
} from '../../electron/ips/errors.ts';
import { createManualClock, DEMO_PASSWORD, DEMO_USER, startSimulator, type Simulator } from '../../electron/simulator/index.ts';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_FIELDS = new Set([
  'startDate',
  'endDate',
  'triggerTime',
  'lastProgressUpdate',
  'nextFireTime',
  'dateCreated',
  'expires',
  'passwordExpires',
  'logDate',
]);

/** Domain invariants: no null anywhere, every date field UTC ISO with ms. */
function assertDomainShape(value: unknown, path = '$'): void {
  assert.notEqual(value, null, `${path} is null`);
  if (Array.isArray(value)) value.forEach((v, i) => assertDomainShape(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (DATE_FIELDS.has(k)) assert.match(String(v), ISO_UTC, `${path}.${k}`);
      assertDomainShape(v, `${path}.${k}`);
    }
  }
}

describe('IPS client against the simulator', () => {
  let sim: Simulator;
  let api: IpsClient;
  const clock = createManualClock();
  const C = 'c|15';

  before(async () => {
    sim = await startSimulator({ clock, seed: 7 });
    api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, locale: 'en-US', timeoutMs: 3000 });
  });
  after(() => sim.close());

  it('checkLogin, getUserInfo, getCompanyMembership, getCompanyInfo', async () => {
    assert.equal(await api.checkLogin({ email: DEMO_USER, password: DEMO_PASSWORD }), 'ValidLogin');
    assert.equal(await api.checkLogin({ email: DEMO_USER, password: 'wrong' }), 'InvalidLogin');
    const me = await api.getUserInfo();
    assert.equal(me.email, DEMO_USER);
    assert.equal(typeof me.isValid, 'boolean');
    assertDomainShape(me);
    const memberships = await api.getCompanyMembership();
    assert.ok(memberships.length >= 2);
    assert.ok(memberships.some((m) => m.company.companyHandle === C));
    assert.ok(memberships.some((m) => m.company.name === '示例公司'));
    assertDomainShape(memberships);
    const byName = await api.getCompanyInfo({ companyName: '示例公司' });
    assert.equal(byName.companyHandle, 'c|2101');
    assert.equal((await api.getCompanyInfo({ companyHandle: C })).name, 'Example Co');
  });

  it('getActiveJobs, stopJob', async () => {
    const run = sim.world.addJob({ companyHandle: C, name: 'client-test-active', files: 20 });
    clock.advance(5_000);
    const jobs = await api.getActiveJobs({ companyHandle: C });
    const job = jobs.find((j) => j.jobHandle === run.handle);
    assert.ok(job, 'the new job is listed');
    assert.equal(job.originalName, 'client-test-active');
    assert.equal(typeof job.progress, 'number');
    assert.ok(Array.isArray(job.taskProgressArray));
    assertDomainShape(jobs);
    const one = await api.getActiveJobs({ companyHandle: C, jobHandle: run.handle });
    assert.deepEqual(
      one.map((j) => j.jobHandle),
      [run.handle],
    );
    await api.stopJob({ companyHandle: C, jobHandle: run.handle });
    const after = (await api.getActiveJobs({ companyHandle: C, jobHandle: run.handle }))[0];
    assert.ok(after === undefined || after.state === 'Stopping' || after.state === 'Done', `state after stop: ${after?.state}`);
  });

  it('getScheduledJobs, pauseJob, resumeJob, executeJob, deleteJob', async () => {
    const s = sim.world.addScheduledJob({ companyHandle: C, name: 'client-test-sched', execSchedule: '0 0 2 * * ?' });
    const find = async () => (await api.getScheduledJobs({ companyHandle: C })).find((j) => j.jobHandle === s.handle);
    const listed = await find();
    assert.ok(listed);
    assert.equal(listed.execSchedule, '0 0 2 * * ?');
    assert.equal(typeof listed.triggerState, 'string');
    assertDomainShape(listed);
    await api.pauseJob({ companyHandle: C, jobHandle: s.handle });
    assert.equal((await find())?.triggerState, 'Paused');
    await api.resumeJob({ companyHandle: C, jobHandle: s.handle });
    assert.equal((await find())?.triggerState, 'Normal');
    const activeBefore = (await api.getActiveJobs({ companyHandle: C })).length;
    await api.executeJob({ companyHandle: C, jobHandle: s.handle });
    const activeAfter = await api.getActiveJobs({ companyHandle: C });
    assert.ok(activeAfter.length > activeBefore || activeAfter.some((j) => j.originalName === 'client-test-sched'), 'executeJob started a run');
    await api.deleteJob({ companyHandle: C, jobHandle: s.handle });
    assert.equal(await find(), undefined);
  });

  it('getJobLogs, getJobLogDetails (paged), getAssetJobLogs', async () => {
    const run = sim.world.addJob({ companyHandle: C, name: 'client-test-log', files: 12, profile: 'warning' });
    clock.advance(10 * 60_000);
    const logs = await api.getJobLogs({ companyHandle: C, sortBy: 'StartDate', sortDirection: 'Descending', numRows: 50 });
    assert.ok(logs.some((l) => l.jobHandle === run.handle));
    for (const l of logs) {
      assert.equal(typeof l.fileSuccessCount, 'number');
      assert.equal(typeof l.fatalError, 'boolean');
    }
    assertDomainShape(logs);
    const [detail] = await api.getJobLogDetails({ companyHandle: C, jobHandle: run.handle, recordsPerPage: 5, resultsPage: 1 });
    assert.ok(detail);
    assert.ok(Array.isArray(detail.detailArray));
    assert.ok((detail.detailArray?.length ?? 0) <= 5);
    assert.equal(typeof detail.detailTotalRows, 'number');
    assertDomainShape(detail);
    const asset = detail.detailArray?.find((d) => d.assetHandle)?.assetHandle ?? sim.world.company(C)?.assets[0]?.handle;
    assert.ok(asset, 'the simulator has assets');
    const assetLogs = await api.getAssetJobLogs({ companyHandle: C, assetHandle: asset });
    assert.ok(Array.isArray(assetLogs));
    assertDomainShape(assetLogs);
  });

  it('submitJob returns a handle usable with getActiveJobs; getAssetsByName', async () => {
    const handle = await api.submitJob({ companyHandle: C, jobName: 'client-test-submit', optimizeImagesJob: { emailSetting: 'None' } });
    assert.equal(typeof handle, 'string');
    assert.ok(handle.length > 0);
    const active = await api.getActiveJobs({ companyHandle: C });
    assert.ok(active.some((j) => j.originalName === 'client-test-submit'));
    assert.deepEqual(await api.getAssetsByName({ companyHandle: C, names: ['nothing-by-this-name'] }), []);
    const known = sim.world.company(C)?.assets[0];
    assert.ok(known);
    const found = await api.getAssetsByName({ companyHandle: C, names: [known.name] });
    assert.ok(
      found.some((a) => a.assetHandle === known.handle),
      `found ${JSON.stringify(found)}`,
    );
  });
});

describe('simulator faults → client errors', () => {
  let sim: Simulator;
  let api: IpsClient;

  before(async () => {
    sim = await startSimulator({ clock: createManualClock(), seed: 3 });
    api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, timeoutMs: 400 });
  });
  after(() => sim.close());

  it('wrong password → IpsAuthenticationError 10001', async () => {
    const bad = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: 'not-the-password', timeoutMs: 2000 });
    await assert.rejects(
      bad.getActiveJobs({ companyHandle: 'c|15' }),
      (e: unknown) => e instanceof IpsAuthenticationError && e.code === 10001 && !e.message.includes('not-the-password'),
    );
  });

  it('a role without permission → IpsAuthorizationError 20003', async () => {
    const portal = await createIpsClient({ serviceUrl: sim.url, user: 'portal@example.com', password: 'portal', timeoutMs: 2000 });
    await assert.rejects(portal.getActiveJobs({ companyHandle: 'c|15' }), (e: unknown) => e instanceof IpsAuthorizationError && e.code === 20003);
  });

  it('unknown job handle → IpsFaultError', async () => {
    await assert.rejects(
      api.stopJob({ companyHandle: 'c|15', jobHandle: 'j|15||nope|1' }),
      (e: unknown) => e instanceof IpsFaultError && e.operation === 'stopJob',
    );
  });

  it('injected faults: HTML 502, malformed, truncated, dropped, hang, SOAP fault with HTTP 200', async (t) => {
    // Probe first: skip (with the reason) if this simulator build does not apply injected faults.
    sim.faults.soapFault({ code: 30000, reason: 'probe' });
    const probe = await api.getActiveJobs().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (probe === undefined) {
      sim.faults.clear();
      t.skip('the simulator did not apply an injected fault (its request hook is not active)');
      return;
    }
    assert.ok(probe instanceof IpsFaultError);
    sim.faults.httpError(502);
    await assert.rejects(api.getActiveJobs(), (e: unknown) => e instanceof IpsNetworkError && e.httpStatus === 502);
    sim.faults.malformed();
    await assert.rejects(api.getActiveJobs(), IpsMalformedResponseError);
    sim.faults.truncated();
    await assert.rejects(api.getActiveJobs(), IpsMalformedResponseError);
    sim.faults.truncated({ mode: 'close' });
    await assert.rejects(api.getActiveJobs(), IpsNetworkError);
    sim.faults.drop();
    await assert.rejects(api.getActiveJobs(), IpsNetworkError);
    sim.faults.hang();
    await assert.rejects(api.getActiveJobs(), IpsTimeoutError);
    sim.faults.soapFault({ code: 30000, reason: 'Temporary failure', status: 200 });
    await assert.rejects(api.getActiveJobs(), (e: unknown) => e instanceof IpsFaultError && e.code === 30000 && e.httpStatus === 200);
    // And it recovers.
    assert.ok(Array.isArray(await api.getActiveJobs()));
  });
});

describe('IPS client locale', () => {
  it('setLocale changes the language IPS writes job log messages in, without reconnecting', async () => {
    const clock = createManualClock();
    const sim = await startSimulator({ clock, seed: 11 });
    try {
      const api = await createIpsClient({ serviceUrl: sim.url, user: DEMO_USER, password: DEMO_PASSWORD, locale: 'en-US', timeoutMs: 3000 });
      sim.world.addJob({ name: 'locale-check', profile: 'error', files: 4, plan: { newMs: 500, waitMs: 500, runMs: 5_000 } });
      clock.advance(60_000);
      sim.world.tick();
      const log = (await api.getJobLogs({ companyHandle: 'c|15', numRows: 50 })).find((l) => l.originalJobName === 'locale-check');
      assert.ok(log, 'the finished job has a log');
      const messages = async () =>
        (await api.getJobLogDetails({ companyHandle: 'c|15', jobHandle: log.jobHandle }))
          .flatMap((l) => l.detailArray ?? [])
          .filter((d) => /^(Begin|End)/.test(d.logType)) // these name only the (ASCII) job, not assets
          .map((d) => d.logMessage);
      const en = await messages();
      assert.ok(en.length > 0 && en.every((m) => !/[\u4e00-\u9fff]/.test(m)), 'English first');
      api.setLocale?.('zh-CN');
      const zh = await messages();
      assert.equal(zh.length, en.length);
      assert.ok(
        zh.some((m) => /[\u4e00-\u9fff]/.test(m)),
        `Chinese after setLocale: ${zh[0]}`,
      );
    } finally {
      await sim.close();
    }
  });
});
