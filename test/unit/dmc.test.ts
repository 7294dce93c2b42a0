// Open in Dynamic Media Classic: which address each account gets (or why none), and the
// hosts the openExternal command opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dmcLink, externalHostAllowed } from '../../shared/dmc.ts';
import { createCommands, type CommandContext } from '../../electron/core/app-commands.ts';

const ips = { mode: 'ips', region: 'na', staging: false, serviceUrl: '' } as const;

test('dmcLink: the region’s DMC; none for the demo, staging or a server outside Adobe’s regions', () => {
  assert.deepEqual(dmcLink(ips), { url: 'https://s7sps1.scene7.com/', region: 'na' });
  assert.deepEqual(dmcLink({ ...ips, region: 'emea' }), { url: 'https://s7sps3.scene7.com/', region: 'emea' });
  assert.deepEqual(dmcLink({ ...ips, region: 'apac' }), { url: 'https://s7sps5.scene7.com/', region: 'apac' });
  assert.deepEqual(dmcLink({ ...ips, mode: 'demo' }), { refusal: 'demo' });
  assert.deepEqual(dmcLink({ ...ips, staging: true }), { refusal: 'staging' });
  // A service URL wins over the region: Adobe's production hosts map to their DMC, others have none.
  assert.deepEqual(dmcLink({ ...ips, serviceUrl: 'https://S7SPS3APISSL.scene7.com/scene7/services/IpsApiService' }), {
    url: 'https://s7sps3.scene7.com/',
    region: 'emea',
  });
  assert.deepEqual(dmcLink({ ...ips, serviceUrl: 'https://s7sps5apissl-staging.scene7.com/scene7/services/IpsApiService' }), { refusal: 'staging' });
  assert.deepEqual(dmcLink({ ...ips, serviceUrl: 'http://127.0.0.1:8088/scene7/services/IpsApiService' }), { refusal: 'custom-server' });
  assert.deepEqual(dmcLink({ ...ips, serviceUrl: 'https://s7sps1apissl.scene7.com.evil.example/x' }), { refusal: 'custom-server' });
});

test('openExternal opens https links to Adobe’s hosts only', async () => {
  const opened: string[] = [];
  const handle = createCommands({
    transferHandlers: {},
    openExternal: async (u: string) => void opened.push(u),
    log: () => undefined,
  } as unknown as CommandContext);
  for (const url of ['https://s7sps1.scene7.com/', 'https://experienceleague.adobe.com/docs/'])
    assert.deepEqual(await handle('openExternal', { url }), { ok: true }, url);
  for (const url of ['https://evil.example/', 'https://scene7.com.evil.example/', 'https://notadobe.com/', 'http://s7sps1.scene7.com/']) {
    const r = (await handle('openExternal', { url })) as { ok: boolean; error?: { kind: string } };
    assert.equal(r.ok, false, url);
    assert.equal(r.error?.kind, 'usage', url);
  }
  assert.deepEqual(opened, ['https://s7sps1.scene7.com/', 'https://experienceleague.adobe.com/docs/']);
  assert.equal(externalHostAllowed('S7SPS1.Scene7.com.'), true, 'case and a trailing dot');
});
