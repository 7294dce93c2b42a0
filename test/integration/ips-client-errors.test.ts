// How the IPS client fails: every fault element, faults with HTTP 200, proxies' HTML
// pages, non-XML, truncated XML, dropped connections, timeouts, TLS — each mapped to one
// IpsError class with a one-line message — and the password never leaking into any error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { createIpsClient } from '../../electron/ips/client.ts';
import {
  IpsAuthenticationError,
  IpsAuthorizationError,
  IpsError,
  IpsFaultError,
  IpsMalformedResponseError,
  IpsNetworkError,
  IpsTimeoutError,
} from '../../electron/ips/errors.ts';
import { secretForms } from '../../electron/ips/faults.ts';
import { envelope, fault, rawServer, ret, send, type Handler } from './ips-client-fixtures.ts';
import { tempDir } from '../helpers/tmp.ts';

async function failWith(
  handler: Handler,
  opts: { password?: string; timeoutMs?: number; call?: 'active' | 'company' | 'stop' | 'checkLogin' } = {},
): Promise<IpsError> {
  const server = await rawServer(handler);
  try {
    const api = await createIpsClient({
      serviceUrl: server.url,
      user: 'ops@example.com',
      password: opts.password ?? 'secret',
      timeoutMs: opts.timeoutMs ?? 3000,
    });
    const call = opts.call ?? 'active';
    const p =
      call === 'company'
        ? api.getCompanyInfo({ companyHandle: 'c|1' })
        : call === 'stop'
          ? api.stopJob({ companyHandle: 'c|1', jobHandle: 'j|1' })
          : call === 'checkLogin'
            ? api.checkLogin({ email: 'x@example.com', password: 'Other-Pw-Checked-7731' })
            : api.getActiveJobs({ companyHandle: 'c|1' });
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof IpsError, `expected an IpsError, got ${inspect(err)}`);
      assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
      return err;
    }
    assert.fail('the call should have failed');
  } finally {
    await server.close();
  }
}

