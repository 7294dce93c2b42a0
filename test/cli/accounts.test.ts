// `--account NAME`: the desktop app's saved accounts from its settings file, each with its own
// password variable. The CLI runs as a process against TWO `ips-jobs simulator` processes
// (one per saved account), with a settings file written as the app writes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, killAll, spawnCli, startSimulatorProcess, type SimulatorProcess } from './process-helpers.ts';
import { runCli, stderrLines, type RunResult } from './helpers.ts';
import { tempDir } from '../helpers/tmp.ts';
import { DEMO_PASSWORD, DEMO_USER } from '../../electron/simulator/demo.ts';

type Rec = Record<string, unknown>;
let prod: SimulatorProcess;
let stage: SimulatorProcess;
let dir: string;
let settings: string;
const WRONG = 'Wr0ng-Secret-4711';

before(async () => {
  [prod, stage] = await Promise.all([startSimulatorProcess(), startSimulatorProcess()]);
  dir = tempDir('accounts-');
  settings = join(dir, 'settings.json');
  // What the app's settings store writes (shared/settings.ts), with a few other fields.
  const account = (id: string, name: string, url: string, enabled = true) => ({
    id,
    name,
    enabled,
    region: 'na',
    staging: false,
    serviceUrl: url,
    user: DEMO_USER,
  });
  writeFileSync(
    settings,
    JSON.stringify({
      schemaVersion: 2,
      accounts: [
        account('prod', 'Production', prod.url),
        account('stage', 'EMEA staging', stage.url),
        account('old', 'Old', 'https://old.example.com/x', false),
      ],
      companies: [],
      language: 'system',
    }),
  );
});
after(async () => {
  await killAll();
});

/** Both accounts' own password variables, the shared one unset. */
const PASSWORDS = { IPS_PASSWORD_PRODUCTION: DEMO_PASSWORD, IPS_PASSWORD_EMEA_STAGING: DEMO_PASSWORD };
const ips = (args: string[], env: Record<string, string | undefined> = PASSWORDS): Promise<RunResult> =>
  runCli(args, { env: { IPS_JOBS_SETTINGS: settings, ...env } });
const calls = async (sim: SimulatorProcess, op: string) => (await sim.state()).calls[op] ?? 0;

