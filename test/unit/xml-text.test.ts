// The one XML text decoder (shared/xml-text.ts) the client and the simulator both use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unescXml } from '../../shared/xml-text.ts';
import { parseSmallXml } from '../../electron/simulator/small-xml.ts';
import { findFault } from '../../electron/ips/servlet.ts';

test('named entities and numeric references decode in one pass', () => {
  assert.equal(unescXml('a &lt;b&gt; &amp;amp; &quot;c&quot; &apos;d&apos; &#20013;&#x6587; &#x1F600;'), 'a <b> &amp; "c" \'d\' 中文 😀');
  assert.equal(unescXml('&AMP; &#X41;'), '& A');
  assert.equal(unescXml('&nbsp; &unknown; & plain'), '&nbsp; &unknown; & plain');
});

test('a reference outside Unicode stays as written instead of throwing', () => {
  assert.equal(unescXml('x &#x110000; y &#99999999999; z'), 'x &#x110000; y &#99999999999; z');
  // A hostile fault reason reaches the client's reader as text, not as a RangeError.
  const f = findFault('<ipsApiFault><code>30001</code><reason>bad &#x110000; value</reason></ipsApiFault>');
  assert.equal(f?.reason, 'bad &#x110000; value');
  // And the simulator's servlet reader parses such an auth part.
  assert.equal(parseSmallXml('<authHeader><user>u&#x110000;</user></authHeader>')?.value.user, 'u&#x110000;');
});
