// A job action IPS refuses reaches the window as an error result carrying IPS's reason:
// the app core (real engine, real SOAP client, the demo simulator over loopback) answers
// the command with { ok: false, error: fault 30001 + reason }, clears the pending action,
// and the text the window's toast shows (ui.error.* + errorText) contains the reason, in
// English and in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText } from '../../shared/i18n/error-text.ts';
import { t } from '../../shared/i18n/window.ts';
import { until } from '../helpers/until.ts';
import { testCore } from '../helpers/core.ts';

test('refused stop, resume and delete come back to the window with the IPS reason', { timeout: 60_000 }, async (t_) => {
  const core = testCore({
    systemLocales: ['en-US'],
  });
  t_.after(() => core.stop());
  await core.start();

  const snap = await until('finished and running jobs', () => {
    const s = core.snapshot();
    return s.connection.state === 'ok' && s.jobs.some((j) => j.phase === 'finished') && s.jobs.some((j) => j.phase === 'running') && s;
  });
  const finished = snap.jobs.find((j) => j.phase === 'finished')!;
  const running = snap.jobs.find((j) => j.phase === 'running' && (j.progress ?? 0) < 50) ?? snap.jobs.find((j) => j.phase === 'running')!;
  const ref = (j: { companyHandle: string; jobHandle: string }) => ({ companyHandle: j.companyHandle, jobHandle: j.jobHandle });

  const cases = [
    { command: 'stopJob', job: finished, key: 'ui.error.stop', reason: /has already finished/ },
    { command: 'resumeJob', job: running, key: 'ui.error.resume', reason: /is not paused/ },
    { command: 'deleteJob', job: running, key: 'ui.error.delete', reason: /deleteJob deletes scheduled jobs/ },
  ] as const;
  for (const c of cases) {
    const res = await core.handle(c.command, ref(c.job));
    assert.equal(res.ok, false, `${c.command} on ${c.job.jobHandle} must fail`);
    if (res.ok) continue;
    assert.equal(res.error.kind, 'fault');
    assert.equal(res.error.code, 30001);
    assert.match(res.error.reason ?? '', c.reason);
    // What the window's toast says (renderer/src/lib/actions.ts → app.jobAction).
    const en = t('en', c.key, { name: c.job.name, message: errorText('en', res.error) });
    assert.match(en, c.reason);
    assert.ok(en.includes(c.job.name));
    assert.match(t('zh-CN', c.key, { name: c.job.name, message: errorText('zh-CN', res.error) }), c.reason, 'the reason in the Chinese toast too');
    // The refusal leaves no pending badge behind.
    const now = core.snapshot().jobs.find((j) => j.key === c.job.key);
    assert.equal(now?.pendingAction, undefined);
  }
  // The refused delete did not delete the running job.
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(
    core.snapshot().jobs.some((j) => j.key === running.key && j.phase !== 'finished'),
    'still there, not finished',
  );
});