const fixedAnswer =
  (body: string | Buffer, status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    send(res, body, status, headers);
const HTML_502 = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

describe('SOAP faults', () => {
  it('authenticationFault 10001 → IpsAuthenticationError with code, reason, httpStatus, operation', async () => {
    const err = await failWith(fixedAnswer(fault('authenticationFault', 10001, 'Invalid user name or password'), 500));
    assert.ok(err instanceof IpsAuthenticationError);
    assert.equal(err.kind, 'authentication');
    assert.equal(err.code, 10001);
    assert.equal(err.reason, 'Invalid user name or password');
    assert.equal(err.httpStatus, 500);
    assert.equal(err.operation, 'getActiveJobs');
    assert.equal(err.message, 'IPS rejected the user name or password (10001)');
  });

  it('authorizationFault 20003 → IpsAuthorizationError', async () => {
    const err = await failWith(fixedAnswer(fault('authorizationFault', 20003, "Operation 'getCompanyInfo' is not permitted"), 500), { call: 'company' });
    assert.ok(err instanceof IpsAuthorizationError);
    assert.equal(err.code, 20003);
    assert.equal(err.operation, 'getCompanyInfo');
    assert.match(err.message, /role/);
    assert.match(err.message, /20003/);
  });

  it('ipsApiFault 30001 → IpsFaultError with the reason in the message', async () => {
    const err = await failWith(fixedAnswer(fault('ipsApiFault', 30001, 'Unknown job handle j|1'), 500), { call: 'stop' });
    assert.ok(err instanceof IpsFaultError);
    assert.equal(err.kind, 'fault');
    assert.equal(err.code, 30001);
    assert.equal(err.reason, 'Unknown job handle j|1');
    assert.equal(err.operation, 'stopJob');
    assert.equal(err.message, 'IPS could not run stopJob: Unknown job handle j|1 (30001)');
  });

  it('a fault with HTTP 200 (faultHttpStatusCode) is still a fault', async () => {
    const err = await failWith(fixedAnswer(fault('authenticationFault', 10000, 'No credentials'), 200));
    assert.ok(err instanceof IpsAuthenticationError);
    assert.equal(err.code, 10000);
    assert.equal(err.httpStatus, 200);
  });

  it('fault elements in the default namespace, without prefixes', async () => {
    const body = envelope(
      '<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>x</faultstring><detail><authorizationFault xmlns="http://www.scene7.com/IpsApi/xsd"><code>20000</code><reason>Not a member</reason></authorizationFault></detail></soapenv:Fault>',
    );
    const err = await failWith(fixedAnswer(body, 500));
    assert.ok(err instanceof IpsAuthorizationError);
    assert.equal(err.code, 20000);
  });

  it('a fault without detail maps by faultstring, else to IpsFaultError', async () => {
    const noDetail = (fs: string) => envelope(`<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${fs}</faultstring></soapenv:Fault>`);
    const a = await failWith(fixedAnswer(noDetail('AuthenticationException'), 500));
    assert.ok(a instanceof IpsAuthenticationError);
    assert.equal(a.code, undefined);
    const f = await failWith(fixedAnswer(noDetail('java.lang.NullPointerException'), 500));
    assert.ok(f instanceof IpsFaultError);
    assert.equal(f.code, undefined);
    assert.match(f.message, /NullPointerException/);
  });

  it('a gzip-compressed fault', async () => {
    const err = await failWith(fixedAnswer(zlib.gzipSync(fault('ipsApiFault', 30002, 'Missing companyHandle')), 500, { 'Content-Encoding': 'gzip' }));
    assert.ok(err instanceof IpsFaultError);
    assert.equal(err.code, 30002);
  });
});

describe('non-SOAP answers', () => {
  it("a proxy's HTML 502 page → IpsNetworkError with httpStatus (non-2xx without a SOAP body)", async () => {
    const err = await failWith(fixedAnswer(HTML_502, 502, { 'Content-Type': 'text/html' }));
    assert.ok(err instanceof IpsNetworkError);
    assert.equal(err.httpStatus, 502);
    assert.match(err.message, /HTTP 502/);
    assert.match(err.message, /HTML page/);
  });

  it('plain text 503 → IpsNetworkError', async () => {
    const err = await failWith(fixedAnswer('Service Unavailable', 503, { 'Content-Type': 'text/plain' }));
    assert.ok(err instanceof IpsNetworkError);
    assert.equal(err.httpStatus, 503);
  });

  it('HTML with 200 (captive portal, login page) → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer('<html><body>Please sign in</body></html>', 200, { 'Content-Type': 'text/html' }));
    assert.ok(err instanceof IpsMalformedResponseError);
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /HTML page/);
  });

  it('plain text with 200 → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer('OK', 200, { 'Content-Type': 'text/plain' }));
    assert.ok(err instanceof IpsMalformedResponseError);
    assert.match(err.message, /not XML/);
  });

  it('empty 200 → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer('', 200));
    assert.ok(err instanceof IpsMalformedResponseError);
  });

  it('truncated XML → IpsMalformedResponseError', async () => {
    const full = ret('getActiveJobs', '<jobArray><items><name>x</name><jobHandle>j|1</jobHandle></items></jobArray>');
    const err = await failWith(fixedAnswer(full.slice(0, full.length - 60)));
    assert.ok(err instanceof IpsMalformedResponseError);
  });

  it('wrong root element (not a SOAP envelope) → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer('<?xml version="1.0"?><foo><bar/></foo>'));
    assert.ok(err instanceof IpsMalformedResponseError);
  });

  it('an envelope with another operation’s Return → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer(ret('getScheduledJobs', '<jobArray/>')));
    assert.ok(err instanceof IpsMalformedResponseError);
    assert.match(err.message, /getActiveJobsReturn/);
  });

  it('an envelope whose Body holds an unknown element → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer(envelope('<somethingElse xmlns="urn:x"><a>1</a></somethingElse>')));
    assert.ok(err instanceof IpsMalformedResponseError);
  });

  it('corrupt gzip → IpsMalformedResponseError', async () => {
    const gz = zlib.gzipSync(ret('getActiveJobs', '<jobArray/>'));
    const err = await failWith(fixedAnswer(gz.subarray(0, gz.length - 12), 200, { 'Content-Encoding': 'gzip' }));
    assert.ok(err instanceof IpsMalformedResponseError);
  });

  it('getCompanyInfo without companyInfo → IpsMalformedResponseError', async () => {
    const err = await failWith(fixedAnswer(ret('getCompanyInfo', '')), { call: 'company' });
    assert.ok(err instanceof IpsMalformedResponseError);
    assert.match(err.message, /companyInfo/);
  });
});

