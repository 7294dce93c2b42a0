// Memory stays flat for big uploads: a 256 MiB file streamed by electron/ips/upload.ts to the
// simulator running as its own process; the simulator's peak RSS may not grow by more than
// 64 MB (it used to buffer the body: +541 MiB), and neither may the uploading process.
import assert from 'node:assert/strict';
import { truncate } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { uploadFiles, uploadUrlForService } from '../../electron/ips/upload.ts';
import { received, tempDir, type TempDir } from './helpers.ts';
import { startSimProcess, type SimProcess } from './process-sim.ts';

let sim: SimProcess;
let tmp: TempDir;
before(async () => {
  sim = await startSimProcess();
  tmp = await tempDir();
});
after(async () => {
  await sim.stop();
  await tmp.remove();
});

it(
  'a 256 MiB upload grows neither the simulator nor the client by more than 64 MB',
  { skip: process.platform !== 'linux' ? 'reads /proc' : false },
  async () => {
    const SIZE = 256 * 1024 * 1024;
    const small = await tmp.file('warm.jpg', 1000);
    const big = await tmp.file('big.bin', '');
    await truncate(big, SIZE); // sparse: reads as zeros, costs no disk
    const o = { user: 'demo@example.com', password: 'demo', uploadUrl: uploadUrlForService(sim.url), serviceUrl: sim.url };
    await uploadFiles(
      { companyHandle: 'c|15', destFolder: 'ExampleCo/warm/', jobName: 'warm-up', files: [{ path: small, size: 1000, target: 'warm.jpg' }] },
      o,
    );
    const simBefore = sim.memory();
    global.gc?.();
    const clientBefore = process.memoryUsage().rss;
    let clientPeak = clientBefore;
    const started = Date.now();
    const r = await uploadFiles(
      { companyHandle: 'c|15', destFolder: 'ExampleCo/big/', jobName: 'big-upload', files: [{ path: big, size: SIZE, target: 'big.bin' }] },
      { ...o, onProgress: () => (clientPeak = Math.max(clientPeak, process.memoryUsage().rss)) },
    );
    const seconds = (Date.now() - started) / 1000;
    const simAfter = sim.memory();
    assert.ok(simBefore && simAfter);
    const simGrowth = simAfter.peak - simBefore.rss;
    const clientGrowth = clientPeak - clientBefore;
    process.stdout.write(
      `# 256 MiB in ${seconds.toFixed(1)} s (${(256 / seconds).toFixed(0)} MiB/s); simulator peak RSS +${(simGrowth / 2 ** 20).toFixed(1)} MiB, client +${(clientGrowth / 2 ** 20).toFixed(1)} MiB\n`,
    );
    assert.ok(simGrowth < 64 * 1024 * 1024, `simulator grew by ${simGrowth} bytes`);
    assert.ok(clientGrowth < 64 * 1024 * 1024, `client grew by ${clientGrowth} bytes`);
    const got = await received(sim.base, r.jobHandle);
    assert.equal(got.files[0]?.bytes, SIZE);
    assert.equal(got.files[0]?.sha256, 'a6d72ac7690f53be6ae46ba88506bd97302a093f7108472bd9efc3cefda06484', 'sha256 of 256 MiB of zeros');
  },
);
