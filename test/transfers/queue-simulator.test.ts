// The transfer queue with the real uploader and downloader against the simulator: a queue
// stopped half-way (a quit) is picked up by a new queue from the same file, which sends the
// unfinished files to the same IPS job — each file exactly once — and a download resumes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { ipsDownloader, ipsUploader } from '../../electron/core/transfers/ips.ts';
import { createTransferQueue } from '../../electron/core/transfers/queue.ts';
import { createFileTransferStore } from '../../electron/core/transfers/store.ts';
import type { UploadTransfer, Uploader } from '../../electron/core/transfers/types.ts';
import { uploadUrlForService } from '../../electron/ips/upload.ts';
import { startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { exportUrl } from '../../electron/simulator/logs.ts';
import { received, sha256, tempDir, type TempDir } from './helpers.ts';

let sim: Simulator;
let tmp: TempDir;
before(async () => {
  sim = await startSimulator({ seed: 12 });
  tmp = await tempDir();
});
after(async () => {
  await sim.close();
  await tmp.remove();
});

it('restart with a half-done queue: the same job gets the rest, each file once; a download completes', async () => {
  const cfg = { user: 'demo@example.com', password: 'demo', uploadUrl: uploadUrlForService(sim.url), serviceUrl: sim.url };
  const files = [];
  for (let i = 0; i < 4; i++) files.push({ path: await tmp.file(`q/f${i}.jpg`, 50_000 + i), size: 50_000 + i, target: `f${i}.jpg` });
  const path = join(tmp.dir, 'transfers.json');
  const real = ipsUploader(cfg);
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((r) => (quit = r));
  // The first run: after two accepted files, the app quits.
  const first: Uploader = (t, ctx) =>
    real(t, {
      ...ctx,
      onFileDone: async (i) => {
        await ctx.onFileDone(i);
        if (ctx.done.size + 1 >= 2 || i >= 1) quit();
      },
    });
  const q1 = createTransferQueue({ store: createFileTransferStore(path), uploader: first, downloader: ipsDownloader() });
  await q1.start();
  const id = await q1.addUpload({ companyHandle: 'c|15', destFolder: 'ExampleCo/queue', jobName: 'queued-upload', files });
  await quitting;
  await q1.stop();
  const mid = q1.get(id) as UploadTransfer;
  assert.ok(mid.jobHandle);
  assert.ok(mid.doneFiles.length >= 2 && mid.doneFiles.length < 4, `done ${mid.doneFiles}`);

  const q2 = createTransferQueue({ store: createFileTransferStore(path), uploader: ipsUploader(cfg), downloader: ipsDownloader() });
  await q2.start();
  await q2.idle();
  const end = q2.get(id) as UploadTransfer;
  assert.equal(end.state, 'done', JSON.stringify(end.error));
  assert.equal(end.jobHandle, mid.jobHandle);
  const got = await received(`http://127.0.0.1:${sim.port}`, end.jobHandle as string);
  assert.deepEqual(
    got.files.map((f) => [f.path, f.posts]),
    files.map((f) => [`ExampleCo/queue/${f.target}`, 1]),
  );

  const run = sim.world.addJob({ name: 'q-export', type: 'Export', files: 3, profile: 'success', plan: { newMs: 0, waitMs: 0, runMs: 100 } });
  await new Promise((r) => setTimeout(r, 300));
  const url = exportUrl(sim.world, sim.world.runByHandle(run.handle)!);
  const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
  sim.faults.drop({ op: 'ExportDownload', count: 1 });
  const d = await q2.addDownload({ url, dir: join(tmp.dir, 'dl') });
  await q2.idle();
  const dt = q2.get(d);
  assert.equal(dt?.state, 'done', JSON.stringify(dt?.error));
  assert.equal(dt?.kind === 'download' ? dt.result?.sha256 : undefined, sha256(whole));
  await q2.stop();
});
