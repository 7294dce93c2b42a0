// Password scrubbing removes an echoed password and nothing else (electron/ips/scrub.ts):
// a one-letter or common-word password must not mask letters of ordinary text, while an
// echoed request keeps its password field hidden whatever the password is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IpsAuthenticationError, IpsFaultError } from '../../electron/ips/errors.ts';
import { makeScrubber, scrubPasswordFields } from '../../electron/ips/scrub.ts';
import { toIpsError } from '../../electron/ips/faults.ts';
import { errorMessage, oneLine, UsageError } from '../../electron/cli/errors.ts';

const ORDINARY = [
  'Unexpected argument “extra”.',
  'IPS rejected the user name or password (10001)',
  'Could not reach IPS for getActiveJobs: connection refused (ECONNREFUSED)',
  'demo@example.com',
  'https://s7sps1apissl.scene7.com/scene7/services/IpsApiService',
  'Job "Nightly export" (j|42) failed: the password expired for the user',
];

describe('short and common passwords leave ordinary text intact', () => {
  // Each password against text where it occurs only inside words, addresses and host names.
  const cases: Array<[string, string[]]> = [
    ['x', ORDINARY],
    ['e', ORDINARY],
    ['a', ORDINARY],
    ['the', ['Unexpected argument “other”.', 'theme: dark', 'demo@theatre.example.com']],
    ['example', ['demo@example.com', 'https://ips.example.com/x', 'counterexample']],
    ['password', ['IPS rejected the user name or passwords (10001)', 'passwordExpires: 2026-12-01', 'user.password.hint']],
    ['expected', ['Unexpected argument “extra”.', 'unexpectedly']],
    ['scene7', ['s7sps1apissl.scene7.com', 'scene7.com']],
  ];
  for (const [pw, texts] of cases) {
    it(`password ${JSON.stringify(pw)}`, () => {
      const scrub = makeScrubber([pw]);
      for (const text of texts) assert.equal(scrub(text), text, `${pw} changed ${text}`);
    });
  }

  it('a one-letter password is still removed from an echoed request', () => {
    const scrub = makeScrubber(['x']);
    for (const [echoed, scrubbed] of [
      [
        '<s7:authHeader><s7:user>x@example.com</s7:user><s7:password>x</s7:password></s7:authHeader>',
        '<s7:authHeader><s7:user>x@example.com</s7:user><s7:password>***</s7:password></s7:authHeader>',
      ],
      ['Invalid XML: &lt;s7:password&gt;x&lt;/s7:password&gt; in request', 'Invalid XML: &lt;s7:password&gt;***&lt;/s7:password&gt; in request'],
      ['GET /login?user=me&password=x&next=1', 'GET /login?user=me&password=***&next=1'],
    ] as const)
      assert.equal(scrub(echoed), scrubbed, echoed);
  });

  it('a long password goes as a whole token in every form, at a sentence end too', () => {
    const pw = 'Hunter-22&x';
    const scrub = makeScrubber([pw]);
    assert.equal(scrub(`bad password ${pw}.`), 'bad password ***.');
    assert.equal(scrub(`bad password Hunter-22&amp;x, again`), 'bad password ***, again');
    assert.equal(scrub(`q=${encodeURIComponent(pw)}&r=1`), 'q=***&r=1');
    assert.equal(scrub(`b64 ${Buffer.from(pw).toString('base64')}`), 'b64 ***');
    // Inside a longer word it is a different string, not the password.
    assert.equal(makeScrubber(['secret1'])('topsecret1x and secret1'), 'topsecret1x and ***');
  });

  it('password fields are found with any prefix and attributes', () => {
    assert.equal(scrubPasswordFields('<password xsi:type="xsd:string">pa&lt;ss</password>'), '<password xsi:type="xsd:string">***</password>');
    assert.equal(scrubPasswordFields('<ns0:Password>abc</ns0:Password>'), '<ns0:Password>***</ns0:Password>');
    assert.equal(scrubPasswordFields('no fields here'), 'no fields here');
  });
});

describe('errors built with a one-letter or common-word password', () => {
  const faultErr = (reason: string) => ({
    root: { Envelope: { Body: { Fault: { faultstring: 'IpsApiException', detail: { ipsApiFault: { code: '30001', reason } } } } } },
    response: { status: 500 },
  });

  it('a fault reason keeps its letters', () => {
    for (const pw of ['x', 'e', 'the']) {
      const err = toIpsError(faultErr('Unexpected element in demo@example.com request'), { operation: 'getActiveJobs', scrub: makeScrubber([pw]) });
      assert.ok(err instanceof IpsFaultError);
      assert.equal(err.reason, 'Unexpected element in demo@example.com request');
      assert.equal(err.message, 'IPS could not run getActiveJobs: Unexpected element in demo@example.com request (30001)');
    }
  });

  it('CLI lines keep their wording in every language', () => {
    const authFault = {
      root: { Envelope: { Body: { Fault: { faultstring: 'x', detail: { authenticationFault: { code: '10001', reason: 'Invalid credentials' } } } } } },
      response: { status: 500 },
    };
    for (const pw of ['x', 'e', 'a', 'password', 'argument', 'user']) {
      assert.equal(errorMessage(new UsageError('cli.error.extraArgument', { arg: 'extra' }), 'en', [pw]), 'Unexpected argument “extra”.');
      // What the client's error mapping made holds no password: printed as it is.
      const auth = toIpsError(authFault, { operation: 'getActiveJobs', scrub: makeScrubber([pw]) });
      assert.ok(auth instanceof IpsAuthenticationError);
      assert.match(errorMessage(auth, 'en', [pw]), /IPS rejected the user name or password \(10001\)/);
      assert.doesNotMatch(errorMessage(auth, 'zh-CN', [pw]), /\*\*\*/);
      assert.equal(oneLine('Signed in as demo@example.com', [pw]), 'Signed in as demo@example.com');
    }
  });

  it('a value that is the password (typed as an argument) is still hidden, the wording is not', () => {
    const msg = errorMessage(new UsageError('cli.error.extraArgument', { arg: 'Hunter-22&x' }), 'en', ['Hunter-22&x']);
    assert.equal(msg, 'Unexpected argument “***”.');
  });
});

describe('hostile text costs one pass', () => {
  it('2 MB of openings without closings, near-misses and repeats, each scrubbed well under a second', () => {
    const scrub = makeScrubber(['Zebra&<Quartz>"9137\'秘密', 'aaaa']);
    for (const unit of ['&lt;password&gt;', '<s7:password ', '<password>', 'Zebra&amp;', 'Zebr', 'a', 'password=x&']) {
      const text = unit.repeat(Math.ceil(2_000_000 / unit.length));
      const started = performance.now();
      scrub(text);
      const ms = performance.now() - started;
      assert.ok(ms < 1000, `${JSON.stringify(unit)} × ${text.length / unit.length}: ${ms.toFixed(0)} ms`);
    }
  });
});
