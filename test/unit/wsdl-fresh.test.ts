// The committed WSDL is exactly what electron/ips/wsdl-gen.ts generates from schema.ts,
// so a change to schema.ts cannot ship with a stale WSDL (client and simulator read it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WSDL_PATH, WSDL_TEXT } from '../../electron/ips/wsdl-gen.ts';

test('the committed WSDL is the generated one (run `npx node electron/ips/wsdl-gen.ts` after editing schema.ts)', () => {
  assert.equal(readFileSync(WSDL_PATH, 'utf8'), WSDL_TEXT);
});
