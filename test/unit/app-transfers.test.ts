// The transfer queue wired into the app core, with the real queue, the real uploader and
// the demo simulator over loopback: a folder of three files goes up as one IPS job, the
// job shows on the board and finishes with counts and a notification, bad paths are
// refused in words, and a new core on the same file lists the finished transfer again.
// Also the folder list (getFolderTree) round trip and the tray's transfer line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppNotification } from '../../shared/domain.ts';
import type { TransfersState } from '../../shared/ipc-transfers.ts';
import { type AppCore } from '../../electron/core/app.ts';
import { trayWithTransfers } from '../../electron/core/app-transfers-view.ts';
import { createAppTransfers } from '../../electron/core/app-transfers.ts';
import { exportUrl } from '../../electron/simulator/logs.ts';
import { checkDestFolder, collectUploadItems } from '../../electron/core/app-transfers-files.ts';
import { translator } from '../../shared/i18n/index.ts';
import { createMemorySettingsStore } from '../../electron/core/stores.ts';
import { createFileTransferStore } from '../../electron/core/transfers/store.ts';
import { listFolders } from '../../electron/ips/folders.ts';
import { DEMO_PASSWORD, DEMO_USER, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { received } from '../transfers/helpers.ts';
import { uploadServlet } from '../../electron/simulator/upload.ts';
import { removeTempDir, tempDir } from '../helpers/tmp.ts';
import { testCore } from '../helpers/core.ts';
import { until } from '../helpers/until.ts';

/** Clean-ups run last-registered first (the core stops before its folder goes). */
function cleanups(t: { after(fn: () => Promise<void>): void }): (fn: () => unknown) => void {
  const fns: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return (fn) => fns.push(fn);
}

/** A temporary folder removed after every other clean-up, and `later` to register those. */
function scratch(t: { after(fn: () => Promise<void>): void }, prefix: string): { later: (fn: () => unknown) => void; dir: string } {
  const later = cleanups(t);
  const dir = tempDir(prefix);
  later(() => removeTempDir(dir));
  return { later, dir };
}

function makeCore(stateDir: string, sim?: Simulator): AppCore {
  return testCore({
    settingsStore: createMemorySettingsStore({ polling: { activeSeconds: 5, idleSeconds: 15 } }),
    transferStore: createFileTransferStore(join(stateDir, 'transfers.json')),
    // One simulator for both lives of the app (a real IPS outlives the app's restarts).
    simulator: sim
      ? { DEMO_USER, DEMO_PASSWORD, startSimulator: async () => ({ url: sim.url, close: async () => {} }) }
      : () => import('../../electron/simulator/index.ts'),
  });
}

type Company = { companyHandle: string; rootPath?: string };

/**
 * `core` starts and uploads three files written to `dir` (`name(i)`, `size + i` bytes) as
 * `jobName` into `dest(company)`; once the first file is accepted `hang()` makes the servlet
 * stop answering, as when the app is quit mid-upload. Resolves 200 ms after that.
 */
async function uploadUntilHung(
  core: AppCore,
  o: { dir: string; name: (i: number) => string; size: number; jobName: string; dest: (c: Company) => string; hang: () => void },
): Promise<{ id: string; company: Company }> {
  const paths = [];
  for (let i = 0; i < 3; i++) {
    const p = join(o.dir, o.name(i));
    await writeFile(p, Buffer.alloc(o.size + i, i));
    paths.push(p);
  }
  await core.start();
  const company = (await until('companies', () => core.snapshot().companies[0], 10_000)) as Company;
  let hung = false;
  core.on('transfers', (s) => {
    if (!hung && s.transfers.some((v) => v.filesDone === 1)) {
      hung = true;
      o.hang();
    }
  });
  const added = await core.handle('addUpload', { companyHandle: company.companyHandle, destFolder: o.dest(company), jobName: o.jobName, paths });
  assert.ok(added.ok, JSON.stringify(added));
  await until('the first file', () => hung, 10_000);
  await new Promise((r) => setTimeout(r, 200));
  return { id: added.value.id, company };
}

test(
  'a folder of three files: uploaded, a job on the board, finished with counts and a notification; listed again after a restart',
  { timeout: 90_000 },
  async (t) => {
    const { later, dir } = scratch(t, 'app-transfers-');
    const src = join(dir, 'shoot');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.jpg'), Buffer.alloc(40_000, 1));
    await writeFile(join(src, 'b.jpg'), Buffer.alloc(50_000, 2));
    await writeFile(join(src, 'sub', '红色.jpg'), Buffer.alloc(60_000, 3));
    await writeFile(join(src, '.hidden'), 'skip me');
    await symlink('/etc/hostname', join(src, 'link.jpg')).catch(() => undefined);

    const core = makeCore(dir);
    const states: TransfersState[] = [];
    const notes: AppNotification[] = [];
    core.on('transfers', (s) => states.push(s));
    core.onNotification((n) => notes.push(n));
    let stopped = false;
    later(() => (stopped ? undefined : core.stop()));
    await core.start();
    const snap = await until(
      'the connection and the companies',
      () => {
        const s = core.snapshot();
        return s.connection.state === 'ok' && s.companies.length > 0 && s;
      },
      30_000,
    );
    const company = snap.companies[0]!;
    const root = company.rootPath ?? '';

    const folders = await core.handle('getFolders', { companyHandle: company.companyHandle });
    assert.equal(folders.ok, true, JSON.stringify(folders));
    if (folders.ok) {
      assert.ok(folders.value.includes(root), `root ${root} in ${folders.value.join(', ')}`);
      assert.ok(folders.value.includes(`${root}incoming/`));
      assert.ok(folders.value.every((f) => f.endsWith('/')));
    }

    // Bad input: refused in words, nothing queued.
    for (const [paths, re] of [
      [['shoot'], /not an absolute path/],
      [[join(dir, 'nothing-here')], /does not exist/],
      [['/proc/self'], /system location/],
    ] as const) {
      const r = await core.handle('addUpload', { companyHandle: company.companyHandle, destFolder: root, paths: [...paths] });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.kind, 'usage');
        assert.match(r.error.message, re);
      }
    }
    const dots = await core.handle('addUpload', { companyHandle: company.companyHandle, destFolder: `${root}../other`, paths: [src] });
    assert.equal(dots.ok, false);
    const malformed = await core.handle('addUpload', { companyHandle: company.companyHandle, destFolder: root, paths: [] });
    assert.equal(malformed.ok, false);
    assert.equal((await core.handle('pauseTransfer', { id: 'no-such' })).ok, false);

    const added = await core.handle('addUpload', {
      companyHandle: company.companyHandle,
      destFolder: `${root}incoming`,
      jobName: 'shoot-upload',
      paths: [src],
      publish: true,
    });
    assert.equal(added.ok, true, JSON.stringify(added));
    if (!added.ok) return;
    assert.equal(added.value.files, 3, 'hidden files and links are left out');
    assert.equal(added.value.bytes, 150_000);

    const done = await until('the upload to finish', () => states.at(-1)?.transfers.find((v) => v.id === added.value.id && v.state === 'done'), 30_000);
    assert.equal(done.name, 'shoot-upload');
    assert.equal(done.destFolder, `${root}incoming/`);
    assert.deepEqual(
      done.files.map((f) => [f.name, f.state, f.bytes, f.total]),
      [
        ['shoot/a.jpg', 'done', 40_000, 40_000],
        ['shoot/b.jpg', 'done', 50_000, 50_000],
        ['shoot/sub/红色.jpg', 'done', 60_000, 60_000],
      ],
    );
    assert.equal(done.bytes, done.total);
    assert.ok(done.jobHandle, 'the IPS job is known');
    const jobKey = done.job?.jobKey;
    assert.ok(jobKey);
    // Progress went through "running" with bytes below the total first.
    assert.ok(states.some((s) => s.transfers.some((v) => v.id === added.value.id && v.state === 'running')));

    // The job on the board, followed to its end; the engine's rules notify it with its counts.
    const finished = await until(
      'the job to finish',
      async () => {
        await core.handle('pollNow', undefined);
        const v = (await core.handle('getTransfers', undefined)) as { ok: true; value: TransfersState };
        return v.value.transfers.find((x) => x.id === added.value.id && x.job?.phase === 'finished');
      },
      60_000,
      50,
    );
    assert.equal(finished.job?.outcome, 'success');
    assert.equal(finished.job?.success, 3);
    assert.equal(finished.job?.errors, 0);
    assert.ok(core.snapshot().jobs.some((j) => j.key === jobKey && j.phase === 'finished'));
    const note = await until('the notification', () => notes.find((n) => n.jobKey === jobKey), 10_000);
    assert.equal(note.kind, 'finished-success');

    // Quit; a new core on the same file lists the finished transfer with its job's counts.
    await core.stop();
    stopped = true;
    const again = makeCore(dir);
    later(() => again.stop());
    await again.start();
    const listed = await again.handle('getTransfers', undefined);
    assert.equal(listed.ok, true);
    if (listed.ok) {
      const v = listed.value.transfers.find((x) => x.id === added.value.id);
      assert.equal(v?.state, 'done');
      assert.equal(v?.job?.success, 3, 'the counts survive although the demo board starts afresh');
      assert.equal(v?.filesDone, 3);
    }
    assert.deepEqual(await again.handle('clearTransfers', undefined), { ok: true });
    const cleared = await again.handle('getTransfers', undefined);
    assert.equal(cleared.ok && cleared.value.transfers.length, 0);
  },
);

