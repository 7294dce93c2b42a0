// electron/ips/upload.ts against the simulator's streamed UploadFile servlet on loopback:
// real multipart POSTs from files on disk, checksums compared with what the servlet hashed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IpsAuthenticationError } from '../../electron/ips/errors.ts';
import { getUploadMaxFileSize } from '../../electron/ips/property.ts';
import { UploadTooLargeError, folderHandle, uploadFiles, uploadParamsXml, uploadUrlForService, type UploadProgress } from '../../electron/ips/upload.ts';
import { createManualClock, startSimulator, type ManualClock, type Simulator } from '../../electron/simulator/index.ts';
import { uploadServlet } from '../../electron/simulator/upload.ts';
import { bytesOf, received, sha256, tempDir, type TempDir } from './helpers.ts';

let sim: Simulator;
let clock: ManualClock;
let tmp: TempDir;
let base: string;
const creds = { user: 'demo@example.com', password: 'Secret#pw-1', appName: 'tests', appVersion: '1' };

before(async () => {
  clock = createManualClock(Date.UTC(2026, 10, 20, 9, 0, 0));
  sim = await startSimulator({
    clock,
    seed: 5,
    users: [{ email: 'up@example.com', password: creds.password, firstName: 'U', lastName: 'P', defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }],
  });
  creds.user = 'up@example.com';
  base = `http://127.0.0.1:${sim.port}`;
  tmp = await tempDir();
});
after(async () => {
  await sim.close();
  await tmp.remove();
});

const opts = () => ({ ...creds, uploadUrl: uploadUrlForService(sim.url), serviceUrl: sim.url, retryDelayMs: () => 10 });

