// Through the real client on loopback, a one-letter or common-word password: the
// messages users read keep every letter, and a server that echoes the request still
// never shows the password (its <password> field is hidden whatever it holds).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpsClient } from '../../electron/ips/client.ts';
import { IpsError } from '../../electron/ips/errors.ts';
import { runCli } from '../cli/helpers.ts';
import { envelope, fault, rawServer, send, type Handler } from './ips-client-fixtures.ts';

async function failure(password: string, handler: Handler): Promise<IpsError> {
  const server = await rawServer(handler);
  try {
    const api = await createIpsClient({ serviceUrl: server.url, user: 'demo@example.com', password, timeoutMs: 3000 });
    const err = await api.getActiveJobs({ companyHandle: 'c|1' }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof IpsError);
    return err;
  } finally {
    await server.close();
  }
}

const REASON = 'Unexpected element "extra" for demo@example.com; expected a company handle';

describe('one-letter and common-word passwords', () => {
  for (const pw of ['x', 'e', 'a', 'example', 'pass']) {
    it(`${JSON.stringify(pw)}: a fault reason and message keep their letters`, async () => {
      const err = await failure(pw, (_req, res) => send(res, fault('ipsApiFault', 30001, REASON), 500));
      assert.equal(err.reason, REASON);
      assert.equal(err.message, `IPS could not run getActiveJobs: ${REASON} (30001)`);
    });

    it(`${JSON.stringify(pw)}: a fault echoing the request hides the password field only`, async () => {
      const err = await failure(pw, (req, res) =>
        send(res, fault('ipsApiFault', 30003, `Invalid XML: ${req.body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`), 500),
      );
      const reason = String(err.reason);
      assert.match(reason, /password&gt;\*\*\*&lt;\/|password>\*\*\*<\//, reason);
      assert.ok(!new RegExp(`password(&gt;|>)${pw}(&lt;|<)`).test(reason), reason);
      assert.match(reason, /demo@example\.com/, 'the user name stays readable');
      assert.match(reason, /getActiveJobsParam/);
    });

    it(`${JSON.stringify(pw)}: a faultstring that is the password alone`, async () => {
      const err = await failure(pw, (_req, res) =>
        send(res, envelope(`<soapenv:Fault><faultcode>x</faultcode><faultstring>${pw}</faultstring></soapenv:Fault>`), 200),
      );
      // Text that is nothing but the password is an echo of it, however short.
      assert.equal(err.message, 'IPS could not run getActiveJobs: ***');
    });
  }
});

describe('the CLI with a one-letter password', () => {
  it('usage and sign-in errors keep their wording', async () => {
    const usage = await runCli(['active', 'extra', '--service-url', 'http://127.0.0.1:9/scene7/services/IpsApiService'], {
      env: { IPS_USER: 'demo@example.com', IPS_PASSWORD: 'x' },
    });
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr.trim(), 'ips-jobs: Unexpected argument “extra”.');
    const server = await rawServer((_req, res) => send(res, fault('authenticationFault', 10001, 'Invalid user name or password'), 500));
    try {
      const denied = await runCli(['active', '--service-url', server.url], { env: { IPS_USER: 'demo@example.com', IPS_PASSWORD: 'e' } });
      assert.equal(denied.code, 3);
      assert.doesNotMatch(denied.stderr, /\*\*\*/);
      assert.match(denied.stderr, /IPS rejected the user name or password \(10001\)/);
    } finally {
      await server.close();
    }
  });
});
