// The simulator's documented faults, fault injection, and wire details (gzip,
// SOAPAction forms, namespaces, SOAP 1.2), over real HTTP with hand-written envelopes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { NS, T0, client, clientFault, faultOf, gunzip, one, raw, x } from './simulator-helpers.ts';

let sim: Simulator;

before(async () => {
  sim = await startSimulator({ clock: createManualClock(T0), seed: 3 });
});
after(async () => {
  await sim.close();
});

describe('authentication faults', () => {
  it('no authHeader → authenticationFault 10000 on HTTP 500', async () => {
    const r = await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|15' }), { user: null });
    assert.equal(r.status, 500);
    assert.deepEqual(faultOf(r.text), { element: 'authenticationFault', code: 10000, reason: faultOf(r.text)?.reason });
    assert.match(r.text, /<faultstring>AuthenticationException<\/faultstring>/);
    assert.match(r.text, /xmlns:s7="http:\/\/www\.scene7\.com\/IpsApi\/xsd"/, 'fault detail in the unversioned namespace');
  });

  it('bad password → 10001, unknown user → 10002, and no password ever echoed', async () => {
    const bad = await raw(sim, 'getActiveJobs', '', { password: 'hunter2-wrong' });
    assert.equal(faultOf(bad.text)?.code, 10001);
    assert.ok(!bad.text.includes('hunter2-wrong'));
    const unknown = await raw(sim, 'getActiveJobs', '', { user: 'nobody@example.com' });
    assert.equal(faultOf(unknown.text)?.code, 10002);
  });

  it('accepts the authHeader in the versioned namespace, and HTTP Basic', async () => {
    const r = await raw(sim, 'getUserInfo', '', { authNs: NS });
    assert.equal(r.status, 200);
    assert.equal(one(r.text, 'email'), 'demo@example.com');
    const basic = await raw(sim, 'getUserInfo', '', {
      user: null,
      headers: { Authorization: `Basic ${Buffer.from('ops@example.com:ops').toString('base64')}` },
    });
    assert.equal(one(basic.text, 'email'), 'ops@example.com');
  });

  it('faultHttpStatusCode moves faults to another HTTP status', async () => {
    const r = await raw(sim, 'getActiveJobs', '', { password: 'x', extraAuth: '<a:faultHttpStatusCode>200</a:faultHttpStatusCode>' });
    assert.equal(r.status, 200);
    assert.equal(faultOf(r.text)?.code, 10001);
  });
});

describe('authorization faults', () => {
  it('unknown company → 20000; a company the user is not in → 20006', async () => {
    const unknown = await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|999' }));
    assert.deepEqual([faultOf(unknown.text)?.element, faultOf(unknown.text)?.code], ['authorizationFault', 20000]);
    const foreign = await raw(sim, 'getJobLogs', x({ companyHandle: 'c|2101' }), { user: 'ops@example.com', password: 'ops' });
    assert.deepEqual([faultOf(foreign.text)?.element, faultOf(foreign.text)?.code], ['authorizationFault', 20006]);
  });

  it('role matrix: an ImagePortalUser may read logs but not getActiveJobs or stopJob (20003)', async () => {
    const portal = await client(sim, 'portal@example.com', 'portal');
    const [logs] = await portal.getJobLogsAsync({ companyHandle: 'c|15', numRows: 1 });
    assert.ok(logs);
    for (const call of [
      () => portal.getActiveJobsAsync({ companyHandle: 'c|15' }),
      () => portal.stopJobAsync({ companyHandle: 'c|15', jobHandle: 'j|15||x|1' }),
    ]) {
      try {
        await call();
        assert.fail('expected a fault');
      } catch (err) {
        assert.deepEqual(clientFault(err), { element: 'authorizationFault', code: 20003, status: 500 });
      }
    }
    // IpsCompanyAdmin may stop but not submit (as the reference lists it).
    const r = await raw(sim, 'submitJob', x({ companyHandle: 'c|15', jobName: 'x' }) + '<ips:optimizeImagesJob/>', {
      user: 'ops@example.com',
      password: 'ops',
    });
    assert.equal(faultOf(r.text)?.code, 20003);
  });

  it('the role matrix is configurable', async () => {
    sim.world.roles.get('getActiveJobs')?.add('ImagePortalUser');
    const r = await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|15' }), { user: 'portal@example.com', password: 'portal' });
    assert.equal(r.status, 200);
    sim.world.roles.get('getActiveJobs')?.delete('ImagePortalUser');
  });
});

