// The hostile suite, in-process (issue #13 §9): every named hostile answer and at least
// 1,000 seeded mutations of recorded valid answers go through the real client (soap
// package, our transport) to a loopback server. For every case: a valid result or a
// typed error of the expected class within the timeout, one line, no password, no
// unhandled rejection, Object.prototype untouched, bounded memory, and the next good
// answer accepted. HOSTILE_SEED=n replays another seed; the default is fixed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import type { IpsClient } from '../../electron/ips/client.ts';
import { IpsError } from '../../electron/ips/errors.ts';
import { bigAnswerBytes, gzipBomb } from './cases.ts';
import { mutants } from './mutate.ts';
import { send } from './server.ts';
import { SEED, SENTINEL, callFor, connect, record, startRig, type Rig } from './setup.ts';

const TIMEOUT_MS = 3000;
/** A call must settle within its timeout plus this (a 1 GiB bomb, a 50 MB answer, a busy machine). */
const SLACK_MS = 2500;
const RSS_LIMIT = 600 * 1024 * 1024;
const MUTANTS = Number(process.env.HOSTILE_MUTANTS ?? 1000);

const escapes: unknown[] = [];
const onEscape = (e: unknown): void => void escapes.push(e);
const protoKeys = (): string[] => Reflect.ownKeys(Object.prototype).map(String).sort();

let rig: Rig;
let api: IpsClient;
let rec: Awaited<ReturnType<typeof record>>;
let baseRss = 0;
let protoAtStart: string[] = [];
let peakRss = 0;

before(async () => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  rig = await startRig(TIMEOUT_MS);
  rec = await record(rig, 10_000);
  api = await connect(rig.server, ['live'], TIMEOUT_MS);
  // Built once per run, before the baseline: the bomb (~1 MB) and the 50 MB body are the server's.
  await gzipBomb();
  bigAnswerBytes(50);
  protoAtStart = protoKeys();
  baseRss = process.memoryUsage().rss;
});

after(async () => {
  await rig?.close();
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; err: IpsError; ms: number };

async function attempt(op: string): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const value = await callFor(api, op, rec.jobHandle);
    return { ok: true, value, ms: Date.now() - t0 };
  } catch (e) {
    assert.ok(e instanceof IpsError, `a typed IpsError, got ${inspect(e)}`);
    return { ok: false, err: e, ms: Date.now() - t0 };
  }
}

/** The checks every case shares, then the next good answer. */
async function checkAndRecover(label: string, op: string, out: Outcome): Promise<void> {
  assert.ok(out.ms < TIMEOUT_MS + SLACK_MS, `${label}: settled in ${out.ms} ms`);
  if (!out.ok) {
    const { err } = out;
    const texts = [err.message, String(err.reason ?? ''), JSON.stringify(err.toInfo()), String(err.stack)];
    for (const t of texts) {
      assert.ok(!t.includes(SENTINEL), `${label}: the password appears in ${t.slice(0, 200)}`);
      assert.ok(!/root:x?:0:0/.test(t), `${label}: /etc/passwd content in ${t.slice(0, 200)}`);
    }
    assert.ok(!err.message.includes('\n'), `${label}: one line: ${err.message}`);
    assert.ok(err.message.length <= 400, `${label}: a short message (${err.message.length})`);
    assert.ok(!/\bat .*\.(ts|js):\d+/.test(err.message), `${label}: no stack in the message`);
  }
  assert.deepEqual(protoKeys(), protoAtStart, `${label}: Object.prototype untouched`);
  assert.equal(({} as Record<string, unknown>).obj, undefined);
  const rss = process.memoryUsage().rss - baseRss;
  peakRss = Math.max(peakRss, rss);
  assert.ok(rss < RSS_LIMIT, `${label}: memory grew ${Math.round(rss / 1e6)} MB`);
  rig.server.live = undefined; // forwarded to the simulator
  const good = await callFor(api, op, rec.jobHandle);
  assert.deepEqual(good, rec.results.get(op), `${label}: the next good answer is accepted`);
  assert.deepEqual(escapes, [], `${label}: nothing escaped as an uncaught error or unhandled rejection`);
}

describe(`hostile answers (seed ${SEED})`, () => {
  it('every named case: the expected class within the timeout, then the next good answer', async (t) => {
    const seen: string[] = [];
    let slowest = { name: '', ms: 0 };
    for (const c of rig.cases) {
      rig.server.live = c.serve;
      const out = await attempt('getActiveJobs');
      const kind = out.ok ? 'ok' : out.err.kind;
      assert.ok(c.expect.includes(kind as never), `${c.name}: expected ${c.expect.join(' or ')}, got ${kind}${out.ok ? '' : `: ${out.err.message}`}`);
      if (out.ok) assert.ok(Array.isArray(out.value), `${c.name}: a list`);
      await checkAndRecover(c.name, 'getActiveJobs', out);
      seen.push(`${c.name}=${kind}`);
      if (out.ms > slowest.ms) slowest = { name: c.name, ms: out.ms };
    }
    t.diagnostic(`${rig.cases.length} cases; slowest ${slowest.name} ${slowest.ms} ms; rss peak +${Math.round(peakRss / 1e6)} MB`);
    assert.ok(rig.cases.length >= 60, `${rig.cases.length} named cases`);
    assert.equal(rig.canary.hits(), 0, 'no redirect was followed: the other host never saw a request');
  });

  it(`${MUTANTS} seeded mutations of recorded answers: a valid result or a malformed error, then the next good answer`, async (t) => {
    const started = Date.now();
    assert.ok(rec.bodies.size >= 6, `recorded ${[...rec.bodies.keys()].join(', ')}`);
    const list = mutants(rec.bodies, MUTANTS, SEED);
    assert.ok(list.length >= 1000);
    const tally: Record<string, number> = {};
    for (const [i, m] of list.entries()) {
      rig.server.live = (q, res) => (q.action === m.op ? send(res, m.body) : send(res, rec.bodies.get(q.action) ?? '', 200));
      const out = await attempt(m.op);
      const label = `mutant ${i} (${m.op}: ${m.kinds.join('+')})`;
      const kind = out.ok ? 'ok' : out.err.kind;
      // A mutated 200 answer is read or refused as malformed; renaming into a Fault makes an IPS fault.
      const allowed = ['ok', 'malformed', ...(/Fault/.test(m.body) ? ['fault', 'authentication', 'authorization'] : [])];
      assert.ok(allowed.includes(kind), `${label}: got ${kind}${out.ok ? '' : `: ${out.err.message}`}`);
      if (out.ok && ['getActiveJobs', 'getScheduledJobs', 'getJobLogs', 'getJobLogDetails', 'getCompanyMembership'].includes(m.op)) {
        assert.ok(Array.isArray(out.value), `${label}: a list`);
      }
      await checkAndRecover(label, m.op, out);
      tally[kind] = (tally[kind] ?? 0) + 1;
    }
    t.diagnostic(`${list.length} mutants in ${Date.now() - started} ms: ${JSON.stringify(tally)}; rss peak +${Math.round(peakRss / 1e6)} MB`);
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert.ok((tally.ok ?? 0) > 50 && (tally.malformed ?? 0) > 300, JSON.stringify(tally));
  });
});
