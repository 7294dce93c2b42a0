// The one-pass outline the client runs over every answer before any parser
// (electron/ips/xml-outline.ts): it must let every well-formed SOAP answer through
// untouched, and stop the hostile ones with words a user can read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEPTH, decodeEntities, isPrototypeKey, outlineXml } from '../../electron/ips/xml-outline.ts';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const env = (body: string, head = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${head}<s:Envelope xmlns:s="${S11}"><s:Header/><s:Body>${body}</s:Body></s:Envelope>`;

describe('xml outline', () => {
  it('reads the shape of well-formed answers, whatever their lexical forms', () => {
    const forms = [
      env('<r:getActiveJobsReturn xmlns:r="urn:x"><jobArray/></r:getActiveJobsReturn>'),
      env('<getActiveJobsReturn\n   xmlns="urn:x"\n   a = "1" b=\'>\'\n><x/></getActiveJobsReturn >'),
      env('<!-- <getScheduledJobsReturn> --><getActiveJobsReturn><![CDATA[<not><a><tag>]]></getActiveJobsReturn>'),
      env('<?pi inside?><getActiveJobsReturn xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'),
      `\ufeff  ${env('<getActiveJobsReturn>&lt;&amp;&#65;&#x42;</getActiveJobsReturn>', '')}\n  <!-- trailing comment -->\n`,
    ];
    for (const xml of forms) {
      const o = outlineXml(xml);
      assert.equal(o.problem, undefined, `${o.problem}: ${xml}`);
      assert.equal(o.root, 'Envelope');
      assert.equal(o.hasBody, true);
      assert.deepEqual(o.bodyChildren, ['getActiveJobsReturn']);
      assert.equal(o.fault, undefined);
    }
  });

  it('reads a Fault into a plain tree: text decoded, repeated names as arrays, attributes left out', () => {
    const o = outlineXml(
      env(
        '<s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang="en">A &amp; B &lt;c&gt;</faultstring><detail><ipsApiFault><code>30001</code><reason><![CDATA[raw <text>]]></reason><reason>two</reason></ipsApiFault></detail></s:Fault>',
      ),
    );
    assert.equal(o.problem, undefined);
    assert.deepEqual(o.fault, { faultcode: 's:Client', faultstring: 'A & B <c>', detail: { ipsApiFault: { code: '30001', reason: ['raw <text>', 'two'] } } });
  });

  it('a Fault with a 100,000-deep detail is pruned, not refused', () => {
    const o = outlineXml(env(`<s:Fault><faultstring>deep</faultstring><detail>${'<d>'.repeat(100_000)}${'</d>'.repeat(100_000)}</detail></s:Fault>`));
    assert.equal(o.problem, undefined);
    assert.equal(o.fault?.faultstring, 'deep');
  });

  const refused: Array<[string, string, RegExp]> = [
    ['empty', '', /an empty body/],
    ['text', 'Service Unavailable', /not XML/],
    ['a DTD', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${env('')}`, /DTD/],
    ['cut off in a tag', env('<getActiveJobsReturn>').slice(0, 120), /cut off|invalid tag/],
    ['cut off after the root opened', env('<getActiveJobsReturn>').replace(/<\/s:Body><\/s:Envelope>$/, ''), /cut off|mismatched/],
    ['mismatched tags', env('<a><b></a></b>'), /mismatched tags \(<b> closed by <\/a>\)/],
    ['two roots', env('') + env('', ''), /more than one root/],
    ['two Body elements', `<s:Envelope xmlns:s="${S11}"><s:Body/><s:Body/></s:Envelope>`, /two SOAP Body elements/],
    ['too deep', env(`${'<a>'.repeat(MAX_DEPTH)}${'</a>'.repeat(MAX_DEPTH)}`), new RegExp(`nested more than ${MAX_DEPTH} levels deep`)],
    ['an element named __proto__', env('<r><__proto__/></r>'), /an element named __proto__/],
    ['a prefixed element named constructor', env('<r><x:constructor xmlns:x="u"/></r>'), /an element named constructor/],
    ['an attribute named __proto__', env('<r __proto__="1"/>'), /an attribute named __proto__/],
    ['id="__proto__"', env('<r id="__proto__"/>'), /an id or href named __proto__/],
    ["href='#constructor'", env("<r href='#constructor'/>"), /an id or href named constructor/],
    ['an encoded id', env('<r id="&#x5f;_proto__"/>'), /an id or href named __proto__/],
    ['an id encoded in upper case', env('<r id="&#X5F;&#95;proto__"/>'), /an id or href named __proto__/],
    ['id="toString"', env('<r id="toString"/>'), /an id or href named toString/],
    ['text after the root', `${env('')}junk`, /text after the end/],
    ['an unclosed comment', env('<!-- never closed'), /cut off/],
  ];
  for (const [label, xml, re] of refused) {
    it(`refuses ${label}`, () => {
      const o = outlineXml(xml);
      assert.match(o.problem ?? '(no problem found)', re);
      assert.equal(o.fault, undefined);
    });
  }

  it('ordinary ids and hrefs pass; prototype keys are recognised', () => {
    assert.equal(outlineXml(env('<r><a id="ref1"/><b href="#ref1"/></r>')).problem, undefined);
    for (const k of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__']) assert.ok(isPrototypeKey(k), k);
    for (const k of ['items', 'jobArray', 'obj', 'id']) assert.ok(!isPrototypeKey(k), k);
    assert.equal(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;&nbsp;&#x110000;'), '<>&"\'A😀&nbsp;&#x110000;');
  });

  it('is linear: 12 MB in well under a second', () => {
    const item = '<items><jobHandle>j|1</jobHandle><name>n &amp; m</name></items>';
    const xml = env(`<getActiveJobsReturn><jobArray>${item.repeat(Math.ceil(12e6 / item.length))}</jobArray></getActiveJobsReturn>`);
    const t0 = performance.now();
    assert.equal(outlineXml(xml).problem, undefined);
    assert.ok(performance.now() - t0 < 2000);
  });
});
