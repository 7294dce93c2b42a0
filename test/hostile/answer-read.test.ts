// Where answers are read (electron/ips/answer-read.ts): the worker gives the same result
// as the calling thread, its errors keep their class, the deadline ends it, and a worker
// that cannot start falls back to reading on the calling thread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAnswerWithin } from '../../electron/ips/answer-read.ts';
import { IpsFaultError, IpsMalformedResponseError, IpsTimeoutError } from '../../electron/ips/errors.ts';
import { envelopeParser, loadSoapClient, type EnvelopeParser } from '../../electron/ips/soap-wsdl.ts';
import { removeTempDir, tempDir } from '../helpers/tmp.ts';
import { bigAnswer, envelope, ret } from './cases.ts';

const ctx = { operation: 'getActiveJobs', serviceUrl: 'http://127.0.0.1:1/scene7/services/IpsApiService', secrets: ['Worker-Secret-77'] };
const res = (data: string, status = 200) => ({ status, headers: {}, data });
const GOOD = ret('getActiveJobs', '<jobArray><items><jobHandle>j|1</jobHandle><startDate>2024-05-02T01:00:04.120-05:00</startDate></items></jobArray>');

let parse: EnvelopeParser;
let dir: string;
before(async () => {
  parse = envelopeParser(await loadSoapClient());
  dir = tempDir('ips-answer-read-');
});
after(() => removeTempDir(dir));

describe('reading answers in a worker', () => {
  const soon = () => ({ deadline: Date.now() + 20_000, timeoutMs: 20_000 });

  it('gives the same result as the calling thread', async () => {
    const inline = await readAnswerWithin(parse, res(GOOD), ctx, { ...soon(), where: 'inline' });
    const worker = await readAnswerWithin(parse, res(GOOD), ctx, { ...soon(), where: 'worker' });
    assert.deepEqual(worker, inline);
    assert.deepEqual(inline, [
      { companyHandle: '', jobHandle: 'j|1', name: '', originalName: '', type: '', state: '', taskProgressArray: [], startDate: '2024-05-02T06:00:04.120Z' },
    ]);
  });

  it('errors keep their class, and the password is scrubbed in the worker', async () => {
    const fault = envelope(
      `<soapenv:Fault><faultcode>x</faultcode><faultstring>IpsApiException</faultstring><detail><ipsApiFault xmlns="http://www.scene7.com/IpsApi/xsd"><code>30001</code><reason>bad Worker-Secret-77</reason></ipsApiFault></detail></soapenv:Fault>`,
    );
    // Over 4 MB so the checks run in the worker too.
    const padded = fault.replace('<soapenv:Body>', `<soapenv:Body><!--${' '.repeat(4_300_000)}-->`);
    await assert.rejects(readAnswerWithin(parse, res(padded, 500), ctx, { ...soon(), where: 'worker' }), (e: unknown) => {
      assert.ok(e instanceof IpsFaultError, String(e));
      assert.equal(e.code, 30001);
      assert.ok(!e.message.includes('Worker-Secret-77') && !String(e.reason).includes('Worker-Secret-77'), e.message);
      return true;
    });
    const broken = bigAnswer(5).replace('</jobArray>', '</jobArray></oops>');
    await assert.rejects(readAnswerWithin(parse, res(broken), ctx, soon()), IpsMalformedResponseError);
  });

  it('the deadline ends a slow read with a timeout that says what happened', async () => {
    const started = Date.now();
    await assert.rejects(readAnswerWithin(parse, res(bigAnswer(20)), ctx, { deadline: Date.now() + 300, timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof IpsTimeoutError, String(e));
      assert.match(e.message, /^IPS answered getActiveJobs with 20 MB, but reading the answer took longer than the 0\.3 s timeout$/);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  });

  it('one worker, reused: reads queue in order, and a read after a timeout gets a fresh worker', async () => {
    const big = bigAnswer(2);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => readAnswerWithin(parse, res(big), ctx, { ...soon(), where: 'worker' })));
    assert.deepEqual(a, b);
    assert.deepEqual(b, c);
    await assert.rejects(readAnswerWithin(parse, res(bigAnswer(20)), ctx, { deadline: Date.now() + 200, timeoutMs: 200, where: 'worker' }), IpsTimeoutError);
    const again = (await readAnswerWithin(parse, res(GOOD), ctx, { ...soon(), where: 'worker' })) as Array<{ jobHandle: string }>;
    assert.equal(again[0]?.jobHandle, 'j|1');
  });

  it('an idle worker does not keep a process alive', () => {
    const script = `
      const { readAnswerWithin } = await import(${JSON.stringify(new URL('../../electron/ips/answer-read.ts', import.meta.url).pathname)});
      const { envelopeParser, loadSoapClient } = await import(${JSON.stringify(new URL('../../electron/ips/soap-wsdl.ts', import.meta.url).pathname)});
      const parse = envelopeParser(await loadSoapClient());
      const data = ${JSON.stringify(GOOD)};
      const v = await readAnswerWithin(parse, { status: 200, headers: {}, data }, ${JSON.stringify(ctx)}, { deadline: Date.now() + 20000, timeoutMs: 20000, where: 'worker' });
      process.stdout.write(v[0].jobHandle);
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'j|1');
    assert.ok(Date.now() - started < 15_000, 'ended on its own, long before the idle worker would have');
  });

  it('a worker that cannot start: the answer is read on the calling thread', async () => {
    const bad = join(dir, 'broken-worker.mjs');
    writeFileSync(bad, 'throw new Error("this packaging cannot load workers");\n');
    const out = await readAnswerWithin(parse, res(GOOD), ctx, { ...soon(), where: 'worker', workerFile: bad });
    assert.equal((out as Array<{ jobHandle: string }>)[0]?.jobHandle, 'j|1');
  });
});
