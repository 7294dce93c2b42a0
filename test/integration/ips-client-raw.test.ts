// The IPS client against raw loopback servers: what it sends (auth header, namespaces,
// SOAPAction, gzip) and how it reads every operation's answer, including the shapes the
// reference contradicts itself about.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import { IPS_NS, S7_NS, rawServer, ret, retPrefixed, send, type RawServer } from './ips-client-fixtures.ts';

const ACTIVE_ONE = `<jobArray><items>
  <companyHandle>c|15</companyHandle><jobHandle>j|15||nightly-publish|8812</jobHandle>
  <name>夜间发布 &amp; more &lt;b&gt;</name><originalName>夜间发布</originalName>
  <type>ImageServingPublish</type><state>Running</state><submitUserEmail>ops@example.com</submitUserEmail>
  <serverName>ips-app-03</serverName><startDate>2024-05-02T01:00:04.120-05:00</startDate>
  <totalSize>1024</totalSize><progress>40</progress><progressMessage>400</progressMessage>
  <lastProgressUpdate>2024-05-02T06:03:10Z</lastProgressUpdate>
  <taskProgressArray><item><taskType>Video</taskType><taskState>Processing</taskState><numProcessed>1</numProcessed>
    <numProcessing>1</numProcessing><numPending>2</numPending><progress>0.25</progress><progressMessage>x</progressMessage>
    <lastProgressUpdate>2024-05-02T06:03:10</lastProgressUpdate><taskItemProgressArray/></item></taskProgressArray>
  <imageServingPublishJob><publishType>Incremental</publishType><emailSetting>Error</emailSetting></imageServingPublishJob>
</items></jobArray>`;

/** Answers by SOAPAction from a table of bodies. */
function byAction(table: Record<string, string>) {
  return rawServer((req, res) => {
    const body = table[req.action];
    if (body === undefined) send(res, 'no such op', 404, { 'Content-Type': 'text/plain' });
    else send(res, body);
  });
}