describe('uploadFiles', () => {
  it('the servlet URL is the service origin + /scene7/UploadFile; folders end in /', () => {
    assert.equal(uploadUrlForService('https://s7sps1apissl.scene7.com/scene7/services/IpsApiService'), 'https://s7sps1apissl.scene7.com/scene7/UploadFile');
    assert.equal(uploadUrlForService(sim.url), sim.uploadUrl);
    assert.equal(folderHandle('ExampleCo/in'), 'ExampleCo/in/');
    assert.equal(folderHandle('/ExampleCo\\in/'), 'ExampleCo/in/');
    const xml = uploadParamsXml({
      companyHandle: 'c|15',
      jobName: 'n',
      locale: 'en-US',
      description: 'd',
      destFolder: 'A/',
      fileName: 'f.jpg',
      endJob: true,
      job: {},
    });
    const order = [...xml.matchAll(/<(\w+)>/g)].map((m) => m[1]).filter((n) => n !== 'uploadParams' || true);
    assert.deepEqual(order.slice(0, 9), ['companyHandle', 'jobName', 'locale', 'description', 'destFolder', 'fileName', 'endJob', 'uploadParams', 'overwrite']);
    assert.match(
      xml,
      /<uploadParams><overwrite>false<\/overwrite><readyForPublish>false<\/readyForPublish><preservePublishState>true<\/preservePublishState><createMask>false<\/createMask><emailSetting>None<\/emailSetting><\/uploadParams>/,
    );
  });

  it('getProperty UploadPostMaxFileSize answers the servlet limit', async () => {
    uploadServlet(sim.world).maxFileSize = 123_456;
    assert.equal(await getUploadMaxFileSize({ ...creds, serviceUrl: sim.url }), 123_456);
    await assert.rejects(getUploadMaxFileSize({ ...creds, password: 'nope', serviceUrl: sim.url }), IpsAuthenticationError);
    uploadServlet(sim.world).maxFileSize = 2 * 1024 ** 3;
  });

  it('several files and a sub-folder, a Chinese name: one job, checksums match, counts in the log', async () => {
    const files = [
      { rel: 'a.jpg', data: bytesOf(300_000, 1) },
      { rel: 'sub/b.png', data: bytesOf(5, 2) },
      { rel: 'sub/深/鞋子-1.jpg', data: bytesOf(70_000, 3) },
      { rel: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const items = [];
    for (const f of files) items.push({ path: await tmp.file(`multi/${f.rel}`, f.data), size: f.data.length, target: f.rel });
    const progress: UploadProgress[] = [];
    const handles: string[] = [];
    const done: number[] = [];
    const r = await uploadFiles(
      { companyHandle: 'c|15', destFolder: 'ExampleCo/drop', jobName: 'multi-upload', files: items, overwrite: true, emailSetting: 'ErrorAndWarning' },
      { ...opts(), onProgress: (p) => progress.push(p), onJobHandle: (h) => void handles.push(h), onFileDone: (i) => void done.push(i) },
    );
    assert.match(r.jobHandle, /^j\|15\|\|multi-upload\|\d+$/);
    assert.deepEqual(handles, [r.jobHandle]);
    assert.deepEqual(done, [0, 1, 2, 3]);
    assert.equal(r.bytes, 370_005);
    const last = progress[progress.length - 1] as UploadProgress;
    assert.equal(last.sent, last.total);
    assert.equal(last.filesDone, 4);
    assert.ok(progress.some((p) => p.file?.index === 0 && p.file.sent === 300_000));
    assert.ok(
      progress.every((p, i) => i === 0 || p.sent >= (progress[i - 1] as UploadProgress).sent),
      'overall bytes never go back',
    );
    const got = await received(base, r.jobHandle);
    assert.deepEqual(
      got.files.map((f) => [f.path, f.bytes, f.sha256, f.posts]),
      files.map((f) => [`ExampleCo/drop/${f.rel}`, f.data.length, sha256(f.data), 1]),
    );
    clock.advance(60_000);
    const [log] = await (
      await import('../integration/simulator-helpers.ts')
    )
      .client(sim)
      .then(async (c) => (await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: r.jobHandle }))[0].jobLogArray.items);
    assert.equal(Number(log.totalFileCount), 4);
  });

  it('bad credentials: a typed error without the password', async () => {
    const p = await tmp.file('bad/a.jpg', 'x');
    await assert.rejects(
      uploadFiles(
        { companyHandle: 'c|15', destFolder: 'A/', jobName: 'bad', files: [{ path: p, size: 1, target: 'a.jpg' }] },
        { ...opts(), password: 'Wrong&<pw>', maxFileSize: null },
      ),
      (err: unknown) => err instanceof IpsAuthenticationError && !/Wrong/.test(err.message + (err.reason ?? '')),
    );
  });

  it('a file over UploadPostMaxFileSize is refused in words before any byte is sent', async () => {
    uploadServlet(sim.world).maxFileSize = 1000;
    const small = await tmp.file('big/small.jpg', 10);
    const big = await tmp.file('big/huge.mov', 5000);
    const before = sim.faults.calls.UploadFile ?? 0;
    await assert.rejects(
      uploadFiles(
        {
          companyHandle: 'c|15',
          destFolder: 'A/',
          jobName: 'big',
          files: [
            { path: small, size: 10, target: 'small.jpg' },
            { path: big, size: 5000, target: 'huge.mov' },
          ],
        },
        opts(),
      ),
      (err: unknown) => err instanceof UploadTooLargeError && /“huge\.mov” is 4\.9 KB; this IPS server accepts files of at most 1000 bytes/.test(err.message),
    );
    assert.equal(sim.faults.calls.UploadFile ?? 0, before, 'nothing was posted');
    // The servlet enforces it too, for a client that does not ask.
    await assert.rejects(
      uploadFiles(
        { companyHandle: 'c|15', destFolder: 'A/', jobName: 'big2', files: [{ path: big, size: 5000, target: 'huge.mov' }] },
        { ...opts(), maxFileSize: null },
      ),
      (err: unknown) => err instanceof Error && (err as { code?: number }).code === 30001 && /UploadPostMaxFileSize/.test(err.message),
    );
    uploadServlet(sim.world).maxFileSize = 2 * 1024 ** 3;
  });

  it('a connection dropped mid-upload is retried: each file arrives exactly once', async () => {
    const items = [];
    for (let i = 0; i < 3; i++) items.push({ path: await tmp.file(`drop/f${i}.jpg`, 200_000 + i), size: 200_000 + i, target: `f${i}.jpg` });
    sim.faults.drop({ op: 'UploadFile', count: 1 });
    const first = await uploadFiles(
      { companyHandle: 'c|15', destFolder: 'A/', jobName: 'dropped', files: items.slice(0, 1) },
      { ...opts(), maxFileSize: null },
    );
    sim.faults.drop({ op: 'UploadFile', count: 2 });
    const calls = sim.faults.calls.UploadFile ?? 0;
    const r = await uploadFiles({ companyHandle: 'c|15', destFolder: 'A/', jobName: 'dropped2', files: items }, { ...opts(), maxFileSize: null });
    const got = await received(base, r.jobHandle);
    assert.deepEqual(
      got.files.map((f) => [f.path, f.posts]),
      [
        ['A/f0.jpg', 1],
        ['A/f1.jpg', 1],
        ['A/f2.jpg', 1],
      ],
    );
    assert.equal((sim.faults.calls.UploadFile ?? 0) - calls, 5, 'three files, two of them sent twice');
    assert.equal((await received(base, first.jobHandle)).files.length, 1);
  });
});
