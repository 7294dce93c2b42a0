// The simulator answers SOAP envelopes as other stacks write them, not only as our client
// does: zeep (the prefix ns0 declared on the header for one namespace and again on the body
// for another — captured from zeep 4.2), Axis2 (ns1:/ns2:, WS-Addressing headers,
// mustUnderstand), .NET (default namespaces, xsi:nil), SOAP 1.2 (env: or a default-namespace
// Envelope, action in the Content-Type), CDATA and entities, scoped prefix redeclarations.
// Each fixture (test/fixtures/envelopes/) is POSTed over real HTTP, pretty-printed and
// compact; every answer is parsed as namespaced XML and checked for its version, namespace,
// data and, for faults, a well-formed fault of that version.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseXml, type XmlElement } from '../../electron/simulator/envelope.ts';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { NS, S7, T0, raw, x } from './simulator-helpers.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const NS_2012 = 'http://www.scene7.com/IpsApi/xsd/2012-02-14';
const FIXTURES = new URL('../fixtures/envelopes/', import.meta.url);
const SPECIAL = 'a&b <x> "中" \'y\'';

let sim: Simulator;
let runHandle: string;
let decoyHandle: string;

before(async () => {
  sim = await startSimulator({ clock: createManualClock(T0), seed: 5 });
  runHandle = sim.world.addJob({ name: SPECIAL, files: 10, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } }).handle;
  decoyHandle = sim.world.addJob({ name: SOAP12, files: 5, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } }).handle;
  sim.world.addJob({ name: SOAP12, companyHandle: 'c|2101', files: 5, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } });
  sim.world.advance(3_000);
});
after(async () => {
  await sim.close();
});

