// The simulator's UploadFile servlet rules, with hand-built multipart bodies: the auth part
// is required even with HTTP Basic, filename*= names are decoded (not dropped), and a file
// re-posted to a job counts as a duplicate (or replaces the earlier one when the job overwrites).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { NS, S7, client, faultOf, list, one } from '../integration/simulator-helpers.ts';
import { received, sha256 } from './helpers.ts';

let sim: Simulator;
let base: string;
before(async () => {
  sim = await startSimulator({ clock: createManualClock(Date.UTC(2026, 10, 20, 9)), seed: 3 });
  base = `http://127.0.0.1:${sim.port}`;
});
after(() => sim.close());

const AUTH = `<authHeader xmlns="${S7}"><user>demo@example.com</user><password>demo</password></authHeader>`;
const first = (name: string, overwrite: boolean, end = false): string =>
  `<uploadPostParam xmlns="${NS}"><companyHandle>c|15</companyHandle><jobName>${name}</jobName><destFolder>Co/in/</destFolder><endJob>${end}</endJob>` +
  `<uploadParams><overwrite>${overwrite}</overwrite><readyForPublish>false</readyForPublish><preservePublishState>true</preservePublishState><createMask>false</createMask><emailSetting>None</emailSetting></uploadParams></uploadPostParam>`;
const next = (handle: string, end: boolean): string =>
  `<uploadPostParam xmlns="${NS}"><companyHandle>c|15</companyHandle><jobHandle>${handle}</jobHandle><endJob>${end}</endJob></uploadPostParam>`;

function body(parts: Array<{ name: string; disposition?: string; data: string }>): { text: Buffer; type: string } {
  const b = 'XyZbound';
  const chunks = parts.map(
    (p) => `--${b}\r\nContent-Disposition: form-data; name="${p.name}"${p.disposition ?? ''}\r\nContent-Type: application/octet-stream\r\n\r\n${p.data}\r\n`,
  );
  return { text: Buffer.from(`${chunks.join('')}--${b}--\r\n`, 'utf8'), type: `multipart/form-data; boundary=${b}` };
}

async function post(parts: Parameters<typeof body>[0], headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { text, type } = body(parts);
  const res = await fetch(sim.uploadUrl, { method: 'POST', body: new Uint8Array(text), headers: { 'content-type': type, ...headers } });
  return { status: res.status, text: await res.text() };
}

describe('UploadFile servlet rules', () => {
  it('a missing auth part is refused even with HTTP Basic credentials', async () => {
    const r = await post([{ name: 'uploadParams', data: first('no-auth', false) }], {
      authorization: `Basic ${Buffer.from('demo@example.com:demo').toString('base64')}`,
    });
    assert.equal(r.status, 500);
    assert.equal(faultOf(r.text)?.element, 'authenticationFault');
    assert.equal(faultOf(r.text)?.code, 10000);
  });

  it('a file part named with filename*= (RFC 5987) is decoded, not dropped', async () => {
    const r = await post([
      { name: 'auth', data: AUTH },
      { name: 'uploadParams', data: first('ext-name', false, true) },
      { name: 'file1', disposition: `; filename*=UTF-8''${encodeURIComponent('鞋子 1.jpg')}`, data: 'abc' },
    ]);
    assert.equal(r.status, 200, r.text);
    const handle = one(r.text, 'jobHandle') as string;
    const got = await received(base, handle);
    assert.deepEqual(
      got.files.map((f) => [f.path, f.sha256]),
      [['Co/in/鞋子 1.jpg', sha256('abc')]],
    );
  });

  it('not a multipart body: a bare ipsApiFault 30003', async () => {
    const res = await fetch(sim.uploadUrl, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(faultOf(await res.text())?.code, 30003);
  });

  it('the same file re-posted: a duplicate without overwrite, one replaced file with it', async () => {
    for (const overwrite of [false, true]) {
      const a = await post([
        { name: 'auth', data: AUTH },
        { name: 'uploadParams', data: first(`repost-${overwrite}`, overwrite) },
        { name: 'f', disposition: '; filename="shoe.jpg"', data: 'one' },
      ]);
      const handle = one(a.text, 'jobHandle') as string;
      const b = await post([
        { name: 'auth', data: AUTH },
        { name: 'uploadParams', data: next(handle, true) },
        { name: 'f', disposition: '; filename="shoe.jpg"', data: 'two' },
      ]);
      assert.equal(b.status, 200, b.text);
      const got = await received(base, handle);
      assert.equal(got.files.length, 1);
      assert.equal(got.files[0]?.posts, 2);
      assert.equal(got.files[0]?.resent, overwrite ? 'overwrite' : 'duplicate');
      assert.equal(got.files[0]?.sha256, sha256(overwrite ? 'two' : 'one'));
      sim.world.advance(30_000);
      const c = await client(sim);
      const [res] = await c.getJobLogDetailsAsync({ companyHandle: 'c|15', jobHandle: handle });
      const log = list(res.jobLogArray)[0];
      if (overwrite) {
        assert.equal(log.totalFileCount, 1);
        assert.equal(log.fileDuplicateCount, 0);
      } else {
        assert.equal(log.totalFileCount, 2);
        assert.equal(log.fileDuplicateCount, 1, 'the second copy is a duplicate');
      }
    }
  });
});
