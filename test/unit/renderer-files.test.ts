// How the desktop window (app://) and the preview (http://127.0.0.1) map URL paths to
// files of the built renderer: one guard for both (electron/renderer-files.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { contentTypeOf, rendererCsp, rendererPath } from '../../electron/renderer-files.ts';

const root = join('/srv', 'renderer');

test('paths inside the renderer folder resolve; index.html for folders', () => {
  assert.equal(rendererPath(root, '/'), join(root, 'index.html'));
  assert.equal(rendererPath(root, ''), join(root, 'index.html'));
  assert.equal(rendererPath(root, '/assets/index-1.js'), join(root, 'assets', 'index-1.js'));
  assert.equal(rendererPath(root, '/assets/'), join(root, 'assets', 'index.html'));
  assert.equal(rendererPath(root, '/a%20b.css'), join(root, 'a b.css'));
});

test('nothing outside it: dot segments, encoded separators, NUL, bad escapes, sibling prefixes', () => {
  for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../x', '/a%00.js', '/%E0%A4%A', '/../renderer-evil/x.js']) {
    assert.equal(rendererPath(root, p), undefined, p);
  }
});

test('one CSP: the window gets connect-src self; the preview adds its own WebSocket only', () => {
  const win = rendererCsp();
  for (const d of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) assert.ok(win.includes(d), d);
  assert.match(win, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(win, /unsafe-inline|unsafe-eval/);
  assert.match(rendererCsp(['ws://127.0.0.1:5000']), /connect-src 'self' ws:\/\/127\.0\.0\.1:5000;/);
  assert.equal(contentTypeOf('x/index.HTML'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('x/blob'), 'application/octet-stream');
});
