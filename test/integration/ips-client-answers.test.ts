// Regression tests for issue #13: answers that used to poison, exhaust, freeze or
// misclassify. Each goes through the real client and soap package to a loopback server,
// and each is followed by a good answer that must be accepted.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createIpsClient, type IpsClient } from '../../electron/ips/client.ts';
import { IpsError, IpsFaultError, IpsMalformedResponseError, IpsNetworkError, IpsTimeoutError } from '../../electron/ips/errors.ts';
import * as N from '../../electron/ips/normalize.ts';
import { MAX_ANSWER_BYTES } from '../../electron/ips/transport.ts';
import { IPS_NS, envelope, rawServer, ret, send, type Handler } from './ips-client-fixtures.ts';

const GOOD = ret('getActiveJobs', '<jobArray><items><jobHandle>j|good</jobHandle><name>good</name></items></jobArray>');
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** A server that answers the first request with `bad`, every later one with GOOD. */
async function badThenGood(
  bad: Handler,
  timeoutMs = 5000,
): Promise<{ err: IpsError; next: Awaited<ReturnType<IpsClient['getActiveJobs']>>; ms: number; close: () => Promise<void> }> {
  let n = 0;
  const server = await rawServer((req, res, raw) => (n++ === 0 ? bad(req, res, raw) : send(res, GOOD)));
  const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'Hostile-Pw-4471', timeoutMs });
  const started = Date.now();
  const err = await api.getActiveJobs().then(
    (v) => assert.fail(`expected a failure, got ${inspect(v)}`),
    (e: unknown) => e,
  );
  const ms = Date.now() - started;
  assert.ok(err instanceof IpsError, `typed: ${inspect(err)}`);
  assert.ok(!err.message.includes('\n'));
  const next = await api.getActiveJobs();
  assert.equal(next[0]?.jobHandle, 'j|good', 'the next good answer is accepted');
  return { err, next, ms, close: () => server.close() };
}

const fixed =
  (body: string | Buffer, status = 200, headers: Record<string, string> = {}): Handler =>
  (_q, res) =>
    send(res, body, status, headers);

describe('prototype pollution (#13.1)', () => {
  const cases: Array<[string, string]> = [
    ['id="__proto__" (multiRef)', '<jobArray><items id="__proto__"><jobHandle>x</jobHandle></items></jobArray>'],
    ['href="#__proto__"', '<jobArray><items href="#__proto__"/></jobArray>'],
    ['id="constructor"', '<jobArray><items id="constructor"><jobHandle>x</jobHandle></items></jobArray>'],
    ['an entity-encoded id', '<jobArray><items id="&#95;&#95;proto&#95;&#95;"><jobHandle>x</jobHandle></items></jobArray>'],
    ['an element named __proto__', '<jobArray><__proto__><obj>1</obj></__proto__></jobArray>'],
    ['an element named constructor', '<jobArray><items><constructor>1</constructor></items></jobArray>'],
  ];
  for (const [label, inner] of cases) {
    it(`${label} is refused as malformed; Object.prototype stays clean; the next answer is read`, async () => {
      const r = await badThenGood(fixed(ret('getActiveJobs', inner)));
      try {
        assert.ok(r.err instanceof IpsMalformedResponseError, `${r.err.name}: ${r.err.message}`);
        assert.deepEqual(
          Reflect.ownKeys(Object.prototype).filter((k) => k === 'obj' || k === 'hrefs'),
          [],
        );
        assert.equal(({} as Record<string, unknown>).obj, undefined);
      } finally {
        await r.close();
      }
    });
  }
});

