// Re-send an upload's failed files, through the app core against the simulator: a folder whose
// "flaky" files fail the first time (the simulator's rule) goes up; its finished job offers its
// failed files; one of them is deleted from disk, the rest go as a new upload job to the same
// folder with the same options, arrive (checksums on the simulator side) and succeed; the
// missing one is named. The link survives a restart, and every refusal is in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppCore } from '../../electron/core/app.ts';
import { resendJobName } from '../../electron/core/app-transfers-resend.ts';
import { createMemorySettingsStore } from '../../electron/core/stores.ts';
import { createFileTransferStore } from '../../electron/core/transfers/store.ts';
import { DEMO_PASSWORD, DEMO_USER, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { finishedTransfer, received, sha256, transferOf } from '../transfers/helpers.ts';
import { removeTempDir, tempDir } from '../helpers/tmp.ts';
import { testCore } from '../helpers/core.ts';
import { until } from '../helpers/until.ts';

function makeCore(stateDir: string, sim: Simulator): AppCore {
  return testCore({
    settingsStore: createMemorySettingsStore({ polling: { activeSeconds: 5, idleSeconds: 15 } }),
    transferStore: createFileTransferStore(join(stateDir, 'transfers.json')),
    simulator: { DEMO_USER, DEMO_PASSWORD, startSimulator: async () => ({ url: sim.url, close: async () => {} }) },
  });
}

const refusal = (r: { ok: boolean; error?: { kind: string; message: string } }): string => {
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.error?.kind, 'usage');
  return r.error!.message;
};

test('re-send job names count on', () => {
  assert.equal(resendJobName('shoot'), 'shoot-resend');
  assert.equal(resendJobName('shoot-resend'), 'shoot-resend-2');
  assert.equal(resendJobName('shoot-resend-2'), 'shoot-resend-3');
});

test('failed files re-sent as a new job: only those still on disk, same folder and options; kept after a restart', { timeout: 150_000 }, async (t) => {
  const dir = tempDir('app-resend-');
  const sim = await startSimulator({ demo: true, seed: 21 });
  const cores: AppCore[] = [];
  t.after(async () => {
    for (const c of cores) await c.stop();
    await sim.close();
    removeTempDir(dir);
  });
  const src = join(dir, 'shoot');
  await mkdir(join(src, 'sub'), { recursive: true });
  const content: Record<string, Buffer> = {
    'a.jpg': Buffer.alloc(20_000, 1),
    'flaky-1.jpg': Buffer.alloc(21_000, 2),
    'gone-flaky.jpg': Buffer.alloc(22_000, 3),
    'sub/红色-flaky.jpg': Buffer.alloc(23_000, 4),
  };
  for (const [rel, b] of Object.entries(content)) await writeFile(join(src, rel), b);

  const core = makeCore(dir, sim);
  cores.push(core);
  await core.start();
  const company = await until('companies', () => core.snapshot().companies[0], 20_000);
  const dest = `${company.rootPath ?? ''}incoming/`;
  const added = await core.handle('addUpload', {
    companyHandle: company.companyHandle,
    destFolder: dest,
    jobName: 'shoot',
    paths: [src],
    overwrite: true,
    publish: true,
  });
  assert.ok(added.ok, JSON.stringify(added));
  const first = await finishedTransfer(core, added.value.id);
  assert.equal(first.job?.errors, 3, JSON.stringify(first.job));
  assert.equal(first.failedFiles, 3, 'the finished upload offers its 3 failed files');

  // Before anything is sent: refusals in words.
  assert.match(refusal(await core.handle('resendFailed', { id: 'no-such' })), /no such transfer/);

  await rm(join(src, 'gone-flaky.jpg'));
  const r = await core.handle('resendFailed', { id: added.value.id });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.files, 2);
  assert.deepEqual(r.value.missing, ['shoot/gone-flaky.jpg']);
  assert.deepEqual(r.value.unmatched, []);

  const again = await finishedTransfer(core, r.value.id);
  assert.equal(again.name, 'shoot-resend');
  assert.equal(again.destFolder, dest);
  assert.deepEqual(
    again.files.map((f) => f.name),
    ['shoot/flaky-1.jpg', 'shoot/sub/红色-flaky.jpg'],
  );
  assert.equal(again.job?.outcome, 'success', JSON.stringify(again.job));
  assert.equal(again.job?.errors, 0);
  assert.equal(again.failedFiles, undefined);
  assert.deepEqual(again.resendOf, { id: added.value.id, name: 'shoot' });
  const got = await received(`http://127.0.0.1:${sim.port}`, again.jobHandle!);
  assert.deepEqual(
    got.files.map((f) => [f.path, f.sha256]),
    [
      [`${dest}shoot/flaky-1.jpg`, sha256(content['flaky-1.jpg']!)],
      [`${dest}shoot/sub/红色-flaky.jpg`, sha256(content['sub/红色-flaky.jpg']!)],
    ],
  );
  // Same options as the first job.
  const run = sim.world.runByHandle(again.jobHandle!);
  assert.match(String((run?.detail as Record<string, unknown> | undefined)?.overwrite), /true/);
  assert.match(String((run?.detail as Record<string, unknown> | undefined)?.readyForPublish), /true/);

  const orig = await transferOf(core, added.value.id);
  assert.equal(orig?.failedFiles, undefined, 'offered once');
  assert.deepEqual(orig?.resent, { id: r.value.id, name: 'shoot-resend', files: 2, missing: ['shoot/gone-flaky.jpg'], unmatched: [] });
  assert.match(refusal(await core.handle('resendFailed', { id: added.value.id })), /already re-sent as shoot-resend/);
  assert.match(refusal(await core.handle('resendFailed', { id: r.value.id })), /No file failed/);

  // A restart: the link is in the file.
  await core.stop();
  cores.pop();
  const next = makeCore(dir, sim);
  cores.push(next);
  await next.start();
  assert.deepEqual((await transferOf(next, added.value.id))?.resent?.missing, ['shoot/gone-flaky.jpg']);
  assert.equal((await transferOf(next, r.value.id))?.resendOf?.id, added.value.id);
  assert.match(refusal(await next.handle('resendFailed', { id: added.value.id })), /already re-sent/);

  // Every failed file gone from disk: refused, nothing queued.
  const lone = join(dir, 'lone-flaky.jpg');
  await writeFile(lone, Buffer.alloc(1000, 9));
  const up = await next.handle('addUpload', { companyHandle: company.companyHandle, destFolder: dest, jobName: 'lone', paths: [lone] });
  assert.ok(up.ok, JSON.stringify(up));
  const lonely = await finishedTransfer(next, up.value.id);
  assert.equal(lonely.failedFiles, 1);
  await rm(lone);
  assert.match(refusal(await next.handle('resendFailed', { id: up.value.id })), /The failed file is no longer on this computer: lone-flaky\.jpg/);
  assert.equal((await transferOf(next, up.value.id))?.failedFiles, 1, 'still offered: the file may come back');
});