const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
/** Whitespace between tags removed (the fixtures have no whitespace-only values). */
const compact = (xml: string): string => xml.replace(/>\s+</g, '><');
/** One element per line, indented (only for fixtures without CDATA). */
const pretty = (xml: string): string => {
  let depth = 0;
  return compact(xml)
    .replace(/></g, '>\n<')
    .split('\n')
    .map((line) => {
      if (/^<\//.test(line)) depth = Math.max(0, depth - 1);
      const out = `${'  '.repeat(depth)}${line}`;
      if (/^<[^/?!][^>]*[^/]>$/.test(line) && !/<\//.test(line)) depth++;
      return out;
    })
    .join('\n');
};

interface Answer {
  status: number;
  contentType: string;
  text: string;
  envelope: XmlElement;
  body: XmlElement;
}

async function post(xml: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(sim.url, { method: 'POST', headers: { 'Accept-Encoding': 'identity', ...headers }, body: xml });
  const text = await res.text();
  const envelope = parseXml(text); // throws if the answer is not well-formed, namespaced XML
  assert.equal(envelope.local, 'Envelope');
  const body = envelope.children.find((c) => c.local === 'Body' && c.ns === envelope.ns);
  assert.ok(body, `a Body in the envelope's namespace: ${text.slice(0, 300)}`);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, envelope, body };
}

const kids = (el: XmlElement | undefined, local: string, ns?: string): XmlElement[] =>
  (el?.children ?? []).filter((c) => c.local === local && (ns === undefined || c.ns === ns));
const kid = (el: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined => kids(el, local, ns)[0];

/** The answer is a SOAP envelope of `version` whose Body holds `<op>Return` in `ns`. */
function assertReturn(a: Answer, version: string, op: string, ns: string): XmlElement {
  assert.equal(a.status, 200, a.text.slice(0, 500));
  assert.equal(a.envelope.ns, version, 'answered in the SOAP version of the request');
  assert.match(a.contentType, version === SOAP12 ? /^application\/soap\+xml/ : /^text\/xml/);
  const ret = a.body.children[0];
  assert.equal(ret?.local, `${op}Return`);
  assert.equal(ret?.ns, ns, 'answered in the namespace of the request body');
  assert.equal(a.body.children.length, 1);
  return ret as XmlElement;
}

/** A well-formed fault of `version` with an IPS fault element in the unversioned namespace. */
function assertFault(a: Answer, version: string, element: string, code: number): string {
  assert.equal(a.status, 500);
  assert.equal(a.envelope.ns, version, 'the fault is in the SOAP version of the request');
  assert.match(a.contentType, version === SOAP12 ? /^application\/soap\+xml/ : /^text\/xml/);
  const fault = kid(a.body, 'Fault', version);
  assert.ok(fault, `a ${version} Fault: ${a.text.slice(0, 400)}`);
  assert.equal(a.body.children.length, 1);
  let detail: XmlElement | undefined;
  let code_: string | undefined;
  if (version === SOAP12) {
    code_ = kid(kid(fault, 'Code', SOAP12), 'Value', SOAP12)?.text;
    assert.ok(kid(kid(fault, 'Reason', SOAP12), 'Text', SOAP12)?.text, 'Reason/Text');
    assert.equal(kids(fault, 'faultcode').length, 0, 'no SOAP 1.1 children in a 1.2 fault');
    detail = kid(fault, 'Detail', SOAP12);
  } else {
    code_ = kid(fault, 'faultcode', '')?.text;
    assert.ok(kid(fault, 'faultstring', '')?.text, 'faultstring');
    detail = kid(fault, 'detail', '');
  }
  // The fault code is a QName whose prefix is bound to the envelope's namespace.
  const [prefix, local] = (code_ ?? '').split(':');
  assert.ok(version === SOAP12 ? ['Sender', 'Receiver'].includes(local ?? '') : ['Client', 'Server'].includes(local ?? ''), `fault code ${code_}`);
  assert.ok(a.text.includes(`xmlns:${prefix}="${version}"`), `prefix ${prefix} bound to ${version}`);
  const ips = kid(detail, element, S7);
  assert.ok(ips, `detail/${element} in ${S7}`);
  assert.equal(kid(ips, 'code', S7)?.text, String(code));
  const reason = kid(ips, 'reason', S7)?.text ?? '';
  assert.ok(reason.length > 0);
  return reason;
}

const SOAP11_HEADERS = (action: string) => ({ 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: action });
const SOAP12_HEADERS = (action?: string) => ({ 'Content-Type': `application/soap+xml; charset=utf-8${action ? `; action="${action}"` : ''}` });

function jobsOf(ret: XmlElement): Array<{ handle: string | undefined; name: string | undefined; company: string | undefined }> {
  return kids(kid(ret, 'jobArray', ret.ns), 'items', ret.ns).map((i) => ({
    handle: kid(i, 'jobHandle')?.text,
    name: kid(i, 'name')?.text,
    company: kid(i, 'companyHandle')?.text,
  }));
}

describe('envelopes from other SOAP stacks', () => {
  for (const shape of [
    { name: 'as captured', f: (s: string) => s },
    { name: 'pretty-printed', f: pretty },
    { name: 'compact', f: compact },
  ]) {
    it(`zeep: ns0 declared on the header (unversioned) and again on the body (versioned) — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('zeep-getActiveJobs.xml')), SOAP11_HEADERS('"getActiveJobs"'));
      const ret = assertReturn(a, SOAP11, 'getActiveJobs', NS);
      const job = jobsOf(ret).find((j) => j.handle === runHandle);
      assert.equal(job?.name, SPECIAL, 'entities in the answer decode to the name');
    });

    it(`Axis2: ns1:/ns2: prefixes, WS-Addressing headers, mustUnderstand="0", urn: action — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('axis2-getActiveJobs.xml')), SOAP11_HEADERS('urn:getActiveJobs'));
      const ret = assertReturn(a, SOAP11, 'getActiveJobs', NS);
      assert.ok(jobsOf(ret).some((j) => j.handle === runHandle));
    });

    it(`.NET: default namespaces on the authHeader and the body element, xsi:nil — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('dotnet-getUserInfo.xml')), SOAP11_HEADERS('"getUserInfo"'));
      const ret = assertReturn(a, SOAP11, 'getUserInfo', NS);
      assert.equal(kid(kid(ret, 'userInfo', NS), 'email', NS)?.text, 'ops@example.com', 'xsi:nil userHandle = absent: the caller');
    });

    it(`SOAP 1.2 (env:, action in the Content-Type, versioned authHeader, unqualified children) — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('soap12-getActiveJobs.xml')), SOAP12_HEADERS('getActiveJobs'));
      const ret = assertReturn(a, SOAP12, 'getActiveJobs', NS);
      assert.ok(jobsOf(ret).some((j) => j.handle === runHandle));
      assert.ok(!a.text.includes(SOAP11), 'nothing of SOAP 1.1 in a 1.2 answer');
    });

    it(`SOAP 1.2 Envelope in a default namespace, no action, an older IpsApi version — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('soap12-default-envelope.xml')), SOAP12_HEADERS());
      const ret = assertReturn(a, SOAP12, 'getUserInfo', NS_2012);
      assert.equal(kid(kid(ret, 'userInfo', NS_2012), 'email', NS_2012)?.text, 'demo@example.com');
    });

    it(`prefixes redeclared in scope, a foreign element in the body, a SOAP 1.2 URI as a value — ${shape.name}`, async () => {
      const a = await post(shape.f(fixture('decoy-prefixes.xml')), SOAP11_HEADERS('getActiveJobs'));
      const ret = assertReturn(a, SOAP11, 'getActiveJobs', NS);
      assert.deepEqual(jobsOf(ret), [{ handle: decoyHandle, name: SOAP12, company: 'c|15' }], 'c|15 only: the decoy companyHandle is in another namespace');
    });
  }

  it('zeep submitJob: entities, a trailing space in execSchedule, quotes — stored and echoed exactly', async () => {
    const a = await post(fixture('zeep-submitJob.xml'), SOAP11_HEADERS('"submitJob"'));
    const ret = assertReturn(a, SOAP11, 'submitJob', NS);
    const handle = kid(ret, 'jobHandle', NS)?.text ?? '';
    assert.equal(handle, 'j|15|Q3 & Q4 <draft> 中文|');
    const s = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15', jobHandle: handle }));
    const items = kid(kid(kid(parseXml(s.text), 'Body')?.children[0], 'jobArray'), 'items');
    assert.equal(kid(items, 'name')?.text, 'Q3 & Q4 <draft> 中文');
    assert.equal(kid(items, 'execSchedule')?.text, '0 0 3 ? * SUN ', 'kept verbatim');
    assert.equal(kid(items, 'description')?.text, 'a "quoted" & \'apos\'');
  });

  it('CDATA (also holding <?xml … ?>), character references and every predefined entity', async () => {
    const a = await post(fixture('cdata-entities-submitJob.xml'), SOAP11_HEADERS('submitJob'));
    const ret = assertReturn(a, SOAP11, 'submitJob', NS);
    const name = `CDATA <b>&</b> 中文 &<>"'`;
    assert.equal(kid(ret, 'jobHandle', NS)?.text, `j|15|${name}|`);
    const s = await raw(sim, 'getScheduledJobs', x({ companyHandle: 'c|15', jobHandle: `j|15|${name}|` }));
    const items = kid(kid(kid(parseXml(s.text), 'Body')?.children[0], 'jobArray'), 'items');
    assert.equal(kid(items, 'name')?.text, name);
    assert.equal(kid(items, 'execSchedule')?.text, '0 30 2 ? * MON ');
    assert.equal(kid(items, 'description')?.text, '<?xml version="1.0"?><not-parsed/>', 'CDATA is text, not XML');
  });

  it('encodings: ISO-8859-1 from the XML declaration, UTF-16 with a byte-order mark', async () => {
    const latin = fixture('zeep-submitJob.xml')
      .replace(`<?xml version='1.0' encoding='utf-8'?>`, '<?xml version="1.0" encoding="ISO-8859-1"?>')
      .replace('Q3 &amp; Q4 &lt;draft&gt; 中文', 'Café crème');
    const a = await post(new Uint8Array(Buffer.from(latin, 'latin1')), { 'Content-Type': 'text/xml', SOAPAction: 'submitJob' });
    assert.equal(kid(assertReturn(a, SOAP11, 'submitJob', NS), 'jobHandle', NS)?.text, 'j|15|Café crème|');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(fixture('dotnet-getUserInfo.xml').replace('encoding="utf-8"', 'encoding="utf-16"'), 'utf16le'),
    ]);
    const b = await post(new Uint8Array(utf16), { 'Content-Type': 'text/xml; charset=utf-16', SOAPAction: 'getUserInfo' });
    assert.equal(kid(kid(assertReturn(b, SOAP11, 'getUserInfo', NS), 'userInfo', NS), 'email', NS)?.text, 'ops@example.com');
  });

  it('HTTP Basic instead of an authHeader, with a zeep-shaped body', async () => {
    const noHeader = fixture('zeep-getActiveJobs.xml').replace(/<soap-env:Header>.*<\/soap-env:Header>/, '');
    const basic = `Basic ${Buffer.from('demo@example.com:demo').toString('base64')}`;
    const a = await post(noHeader, { ...SOAP11_HEADERS('getActiveJobs'), Authorization: basic });
    assertReturn(a, SOAP11, 'getActiveJobs', NS);
  });
});