describe('decompression bombs and size (#13.2, #13.5)', () => {
  it('a gzip bomb (1 GiB of zeros in ~1 MB) → malformed within the cap, memory bounded', async () => {
    // 1,024 gzip members of 1 MiB of zeros each: a valid gzip stream, built in milliseconds.
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const gz = Buffer.concat(Array.from({ length: 1024 }, () => member));
    const rss0 = process.memoryUsage().rss;
    const r = await badThenGood(fixed(gz, 200, { 'Content-Encoding': 'gzip' }));
    try {
      assert.ok(r.err instanceof IpsMalformedResponseError, r.err.message);
      assert.match(r.err.message, /^IPS answered getActiveJobs with more than the 32 MB this app accepts once decompressed$/);
      assert.ok(process.memoryUsage().rss - rss0 < 300 * 1024 * 1024, 'memory stays bounded');
    } finally {
      await r.close();
    }
  });

  it('a declared Content-Length over the cap is refused before reading, in words', async () => {
    const r = await badThenGood((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(50_000_000) });
      res.write('<');
    });
    try {
      assert.ok(r.err instanceof IpsMalformedResponseError);
      assert.match(r.err.message, /^IPS answered getActiveJobs with 50 MB, more than the 32 MB this app accepts$/);
    } finally {
      await r.close();
    }
  });

  it('a large valid answer is read off the main thread: the event loop stays free', async (t) => {
    const item =
      '<items><companyHandle>c|1</companyHandle><jobHandle>j|1</jobHandle><name>large answer</name><type>ImageServingPublish</type><state>Running</state><startDate>2024-05-02T01:00:04.120-05:00</startDate></items>';
    const body = ret('getActiveJobs', `<jobArray>${item.repeat(Math.floor((12 * 1024 * 1024) / item.length))}</jobArray>`);
    assert.ok(body.length < MAX_ANSWER_BYTES);
    const server = await rawServer((_q, res) => send(res, body));
    try {
      const api = await createIpsClient({ serviceUrl: server.url, user: 'u', password: 'p', timeoutMs: 60_000 });
      let worst = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const t = performance.now();
        worst = Math.max(worst, t - last);
        last = t;
      }, 10);
      const t0 = performance.now();
      const jobs = await api.getActiveJobs().finally(() => clearInterval(tick));
      const elapsed = performance.now() - t0;
      assert.ok(jobs.length > 50_000);
      assert.equal(jobs.at(-1)?.startDate, '2024-05-02T06:00:04.120Z');
      t.diagnostic(`12 MB answer, ${jobs.length} jobs in ${Math.round(elapsed)} ms: the event loop was blocked at most ${Math.round(worst)} ms`);
      // Parsing inline blocked the loop for the whole read (~1 s on a quiet machine); now only
      // the structured clone of the result is left here (~70 ms quiet; more on a busy machine,
      // where the whole read is slower in proportion).
      assert.ok(worst < Math.max(600, elapsed / 4), `the event loop was blocked ${Math.round(worst)} ms of ${Math.round(elapsed)} ms`);
    } finally {
      await server.close();
    }
  });

  it('the deadline covers reading: a large answer read too slowly is a timeout that says so', async () => {
    // 24 MB of XML sent as ~100 KB of gzip: it arrives at once even on a busy machine, and
    // reading it (about 2 s on a quiet one) is what outlasts the 1.2 s deadline.
    const item = '<items><jobHandle>j|1</jobHandle><name>n</name></items>';
    const body = ret('getActiveJobs', `<jobArray>${item.repeat(Math.floor(24_000_000 / item.length))}</jobArray>`);
    const r = await badThenGood(fixed(zlib.gzipSync(body), 200, { 'Content-Encoding': 'gzip' }), 1200);
    try {
      assert.ok(r.err instanceof IpsTimeoutError, `${r.err.name}: ${r.err.message}`);
      assert.match(r.err.message, /^IPS answered getActiveJobs with 24 MB, but reading the answer took longer than the 1\.2 s timeout$/);
      assert.ok(r.ms < 3500, `gave up near the deadline (${r.ms} ms)`);
    } finally {
      await r.close();
    }
  });
});

describe('deep nesting (#13.4)', () => {
  it('100,000 nested elements in an answer → malformed, not a RangeError', async () => {
    const deep = `${'<a>'.repeat(100_000)}x${'</a>'.repeat(100_000)}`;
    const r = await badThenGood(fixed(ret('getActiveJobs', `<jobArray><items><imageServingPublishJob>${deep}</imageServingPublishJob></items></jobArray>`)));
    try {
      assert.ok(r.err instanceof IpsMalformedResponseError, r.err.message);
      assert.match(r.err.message, /nested more than \d+ levels deep/);
    } finally {
      await r.close();
    }
  });

  it('the normalizers walk a 100,000-deep object without overflowing', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const rec = N.detailRecord('ImageServingPublishJob', { publishType: 'Full', extra: deep });
    assert.equal(rec.publishType, 'Full');
    let chain: unknown = 'text';
    for (let i = 0; i < 100_000; i++) chain = { $value: chain };
    assert.equal(N.str(chain), undefined);
    assert.deepEqual(N.activeJobs({ jobArray: { items: { jobHandle: 'j', imageServingPublishJob: deep } } })[0]?.jobHandle, 'j');
  });
});