describe('ipsApiFault', () => {
  it('unknown job handle → 30001; missing required child → 30002', async () => {
    const unknown = await raw(sim, 'pauseJob', x({ companyHandle: 'c|15', jobHandle: 'j|15|no-such-job|' }));
    assert.deepEqual([faultOf(unknown.text)?.element, faultOf(unknown.text)?.code], ['ipsApiFault', 30001]);
    const missing = await raw(sim, 'stopJob', x({ companyHandle: 'c|15' }));
    assert.deepEqual([faultOf(missing.text)?.element, faultOf(missing.text)?.code], ['ipsApiFault', 30002]);
    const noCompany = await raw(sim, 'getScheduledJobs', '');
    assert.equal(faultOf(noCompany.text)?.code, 30002);
  });

  it('not XML, or an unknown operation → 30003', async () => {
    const res = await fetch(sim.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<soapenv:Envelope><oops' });
    const text = await res.text();
    assert.equal(res.status, 500);
    assert.equal(faultOf(text)?.code, 30003);
    const unknownOp = await raw(sim, 'launchRocket', '');
    assert.equal(faultOf(unknownOp.text)?.code, 30003);
  });
});

describe('wire details', () => {
  it('gzips when Accept-Encoding has gzip; authHeader gzipResponse overrides', async () => {
    const body = `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s7="http://www.scene7.com/IpsApi/xsd" xmlns:ips="${NS}"><soapenv:Header><s7:authHeader><s7:user>demo@example.com</s7:user><s7:password>demo</s7:password>GZ</s7:authHeader></soapenv:Header><soapenv:Body><ips:getUserInfoParam/></soapenv:Body></soapenv:Envelope>`;
    const http = await import('node:http');
    const post = (b: string, enc: string): Promise<{ headers: Record<string, unknown>; buf: Buffer }> =>
      new Promise((resolve, reject) => {
        const u = new URL(sim.url);
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            path: u.pathname,
            method: 'POST',
            headers: { 'Content-Type': 'text/xml', SOAPAction: 'getUserInfo', 'Accept-Encoding': enc },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, buf: Buffer.concat(chunks) }));
          },
        );
        req.on('error', reject);
        req.end(b);
      });
    const gz = await post(body.replace('GZ', ''), 'gzip, deflate');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gunzip(gz.buf.buffer.slice(gz.buf.byteOffset, gz.buf.byteOffset + gz.buf.length) as ArrayBuffer), /<email>demo@example.com<\/email>/);
    const off = await post(body.replace('GZ', '<s7:gzipResponse>false</s7:gzipResponse>'), 'gzip');
    assert.equal(off.headers['content-encoding'], undefined);
    const forced = await post(body.replace('GZ', '<s7:gzipResponse>true</s7:gzipResponse>'), 'identity');
    assert.equal(forced.headers['content-encoding'], 'gzip');
    const plain = await post(body.replace('GZ', ''), 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
  });

  it('SOAPAction quoted, bare or absent; any IpsApi body namespace answered in kind; SOAP 1.2', async () => {
    for (const soapAction of ['"getUserInfo"', 'getUserInfo', null]) {
      const r = await raw(sim, 'getUserInfo', '', { soapAction });
      assert.equal(r.status, 200, `SOAPAction ${soapAction}`);
      assert.equal(one(r.text, 'email'), 'demo@example.com');
    }
    const older = 'http://www.scene7.com/IpsApi/xsd/2012-02-14';
    const body = `<?xml version="1.0"?><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header><authHeader xmlns="http://www.scene7.com/IpsApi/xsd"><user>demo@example.com</user><password>demo</password></authHeader></e:Header><e:Body><getUserInfoParam xmlns="${older}"/></e:Body></e:Envelope>`;
    const res = await fetch(sim.url, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'getUserInfo' }, body });
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(text, new RegExp(`<getUserInfoReturn xmlns="${older}">`));
    const s12 = await raw(sim, 'getUserInfo', '', { soap12: true });
    assert.equal(s12.status, 200);
    assert.match(s12.text, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/);
    assert.match(s12.headers.get('content-type') ?? '', /application\/soap\+xml/);
  });

  it('serves the WSDL with its address pointing here', async () => {
    const res = await fetch(sim.wsdlUrl);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.ok(text.includes(`location="${sim.url}"`));
  });

  it('empty arrays are empty wrappers', async () => {
    const r = await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|2101', originalName: 'nothing-like-this' }));
    assert.match(r.text, /<jobArray\/>/);
  });
});

