// One definition of "loopback" (shared/loopback.ts), where plain http may carry the
// password: the client, the app core's account check and the CLI all answer alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, isLoopbackUrl } from '../../shared/loopback.ts';
import { checkServiceUrl as clientCheck, isLoopbackHost as clientLoopback } from '../../electron/ips/regions.ts';
import { checkServiceUrl as coreCheck } from '../../electron/core/account.ts';
import { serviceUrl as cliCheck } from '../../electron/cli/args.ts';

const LOOPBACK = [
  'localhost',
  'LOCALHOST',
  'localhost.',
  'app.localhost',
  '127.0.0.1',
  '127.0.0.1.',
  '127.1',
  '127.255.255.254',
  '127.12.0.9',
  '0x7f.1',
  '2130706433',
  '::1',
  '[::1]',
  '0:0:0:0:0:0:0:1',
  '::ffff:127.0.0.1',
  '[::ffff:127.9.8.7]',
];
const NOT_LOOPBACK = [
  '0.0.0.0',
  '0',
  '::',
  '[::]',
  '128.0.0.1',
  '10.0.0.1',
  '1.127.0.0.1',
  '::ffff:10.0.0.1',
  '[::2]',
  'localhost.evil.com',
  'localhost.example.com',
  'evil.localhost.com',
  'localhostx',
  '127.0.0.1.evil.com',
  'example.com',
  'localhost:80',
  '',
  'local host',
];

test('loopback: 127.0.0.0/8, ::1, localhost in every spelling', () => {
  for (const h of LOOPBACK) assert.equal(isLoopbackHost(h), true, h);
});

test('not loopback: the unspecified address, other hosts, names that only start with localhost', () => {
  for (const h of NOT_LOOPBACK) assert.equal(isLoopbackHost(h), false, h);
});

test('the IPS client uses the same definition', () => {
  for (const h of [...LOOPBACK, ...NOT_LOOPBACK]) assert.equal(clientLoopback(h), isLoopbackHost(h), h);
});

/** Whether `check` returns rather than throws. */
function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

test('plain http: the client, the app core and the CLI accept and refuse the same URLs', () => {
  const hosts = ['127.0.0.1', '127.1', 'localhost', 'localhost.', '[::1]', '[::ffff:127.0.0.1]', '0.0.0.0', 'localhost.evil.com', '[::]', '10.1.2.3'];
  for (const host of hosts) {
    const url = `http://${host}:8080/scene7/services/IpsApiService`;
    const want = isLoopbackUrl(url);
    const client = accepts(() => clientCheck(url));
    const core = coreCheck({ mode: 'ips', region: 'na', staging: false, user: 'u@example.com', serviceUrl: url }) === undefined;
    const cli = accepts(() => cliCheck(url));
    assert.deepEqual({ client, core, cli }, { client: want, core: want, cli: want }, url);
  }
  assert.equal(isLoopbackUrl('not a url'), false);
  assert.equal(isLoopbackUrl(new URL('http://127.0.0.1/')), true);
});