describe('IPS client against raw servers', () => {
  let server: RawServer;
  let api: IpsClient;
  const password = 'pa&ss<w"rd';

  before(async () => {
    server = await byAction({
      getActiveJobs: ret('getActiveJobs', ACTIVE_ONE),
      getScheduledJobs: retPrefixed(
        'getScheduledJobs',
        `<jobArray><items><companyHandle>c|15</companyHandle><jobHandle>j|15|hourly|</jobHandle><name>hourly</name><originalName>hourly</originalName><type>UploadFromServerDirectory</type><execSchedule>0 0 * * * ? </execSchedule><nextFireTime>2024-05-02T14:00:00.000-07:00</nextFireTime><timeZone>PST</timeZone><triggerState>Paused</triggerState><uploadDirectoryJob><destFolder>Example/incoming/</destFolder><serverDir>incoming</serverDir><overwrite>true</overwrite><includeSubfolders>1</includeSubfolders><emailSetting>ErrorAndWarning</emailSetting></uploadDirectoryJob></items><items><jobHandle>j|15|two|</jobHandle><triggerState>2</triggerState></items></jobArray>`,
      ),
      getJobLogs: ret(
        'getJobLogs',
        `<jobLogArray><items><companyHandle>c|15</companyHandle><jobHandle>j|15||a|1</jobHandle><jobName>a</jobName><originalJobName>a</originalJobName><startDate>2024-05-02T09:12:01Z</startDate><fileSuccessCount>3</fileSuccessCount><fatalError>false</fatalError></items></jobLogArray>`,
      ),
      getJobLogDetails: ret(
        'getJobLogDetails',
        `<jobLogArray><items><companyHandle>c|15</companyHandle><jobHandle>j|15||a|1</jobHandle><jobName>a</jobName><originalJobName>a</originalJobName><fileErrorCount>1</fileErrorCount><fatalError>1</fatalError><detailTotalRows>250</detailTotalRows><detailArray><items><logMessage>无法读取 broken.tif</logMessage><logType>UploadError</logType><dateCreated>2024-05-02T09:13:00.5+02:00</dateCreated><assetName>broken</assetName></items></detailArray></items></jobLogArray>`,
      ),
      getAssetJobLogs: ret(
        'getAssetJobLogs',
        `<jobLogArray><items><jobHandle>j|1</jobHandle><jobName>up</jobName><logMessage>ok</logMessage><logType>UploadSuccess</logType><logDate>2024-01-01T00:00:00-05:00</logDate></items></jobLogArray>`,
      ),
      submitJob: ret('submitJob', `<jobHandle>j|15|tray-export|</jobHandle>`),
      stopJob: ret('stopJob', ''),
      pauseJob: envelope0('<pauseJobReturn xmlns="' + IPS_NS + '"/>'),
      resumeJob: envelope0(''),
      deleteJob: ret('deleteJob', ''),
      executeJob: ret('executeJob', ''),
      getCompanyMembership: ret(
        'getCompanyMembership',
        `<membershipArray><items><company><companyHandle>c|15</companyHandle><name>Example Co</name><rootPath>ExampleCo/</rootPath><expires>2101-01-31T23:00:00.000-08:00</expires></company><role>IpsCompanyAdmin</role><isActive>true</isActive></items></membershipArray>`,
      ),
      getCompanyInfo: ret(
        'getCompanyInfo',
        `<companyInfo><companyHandle>c|15</companyHandle><name>示例公司</name><rootPath>ExampleCo/</rootPath></companyInfo>`,
      ),
      getUserInfo: ret(
        'getUserInfo',
        `<userInfo><userHandle>u|41|ops@example.com</userHandle><firstName>运</firstName><lastName>维</lastName><email>ops@example.com</email><role>IpsUser</role><isValid>true</isValid></userInfo>`,
      ),
      checkLogin: ret('checkLogin', `<status>ValidLogin</status>`),
      getAssetsByName: ret('getAssetsByName', `<assetArray><items><assetHandle>a|5521</assetHandle><type>Image</type><name>shoe</name></items></assetArray>`),
    });
    api = await createIpsClient({
      serviceUrl: server.url,
      user: 'ops@example.com',
      password,
      locale: 'zh-CN',
      appName: 'IPS Jobs Test',
      appVersion: '9.9.9',
      timeoutMs: 5000,
    });
  });
  after(() => server.close());

  function envelope0(body: string): string {
    return `<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>${body}</S:Body></S:Envelope>`;
  }

  it('sends authHeader (unversioned ns), namespaced body, SOAPAction and Accept-Encoding gzip', async () => {
    await api.getActiveJobs({ companyHandle: 'c|15' });
    const req = server.requests.at(-1);
    assert.ok(req);
    assert.equal(req.action, 'getActiveJobs');
    assert.match(String(req.headers['accept-encoding']), /gzip/);
    assert.match(String(req.headers['content-type']), /text\/xml/);
    const header = /<(\w+):authHeader[^>]*>([\s\S]*?)<\/\1:authHeader>/.exec(req.body);
    assert.ok(header, 'authHeader present');
    const prefix = header[1];
    assert.ok(req.body.includes(`xmlns:${prefix}="${S7_NS}"`));
    const h = header[2] ?? '';
    const order = ['user', 'password', 'locale', 'appName', 'appVersion'].map((n) => h.indexOf(`<${prefix}:${n}>`));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'children in schema order',
    );
    assert.ok(order.every((i) => i >= 0));
    assert.ok(h.includes('<s7:password>pa&amp;ss&lt;w"rd</s7:password>') || h.includes('pa&amp;ss&lt;w&quot;rd'), 'password XML-escaped');
    assert.ok(h.includes('>zh-CN<') && h.includes('>IPS Jobs Test<') && h.includes('>9.9.9<'));
    assert.match(req.body, new RegExp(`<(\\w+):getActiveJobsParam[^>]*xmlns:\\1="${IPS_NS}"`));
    assert.match(req.body, /<(\w+):companyHandle>c\|15<\/\1:companyHandle>/);
    assert.ok(!req.body.includes('undefined'), 'absent arguments are not sent');
  });

  it('getActiveJobs: single item → array, escaped text, Chinese, offsets, item alias, numeric progressMessage', async () => {
    const jobs = await api.getActiveJobs({ companyHandle: 'c|15' });
    assert.equal(jobs.length, 1);
    const j = jobs[0];
    assert.ok(j);
    assert.equal(j.name, '夜间发布 & more <b>');
    assert.equal(j.originalName, '夜间发布');
    assert.equal(j.startDate, '2024-05-02T06:00:04.120Z');
    assert.equal(j.lastProgressUpdate, '2024-05-02T06:03:10.000Z');
    assert.equal(j.progress, 40);
    assert.equal(j.progressMessage, '400');
    assert.equal(j.totalSize, 1024);
    assert.equal(j.taskProgressArray.length, 1);
    assert.equal(j.taskProgressArray[0]?.progress, 0.25);
    assert.equal(j.taskProgressArray[0]?.lastProgressUpdate, '2024-05-02T06:03:10.000Z');
    assert.deepEqual(j.taskProgressArray[0]?.taskItemProgressArray, []);
    assert.deepEqual(j.imageServingPublishJob, { publishType: 'Incremental', emailSetting: 'Error' });
  });

  it('getScheduledJobs: prefixed response, two items, triggerState text even when numeric', async () => {
    const jobs = await api.getScheduledJobs({ companyHandle: 'c|15' });
    assert.equal(jobs.length, 2);
    assert.equal(jobs[0]?.execSchedule, '0 0 * * * ? ');
    assert.equal(jobs[0]?.nextFireTime, '2024-05-02T21:00:00.000Z');
    assert.equal(jobs[0]?.triggerState, 'Paused');
    assert.deepEqual(jobs[0]?.uploadDirectoryJob, {
      destFolder: 'Example/incoming/',
      serverDir: 'incoming',
      overwrite: true,
      includeSubfolders: true,
      emailSetting: 'ErrorAndWarning',
    });
    assert.equal(jobs[1]?.triggerState, '2');
  });

  it('getJobLogs sends the query and reads summaries', async () => {
    const logs = await api.getJobLogs({
      companyHandle: 'c|15',
      sortBy: 'StartDate',
      sortDirection: 'Descending',
      startDate: '2024-05-01T00:00:00.000Z',
      numRows: 50,
    });
    const body = server.requests.at(-1)?.body ?? '';
    assert.match(body, /<(\w+):numRows>50<\/\1:numRows>/);
    assert.match(body, /<(\w+):startDate>2024-05-01T00:00:00.000Z<\/\1:startDate>/);
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.fileSuccessCount, 3);
    assert.equal(logs[0]?.fileErrorCount, 0);
    assert.equal(logs[0]?.fatalError, false);
    assert.equal(logs[0]?.startDate, '2024-05-02T09:12:01.000Z');
    assert.ok(!('detailArray' in (logs[0] ?? {})));
  });

  it('getJobLogDetails sends logTypeArray items and reads details', async () => {
    const logs = await api.getJobLogDetails({
      companyHandle: 'c|15',
      jobHandle: 'j|15||a|1',
      logTypeArray: ['UploadError', 'FatalError'],
      recordsPerPage: 200,
      resultsPage: 2,
    });
    const body = server.requests.at(-1)?.body ?? '';
    assert.match(body, /<(\w+):logTypeArray><\1:items>UploadError<\/\1:items><\1:items>FatalError<\/\1:items><\/\1:logTypeArray>/);
    assert.equal(logs[0]?.fatalError, true);
    assert.equal(logs[0]?.detailTotalRows, 250);
    assert.deepEqual(logs[0]?.detailArray, [
      { logMessage: '无法读取 broken.tif', logType: 'UploadError', dateCreated: '2024-05-02T07:13:00.500Z', assetName: 'broken' },
    ]);
  });

  it('job actions resolve on empty, self-closing or missing Return elements', async () => {
    const ref = { companyHandle: 'c|15', jobHandle: 'j|15||a|1' };
    assert.equal(await api.stopJob(ref), undefined);
    assert.equal(await api.pauseJob(ref), undefined);
    assert.equal(await api.resumeJob(ref), undefined);
    assert.equal(await api.deleteJob(ref), undefined);
    assert.equal(await api.executeJob(ref), undefined);
    const actions = server.requests.slice(-5).map((r) => r.action);
    assert.deepEqual(actions, ['stopJob', 'pauseJob', 'resumeJob', 'deleteJob', 'executeJob']);
    assert.match(server.requests.at(-1)?.body ?? '', /<(\w+):jobHandle>j\|15\|\|a\|1<\/\1:jobHandle>/);
  });

  it('getCompanyMembership, getCompanyInfo, getUserInfo, checkLogin', async () => {
    assert.deepEqual(await api.getCompanyMembership(), [
      {
        company: { companyHandle: 'c|15', name: 'Example Co', rootPath: 'ExampleCo/', expires: '2101-02-01T07:00:00.000Z' },
        role: 'IpsCompanyAdmin',
        isActive: true,
      },
    ]);
    assert.deepEqual(await api.getCompanyInfo({ companyName: '示例公司' }), { companyHandle: 'c|15', name: '示例公司', rootPath: 'ExampleCo/' });
    assert.match(server.requests.at(-1)?.body ?? '', /<(\w+):companyName>示例公司<\/\1:companyName>/);
    assert.deepEqual(await api.getUserInfo(), {
      userHandle: 'u|41|ops@example.com',
      firstName: '运',
      lastName: '维',
      email: 'ops@example.com',
      defaultRole: 'IpsUser',
      isValid: true,
    });
    assert.equal(await api.checkLogin({ email: 'ops@example.com', password: 'other' }), 'ValidLogin');
  });

  it('supporting operations: submitJob (wire order, arrays wrapped), getAssetJobLogs, getAssetsByName', async () => {
    const handle = await api.submitJob({
      companyHandle: 'c|15',
      jobName: 'tray-export',
      locale: 'en-US',
      exportJob: { emailSetting: 'JobCompletion', fmt: 'orig', assetHandleArray: ['a|5521', 'a|5522|1|9031'] },
    });
    assert.equal(handle, 'j|15|tray-export|');
    const body = server.requests.at(-1)?.body ?? '';
    assert.match(
      body,
      /<(\w+):exportJob><\1:assetHandleArray><\1:items>a\|5521<\/\1:items><\1:items>a\|5522\|1\|9031<\/\1:items><\/\1:assetHandleArray><\1:fmt>orig<\/\1:fmt><\1:emailSetting>JobCompletion<\/\1:emailSetting><\/\1:exportJob>/,
    );
    await assert.rejects(api.submitJob({ companyHandle: 'c', jobName: 'x' }), { kind: 'usage' });
    assert.deepEqual(await api.getAssetJobLogs({ companyHandle: 'c|15', assetHandle: 'a|1' }), [
      { jobHandle: 'j|1', jobName: 'up', logMessage: 'ok', logType: 'UploadSuccess', logDate: '2024-01-01T05:00:00.000Z' },
    ]);
    assert.deepEqual(await api.getAssetsByName({ companyHandle: 'c|15', names: ['shoe'] }), [{ assetHandle: 'a|5521', type: 'Image', name: 'shoe' }]);
  });
});