describe('fault injection', () => {
  it('the next N calls of one operation answer a given SOAP fault', async () => {
    sim.faults.soapFault({ code: 30000, reason: 'Database is down' }, { op: 'getActiveJobs', count: 2 });
    const other = await raw(sim, 'getUserInfo', '');
    assert.equal(other.status, 200, 'other operations unaffected');
    for (let i = 0; i < 2; i++) {
      const r = await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|15' }));
      assert.equal(r.status, 500);
      assert.deepEqual(faultOf(r.text), { element: 'ipsApiFault', code: 30000, reason: 'Database is down' });
    }
    assert.equal((await raw(sim, 'getActiveJobs', x({ companyHandle: 'c|15' }))).status, 200);
    assert.equal(sim.faults.pending().length, 0);
  });

  it('an HTML error page with a status', async () => {
    sim.faults.httpError(503);
    const r = await raw(sim, 'getJobLogs', x({ companyHandle: 'c|15' }));
    assert.equal(r.status, 503);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.text, /<html>/);
  });

  it('malformed XML and a truncated body', async () => {
    sim.faults.malformed({ op: 'getScheduledJobs' });
    const m = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15' }));
    assert.equal(m.status, 200);
    assert.match(m.text, /<items><name>broken<\/items>/);
    sim.faults.truncated();
    const t = await raw(sim, 'getCompanyMembership', '');
    assert.equal(t.status, 200);
    assert.ok(!t.text.includes('</soap:Envelope>'), 'cut off');
    assert.ok(t.text.startsWith('<?xml'));
    sim.faults.truncated({ mode: 'close' });
    await assert.rejects(raw(sim, 'getCompanyMembership', ''));
  });

  it('a dropped connection, latency, and a hang that close() ends', async () => {
    sim.faults.drop({ op: 'getUserInfo' });
    await assert.rejects(raw(sim, 'getUserInfo', ''));
    assert.equal((await raw(sim, 'getUserInfo', '')).status, 200);
    sim.faults.latency(150, 'getUserInfo');
    const t = Date.now();
    await raw(sim, 'getUserInfo', '');
    assert.ok(Date.now() - t >= 140);
    sim.faults.clear();
    sim.faults.hang({ op: 'checkLogin' });
    const hung = raw(sim, 'checkLogin', x({ email: 'a', password: 'b' })).catch((e: unknown) => e);
    const first = await Promise.race([hung, new Promise((r) => setTimeout(() => r('still waiting'), 200))]);
    assert.equal(first, 'still waiting');
    assert.ok(sim.faults.calls.checkLogin && sim.faults.calls.checkLogin >= 1);
    const s2 = await startSimulator({ clock: createManualClock(T0) });
    s2.faults.hang();
    const p = raw(s2, 'getUserInfo', '').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 30));
    await s2.close();
    assert.ok((await p) instanceof Error, 'closing ends hanging calls');
    // The first simulator's hanging call ends when the suite closes it.
  });
});