describe('transport failures', () => {
  it('dropped connection (socket.destroy) → IpsNetworkError', async () => {
    const err = await failWith((_req, _res, raw) => raw.socket.destroy());
    assert.ok(err instanceof IpsNetworkError);
    assert.match(err.message, /dropped/);
    assert.equal(err.httpStatus, undefined);
  });

  it('connection dropped mid-body → IpsNetworkError', async () => {
    const err = await failWith((_req, res, raw) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write('<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>');
      setTimeout(() => raw.socket.destroy(), 20);
    });
    assert.ok(err instanceof IpsNetworkError);
  });

  it('slow server → IpsTimeoutError within the per-call timeout', async () => {
    const started = Date.now();
    const err = await failWith((_req, res) => setTimeout(() => send(res, ret('getActiveJobs', '<jobArray/>')), 2000), { timeoutMs: 250 });
    assert.ok(err instanceof IpsTimeoutError);
    assert.equal(err.kind, 'timeout');
    assert.ok(Date.now() - started < 1500, 'gave up near the timeout');
  });

  it('a server that sends headers then trickles the body still hits the deadline', async () => {
    const err = await failWith(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        const t = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(t));
      },
      { timeoutMs: 300 },
    );
    assert.ok(err instanceof IpsTimeoutError);
  });

  it('connection refused → IpsNetworkError', async () => {
    const server = await rawServer(() => {});
    const url = server.url;
    await server.close();
    const api = await createIpsClient({ serviceUrl: url, user: 'u', password: 'p', timeoutMs: 2000 });
    await assert.rejects(api.getActiveJobs(), (err: unknown) => {
      assert.ok(err instanceof IpsNetworkError);
      assert.match(err.message, /refused/);
      return true;
    });
  });

  it('TLS: a self-signed certificate is rejected (verification stays on) → IpsNetworkError', async (t) => {
    const dir = tempDir('ips-tls-');
    try {
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-keyout',
            join(dir, 'k.pem'),
            '-out',
            join(dir, 'c.pem'),
            '-days',
            '1',
            '-subj',
            '/CN=127.0.0.1',
          ],
          {
            stdio: 'ignore',
          },
        );
      } catch {
        t.skip('openssl is not available to make a test certificate');
        return;
      }
      const server = https.createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) =>
        send(res, ret('getActiveJobs', '<jobArray/>')),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const api = await createIpsClient({ serviceUrl: `https://127.0.0.1:${port}/scene7/services/IpsApiService`, user: 'u', password: 'p', timeoutMs: 2000 });
        await assert.rejects(api.getActiveJobs(), (err: unknown) => {
          assert.ok(err instanceof IpsNetworkError, inspect(err));
          assert.match(err.message, /TLS/);
          return true;
        });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the password never leaks', () => {
  const PASSWORD = `Zebra&<Quartz>"9137'秘密`;
  const forms = secretForms(PASSWORD);

  function assertClean(err: IpsError, label: string): void {
    const texts = {
      message: err.message,
      stack: String(err.stack),
      json: JSON.stringify(err),
      info: JSON.stringify(err.toInfo()),
      inspect: inspect(err, { depth: 10, showHidden: true }),
      string: String(err),
      reason: String(err.reason),
    };
    for (const [where, text] of Object.entries(texts)) {
      for (const f of forms) assert.ok(!text.includes(f), `${label}: password form ${JSON.stringify(f)} found in ${where}: ${text}`);
      assert.ok(!text.includes('Zebra'), `${label}: part of the password found in ${where}`);
    }
  }

  /** Echoes the request (which contains the password, XML-escaped) back inside `wrap`. */
  const echo =
    (wrap: (body: string) => string, status: number, headers: Record<string, string> = {}): Handler =>
    (req, res) =>
      send(res, wrap(req.body), status, headers);
  const unescaped = (body: string) =>
    body
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const passwordIn = (body: string) => /<\w+:password>([\s\S]*?)<\/\w+:password>/.exec(body)?.[1] ?? '';

  const cases: Array<[string, Handler, new (...a: never[]) => IpsError, Parameters<typeof failWith>[1]?]> = [
    [
      'authentication fault echoing the password',
      echo((b) => fault('authenticationFault', 10001, `bad password ${passwordIn(b)} for ops`), 500),
      IpsAuthenticationError,
    ],
    [
      'authorization fault echoing the password',
      echo((b) => fault('authorizationFault', 20003, `user/pw ${passwordIn(b)} may not`), 500),
      IpsAuthorizationError,
    ],
    ['ipsApi fault echoing the whole request', echo((b) => fault('ipsApiFault', 30003, `Invalid XML: ${b.replace(/</g, '&lt;')}`), 500), IpsFaultError],
    [
      'fault without detail, faultstring = the password',
      echo((b) => envelope(`<soapenv:Fault><faultcode>x</faultcode><faultstring>${passwordIn(b)}</faultstring></soapenv:Fault>`), 200),
      IpsFaultError,
    ],
    [
      'HTML 502 page echoing the request',
      echo((b) => `<html><body><pre>${b}</pre>${unescaped(b)}</body></html>`, 502, { 'Content-Type': 'text/html' }),
      IpsNetworkError,
    ],
    ['plain text 200 echoing the request', echo((b) => `echo: ${unescaped(b)}`, 200, { 'Content-Type': 'text/plain' }), IpsMalformedResponseError],
    ['truncated XML echoing the request', echo((b) => b.slice(0, b.length - 40), 200), IpsMalformedResponseError],
    ['dropped connection', (_r, _s, raw) => raw.socket.destroy(), IpsNetworkError],
    ['timeout', () => {}, IpsTimeoutError, { timeoutMs: 150 }],
    [
      'checkLogin echoing the checked password',
      echo((b) => fault('ipsApiFault', 30001, `bad ${/<\w+:password>([^<]*)<\/\w+:password><\/\w+:checkLoginParam>/.exec(b)?.[1]}`), 500),
      IpsFaultError,
      { call: 'checkLogin' },
    ],
  ];

  for (const [label, handler, cls, opts] of cases) {
    it(label, async () => {
      const err = await failWith(handler, { ...opts, password: PASSWORD });
      assert.ok(err instanceof cls, `${label}: expected ${cls.name}, got ${err.name}: ${err.message}`);
      assertClean(err, label);
      if (/fault echoing/.test(label)) assert.match(String(err.reason), /\*\*\*/, 'the echoed secret was scrubbed, not dropped by luck');
      if (/faultstring/.test(label)) assert.match(err.message, /\*\*\*/, 'the echoed secret was scrubbed, not dropped by luck');
      if (opts?.call === 'checkLogin') {
        assert.ok(!JSON.stringify(err).includes('Other-Pw-Checked-7731') && !err.message.includes('Other-Pw-Checked-7731'));
      }
    });
  }

  it('refused connection and usage errors', async () => {
    const server = await rawServer(() => {});
    const url = server.url;
    await server.close();
    const api = await createIpsClient({ serviceUrl: url, user: 'u', password: PASSWORD, timeoutMs: 1000 });
    const refused = await api.getActiveJobs().catch((e: unknown) => e);
    assert.ok(refused instanceof IpsNetworkError);
    assertClean(refused, 'refused');
    const usage = await createIpsClient({ serviceUrl: 'http://ips.example.com/scene7/services/IpsApiService', user: 'u', password: PASSWORD }).catch(
      (e: unknown) => e,
    );
    assert.ok(usage instanceof IpsError && usage.kind === 'usage');
    assertClean(usage, 'usage');
  });
});