function assertUsage(r: RunResult, pattern: RegExp): void {
  assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = stderrLines(r);
  assert.equal(lines.length, 1, `one line, no stack trace: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('ips-jobs --account', { timeout: 180_000 }, () => {
  test('accounts: every saved account with its server, user, watched state and password variable, never a password', async () => {
    const r = await ips(['accounts'], { IPS_PASSWORD_PRODUCTION: WRONG, IPS_PASSWORD: WRONG });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(WRONG));
    const [head, , ...rows] = r.stdout.split('\n');
    assert.match(head!, /^Account\s+Server\s+User\s+Watched\s+Password\s*$/);
    assert.match(rows[0]!, new RegExp(`^Production\\s+${prod.url.replace(/[.?]/g, '\\$&')}\\s+demo@example\\.com\\s+yes\\s+IPS_PASSWORD_PRODUCTION is set`));
    assert.match(rows[1]!, /^EMEA staging\s+http:\S+\s+demo@example\.com\s+yes\s+IPS_PASSWORD \(IPS_PASSWORD_EMEA_STAGING not set\)/);
    assert.match(rows[2]!, /^Old\s+https:\/\/old\.example\.com\/x\s+demo@example\.com\s+no\s/);
    assert.ok(r.stdout.includes(`Accounts from ${settings}.`));

    const j = await ips(['accounts', '--json'], { IPS_PASSWORD_EMEA_STAGING: WRONG });
    assert.equal(j.code, 0, j.stderr);
    assert.ok(!j.stdout.includes(WRONG));
    const doc = JSON.parse(j.stdout) as { settings: string; accounts: Rec[] };
    assert.equal(doc.settings, settings);
    assert.deepEqual(
      doc.accounts.map((a) => [a.name, a.id, a.enabled, a.serviceUrl, a.user, a.passwordVariable, a.passwordSet]),
      [
        ['Production', 'prod', true, prod.url, DEMO_USER, 'IPS_PASSWORD_PRODUCTION', false],
        ['EMEA staging', 'stage', true, stage.url, DEMO_USER, 'IPS_PASSWORD_EMEA_STAGING', true],
        ['Old', 'old', false, 'https://old.example.com/x', DEMO_USER, 'IPS_PASSWORD_OLD', false],
      ],
    );
  });

  test('active --account A --account B: the rows of both, each labelled; the same as each server alone', async () => {
    const alone = async (sim: SimulatorProcess) => {
      const r = await runCli(['active', '--json', ...sim.connectArgs], { env: sim.env });
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as Rec[]).length;
    };
    const [nProd, nStage] = await Promise.all([alone(prod), alone(stage)]);
    // Names match whatever their case; `all` is every watched account (not Old).
    for (const names of [['production', 'EMEA STAGING'], ['all']]) {
      const r = await ips(['active', '--json', ...names.flatMap((n) => ['--account', n])]);
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as Rec[];
      assert.equal(Object.keys(rows[0]!)[0], 'account', 'the account first');
      const n = (name: string) => rows.filter((x) => x.account === name).length;
      // The simulators' worlds move on between the calls, so counts are compared loosely.
      assert.ok(n('Production') > 0 && Math.abs(n('Production') - nProd) <= 3, `${n('Production')} vs ${nProd}`);
      assert.ok(n('EMEA staging') > 0 && Math.abs(n('EMEA staging') - nStage) <= 3, `${n('EMEA staging')} vs ${nStage}`);
      assert.equal(n('Production') + n('EMEA staging'), rows.length, 'every row names its account');
    }
    const table = await ips(['scheduled', '--account', 'all']);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.match(lines[0]!, /^Account\s+Company\s+Name\s/);
    assert.ok(lines.some((l) => l.startsWith('Production ')));
    assert.ok(lines.some((l) => l.startsWith('EMEA staging ')));

    const csv = await ips(['logs', '--account', 'all', '--limit', '4', '--csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const csvLines = csv.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(csvLines[0]!, /^Account,Outcome,/);
    assert.equal(csvLines.length, 5);
    assert.ok(csvLines.slice(1).every((l) => /^(Production|EMEA staging),/.test(l)));
  });

  test('an action goes to the named account only', async () => {
    const r0 = await ips(['active', '--json', '--account', 'EMEA staging']);
    const job = (JSON.parse(r0.stdout) as Rec[]).find((j) => j.state === 'Running')!;
    assert.ok(job, r0.stdout);
    const [prodBefore, stageBefore] = await Promise.all([calls(prod, 'pauseJob'), calls(stage, 'pauseJob')]);
    const r = await ips(['pause', String(job.jobHandle), '--company', String(job.companyHandle), '--account', 'emea staging', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, action: 'pause', account: 'EMEA staging', companyHandle: job.companyHandle, jobHandle: job.jobHandle });
    assert.equal(await calls(stage, 'pauseJob'), stageBefore + 1, 'the staging server paused it');
    assert.equal(await calls(prod, 'pauseJob'), prodBefore, 'production heard nothing');
  });

  test('each account reads its own password variable; a wrong one fails that account only, named, the password never shown', async () => {
    const env = { IPS_PASSWORD_PRODUCTION: DEMO_PASSWORD, IPS_PASSWORD_EMEA_STAGING: WRONG };
    const r = await ips(['active', '--json', '--account', 'all'], env);
    assert.equal(r.code, 3, 'a sign-in failure decides the exit code');
    const rows = JSON.parse(r.stdout) as Rec[];
    assert.ok(rows.length > 0 && rows.every((x) => x.account === 'Production'), 'production still answered');
    const lines = stderrLines(r);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^ips-jobs: EMEA staging: Sign-in failed: /);
    assert.ok(!r.stdout.includes(WRONG) && !r.stderr.includes(WRONG));

    // IPS_PASSWORD serves an account without its own variable; its own variable wins over it.
    const shared = await ips(['active', '--json', '--account', 'Production'], { IPS_PASSWORD: WRONG, IPS_PASSWORD_PRODUCTION: DEMO_PASSWORD });
    assert.equal(shared.code, 0, shared.stderr);
    const one = await ips(['stop', 'j|1', '--company', 'c|15', '--account', 'EMEA staging'], env);
    assert.equal(one.code, 3);
    assert.match(stderrLines(one)[0]!, /^ips-jobs: EMEA staging: Sign-in failed: /);
    assert.ok(!one.stderr.includes(WRONG));

    const none = await ips(['active', '--account', 'all'], { IPS_PASSWORD_PRODUCTION: DEMO_PASSWORD });
    assertUsage(none, /^ips-jobs: No password for EMEA staging: set the environment variable IPS_PASSWORD_EMEA_STAGING \(or IPS_PASSWORD\)\.$/);
  });

  test('watch --once --account all: the events of both accounts, each naming its account', async () => {
    const r = await ips(['watch', '--once', '--json', '--account', 'all']);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Rec);
    const accountsOf = (e: Rec) => ((e.job as Rec | undefined)?.account ?? e.account) as string | undefined;
    const named = new Set(events.filter((e) => e.event !== 'tray').map(accountsOf));
    assert.deepEqual([...named].sort(), ['EMEA staging', 'Production']);
  });

  test('watch --account all, running: both servers polled again and again, a failure on one reported under its name, an outage on one leaves the other', async () => {
    const watch = spawnCli(['watch', '--json', '--interval', '1', '--account', 'all'], { env: { IPS_JOBS_SETTINGS: settings, ...PASSWORDS } });
    try {
      await watch.waitFor((e) => e.event === 'connection' && e.state === 'ok', { what: 'both accounts connected', timeoutMs: 30_000 });
      // Past the first poll, each server keeps being asked (the single-account watch once died here).
      const [p0, s0] = [await prod.totalCalls(), await stage.totalCalls()];
      await eventually(
        async () => {
          watch.assertRunning('watch');
          return (await prod.totalCalls()) >= p0 + 4 && (await stage.totalCalls()) >= s0 + 4;
        },
        'both servers polled again',
        20_000,
      );

      // A job that fails on staging: one job-finished, naming staging, with outcome error.
      const name = `accounts-watch-failing-${process.pid}`;
      await stage.control('job', { name, profile: 'error', files: 3, newMs: 0, waitMs: 0, runMs: 2000, companyHandle: 'c|15' });
      const fin = await watch.waitFor((e) => e.event === 'job-finished' && (e.job as Rec | undefined)?.name === name, {
        what: `job-finished of ${name}`,
        timeoutMs: 30_000,
      });
      assert.equal(fin.event.outcome, 'error');
      assert.equal((fin.event.job as Rec).account, 'EMEA staging');
      assert.equal(watch.json().filter((e) => e.event === 'job-finished' && (e.job as Rec | undefined)?.name === name).length, 1, 'reported once');

      // Staging answers 502 for a while: watch stays up and production is still polled.
      await stage.control('fault', { kind: 'http', status: 502, count: 'all' });
      const p1 = await prod.totalCalls();
      await eventually(
        async () => {
          watch.assertRunning('watch');
          return (await prod.totalCalls()) >= p1 + 4;
        },
        'production polled during the staging outage',
        20_000,
      );
      await stage.control('clear');
      const s1 = await stage.totalCalls();
      await eventually(async () => (await stage.totalCalls()) > s1, 'staging polled again after the outage', 20_000);
      watch.assertRunning('watch');
    } finally {
      await stage.control('clear');
      await watch.stop();
    }
  });

  test('usage errors: unknown name, several accounts for an action, --account with a server, bad or missing settings', async () => {
    assertUsage(await ips(['active', '--account', 'Nope']), /^ips-jobs: No saved account is named “Nope”\. Saved accounts: Production, EMEA staging, Old\.$/);
    for (const names of [['Production', 'EMEA staging'], ['all']]) {
      for (const cmd of [
        ['stop', 'j|1', '--company', 'c|15'],
        ['upload', 'x.jpg', '--company', 'c|15', '--folder', 'a/'],
      ]) {
        const r = await ips([...cmd, ...names.flatMap((n) => ['--account', n])]);
        assertUsage(r, new RegExp(`^ips-jobs: “${cmd[0]}” acts on one account: give exactly one --account NAME`));
      }
    }
    assert.equal(await calls(prod, 'stopJob'), 0);
    // Several accounts each ask for the --company handles they belong to; one that none holds is a mistake.
    assertUsage(await ips(['active', '--account', 'all', '--company', 'c|nope']), /^ips-jobs: None of the named accounts belongs to company c\|nope\.$/);
    const held = await ips(['active', '--account', 'all', '--company', 'c|15', '--json']);
    assert.equal(held.code, 0, held.stderr);
    assert.ok((JSON.parse(held.stdout) as Rec[]).every((j) => j.companyHandle === 'c|15'));
    assertUsage(await ips(['active', '--account', 'Production', '--region', 'na']), /do not give --region with it\.$/);
    assertUsage(await ips(['active', '--account', 'Production', '--demo']), /do not give --demo with it\.$/);
    assertUsage(await ips(['active', '--account', 'Production', '--user', 'x@example.com']), /do not give --user with it\.$/);
    assertUsage(await ips(['active', '--settings', settings, '--demo']), /^ips-jobs: Option --settings needs --account NAME/);

    const missing = join(dir, 'nothing-here.json');
    assertUsage(
      await ips(['active', '--account', 'Production', '--settings', missing]),
      new RegExp(`^ips-jobs: No settings file at ${missing.replace(/\./g, '\\.')}:`),
    );
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"schemaVersion":2,"accounts":[{"id":"Bad Id","name":"x"');
    assertUsage(await runCli(['accounts'], { env: { IPS_JOBS_SETTINGS: corrupt } }), /^ips-jobs: The settings file \S+corrupt\.json is not usable: /);
    writeFileSync(corrupt, JSON.stringify({ schemaVersion: 2, accounts: [{ id: 'Bad Id', name: 'x' }] }));
    assertUsage(await ips(['active', '--account', 'x', '--settings', corrupt]), /is not usable: accounts\.0\.id: /);
  });

  test('zh-CN: the account column and the errors in Chinese', async () => {
    const r = await ips(['active', '--account', 'all', '--locale', 'zh-CN']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.split('\n')[0]!, /^账户\s+公司\s/);
    assertUsage(await ips(['active', '--account', 'Nope', '--locale', 'zh-TW']), /^ips-jobs: 沒有名為「Nope」的已儲存帳戶。/);
  });
});
