// `ips-jobs rerun`: a job IPS still lists is submitted again with its own job detail under a
// new name, and the new run shows in `ips-jobs active`; a job IPS no longer lists is refused
// in words (exit 5). The CLI runs as a process against `ips-jobs simulator` as its own process.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorSuite } from './process-helpers.ts';
import { refusedWith } from './helpers.ts';

type Rec = Record<string, unknown>;
const { ips, list } = simulatorSuite();

describe('ips-jobs rerun', { timeout: 120_000 }, () => {
  test('a listed job is submitted again: a new run in active with the same detail; an unlisted one exits 5', async () => {
    const nightly = (await list('scheduled')).find((s) => s.originalName === 'nightly-publish')!;
    assert.ok(nightly, 'the demo world schedules nightly-publish');
    const r = await ips(['rerun', String(nightly.jobHandle), '--company', String(nightly.companyHandle), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Rec;
    assert.equal(out.action, 'rerun');
    assert.match(String(out.jobName), /^nightly-publish-\d{8}T\d{6}Z-[0-9a-z]{4}$/);
    const run = (await list('active')).find((j) => j.jobHandle === out.newJobHandle || j.originalName === out.jobName);
    assert.ok(run, 'the new run is active');
    const detailKeys = (o: Rec) => Object.keys(o).filter((k) => k.endsWith('Job'));
    assert.deepEqual(detailKeys(run), detailKeys(nightly), 'the same job detail element');

    const [text, unknown, missing] = await Promise.all([
      ips(['rerun', String(nightly.jobHandle), '--company', String(nightly.companyHandle)]),
      ips(['rerun', 'j|15|no-such-job|', '--company', 'c|15']),
      ips(['rerun', '--company', 'c|15']),
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /submitted again as nightly-publish-/);
    refusedWith(unknown, /^ips-jobs: .*j\|15\|no-such-job\|.*cannot be submitted again/, 'j|15|no-such-job|');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /rerun/);
  });
});