test('quit in the middle of an upload: after the restart the same IPS job gets the rest, each file once', { timeout: 60_000 }, async (t) => {
  const { later, dir } = scratch(t, 'app-transfers-quit-');
  const sim = await startSimulator({ demo: true, seed: 5 });
  later(() => sim.close());
  const first = makeCore(dir, sim);
  // After the first accepted file the servlet stops answering: the app is quit mid-upload.
  const added = await uploadUntilHung(first, {
    dir,
    name: (i) => `part-${i}.jpg`,
    size: 30_000,
    jobName: 'quit-mid-upload',
    dest: (c) => `${c.rootPath ?? ''}quit/`,
    hang: () => sim.faults.hang({ op: 'UploadFile' }),
  });
  const { company } = added;
  const mid = (await first.handle('getTransfers', undefined)) as { ok: true; value: TransfersState };
  const before = mid.value.transfers[0]!;
  assert.equal(before.state, 'running');
  assert.equal(before.filesDone, 1);
  assert.ok(before.jobHandle);
  await first.stop();

  const second = makeCore(dir, sim);
  later(() => second.stop());
  const states: TransfersState[] = [];
  second.on('transfers', (s) => states.push(s));
  await second.start();
  const done = await until('the resumed upload', () => states.at(-1)?.transfers.find((v) => v.id === added.id && v.state === 'done'), 20_000);
  assert.equal(done.jobHandle, before.jobHandle, 'the same IPS job');
  assert.equal(done.filesDone, 3);
  const got = await received(`http://127.0.0.1:${sim.port}`, done.jobHandle as string);
  assert.deepEqual(
    got.files.map((f) => [f.path, f.posts]),
    [0, 1, 2].map((i) => [`${company.rootPath ?? ''}quit/part-${i}.jpg`, 1]),
  );
});

