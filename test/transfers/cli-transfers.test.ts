// `ips-jobs upload` and `ips-jobs download` as real processes against the simulator on
// loopback: folders with relative paths and checksums, a Chinese file name, bad credentials,
// a file over the limit, a job with errors (exit 6), a download resumed after a drop.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { exportUrl } from '../../electron/simulator/logs.ts';
import { uploadServlet } from '../../electron/simulator/upload.ts';
import { runCli } from '../cli/helpers.ts';
import { bytesOf, received, sha256, tempDir, type TempDir } from './helpers.ts';

let sim: Simulator;
let tmp: TempDir;
const PW = 'Pw+cli&1';
before(async () => {
  sim = await startSimulator({
    seed: 9,
    users: [{ email: 'cli@example.com', password: PW, firstName: 'C', lastName: 'L', defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }],
  });
  tmp = await tempDir();
});
after(async () => {
  await sim.close();
  await tmp.remove();
});

const cli = (args: string[], password = PW) => runCli([...args, '--service-url', sim.url], { env: { IPS_USER: 'cli@example.com', IPS_PASSWORD: password } });

describe('ips-jobs upload / download', () => {
  it('a folder and a file: relative paths kept under DEST, checksums match, followed to the log', async () => {
    const a = bytesOf(100_000, 7);
    const b = bytesOf(10, 8);
    const c = bytesOf(2000, 9);
    await tmp.file('shoot/a.jpg', a);
    await tmp.file('shoot/red/b.jpg', b);
    await tmp.file('shoot/.DS_Store', 'x');
    const single = await tmp.file('鞋子.jpg', c);
    const r = await cli(['upload', `${tmp.dir}/shoot`, single, '--company', 'c|15', '--folder', 'ExampleCo/in', '--job-name', 'cli-folder', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.state, 'finished');
    assert.equal(out.files, 3);
    assert.equal(out.bytes, 102_010);
    assert.equal(out.companyHandle, 'c|15');
    assert.match(out.jobHandle, /^j\|15\|\|cli-folder\|\d+$/);
    assert.equal(out.fileSuccessCount + out.fileWarningCount + out.fileErrorCount + out.fileDuplicateCount <= 3, true);
    assert.ok(['success', 'warning'].includes(out.outcome));
    assert.match(r.stderr, /Uploading: 3 of 3 files/);
    const got = await received(`http://127.0.0.1:${sim.port}`, out.jobHandle);
    assert.deepEqual(
      got.files.map((f) => [f.path, f.sha256]).sort(),
      [
        ['ExampleCo/in/shoot/a.jpg', sha256(a)],
        ['ExampleCo/in/shoot/red/b.jpg', sha256(b)],
        ['ExampleCo/in/鞋子.jpg', sha256(c)],
      ].sort(),
    );
  });

  it('--no-wait returns once sent; a file that fails makes the job end with errors (exit 6)', async () => {
    const p = await tmp.file('nw/x.jpg', 50);
    const r = await cli(['upload', p, '--company', 'c|15', '--folder', 'A/', '--no-wait', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).state, 'submitted');
    const broken = await tmp.file('err/broken-1.jpg', 50);
    const e = await cli(['upload', broken, '--company', 'c|15', '--folder', 'A/', '--json']);
    assert.equal(e.code, 6, e.stderr);
    const o = JSON.parse(e.stdout);
    assert.equal(o.outcome, 'error');
    assert.equal(o.fileErrorCount, 1);
  });

  it('bad credentials: exit 3, the password nowhere', async () => {
    const p = await tmp.file('bad/x.jpg', 5);
    const r = await cli(['upload', p, '--company', 'c|15', '--folder', 'A/'], 'Wrong&pw');
    assert.equal(r.code, 3);
    assert.doesNotMatch(r.stdout + r.stderr, /Wrong/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('a file over the server limit: refused in words before sending (exit 2); usage errors', async () => {
    uploadServlet(sim.world).maxFileSize = 100;
    const p = await tmp.file('big/huge.mov', 1000);
    const r = await cli(['upload', p, '--company', 'c|15', '--folder', 'A/']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /huge\.mov.*at most 100 bytes/);
    uploadServlet(sim.world).maxFileSize = 2 * 1024 ** 3;
    assert.equal((await cli(['upload', p, '--company', 'c|15'])).code, 2);
    assert.equal((await cli(['upload', `${tmp.dir}/nope`, '--company', 'c|15', '--folder', 'A/'])).code, 2);
  });

  it('download: resumes after a dropped connection; prints {path, bytes, sha256}', async () => {
    const run = sim.world.addJob({ name: 'cli-export', type: 'Export', files: 4, profile: 'success', plan: { newMs: 0, waitMs: 0, runMs: 100 } });
    await new Promise((r) => setTimeout(r, 300));
    const url = exportUrl(sim.world, sim.world.runByHandle(run.handle)!);
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    sim.faults.drop({ op: 'ExportDownload', count: 1 });
    const r = await runCli(['download', url, '--to', `${tmp.dir}/dl`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.bytes, whole.length);
    assert.equal(o.sha256, sha256(whole));
    assert.equal(sha256(await readFile(o.path)), sha256(whole));
    assert.match(r.stderr, /Continuing a partial download/);
  });
});
