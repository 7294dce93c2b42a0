// electron/ips/download.ts against the simulator's export ZIPs: Range resume after a
// dropped connection and from a .part file left by an earlier run, verified by sha256.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { downloadFileName, downloadToFolder, type DownloadProgress } from '../../electron/ips/download.ts';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { exportUrl } from '../../electron/simulator/logs.ts';
import { sha256, tempDir, type TempDir } from './helpers.ts';

let sim: Simulator;
let tmp: TempDir;
let url: string;
let whole: Buffer;
before(async () => {
  sim = await startSimulator({ clock: createManualClock(Date.UTC(2026, 10, 20, 9)), seed: 4 });
  tmp = await tempDir();
  const run = sim.world.addJob({ name: 'agency-export', type: 'Export', files: 5, profile: 'success', plan: { newMs: 0, waitMs: 0, runMs: 3000 } });
  sim.world.advance(5000);
  url = exportUrl(sim.world, sim.world.runByHandle(run.handle)!);
  whole = Buffer.from(await (await fetch(url)).arrayBuffer());
});
after(async () => {
  await sim.close();
  await tmp.remove();
});

describe('downloadToFolder', () => {
  it('the export serves byte ranges', async () => {
    const r = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 10-19/${whole.length}`);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), whole.subarray(10, 20));
    assert.equal((await fetch(url, { headers: { Range: `bytes=${whole.length}-` } })).status, 416);
  });

  it('a connection dropped mid-download resumes with Range; the file matches by sha256', async () => {
    assert.ok(whole.length > 500_000, 'big enough to be cut');
    sim.faults.drop({ op: 'ExportDownload', count: 1 });
    const calls = sim.faults.calls.ExportDownload ?? 0;
    const progress: DownloadProgress[] = [];
    const dir = join(tmp.dir, 'drop');
    const r = await downloadToFolder(url, dir, { onProgress: (p) => progress.push(p), retryDelayMs: () => 10 });
    assert.equal(r.bytes, whole.length);
    assert.equal(r.sha256, sha256(whole));
    assert.equal(r.resumed, true);
    assert.equal((sim.faults.calls.ExportDownload ?? 0) - calls, 2, 'one cut, one resumed request');
    assert.ok(
      progress.some((p) => p.resumedFrom > 0),
      'the second request started past 0',
    );
    assert.deepEqual(await readdir(dir), [downloadFileName(url)], 'no .part left');
  });

  it('a .part file from an earlier run is continued, not restarted', async () => {
    const dir = join(tmp.dir, 'part');
    await tmp.file(`part/${downloadFileName(url)}.part`, whole.subarray(0, 123_456));
    const progress: DownloadProgress[] = [];
    const r = await downloadToFolder(url, dir, { onProgress: (p) => progress.push(p) });
    assert.equal(r.sha256, sha256(whole));
    assert.equal(progress[0]?.resumedFrom, 123_456);
    // A second download of the same URL does not overwrite the first.
    const again = await downloadToFolder(url, dir);
    assert.match(again.path, / \(1\)\.zip$/);
  });

  it('refuses plain http to another host, and names a 404 in words', async () => {
    await assert.rejects(downloadToFolder('http://example.com/x.zip', tmp.dir), /https/);
    await assert.rejects(downloadToFolder(url.replace(/\d+\.zip$/, '999999.zip'), join(tmp.dir, 'missing')), /HTTP 404/);
    await writeFile(join(tmp.dir, 'x'), '');
  });
});