test(
  'quit mid-upload in the demo: the new demo server does not know the job, so the transfer is interrupted and Retry sends the rest to a new job',
  { timeout: 60_000 },
  async (t) => {
    const { later, dir } = scratch(t, 'app-transfers-demo-');
    const sims: Simulator[] = [];
    later(async () => {
      for (const s of sims) await s.close();
    });
    // Each start of the app gets a fresh demo simulator, as the real demo does.
    const fresh = (): AppCore =>
      testCore({
        transferStore: createFileTransferStore(join(dir, 'transfers.json')),
        simulator: {
          DEMO_USER,
          DEMO_PASSWORD,
          startSimulator: async () => {
            const s = await startSimulator({ demo: true, seed: 11 });
            sims.push(s);
            return { url: s.url, close: async () => {} };
          },
        },
      });
    const first = fresh();
    const added = await uploadUntilHung(first, {
      dir,
      name: (i) => `img-${i}.jpg`,
      size: 20_000,
      jobName: 'demo-quit',
      dest: (c) => c.rootPath ?? '',
      hang: () => sims[0]!.faults.hang({ op: 'UploadFile' }),
    });
    const { company } = added;
    await first.stop();

    const second = fresh();
    later(() => second.stop());
    const states: TransfersState[] = [];
    const notes: AppNotification[] = [];
    second.on('transfers', (s) => states.push(s));
    second.onNotification((n) => notes.push(n));
    await second.start();
    const stuck = await until('interrupted', () => states.at(-1)?.transfers.find((v) => v.id === added.id && v.state === 'interrupted'), 20_000);
    assert.equal(stuck.filesDone, 1, 'what was accepted stays accepted');
    assert.match(stuck.error?.message ?? '', /upload job/i);
    const note = await until('the notification', () => notes.find((n) => n.kind === 'transfer-failed'), 5000);
    assert.equal(note.title, 'Upload interrupted');
    assert.match(note.body, /^demo-quit: 1 of 3 files sent\. .* Retry it in Transfers\.$/);
    assert.deepEqual(await second.handle('retryTransfer', { id: added.id }), { ok: true });
    const done = await until('done after Retry', () => states.at(-1)?.transfers.find((v) => v.id === added.id && v.state === 'done'), 20_000);
    assert.equal(done.filesDone, 3);
    const got = await received(`http://127.0.0.1:${sims[1]!.port}`, done.jobHandle as string);
    assert.deepEqual(
      got.files.map((f) => f.path),
      [1, 2].map((i) => `${company.rootPath ?? ''}img-${i}.jpg`),
      'a job of the new server got only the unfinished files',
    );
  },
);