describe('faults in the version of the request', () => {
  it('SOAP 1.2: a wrong password is a 1.2 fault (Sender) with authenticationFault 10001', async () => {
    for (const xml of [fixture('soap12-bad-password.xml'), pretty(fixture('soap12-bad-password.xml'))]) {
      const a = await post(xml, SOAP12_HEADERS('getActiveJobs'));
      const reason = assertFault(a, SOAP12, 'authenticationFault', 10001);
      assert.ok(!a.text.includes('not-the-password') && !reason.includes('not-the-password'));
    }
  });

  it('SOAP 1.1: the same wrong password, zeep-shaped', async () => {
    const xml = fixture('zeep-getActiveJobs.xml').replace('<ns0:password>demo</ns0:password>', '<ns0:password>nope</ns0:password>');
    assertFault(await post(xml, SOAP11_HEADERS('"getActiveJobs"')), SOAP11, 'authenticationFault', 10001);
  });

  it('an authHeader in a namespace that is not IPS is no credentials (10000)', async () => {
    assertFault(await post(fixture('foreign-auth-namespace.xml'), SOAP11_HEADERS('getUserInfo')), SOAP11, 'authenticationFault', 10000);
  });

  it('a body element in a namespace that is not IPS is invalid request XML (30003)', async () => {
    const reason = assertFault(await post(fixture('foreign-body-namespace.xml'), SOAP11_HEADERS('getActiveJobs')), SOAP11, 'ipsApiFault', 30003);
    assert.match(reason, /urn:example:not-ips/);
  });

  it('malformed XML sent as SOAP 1.2 gets a well-formed 1.2 fault (30003)', async () => {
    const reason = assertFault(await post(fixture('malformed-soap12.xml'), SOAP12_HEADERS('getUserInfo')), SOAP12, 'ipsApiFault', 30003);
    assert.match(reason, /Invalid request XML/);
  });

  it('a prefix bound nowhere is not guessed: invalid request XML (30003)', async () => {
    const xml = compact(fixture('zeep-getActiveJobs.xml'))
      .replace(/<ns0:getActiveJobsParam xmlns:ns0="[^"]*">/, '<ns9:getActiveJobsParam>')
      .replace('</ns0:getActiveJobsParam>', '</ns9:getActiveJobsParam>');
    assert.match(assertFault(await post(xml, SOAP11_HEADERS('getActiveJobs')), SOAP11, 'ipsApiFault', 30003), /Unbound namespace prefix/i);
  });

  it('an invalid request honours the authHeader faultHttpStatusCode', async () => {
    const xml = fixture('foreign-body-namespace.xml').replace('</s7:password>', '</s7:password><s7:faultHttpStatusCode>200</s7:faultHttpStatusCode>');
    const res = await fetch(sim.url, { method: 'POST', headers: SOAP11_HEADERS('getActiveJobs'), body: xml });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<s7:code>30003<\/s7:code>/);
  });

  it('a document type declaration is refused (30003), its entity never expanded', async () => {
    const a = await post(fixture('doctype.xml'), SOAP11_HEADERS('getUserInfo'));
    assert.match(assertFault(a, SOAP11, 'ipsApiFault', 30003), /document type declaration/);
    assert.ok(!a.text.includes('boom'));
  });

  it('a role fault over SOAP 1.2 with the versioned authHeader: authorizationFault 20003', async () => {
    const a = await raw(sim, 'stopJob', x({ companyHandle: 'c|15', jobHandle: runHandle }), {
      soap12: true,
      user: 'portal@example.com',
      password: 'portal',
      authNs: NS,
      soapAction: null,
    });
    assert.equal(a.status, 500);
    assert.match(a.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    const env = parseXml(a.text);
    assert.equal(env.ns, SOAP12);
    assert.equal(kid(kid(kid(kid(kid(env, 'Body', SOAP12), 'Fault', SOAP12), 'Detail', SOAP12), 'authorizationFault', S7), 'code', S7)?.text, '20003');
  });
});
