// Error mapping and secret scrubbing in isolation (electron/ips/faults.ts): the shapes a
// SOAP stack may hand over, and every form in which a password could be echoed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IpsAuthenticationError,
  IpsAuthorizationError,
  IpsFaultError,
  IpsMalformedResponseError,
  IpsNetworkError,
  IpsTimeoutError,
  IpsError,
  fromErrorInfo,
} from '../../electron/ips/errors.ts';
import { describeBody, makeScrubber, secretForms, toIpsError } from '../../electron/ips/faults.ts';
import { TransportFailure, describeNetworkCode } from '../../electron/ips/transport.ts';

const ctx = { operation: 'getActiveJobs', scrub: makeScrubber(['s3cr&t<']) };
const faultErr = (fault: object, status = 500) => ({ root: { Envelope: { Body: { Fault: fault } } }, response: { status } });

describe('scrubbing', () => {
  it('covers raw, XML-escaped (named and numeric), URL-encoded and base64 forms', () => {
    const forms = secretForms('a&b<c>"d\'');
    for (const f of [
      'a&b<c>"d\'',
      'a&amp;b&lt;c&gt;&quot;d&apos;',
      'a&#38;b&#60;c&#62;&#34;d&#39;',
      encodeURIComponent('a&b<c>"d\''),
      Buffer.from('a&b<c>"d\'').toString('base64'),
    ]) {
      assert.ok(forms.includes(f), f);
    }
  });

  it('replaces every occurrence, longest form first', () => {
    const scrub = makeScrubber(['pw&1', 'other']);
    assert.equal(scrub('x pw&1 y pw&amp;1 z other pw%261'), 'x *** y *** z *** ***');
    assert.equal(makeScrubber([undefined, ''])('nothing to hide'), 'nothing to hide');
  });
});

describe('error classes by kind', () => {
  it('an error read back from its plain data (a worker thread sends that) has its class and fields again', () => {
    const sent = new IpsAuthorizationError('IPS refused getActiveJobs', { code: 20003, operation: 'getActiveJobs', httpStatus: 500 });
    const back = fromErrorInfo(sent.toInfo());
    assert.ok(back instanceof IpsAuthorizationError);
    assert.equal(back.name, 'IpsAuthorizationError');
    assert.deepEqual(back.toInfo(), sent.toInfo());
    const usage = fromErrorInfo({ kind: 'usage', message: 'no such option' });
    assert.equal(usage.constructor, IpsError);
    assert.equal(usage.kind, 'usage');
  });
});

describe('toIpsError', () => {
  it('maps the three fault elements, with prefixes and text wrappers', () => {
    const a = toIpsError(faultErr({ faultcode: 'x', detail: { 's7:authenticationFault': { 's7:code': '10002', 's7:reason': 'no such user' } } }), ctx);
    assert.ok(a instanceof IpsAuthenticationError);
    assert.equal(a.code, 10002);
    const z = toIpsError(faultErr({ detail: { authorizationFault: { code: 20006, reason: { $value: 'illegal company' } } } }, 200), ctx);
    assert.ok(z instanceof IpsAuthorizationError);
    assert.equal(z.reason, 'illegal company');
    assert.equal(z.httpStatus, 200);
    assert.match(z.message, /not a member/);
    const f = toIpsError(faultErr({ detail: { ipsApiFault: { code: '30003', reason: 'bad\nmulti-line\nreason' } } }), ctx);
    assert.ok(f instanceof IpsFaultError);
    assert.equal(f.message, 'IPS could not run getActiveJobs: bad multi-line reason (30003)');
  });

  it('an unknown detail element or a non-numeric code is a plain fault', () => {
    const f = toIpsError(faultErr({ faultstring: 'Oops', detail: { somethingElse: { code: 'abc' } } }), ctx);
    assert.ok(f instanceof IpsFaultError);
    assert.equal(f.code, undefined);
  });

  it('reads a SOAP 1.2 fault (Reason/Text)', () => {
    const f = toIpsError(faultErr({ Code: { Value: 'soap:Receiver' }, Reason: { Text: 'AuthorizationException' } }), ctx);
    assert.ok(f instanceof IpsAuthorizationError);
  });

  it('scrubs reason and message', () => {
    const f = toIpsError(faultErr({ detail: { ipsApiFault: { code: 30001, reason: 'password s3cr&t< is odd, s3cr&amp;t&lt; too' } } }), ctx);
    assert.equal(f.reason, 'password *** is odd, *** too');
    assert.ok(!f.message.includes('s3cr'));
  });

  it('transport failures keep their kind', () => {
    assert.ok(toIpsError(new TransportFailure('timeout', 'x', 'ETIMEDOUT'), ctx) instanceof IpsTimeoutError);
    assert.ok(toIpsError(new TransportFailure('network', 'y', 'ECONNRESET'), ctx) instanceof IpsNetworkError);
    assert.ok(toIpsError(new TransportFailure('malformed', 'z'), ctx) instanceof IpsMalformedResponseError);
  });

  it('non-2xx without a fault → network; 2xx → malformed; nothing known → malformed', () => {
    const n = toIpsError({ response: { status: 504 }, body: '<html><body>Gateway Timeout</body></html>' }, ctx);
    assert.ok(n instanceof IpsNetworkError);
    assert.equal(n.httpStatus, 504);
    assert.ok(toIpsError({ response: { status: 200 }, body: '<foo/>' }, ctx) instanceof IpsMalformedResponseError);
    assert.ok(toIpsError(new TypeError("Cannot read properties of undefined (reading 'x')"), ctx) instanceof IpsMalformedResponseError);
  });

  it('describes bodies and socket codes in words', () => {
    for (const [body, words] of [
      ['', 'an empty body'],
      ['<!DOCTYPE html><html>', 'an HTML page'],
      ['Bad Gateway', 'text that is not XML'],
      ['<a/>', 'XML that is not a SOAP envelope'],
      ['<soap:Envelope xmlns:soap="x"><soap:Body>', 'incomplete or invalid XML'],
    ] as const)
      assert.equal(describeBody(body), words, body);
    assert.match(describeNetworkCode('ECONNREFUSED'), /refused/);
    assert.match(describeNetworkCode('ENOTFOUND'), /resolved/);
    assert.match(describeNetworkCode('CERT_HAS_EXPIRED'), /TLS/);
    assert.match(describeNetworkCode('ERR_TLS_CERT_ALTNAME_INVALID'), /TLS/);
  });
});