test("a file over the server's limit: the batch fails in words before anything is sent, and says so in a notification", { timeout: 30_000 }, async (t) => {
  const { later, dir } = scratch(t, 'app-transfers-big-');
  const sim = await startSimulator({ demo: true, seed: 4 });
  uploadServlet(sim.world).maxFileSize = 10_000;
  later(() => sim.close());
  await writeFile(join(dir, 'small.jpg'), Buffer.alloc(5_000));
  await writeFile(join(dir, 'huge.tif'), Buffer.alloc(25_000));
  const core = makeCore(dir, sim);
  later(() => core.stop());
  const notes: AppNotification[] = [];
  core.onNotification((n) => notes.push(n));
  await core.start();
  const company = (await until('companies', () => core.snapshot().companies[0], 10_000)) as { companyHandle: string; rootPath?: string };
  const added = await core.handle('addUpload', {
    companyHandle: company.companyHandle,
    destFolder: company.rootPath ?? '',
    paths: [join(dir, 'small.jpg'), join(dir, 'huge.tif')],
  });
  assert.equal(added.ok, true);
  if (!added.ok) return;
  const failed = await until(
    'failed',
    async () => {
      const r = (await core.handle('getTransfers', undefined)) as { ok: true; value: TransfersState };
      return r.value.transfers.find((v) => v.id === added.value.id && v.state === 'failed');
    },
    10_000,
  );
  assert.match(failed.error?.message ?? '', /“huge\.tif” is 24\.4 KB; this IPS server accepts files of at most 9\.8 KB/);
  assert.equal(failed.filesDone, 0, 'nothing was sent');
  assert.match(failed.name, /^ips-jobs-upload-\d{8}T\d{6}Z$/, 'a default job name with the date and time');
  assert.equal((await until('notification', () => notes.find((n) => n.kind === 'transfer-failed'), 5000)).title, 'Upload failed');
});

