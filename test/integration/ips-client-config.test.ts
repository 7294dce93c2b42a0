// Endpoints per region, the https-only rule for custom service URLs, and the WSDL itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import soap from 'soap';
import { fileURLToPath } from 'node:url';
import { createIpsClient, serviceUrlFor, uploadUrlFor, WSDL_URL } from '../../electron/ips/client.ts';
import { IpsError } from '../../electron/ips/errors.ts';
import { isLoopbackHost, resolveServiceUrl } from '../../electron/ips/regions.ts';
import { OPERATIONS } from '../../electron/simulator/op-context.ts';

describe('endpoints', () => {
  it('serviceUrlFor: README §1.1 hosts', () => {
    assert.equal(serviceUrlFor('na', false), 'https://s7sps1apissl.scene7.com/scene7/services/IpsApiService');
    assert.equal(serviceUrlFor('emea', false), 'https://s7sps3apissl.scene7.com/scene7/services/IpsApiService');
    assert.equal(serviceUrlFor('apac', false), 'https://s7sps5apissl.scene7.com/scene7/services/IpsApiService');
    assert.equal(serviceUrlFor('na', true), 'https://s7sps1apissl-staging.scene7.com/scene7/services/IpsApiService');
    assert.equal(serviceUrlFor('emea', true), 'https://s7sps3apissl-staging.scene7.com/scene7/services/IpsApiService');
    assert.equal(serviceUrlFor('apac', true), 'https://s7sps5apissl-staging.scene7.com/scene7/services/IpsApiService');
  });

  it('uploadUrlFor: upload-post.md §1 hosts (…ssl, not …apissl)', () => {
    assert.equal(uploadUrlFor('na', false), 'https://s7sps1ssl.scene7.com/scene7/UploadFile');
    assert.equal(uploadUrlFor('emea', true), 'https://s7sps3ssl-staging.scene7.com/scene7/UploadFile');
    assert.equal(uploadUrlFor('apac', false), 'https://s7sps5ssl.scene7.com/scene7/UploadFile');
  });

  it('an unknown region is a usage error', () => {
    assert.throws(
      () => serviceUrlFor('mars' as 'na'),
      (e: unknown) => e instanceof IpsError && e.kind === 'usage',
    );
  });

  it('resolveServiceUrl: region default na, serviceUrl wins', () => {
    assert.equal(resolveServiceUrl({}), serviceUrlFor('na'));
    assert.equal(resolveServiceUrl({ region: 'apac', staging: true }), serviceUrlFor('apac', true));
    assert.equal(
      resolveServiceUrl({ region: 'apac', serviceUrl: 'https://proxy.example.com/scene7/services/IpsApiService' }),
      'https://proxy.example.com/scene7/services/IpsApiService',
    );
  });
});

describe('custom service URLs', () => {
  it('loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'app.localhost']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', '[::2]', 'localhost.example.com', '0.0.0.0']) assert.equal(isLoopbackHost(h), false, h);
  });

  it('http is accepted only on loopback', () => {
    for (const u of ['http://127.0.0.1:8080/scene7/services/IpsApiService', 'http://localhost/x', 'http://[::1]:9/x', 'https://ips.example.com/x']) {
      assert.doesNotThrow(() => resolveServiceUrl({ serviceUrl: u }), u);
    }
  });

  it('http elsewhere, other schemes, credentials in the URL, garbage → usage error from createIpsClient', async () => {
    for (const u of [
      'http://ips.example.com/scene7/services/IpsApiService',
      'http://10.1.1.1/x',
      'ftp://127.0.0.1/x',
      'https://u:pw@ips.example.com/x',
      'not a url',
    ]) {
      await assert.rejects(
        createIpsClient({ serviceUrl: u, user: 'u', password: 'p' }),
        (e: unknown) => e instanceof IpsError && e.kind === 'usage' && !e.message.includes('\n'),
        u,
      );
    }
  });
});

describe('WSDL', () => {
  it('sits next to the client and declares every operation with soapAction = name', () => {
    const xml = readFileSync(fileURLToPath(WSDL_URL), 'utf8');
    // Every operation the simulator serves (the app uses no other).
    for (const op of OPERATIONS) {
      assert.ok(xml.includes(`<soap:operation soapAction="${op}" style="document"/>`), op);
      assert.ok(xml.includes(`<xsd:element name="${op}Param">`), op);
      assert.ok(xml.includes(`<xsd:element name="${op}Return">`), op);
    }
    assert.ok(xml.includes('<soap:address location="https://s7sps1apissl.scene7.com/scene7/services/IpsApiService"/>'));
  });
});

describe('WSDL with the soap package', () => {
  it('soap.listen serves it, and the client round-trips header, arguments and result through it', async () => {
    const xml = readFileSync(fileURLToPath(WSDL_URL), 'utf8');
    const seen: { args?: unknown; headers?: unknown } = {};
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const service = {
      IpsApiService: {
        IpsApiSoapPort: {
          getScheduledJobs(args: unknown, _cb: unknown, headers: unknown) {
            seen.args = args;
            seen.headers = headers;
            return {
              jobArray: {
                items: [
                  {
                    companyHandle: 'c|15',
                    jobHandle: 'j|15|x|',
                    name: 'x',
                    originalName: 'x',
                    type: 'Cleanup',
                    triggerState: 'Normal',
                    execSchedule: '00 00 00 * * ',
                  },
                ],
              },
            };
          },
          stopJob() {
            return {};
          },
        },
      },
    };
    // soap.listen hooks the server only once the WSDL is parsed: wait for its callback.
    await new Promise<void>((resolve, reject) => {
      soap.listen(server, {
        path: '/scene7/services/IpsApiService',
        services: service,
        xml,
        callback: (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
      } as unknown as soap.IServerOptions);
    });
    try {
      const { port } = server.address() as AddressInfo;
      const api = await createIpsClient({
        serviceUrl: `http://127.0.0.1:${port}/scene7/services/IpsApiService`,
        user: 'u@example.com',
        password: 'p<w',
        appName: 'T',
        appVersion: '1',
      });
      const jobs = await api.getScheduledJobs({ companyHandle: 'c|15', originalName: '示例' });
      assert.deepEqual(jobs, [
        { companyHandle: 'c|15', jobHandle: 'j|15|x|', name: 'x', originalName: 'x', type: 'Cleanup', execSchedule: '00 00 00 * * ', triggerState: 'Normal' },
      ]);
      assert.deepEqual(seen.args, { companyHandle: 'c|15', originalName: '示例' });
      assert.deepEqual(seen.headers, { authHeader: { user: 'u@example.com', password: 'p<w', appName: 'T', appVersion: '1' } });
      assert.equal(await api.stopJob({ companyHandle: 'c|15', jobHandle: 'j|15|x|' }), undefined);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
