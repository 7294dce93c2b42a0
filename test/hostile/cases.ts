// The named hostile answers (issue #13 §9), each with the error kinds a user may see for
// it ('ok' = a valid result is fine too). Served by ./server.ts on /case/NAME/ and /switch/.
import zlib from 'node:zlib';
import type { Handler } from './server.ts';
import { send } from './server.ts';

export const IPS_NS = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

export type Expect = 'ok' | 'malformed' | 'network' | 'timeout' | 'fault' | 'authentication';

export interface HostileCase {
  name: string;
  expect: Expect[];
  serve: Handler;
  /** The class belongs to the CLI's exit codes: 0 ok, 3 auth, 4 network/timeout, 5 IPS/malformed. */
  why?: string;
}

export const envelope = (body: string, header = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${S11}">${header}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
export const ret = (op: string, inner: string): string => envelope(`<${op}Return xmlns="${IPS_NS}">${inner}</${op}Return>`);
const soap12 = (fault: string): string =>
  `<?xml version="1.0"?><env:Envelope xmlns:env="${S12}"><env:Body><env:Fault>${fault}</env:Fault></env:Body></env:Envelope>`;
const fault11 = (inner: string): string => envelope(`<soapenv:Fault>${inner}</soapenv:Fault>`);

const GOOD_ITEMS =
  '<jobArray><items><companyHandle>c|15</companyHandle><jobHandle>j|15||hostile|1</jobHandle><name>hostile</name><type>ImageServingPublish</type><state>Running</state></items></jobArray>';
export const GOOD_ACTIVE = ret('getActiveJobs', GOOD_ITEMS);

/**
 * 1 GiB of zeros as gzip, about 1 MB: one member (1 MiB of zeros, ~1 KB) repeated, since a
 * gzip stream may hold many members and every reader inflates them all. Built in
 * milliseconds, once per run, never 1 GiB in memory.
 */
let bomb: Promise<Buffer> | undefined;
export function gzipBomb(bytes = 1024 * 1024 * 1024): Promise<Buffer> {
  bomb ??= Promise.resolve().then(() => {
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    return Buffer.concat(Array.from({ length: Math.ceil(bytes / (1024 * 1024)) }, () => member));
  });
  return bomb;
}

const bigBuffers = new Map<number, Buffer>();
/** bigAnswer(mb) as bytes, built once. */
export function bigAnswerBytes(mb: number): Buffer {
  let b = bigBuffers.get(mb);
  if (!b) bigBuffers.set(mb, (b = Buffer.from(bigAnswer(mb), 'utf8')));
  return b;
}

/** A valid getActiveJobs answer of about `mb` MB, built once. */
const bigBodies = new Map<number, string>();
export function bigAnswer(mb: number): string {
  let body = bigBodies.get(mb);
  if (!body) {
    const item =
      '<items><companyHandle>c|15</companyHandle><jobHandle>j|15||big|1</jobHandle><name>big answer</name><type>ImageServingPublish</type><state>Running</state></items>';
    body = ret('getActiveJobs', `<jobArray>${item.repeat(Math.ceil((mb * 1_000_000) / item.length))}</jobArray>`);
    bigBodies.set(mb, body);
  }
  return body;
}

const fixed =
  (body: string | Buffer, status = 200, headers: Record<string, string> = {}): Handler =>
  (_q, res) =>
    send(res, body, status, headers);
const HTML = (title: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>nginx</p></body></html>`;

export function hostileCases(opts: { canaryUrl: string; timeoutMs: number }): HostileCase[] {
  const deep = (n: number, tag = 'a') => `${`<${tag}>`.repeat(n)}x${`</${tag}>`.repeat(n)}`;
  const half = GOOD_ACTIVE.slice(0, Math.floor(GOOD_ACTIVE.length / 2));
  const cases: HostileCase[] = [
    // Malformed and truncated XML.
    { name: 'xml-mismatched', expect: ['malformed'], serve: fixed(ret('getActiveJobs', '<jobArray><items></jobArray></items>')) },
    { name: 'xml-truncated', expect: ['malformed'], serve: fixed(half) },
    { name: 'xml-garbage', expect: ['malformed'], serve: fixed('<<<>>>&&&;;;') },
    { name: 'xml-nul-bytes', expect: ['malformed', 'ok'], serve: fixed(GOOD_ACTIVE.replace('hostile', 'ho\u0000st\u0000ile')) },
    { name: 'xml-two-roots', expect: ['malformed'], serve: fixed(GOOD_ACTIVE + GOOD_ACTIVE.replace(/^<\?xml[^>]*>/, '')) },
    { name: 'xml-not-soap', expect: ['malformed'], serve: fixed('<?xml version="1.0"?><jobs><job>1</job></jobs>') },
    { name: 'xml-unknown-entity', expect: ['malformed'], serve: fixed(ret('getActiveJobs', '<jobArray><items><name>&nbsp;&foo;</name></items></jobArray>')) },
    { name: 'xml-bom-and-space', expect: ['ok'], serve: fixed(`\ufeff  \n${GOOD_ACTIVE.replace(/^<\?xml[^>]*>/, '')}`) },
    // HTML and text pages, with 200 and 5xx.
    { name: 'html-200', expect: ['malformed'], serve: fixed(HTML('Please sign in'), 200, { 'Content-Type': 'text/html' }) },
    { name: 'html-500', expect: ['network'], serve: fixed(HTML('500 Internal Server Error'), 500, { 'Content-Type': 'text/html' }) },
    { name: 'html-502', expect: ['network'], serve: fixed(HTML('502 Bad Gateway'), 502, { 'Content-Type': 'text/html' }) },
    { name: 'text-503', expect: ['network'], serve: fixed('Service Unavailable', 503, { 'Content-Type': 'text/plain' }) },
    { name: 'json-200', expect: ['malformed'], serve: fixed('{"jobs":[]}', 200, { 'Content-Type': 'application/json' }) },
    // Wrong content types on a good answer: the body decides.
    { name: 'type-json-good-xml', expect: ['ok'], serve: fixed(GOOD_ACTIVE, 200, { 'Content-Type': 'application/json' }) },
    { name: 'type-html-good-xml', expect: ['ok'], serve: fixed(GOOD_ACTIVE, 200, { 'Content-Type': 'text/html' }) },
    { name: 'type-latin1', expect: ['ok'], serve: fixed(Buffer.from(GOOD_ACTIVE, 'latin1'), 200, { 'Content-Type': 'text/xml; charset=ISO-8859-1' }) },
    // Empty bodies.
    { name: 'empty-200', expect: ['malformed'], serve: fixed('') },
    { name: 'empty-204', expect: ['malformed'], serve: (_q, res) => (res.writeHead(204), res.end()) },
    { name: 'empty-500', expect: ['network'], serve: fixed('', 500) },
    // Compression.
    { name: 'gzip-not-gzip', expect: ['malformed'], serve: fixed(GOOD_ACTIVE, 200, { 'Content-Encoding': 'gzip' }) },
    { name: 'gzip-truncated', expect: ['malformed'], serve: fixed(zlib.gzipSync(GOOD_ACTIVE).subarray(0, 40), 200, { 'Content-Encoding': 'gzip' }) },
    { name: 'gzip-good', expect: ['ok'], serve: fixed(zlib.gzipSync(GOOD_ACTIVE), 200, { 'Content-Encoding': 'gzip' }) },
    { name: 'deflate-raw-good', expect: ['ok'], serve: fixed(zlib.deflateRawSync(GOOD_ACTIVE), 200, { 'Content-Encoding': 'deflate' }) },
    { name: 'br-good', expect: ['ok'], serve: fixed(zlib.brotliCompressSync(GOOD_ACTIVE), 200, { 'Content-Encoding': 'br' }) },
    {
      name: 'gzip-bomb-1gib',
      expect: ['malformed'],
      serve: (_q, res) => void gzipBomb().then((b) => send(res, b, 200, { 'Content-Encoding': 'gzip' })),
    },
    {
      name: 'gzip-bomb-5xx',
      expect: ['malformed'],
      serve: (_q, res) => void gzipBomb().then((b) => send(res, b, 500, { 'Content-Encoding': 'gzip' })),
    },
    // Size.
    { name: 'answer-50mb', expect: ['malformed'], serve: (_q, res) => send(res, bigAnswerBytes(50)) },
    {
      // No Content-Length: the client counts as it reads and stops at its cap. On a machine
      // too busy to move 32 MB within the deadline, the same answer is a timeout instead.
      name: 'answer-50mb-chunked',
      expect: ['malformed', 'timeout'],
      serve: (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Transfer-Encoding': 'chunked' });
        res.end(bigAnswerBytes(50));
      },
    },
    // Slow and dropped.
    {
      name: 'slow-drip',
      expect: ['timeout'],
      serve: (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        let i = 0;
        const t = setInterval(
          () => (i < GOOD_ACTIVE.length ? res.write(GOOD_ACTIVE[i++] ?? '') : res.end()),
          Math.max(20, Math.ceil((opts.timeoutMs * 3) / GOOD_ACTIVE.length)),
        );
        res.on('close', () => clearInterval(t));
      },
    },
    { name: 'no-answer', expect: ['timeout'], serve: () => undefined },
    { name: 'reset-before', expect: ['network'], serve: (_q, _r, raw) => raw.socket.destroy() },
    {
      name: 'reset-mid-body',
      expect: ['network'],
      serve: (_q, res, raw) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(GOOD_ACTIVE.length) });
        res.write(half);
        setTimeout(() => raw.socket.destroy(), 10);
      },
    },
    {
      name: 'reset-mid-gzip',
      expect: ['network'],
      serve: (_q, res, raw) => {
        const gz = zlib.gzipSync(bigAnswer(1));
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' });
        res.write(gz.subarray(0, gz.length >> 1));
        setTimeout(() => raw.socket.destroy(), 10);
      },
    },
    // Redirects: never followed (the request holds the password).
    {
      name: 'redirect-same-host',
      expect: ['network'],
      serve: (_q, res) => (res.writeHead(302, { Location: '/good/scene7/services/IpsApiService' }), res.end()),
    },
    { name: 'redirect-other-host', expect: ['network'], serve: (_q, res) => (res.writeHead(301, { Location: opts.canaryUrl }), res.end(HTML('Moved'))) },
    { name: 'redirect-307', expect: ['network'], serve: (_q, res) => (res.writeHead(307, { Location: opts.canaryUrl }), res.end()) },
    { name: 'status-304', expect: ['network'], serve: (_q, res) => (res.writeHead(304), res.end()) },
    // XML bombs and external entities.
    {
      name: 'billion-laughs',
      expect: ['malformed'],
      serve: fixed(
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>` +
          ret('getActiveJobs', '<jobArray><items><name>&lol9;</name></items></jobArray>').replace(/^<\?xml[^>]*>/, ''),
      ),
    },
    {
      name: 'xxe-file',
      expect: ['malformed'],
      serve: fixed(
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${ret('getActiveJobs', '<jobArray><items><name>&xxe;</name></items></jobArray>').replace(/^<\?xml[^>]*>/, '')}`,
      ),
    },
    {
      name: 'xxe-parameter',
      expect: ['malformed'],
      serve: fixed(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>${GOOD_ACTIVE.replace(/^<\?xml[^>]*>/, '')}`),
    },
    {
      name: 'xxe-in-fault',
      expect: ['network'],
      serve: fixed(
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${fault11('<faultcode>x</faultcode><faultstring>&xxe;</faultstring>').replace(/^<\?xml[^>]*>/, '')}`,
        500,
      ),
    },
    // Deep nesting.
    { name: 'deep-100k', expect: ['malformed'], serve: fixed(ret('getActiveJobs', `<jobArray><items>${deep(100_000)}</items></jobArray>`)) },
    { name: 'deep-100k-open', expect: ['malformed'], serve: fixed(ret('getActiveJobs', '<a>'.repeat(100_000))) },
    // Prototype keys as names and ids.
    {
      name: 'proto-id',
      expect: ['malformed'],
      serve: fixed(ret('getActiveJobs', '<jobArray><items id="__proto__"><jobHandle>x</jobHandle></items></jobArray>')),
    },
    { name: 'proto-href', expect: ['malformed'], serve: fixed(ret('getActiveJobs', '<jobArray><items href="#__proto__"/></jobArray>')) },
    {
      name: 'proto-id-constructor',
      expect: ['malformed'],
      serve: fixed(ret('getActiveJobs', '<jobArray><items id="constructor"><jobHandle>x</jobHandle></items></jobArray>')),
    },
    { name: 'proto-element', expect: ['malformed'], serve: fixed(ret('getActiveJobs', '<jobArray><__proto__><polluted>1</polluted></__proto__></jobArray>')) },
    {
      name: 'proto-attribute',
      expect: ['malformed'],
      serve: fixed(ret('getActiveJobs', '<jobArray><items __proto__="x"><jobHandle>x</jobHandle></items></jobArray>')),
    },
    // Odd faults.
    { name: 'fault11-no-faultstring', expect: ['fault'], serve: fixed(fault11('<faultcode>soapenv:Server</faultcode>'), 500) },
    { name: 'fault11-empty', expect: ['fault'], serve: fixed(fault11(''), 500) },
    {
      name: 'fault11-http-200',
      expect: ['fault'],
      serve: fixed(fault11('<faultcode>soapenv:Server</faultcode><faultstring>java.lang.NullPointerException</faultstring>'), 200),
    },
    {
      name: 'fault11-huge-detail',
      expect: ['fault'],
      serve: fixed(
        fault11(
          `<faultcode>soapenv:Server</faultcode><faultstring>IpsApiException</faultstring><detail><ipsApiFault xmlns="http://www.scene7.com/IpsApi/xsd"><code>30000</code><reason>${'stack trace line\n'.repeat(200_000)}</reason></ipsApiFault></detail>`,
        ),
        500,
      ),
    },
    {
      name: 'fault11-auth',
      expect: ['authentication'],
      serve: fixed(
        fault11(
          '<faultcode>x</faultcode><faultstring>AuthenticationException</faultstring><detail><authenticationFault xmlns="http://www.scene7.com/IpsApi/xsd"><code>10001</code><reason>bad</reason></authenticationFault></detail>',
        ),
        500,
      ),
    },
    {
      name: 'fault12-no-reason',
      expect: ['fault'],
      serve: fixed(soap12('<env:Code><env:Value>env:Receiver</env:Value></env:Code>'), 500, { 'Content-Type': 'application/soap+xml' }),
    },
    {
      name: 'fault12-reason-without-text',
      expect: ['fault'],
      serve: fixed(soap12('<env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Other/></env:Reason>'), 500),
    },
    {
      name: 'fault12-deep-detail',
      expect: ['fault'],
      serve: fixed(
        soap12(
          `<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">down</env:Text></env:Reason><env:Detail>${deep(100_000, 'd')}</env:Detail>`,
        ),
        500,
      ),
    },
    // Shape.
    {
      name: 'return-in-header',
      expect: ['malformed'],
      serve: fixed(envelope('', `<soapenv:Header><getActiveJobsReturn xmlns="${IPS_NS}">${GOOD_ITEMS}</getActiveJobsReturn></soapenv:Header>`)),
    },
    {
      name: 'two-body-children',
      expect: ['malformed'],
      serve: fixed(envelope(`<getActiveJobsReturn xmlns="${IPS_NS}">${GOOD_ITEMS}</getActiveJobsReturn><getActiveJobsReturn xmlns="${IPS_NS}"/>`)),
    },
    { name: 'two-bodies', expect: ['malformed'], serve: fixed(GOOD_ACTIVE.replace('</soapenv:Body>', `</soapenv:Body><soapenv:Body><x/></soapenv:Body>`)) },
    { name: 'other-op-return', expect: ['malformed'], serve: fixed(ret('getScheduledJobs', GOOD_ITEMS)) },
    {
      name: 'numbers-as-text',
      expect: ['ok'],
      serve: fixed(
        ret(
          'getActiveJobs',
          '<jobArray><items><jobHandle>j|1</jobHandle><progress>NaN%</progress><totalSize>lots</totalSize><startDate>yesterday</startDate></items></jobArray>',
        ),
      ),
    },
  ];
  return cases;
}