test('a finished download: listed with its file, and Show in folder hands that file to the file manager', { timeout: 30_000 }, async (t) => {
  const { later, dir } = scratch(t, 'app-transfers-dl-');
  const sim = await startSimulator({ seed: 12 });
  later(() => sim.close());
  const shown: string[] = [];
  const states: TransfersState[] = [];
  const tr = createAppTransfers({
    locale: () => 'en',
    job: () => undefined,
    emit: (s) => states.push(s),
    trayChanged: () => {},
    showItemInFolder: (p) => void shown.push(p),
  });
  later(() => tr.stop());
  await tr.start();
  const run = sim.world.addJob({ name: 'dl-export', type: 'Export', files: 2, profile: 'success', plan: { newMs: 0, waitMs: 0, runMs: 100 } });
  await new Promise((r) => setTimeout(r, 300));
  const id = await tr.addDownload({ url: exportUrl(sim.world, sim.world.runByHandle(run.handle)!), dir: join(dir, 'out') });
  const done = await until('the download', () => states.at(-1)?.transfers.find((v) => v.id === id && v.state === 'done'), 10_000);
  assert.equal(done.kind, 'download');
  assert.ok(done.path?.startsWith(join(dir, 'out')), done.path);
  assert.equal(done.bytes, done.total);
  assert.ok(done.total > 0);
  assert.deepEqual(await tr.handlers.showTransferInFolder({ id }), { ok: true });
  assert.deepEqual(shown, [done.path]);
  const none = await tr.handlers.showTransferInFolder({ id: 'nope' });
  assert.equal(none.ok, false);
});

test('getFolderTree against the simulator: sorted paths ending in "/", bad password and foreign company refused', async (t) => {
  const later = cleanups(t);
  const sim = await startSimulator({ demo: true, seed: 3 });
  later(() => sim.close());
  const base = { serviceUrl: sim.url, user: 'demo@example.com', password: 'demo' };
  const co = [...sim.world.companies.values()][0]!;
  const folders = await listFolders({ ...base, companyHandle: co.handle });
  assert.ok(folders.length >= 3);
  assert.deepEqual(folders, [...folders].sort());
  assert.ok(folders[0] === co.rootPath && folders.every((f) => f.startsWith(co.rootPath) && f.endsWith('/')));
  await assert.rejects(
    listFolders({ ...base, password: 'wrong', companyHandle: co.handle }),
    (e: Error & { kind?: string }) => e.kind === 'authentication' && !e.message.includes('wrong'),
  );
  await assert.rejects(listFolders({ ...base, companyHandle: 'c|999999' }), (e: Error & { kind?: string }) => e.kind === 'authorization');
});

test('the tray shows transfers: a tooltip line, the running icon, overall progress', () => {
  const idle = { icon: 'idle' as const, progress: null, running: 0, tooltip: 'IPS Jobs\nNothing running', menu: [] };
  assert.equal(trayWithTransfers(idle, { active: 0, sent: 0, total: 0 }, 'en'), idle);
  const up = trayWithTransfers(idle, { active: 2, sent: 25, total: 100 }, 'en');
  assert.equal(up.icon, 'running');
  assert.equal(up.progress, 0.25);
  assert.match(up.tooltip, /^IPS Jobs\n.*2 transfers.*25\s?%/);
  const zh = trayWithTransfers({ ...idle, icon: 'error', progress: 0.5 }, { active: 1, sent: 50, total: 100 }, 'zh-CN');
  assert.equal(zh.icon, 'error', 'a more urgent icon stays');
  assert.equal(zh.progress, 0.5);
  assert.match(zh.tooltip, /传输/);
});

test('path refusals speak the app language', async () => {
  await assert.rejects(collectUploadItems(['照片'], 'linux', translator('zh-CN')), /“照片”不是绝对路径/);
  await assert.rejects(collectUploadItems(['/sys/kernel'], 'linux', translator('zh-TW')), /系統位置/);
  assert.throws(() => checkDestFolder('Co/../x', translator('zh-CN')), /不能包含/);
  assert.equal(checkDestFolder('\\Co\\incoming'), 'Co/incoming/');
  await assert.rejects(collectUploadItems(['\\\\.\\PhysicalDrive0'], 'win32'), /system location/);
});
