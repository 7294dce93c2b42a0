// `ips-jobs upload-urls` and `ips-jobs export` as processes against `ips-jobs simulator
// --control` as its own process, over loopback: a good and a failing URL (counts, exit 6), a
// submitJob missing a required child refused as a validating server would (raw SOAP), an
// export followed to a downloaded ZIP checked by sha256, and one resumed after a dropped
// connection.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../cli/helpers.ts';
import { eventually, killAll, spawnCli, startSimulatorProcess, type SimulatorProcess } from '../cli/process-helpers.ts';
import { sha256, tempDir, type TempDir } from './helpers.ts';

let sim: SimulatorProcess;
let tmp: TempDir;
before(async () => {
  sim = await startSimulatorProcess();
  tmp = await tempDir('ips-submit-');
});
after(async () => {
  await killAll();
  await tmp.remove();
});

const cli = (args: string[]) => runCli([...args, ...sim.connectArgs], { env: sim.env });
const base = () => new URL(sim.url).origin;

/** A raw SOAP 1.1 submitJob with the demo account; resolves with the HTTP status and body. */
async function rawSubmit(inner: string): Promise<{ status: number; text: string }> {
  const env =
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<s:Header><a:authHeader xmlns:a="http://www.scene7.com/IpsApi/xsd"><a:user>demo@example.com</a:user><a:password>demo</a:password></a:authHeader></s:Header>' +
    `<s:Body><i:submitJobParam xmlns:i="http://www.scene7.com/IpsApi/xsd/2014-04-03"><i:companyHandle>c|15</i:companyHandle>${inner}</i:submitJobParam></s:Body></s:Envelope>`;
  const res = await fetch(sim.url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: 'submitJob' }, body: env });
  return { status: res.status, text: await res.text() };
}

const code = (xml: string) => /<(?:\w+:)?code>(\d+)</.exec(xml)?.[1];
const reason = (xml: string) => /<(?:\w+:)?reason>([^<]*)</.exec(xml)?.[1] ?? '';