describe('error classes (#13.6)', () => {
  it('a redirect to another host is a network error in words, and is never followed', async () => {
    const other = await rawServer((_q, res) => send(res, GOOD));
    const otherHost = new URL(other.url).host;
    const r = await badThenGood((_q, res) => {
      res.writeHead(302, { Location: `http://user:pw@${otherHost}/steal?token=abc` });
      res.end();
    });
    try {
      assert.ok(r.err instanceof IpsNetworkError, r.err.message);
      assert.equal(r.err.httpStatus, 302);
      assert.match(
        r.err.message,
        new RegExp(
          `^IPS answered getActiveJobs with HTTP 302 Found, a redirect to another server \\(${otherHost.replace(/\./g, '\\.')}\\); the app does not follow redirects`,
        ),
      );
      assert.ok(!/steal|token|user:pw/.test(r.err.message));
      assert.equal(other.requests.length, 0, 'the other server never got the request (nor the password)');
    } finally {
      await r.close();
      await other.close();
    }
  });

  it('a redirect on the same host (301, 307) is a network error too', async () => {
    for (const status of [301, 307]) {
      const r = await badThenGood((_q, res) => {
        res.writeHead(status, { Location: '/elsewhere' });
        res.end('<html>moved</html>');
      });
      try {
        assert.ok(r.err instanceof IpsNetworkError);
        assert.equal(r.err.httpStatus, status);
        assert.match(r.err.message, /redirect to another address on the same server/);
      } finally {
        await r.close();
      }
    }
  });

  const soap12 = (fault: string) =>
    `<?xml version="1.0"?><env:Envelope xmlns:env="${SOAP12}"><env:Body><env:Fault>${fault}</env:Fault></env:Body></env:Envelope>`;

  it('a SOAP 1.2 fault without Reason text is an IPS fault', async () => {
    for (const f of [
      '<env:Code><env:Value>env:Receiver</env:Value></env:Code>',
      '<env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Other/></env:Reason>',
      '<env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason/>',
    ]) {
      const r = await badThenGood(fixed(soap12(f), 500, { 'Content-Type': 'application/soap+xml' }));
      try {
        assert.ok(r.err instanceof IpsFaultError, `${r.err.name}: ${r.err.message}`);
        assert.equal(r.err.message, 'IPS could not run getActiveJobs');
        assert.equal(r.err.httpStatus, 500);
      } finally {
        await r.close();
      }
    }
  });

  it('a SOAP 1.2 fault with a 100,000-deep Detail is an IPS fault with its reason', async () => {
    const deep = `${'<d>'.repeat(100_000)}${'</d>'.repeat(100_000)}`;
    const r = await badThenGood(
      fixed(
        soap12(
          `<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">Backend down</env:Text></env:Reason><env:Detail>${deep}</env:Detail>`,
        ),
        500,
      ),
    );
    try {
      assert.ok(r.err instanceof IpsFaultError, `${r.err.name}: ${r.err.message}`);
      assert.equal(r.err.message, 'IPS could not run getActiveJobs: Backend down');
    } finally {
      await r.close();
    }
  });

  it('a SOAP 1.1 fault with a huge detail and no faultstring is an IPS fault', async () => {
    const detail = `<ipsApiFault xmlns="http://www.scene7.com/IpsApi/xsd"><code>30000</code><reason>${'x'.repeat(3_000_000)}</reason></ipsApiFault>`;
    const r = await badThenGood(fixed(envelope(`<soapenv:Fault><faultcode>soapenv:Server</faultcode><detail>${detail}</detail></soapenv:Fault>`), 500));
    try {
      assert.ok(r.err instanceof IpsFaultError, r.err.message);
      assert.equal(r.err.code, 30000);
      assert.ok(r.err.message.length < 400);
    } finally {
      await r.close();
    }
  });

  it('the Return element in the SOAP Header (Body empty) is malformed, not an empty list', async () => {
    const body = `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><getActiveJobsReturn xmlns="${IPS_NS}"><jobArray/></getActiveJobsReturn></soapenv:Header><soapenv:Body/></soapenv:Envelope>`;
    const r = await badThenGood(fixed(body));
    try {
      assert.ok(r.err instanceof IpsMalformedResponseError);
      assert.match(r.err.message, /without a getActiveJobsReturn element/);
    } finally {
      await r.close();
    }
  });

  it('two Body children are malformed, not an empty list', async () => {
    const r = await badThenGood(
      fixed(
        envelope(
          `<getActiveJobsReturn xmlns="${IPS_NS}"><jobArray/></getActiveJobsReturn><getActiveJobsReturn xmlns="${IPS_NS}"><jobArray/></getActiveJobsReturn>`,
        ),
      ),
    );
    try {
      assert.ok(r.err instanceof IpsMalformedResponseError);
      assert.match(r.err.message, /2 elements in the SOAP Body, where one is expected/);
    } finally {
      await r.close();
    }
  });

  it('a DTD (billion laughs, external entity) is refused before parsing', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
    for (const head of [lol, xxe]) {
      const body = head + ret('getActiveJobs', '<jobArray><items><name>&lol2;&xxe;</name></items></jobArray>').replace(/^<\?xml[^>]*>/, '');
      const r = await badThenGood(fixed(body));
      try {
        assert.ok(r.err instanceof IpsMalformedResponseError);
        assert.match(r.err.message, /DTD/);
        assert.ok(!r.err.message.includes('root:'));
      } finally {
        await r.close();
      }
    }
  });
});
