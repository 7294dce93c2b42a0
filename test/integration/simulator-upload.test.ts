// The simulator's UploadFile servlet: multipart POSTs forming one upload job, tracked
// through getActiveJobs / getJobLogDetails; and export jobs' download links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type ManualClock, type Simulator } from '../../electron/simulator/index.ts';
import { NS, S7, T0, client, faultOf, list, one, type Client } from './simulator-helpers.ts';

let sim: Simulator;
let clock: ManualClock;
let c: Client;

before(async () => {
  clock = createManualClock(T0);
  sim = await startSimulator({ clock, seed: 11 });
  c = await client(sim);
});
after(async () => {
  await sim.close();
});

function auth(user = 'demo@example.com', password = 'demo', extra = '', ns = S7): string {
  return `<authHeader xmlns="${ns}"><user>${user}</user><password>${password}</password><appName>tests</appName>${extra}</authHeader>`;
}

async function post(authXml: string, params: string, files: Array<[string, string]> = []): Promise<{ status: number; text: string }> {
  const form = new FormData();
  form.append('auth', authXml);
  form.append('uploadParams', params);
  files.forEach(([name, content], i) => form.append(`file${i + 1}`, new Blob([content], { type: 'application/octet-stream' }), name));
  const res = await fetch(sim.uploadUrl, { method: 'POST', body: form });
  return { status: res.status, text: await res.text() };
}

const FIRST = (name: string, end = false): string =>
  `<uploadPostParam xmlns="${NS}"><companyHandle>c|15</companyHandle><jobName>${name}</jobName><locale>en-US</locale><destFolder>ExampleCo/incoming/</destFolder><endJob>${end}</endJob>` +
  '<uploadParams><overwrite>true</overwrite><readyForPublish>true</readyForPublish><preservePublishState>true</preservePublishState><createMask>false</createMask><emailSetting>ErrorAndWarning</emailSetting></uploadParams></uploadPostParam>';
const NEXT = (handle: string, end: boolean): string =>
  `<uploadPostParam xmlns="${NS}"><companyHandle>c|15</companyHandle><jobHandle>${handle}</jobHandle><endJob>${end}</endJob></uploadPostParam>`;

async function activeOne(handle: string): Promise<any> {
  const [res] = await c.getActiveJobsAsync({ companyHandle: 'c|15', jobHandle: handle });
  return list(res.jobArray)[0];
}

describe('UploadFile servlet', () => {
  it('several POSTs make one job: WaitingClient, then processed after endJob', async () => {
    const first = await post(auth(), FIRST('tray-upload-0001'), [
      ['shoe-1.jpg', 'aaa'],
      ['shoe-2.jpg', 'bbb'],
    ]);
    assert.equal(first.status, 200, first.text);
    assert.match(first.text, /^<\?xml[^>]*\?><uploadPostReturn xmlns="http:\/\/www\.scene7\.com\/IpsApi\/xsd\/2014-04-03">/);
    const handle = one(first.text, 'jobHandle') as string;
    assert.match(handle, /^j\|15\|\|tray-upload-0001\|\d+$/);
    let j = await activeOne(handle);
    assert.equal(j.state, 'WaitingClient');
    assert.equal(j.type, 'UploadPost');
    assert.equal(j.uploadPostJob.emailSetting, 'ErrorAndWarning');
    assert.equal(j.progressMessage, 'Waiting for more files (2 received)');

    const last = await post(auth(), NEXT(handle, true), [['broken-3.jpg', 'ccc']]);
    assert.equal(one(last.text, 'jobHandle'), handle, 'follow-ups answer the same handle');
    sim.world.advance(1500);
    j = await activeOne(handle);
    assert.equal(j.state, 'WaitingCoordinator');
    sim.world.advance(10_000);
    assert.equal(await activeOne(handle), undefined);
    const [res] = await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: handle });
    const log = list(res.jobLogArray)[0];
    assert.equal(log.totalFileCount, 3);
    assert.equal(log.fileErrorCount, 1, 'a file named "broken…" fails');
    assert.equal(log.fileSuccessCount + log.fileUpdateCount, 2);
    const names = list(log.detailArray)
      .filter((r) => r.assetHandle)
      .map((r) => r.assetName);
    assert.deepEqual(names, ['shoe-1', 'shoe-2', 'broken-3']);
    assert.ok(
      list(log.detailArray).some((r) => /ExampleCo\/incoming\/broken-3\.jpg/.test(r.logMessage)),
      JSON.stringify(list(log.detailArray).map((r) => r.logMessage)),
    );

    const late = await post(auth(), NEXT(handle, false), [['late.jpg', 'x']]);
    assert.equal(late.status, 500);
    assert.equal(faultOf(late.text)?.code, 30001);
  });

  it('answers bare fault elements, with faultHttpStatusCode honoured', async () => {
    const bad = await post(auth('demo@example.com', 'wrong', '<faultHttpStatusCode>200</faultHttpStatusCode>'), FIRST('x'));
    assert.equal(bad.status, 200);
    assert.match(bad.text, /^<\?xml[^>]*\?><s7:authenticationFault xmlns:s7="http:\/\/www\.scene7\.com\/IpsApi\/xsd"><s7:code>10001<\/s7:code>/);
    const portal = await post(auth('portal@example.com', 'portal'), FIRST('x'));
    assert.equal(faultOf(portal.text)?.code, 20003);
    const noName = await post(auth(), `<uploadPostParam xmlns="${NS}"><companyHandle>c|15</companyHandle></uploadPostParam>`);
    assert.equal(faultOf(noName.text)?.code, 30002);
    const versioned = await post(auth('demo@example.com', 'demo', '', NS), FIRST('versioned-auth', true), [['a.jpg', 'a']]);
    assert.equal(versioned.status, 200, 'authHeader accepted in the versioned namespace');
  });

  it('a job without endJob ends after 30 idle minutes with what it has', async () => {
    const first = await post(auth(), FIRST('idle-upload'), [['a.jpg', 'a']]);
    const handle = one(first.text, 'jobHandle') as string;
    sim.world.advance(29 * 60_000);
    assert.equal((await activeOne(handle)).state, 'WaitingClient');
    sim.world.advance(2 * 60_000 + 10_000);
    assert.equal(await activeOne(handle), undefined);
    const [res] = await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: handle });
    assert.ok(list(res.jobLogArray)[0].endDate);
  });
});

describe('export delivery (simulator-only)', () => {
  it('a finished export job logs a download link that serves a ZIP of the exported files', async () => {
    const run = sim.world.addJob({ name: 'agency-export', type: 'Export', files: 6, profile: 'success', plan: { newMs: 0, waitMs: 0, runMs: 3000 } });
    sim.world.advance(5000);
    const [res] = await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: run.handle });
    const line = list(list(res.jobLogArray)[0].detailArray).find((r) => /https?:\/\//.test(r.logMessage));
    assert.ok(line, 'a detail line with a URL');
    const url = /(https?:\/\/\S+\.zip)/.exec(line.logMessage)?.[1] as string;
    const zip = await fetch(url);
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get('content-type'), 'application/zip');
    const buf = Buffer.from(await zip.arrayBuffer());
    assert.equal(buf.readUInt32LE(0), 0x04034b50, 'a ZIP local header');
    assert.equal(buf.readUInt16LE(buf.length - 22 + 10), 6, 'six entries');
    assert.equal((await fetch(url.replace(/\d+\.zip$/, '999999.zip'))).status, 404);
  });
});