/** The export package of a finished run, fetched directly (what the CLI should have saved). */
async function packageOf(runHandle: string): Promise<Buffer> {
  const runId = /\|(\d+)$/.exec(runHandle)?.[1];
  assert.ok(runId, runHandle);
  const res = await fetch(`${base()}/scene7/export/${runId}.zip`);
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

describe('ips-jobs upload-urls / export against the simulator process', () => {
  it('upload-urls: a good and a missing URL — followed to the log, 1 ok and 1 error, exit 6', async () => {
    const r = await cli([
      'upload-urls',
      'https://cdn.example.com/src/shoe-1.jpg',
      'https://cdn.example.com/missing/shoe-2.jpg',
      '--company',
      'c|15',
      '--folder',
      'ExampleCo/web',
      '--json',
    ]);
    assert.equal(r.code, 6, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.state, 'finished');
    assert.equal(o.outcome, 'error');
    assert.equal(o.files, 2);
    assert.equal(o.fileSuccessCount, 1);
    assert.equal(o.fileErrorCount, 1);
    assert.match(o.jobHandle, /^j\|15\|ips-jobs-urls-.+\|$/);
    assert.match(r.stderr, /Submitted 2 URLs into ExampleCo\/web\/ as job/);
    assert.match(r.stderr, /finished \(error\): 1 ok, 1 errors/);
    assert.match(r.stderr, /Job running: [0-2] of 2 files done \(\d+%\)/, 'a progress line while it runs');
    // The log names the file that could not be fetched, under the folder handle.
    const log = await cli(['log', o.runHandle, '--company', 'c|15', '--json']);
    assert.equal(log.code, 0, log.stderr);
    assert.match(log.stdout, /ExampleCo\/web\/shoe-2\.jpg could not be processed/);
    assert.match(log.stdout, /UploadError/);
  });

  it('upload-urls --no-wait returns the handle at once; bad URLs and a missing --folder are usage errors', async () => {
    const r = await cli(['upload-urls', 'https://cdn.example.com/a.jpg', '--company', 'c|15', '--folder', 'ExampleCo/web/', '--no-wait', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).state, 'submitted');
    const ftp = await cli(['upload-urls', 'ftp://example.com/a.jpg', '--company', 'c|15', '--folder', 'X/']);
    assert.equal(ftp.code, 2);
    assert.match(ftp.stderr, /not an http or https URL/);
    assert.equal((await cli(['upload-urls', 'https://cdn.example.com/a.jpg', '--company', 'c|15'])).code, 2);
    const orig = await cli(['export', 'a|1500001', '--company', 'c|15', '--format', 'orig', '--modifier', '&wid=10']);
    assert.equal(orig.code, 2);
    assert.match(orig.stderr, /--format convert only/);
    assert.equal((await cli(['export', 'a|1500001', '--company', 'c|15', '--email-setting', 'Sometimes'])).code, 2);
    const many = await cli(['export', ...Array.from({ length: 501 }, (_, i) => `a|${i + 1}`), '--company', 'c|15']);
    assert.equal(many.code, 2);
    assert.match(many.stderr, /at most 500 assets per job, not 501/);
  });

  it('a submitJob missing a required child is refused (ipsApiFault 30002); the complete one is accepted', async () => {
    const urls = '<i:urlArray><i:items><i:sourceUrl>https://cdn.example.com/a.jpg</i:sourceUrl><i:destPath>ExampleCo/a.jpg</i:destPath></i:items></i:urlArray>';
    const noEmail = await rawSubmit(
      `<i:jobName>raw-no-email</i:jobName><i:uploadUrlsJob>${urls}<i:overwrite>false</i:overwrite><i:readyForPublish>false</i:readyForPublish><i:createMask>false</i:createMask></i:uploadUrlsJob>`,
    );
    assert.equal(noEmail.status, 500);
    assert.equal(code(noEmail.text), '30002');
    assert.match(reason(noEmail.text), /emailSetting/);
    const noFmt = await rawSubmit(
      '<i:jobName>raw-no-fmt</i:jobName><i:exportJob><i:assetHandleArray><i:items>a|1500001</i:items></i:assetHandleArray><i:emailSetting>None</i:emailSetting></i:exportJob>',
    );
    assert.equal(code(noFmt.text), '30002');
    assert.match(reason(noFmt.text), /fmt/);
    const noDest = await rawSubmit(
      '<i:jobName>raw-no-dest</i:jobName><i:uploadUrlsJob><i:urlArray><i:items><i:sourceUrl>https://cdn.example.com/a.jpg</i:sourceUrl></i:items></i:urlArray>' +
        '<i:overwrite>false</i:overwrite><i:readyForPublish>false</i:readyForPublish><i:createMask>false</i:createMask><i:emailSetting>None</i:emailSetting></i:uploadUrlsJob>',
    );
    assert.equal(code(noDest.text), '30002');
    assert.match(reason(noDest.text), /destPath/);
    const ok = await rawSubmit(
      `<i:jobName>raw-ok</i:jobName><i:uploadUrlsJob>${urls}<i:overwrite>false</i:overwrite><i:readyForPublish>false</i:readyForPublish><i:createMask>false</i:createMask><i:emailSetting>None</i:emailSetting></i:uploadUrlsJob>`,
    );
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /<jobHandle>j\|15\|raw-ok\|<\/jobHandle>/);
  });

  it('export: followed to its log, the package downloaded into --to and verified by sha256', async () => {
    const r = await cli(['export', 'a|1500001', 'a|1500002', 'a|1500003', '--company', 'c|15', '--to', `${tmp.dir}/out`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.companyHandle, 'c|15');
    assert.equal(o.state, 'finished');
    assert.equal(o.outcome, 'success');
    assert.match(r.stderr, /Submitted an export of 3 assets/);
    assert.match(r.stderr, /Downloading: .*\(100%\)/);
    const whole = await packageOf(o.runHandle);
    assert.equal(o.download.bytes, whole.length);
    assert.equal(o.download.sha256, sha256(whole));
    assert.ok(o.download.path.startsWith(`${tmp.dir}/out/`));
    const saved = await readFile(o.download.path);
    assert.equal(sha256(saved), sha256(whole));
    assert.equal(saved.subarray(0, 2).toString('latin1'), 'PK');
  });

  it('export with an unknown asset: the others are still downloaded, and the job ends with errors (exit 6)', async () => {
    const r = await cli(['export', 'a|1500006', 'a|999999', '--company', 'c|15', '--to', `${tmp.dir}/partial`, '--json']);
    assert.equal(r.code, 6, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.outcome, 'error');
    assert.match(r.stderr, /finished \(error\): 1 exported, 1 errors/);
    assert.equal(o.download.sha256, sha256(await packageOf(o.runHandle)));
  });

  it('export: a download dropped half-way is continued with Range and still matches', async () => {
    await sim.control('fault', { kind: 'drop', op: 'ExportDownload', count: 1 });
    const r = await cli([
      'export',
      'a|1500004',
      'a|1500005',
      '--company',
      'c|15',
      '--format',
      'convert',
      '--modifier',
      '&fmt=png&wid=800',
      '--to',
      `${tmp.dir}/resumed`,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.match(r.stderr, /Continuing a partial download/);
    const whole = await packageOf(o.runHandle);
    assert.equal(o.download.sha256, sha256(whole));
    assert.equal(sha256(await readFile(o.download.path)), sha256(whole));
    const state = await (await fetch(`${base()}/__sim/state`)).json();
    assert.equal(state.pending, 0, 'the drop was used');
  });

  it('export whose log names no link (the job was stopped): one line says the link comes by e-mail', async () => {
    const handles = Array.from({ length: 12 }, (_, i) => `a|${1500010 + i}`);
    const p = spawnCli(['export', ...handles, '--company', 'c|15', '--to', `${tmp.dir}/never`, '--json', ...sim.connectArgs], { env: sim.env });
    let submitted = '';
    await eventually(() => {
      submitted = /as job (j\|15\|[^|]+\|)\./.exec(p.stderr())?.[1] ?? '';
      return submitted !== '';
    }, 'the export was submitted');
    const stop = await cli(['stop', submitted, '--company', 'c|15']);
    assert.equal(stop.code, 0, stop.stderr);
    const end = await p.exited;
    assert.equal(end.code, 0, p.stderr());
    const o = JSON.parse(p.lines.at(-1) ?? '{}');
    assert.equal(o.state, 'finished');
    assert.equal(o.download, undefined);
    assert.match(p.stderr(), /IPS e-mails the download link to demo@example\.com; when it arrives, fetch it with: ips-jobs download URL --to DIR\n/);
  });
});