describe('IPS client: array and encoding edge cases', () => {
  async function activeFrom(body: string | Buffer, headers: Record<string, string> = {}) {
    const server = await rawServer((_req, res) => send(res, body, 200, headers));
    try {
      const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'p', timeoutMs: 3000 });
      return await api.getActiveJobs();
    } finally {
      await server.close();
    }
  }

  it('empty wrapper (<jobArray/> and <jobArray></jobArray>) → []', async () => {
    assert.deepEqual(await activeFrom(ret('getActiveJobs', '<jobArray/>')), []);
    assert.deepEqual(await activeFrom(ret('getActiveJobs', '<jobArray></jobArray>')), []);
  });

  it('missing wrapper and empty Return → []', async () => {
    assert.deepEqual(await activeFrom(ret('getActiveJobs', '')), []);
    assert.deepEqual(await activeFrom(ret('getActiveJobs', '<somethingNew>1</somethingNew>')), []);
  });

  it('several items keep their order', async () => {
    const items = [1, 2, 3].map((i) => `<items><jobHandle>j|${i}</jobHandle></items>`).join('');
    const jobs = await activeFrom(ret('getActiveJobs', `<jobArray>${items}</jobArray>`));
    assert.deepEqual(
      jobs.map((j) => j.jobHandle),
      ['j|1', 'j|2', 'j|3'],
    );
  });

  it('gzip-compressed responses are decompressed', async () => {
    const xml = ret('getActiveJobs', '<jobArray><items><name>压缩的 ünïcödé</name></items></jobArray>');
    const jobs = await activeFrom(zlib.gzipSync(Buffer.from(xml, 'utf8')), { 'Content-Encoding': 'gzip' });
    assert.equal(jobs[0]?.name, '压缩的 ünïcödé');
  });

  it('a chunked response split inside a multi-byte character decodes correctly', async () => {
    const xml = Buffer.from(ret('getActiveJobs', '<jobArray><items><name>中文名称</name></items></jobArray>'), 'utf8');
    const cut = xml.indexOf(Buffer.from('中', 'utf8')) + 1;
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8' });
      res.write(xml.subarray(0, cut));
      setTimeout(() => res.end(xml.subarray(cut)), 20);
    });
    try {
      const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'p' });
      assert.equal((await api.getActiveJobs())[0]?.name, '中文名称');
    } finally {
      await server.close();
    }
  });

  it('time-zone forms: -05:00, Z, no milliseconds', async () => {
    const jobs = await activeFrom(
      ret(
        'getActiveJobs',
        '<jobArray><items><startDate>2024-05-02T01:00:04.120-05:00</startDate><lastProgressUpdate>2024-05-02T06:00:00Z</lastProgressUpdate><triggerTime>2024-05-02T08:00:00+02:00</triggerTime></items></jobArray>',
      ),
    );
    assert.equal(jobs[0]?.startDate, '2024-05-02T06:00:04.120Z');
    assert.equal(jobs[0]?.lastProgressUpdate, '2024-05-02T06:00:00.000Z');
    assert.equal(jobs[0]?.triggerTime, '2024-05-02T06:00:00.000Z');
  });

  it('getCompanyMembership accepts the old shape (Company fields directly in items)', async () => {
    const server = await rawServer((_req, res) =>
      send(
        res,
        ret(
          'getCompanyMembership',
          '<membershipArray><items><companyHandle>c|1</companyHandle><name>A</name><rootPath>A/</rootPath></items></membershipArray>',
        ),
      ),
    );
    try {
      const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'p' });
      assert.deepEqual(await api.getCompanyMembership(), [{ company: { companyHandle: 'c|1', name: 'A', rootPath: 'A/' } }]);
    } finally {
      await server.close();
    }
  });

  it('a keep-alive socket the server dropped is retried once on a fresh connection (reads only)', async () => {
    // Every second request on a connection is answered by destroying that connection, like a
    // server closing an idle keep-alive socket just as the next request arrives.
    const perSocket = new WeakMap<object, number>();
    const server = await rawServer((req, res, raw) => {
      const n = (perSocket.get(raw.socket) ?? 0) + 1;
      perSocket.set(raw.socket, n);
      if (n >= 2) raw.socket.destroy();
      else send(res, req.action === 'submitJob' ? ret('submitJob', '<jobHandle>j|1|x|</jobHandle>') : ret('getActiveJobs', '<jobArray/>'));
    });
    try {
      const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'p', timeoutMs: 3000 });
      assert.deepEqual(await api.getActiveJobs(), []);
      assert.deepEqual(await api.getActiveJobs(), [], 'second call retried after the reused socket was dropped');
      assert.equal(server.requests.filter((r) => r.action === 'getActiveJobs').length, 3);
      // submitJob is not retried: a second submission could create a second job.
      await assert.rejects(api.submitJob({ companyHandle: 'c', jobName: 'x', optimizeImagesJob: { emailSetting: 'None' } }), { kind: 'network' });
      assert.equal(server.requests.filter((r) => r.action === 'submitJob').length, 1);
    } finally {
      await server.close();
    }
  });
});
