// Two accounts, each on its own simulator process: an upload to a company chosen under the
// second account goes to that account's server only (the same company handle exists on both),
// its job is followed on the board under that account's key, and its failed ("flaky") files are
// re-sent to the same server as a new job whose files arrive with the right checksums.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/core/stores.ts';
import { testCore } from '../helpers/core.ts';
import { until } from '../helpers/until.ts';
import { finishedTransfer, received, sha256, tempDir, type TempDir } from './helpers.ts';
import { startSimProcess, type SimProcess } from './process-sim.ts';

let prod: SimProcess;
let stage: SimProcess;
let tmp: TempDir;
before(async () => {
  [prod, stage] = await Promise.all([startSimProcess(), startSimProcess()]);
  tmp = await tempDir('ips-resend-accounts-');
});
after(async () => {
  await Promise.all([prod?.stop(), stage?.stop()]);
  await tmp?.remove();
});

const account = (id: string, name: string, sim: SimProcess) =>
  ({ id, name, enabled: true, region: 'na', staging: false, serviceUrl: sim.url, user: 'demo@example.com' }) as const;

it('an upload under the second account goes to its server; its failed files are re-sent there', { timeout: 240_000 }, async () => {
  const core = testCore({
    settingsStore: createMemorySettingsStore({
      schemaVersion: 2,
      accounts: [account('prod', 'Prod', prod), account('stage', 'Stage', stage)],
      polling: { activeSeconds: 5, idleSeconds: 15 },
    }),
    secretStore: createMemorySecretStore({ prod: 'demo', stage: 'demo' }),
  });
  try {
    await core.start();
    const company = await until('the Stage companies', () => core.snapshot().companies.find((c) => c.accountId === 'stage'), 30_000);
    assert.ok(
      core.snapshot().companies.some((c) => c.accountId === 'prod' && c.companyHandle === company.companyHandle),
      'the same company handle on both servers',
    );
    const files = { 'ok.jpg': Buffer.alloc(30_000, 1), 'flaky-a.jpg': Buffer.alloc(31_000, 2), 'flaky-b.jpg': Buffer.alloc(32_000, 3) };
    const paths = [];
    for (const [name, b] of Object.entries(files)) {
      const p = join(tmp.dir, name);
      await writeFile(p, b);
      paths.push(p);
    }
    const dest = company.rootPath ?? '';
    const added = await core.handle('addUpload', { companyHandle: company.companyHandle, account: 'stage', destFolder: dest, jobName: 'staged', paths });
    assert.ok(added.ok, JSON.stringify(added));
    const first = await finishedTransfer(core, added.value.id, 90_000);
    assert.equal(first.account, 'stage');
    assert.ok(first.job?.jobKey.startsWith('stage\u0001'), 'the job is followed under the Stage account');
    assert.equal(first.failedFiles, 2);
    // On Stage's server, not on Prod's.
    assert.equal((await received(stage.base, first.jobHandle!)).files.length, 3);
    await assert.rejects(received(prod.base, first.jobHandle!));

    const r = await core.handle('resendFailed', { id: added.value.id });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.files, 2);
    const again = await finishedTransfer(core, r.value.id, 90_000);
    assert.equal(again.account, 'stage');
    assert.equal(again.job?.errors, 0, JSON.stringify(again.job));
    assert.equal(again.job?.outcome, 'success');
    const got = await received(stage.base, again.jobHandle!);
    assert.deepEqual(
      got.files.map((f) => [f.path, f.sha256]),
      [
        [`${dest}flaky-a.jpg`, sha256(files['flaky-a.jpg'])],
        [`${dest}flaky-b.jpg`, sha256(files['flaky-b.jpg'])],
      ],
    );
  } finally {
    await core.stop();
  }
});
