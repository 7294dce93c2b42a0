// What upload-urls and export put on the wire (electron/ips/submit.ts through the real client
// to a raw loopback server): every required child, in schema order, destPaths under a folder
// handle ending in "/"; and how a followed job's log is recognised and its link found.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobLog } from '../../shared/domain.ts';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import {
  downloadUrlOf,
  exportJobDetail,
  fileNameOfUrl,
  pickSubmittedLog,
  uniqueJobName,
  uploadUrlItems,
  uploadUrlsJobDetail,
} from '../../electron/ips/submit.ts';
import { rawServer, ret, send, type RawServer } from '../integration/ips-client-fixtures.ts';

let server: RawServer;
let api: IpsClient;
before(async () => {
  server = await rawServer((req, res) =>
    req.action === 'submitJob' ? send(res, ret('submitJob', '<jobHandle>j|15|x||</jobHandle>')) : send(res, 'no', 404, { 'Content-Type': 'text/plain' }),
  );
  api = await createIpsClient({ serviceUrl: server.url, user: 'demo@example.com', password: 'demo' });
});
after(() => server.close());

/** The element names inside `<p:parent>…</p:parent>` of a request body, in order (prefixes dropped). */
function children(body: string, parent: string): string[] {
  const m = new RegExp(`<(\\w+:)?${parent}>([\\s\\S]*?)</(\\w+:)?${parent}>`).exec(body);
  assert.ok(m, `no ${parent} in ${body}`);
  const out: string[] = [];
  let depth = 0;
  for (const t of (m[2] ?? '').matchAll(/<(\/?)(?:\w+:)?(\w+)[^>]*?(\/?)>/g)) {
    if (t[1]) depth--;
    else {
      if (depth === 0) out.push(t[2] as string);
      if (!t[3]) depth++;
    }
  }
  return out;
}

describe('submitJob for transfers, on the wire', () => {
  it('uploadUrlsJob: urlArray items (sourceUrl, destPath), then the required flags in schema order', async () => {
    const items = uploadUrlItems(
      ['https://cdn.example.com/a/shoe%201.jpg', 'https://cdn.example.com/b/shoe%201.jpg', 'https://cdn.example.com/'],
      'ExampleCo/web',
    );
    assert.deepEqual(
      items.map((i) => i.destPath),
      ['ExampleCo/web/shoe 1.jpg', 'ExampleCo/web/shoe 1-2.jpg', 'ExampleCo/web/file-3'],
    );
    await api.submitJob({ companyHandle: 'c|15', jobName: 'urls', uploadUrlsJob: uploadUrlsJobDetail(items) });
    const body = server.requests.at(-1)?.body ?? '';
    assert.deepEqual(children(body, 'uploadUrlsJob'), ['urlArray', 'overwrite', 'readyForPublish', 'preservePublishState', 'createMask', 'emailSetting']);
    assert.deepEqual(children(body, 'items'), ['sourceUrl', 'destPath']);
    assert.match(body, /<(\w+:)?destPath>ExampleCo\/web\/shoe 1-2\.jpg</);
  });

  it('exportJob: assetHandleArray, fmt, is_modifier, macro, emailSetting — and no clientId', async () => {
    await api.submitJob({
      companyHandle: 'c|15',
      jobName: 'exp',
      exportJob: exportJobDetail({ assetHandles: ['a|1', 'a|2'], fmt: 'convert', modifier: '&fmt=png', macro: '$web$', emailSetting: 'JobCompletion' }),
    });
    assert.deepEqual(children(server.requests.at(-1)?.body ?? '', 'exportJob'), ['assetHandleArray', 'fmt', 'is_modifier', 'macro', 'emailSetting']);
    await api.submitJob({ companyHandle: 'c|15', jobName: 'exp2', exportJob: exportJobDetail({ assetHandles: ['a|1'], fmt: 'orig', emailSetting: 'None' }) });
    assert.deepEqual(children(server.requests.at(-1)?.body ?? '', 'exportJob'), ['assetHandleArray', 'fmt', 'emailSetting']);
  });

  it('names, the followed log and the link in it', () => {
    assert.match(
      uniqueJobName('ips-jobs-export', new Date('2026-12-01T20:30:00.123Z'), () => 0.5),
      /^ips-jobs-export-20261201T203000Z-[0-9a-z]{4}$/,
    );
    assert.equal(fileNameOfUrl('https://x.example/a/%E9%9E%8B.jpg?v=1', 0), '鞋.jpg');
    const log = (jobHandle: string, jobName: string, originalJobName: string, startDate: string): JobLog =>
      ({ companyHandle: 'c|15', jobHandle, jobName, originalJobName, startDate }) as JobLog;
    const logs = [
      log('j|15||other|1', 'other', 'other', '2026-12-01T10:00:00Z'),
      log('j|15||n_2026-12-01-10:00:00.000|2', 'n_2026-12-01-10:00:00.000', '', '2026-12-01T10:00:00Z'),
      log('j|15||n_2026-12-01-11:00:00.000|3', 'n_2026-12-01-11:00:00.000', '', '2026-12-01T11:00:00Z'),
    ];
    assert.equal(
      pickSubmittedLog(logs, 'j|15|n||', 'n')?.jobHandle,
      'j|15||n_2026-12-01-11:00:00.000|3',
      'the newest run named <name>_YYYY-MM-DD-hh:mm:ss.SSS',
    );
    assert.equal(pickSubmittedLog(logs, 'j|15||other|1', 'n')?.jobHandle, 'j|15||other|1', 'the exact handle first');
    assert.equal(pickSubmittedLog(logs, 'j|15|zzz||', 'zzz'), undefined);
    const withLink = {
      ...logs[0]!,
      detailArray: [
        { logMessage: 'Job finished', logType: 'EndGet' },
        { logMessage: 'Export package ready: http://127.0.0.1:9/scene7/export/7.zip (3 files).', logType: 'FileEnd' },
      ],
    };
    assert.equal(downloadUrlOf(withLink), 'http://127.0.0.1:9/scene7/export/7.zip');
    assert.equal(downloadUrlOf(logs[0]!), undefined);
  });
});
