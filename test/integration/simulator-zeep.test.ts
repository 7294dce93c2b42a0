// Python's zeep, a real third-party SOAP stack, against the simulator over loopback: it
// loads the served WSDL, sends the authHeader as a SOAP header (zeep declares `ns0` on the
// header and again, for the versioned namespace, on the body) and must read every answer.
// Skipped where no Python with zeep is installed (Debian: apt-get install python3-zeep).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { T0 } from './simulator-helpers.ts';

function pythonWithZeep(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import zeep'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return py;
  }
  return undefined;
}

const python = pythonWithZeep();
if (!python) console.log('# skipping the zeep tests: no python3 with zeep (apt-get install python3-zeep)');

const SCRIPT = String.raw`
import json, sys, zeep
from zeep.exceptions import Fault
wsdl, finished = sys.argv[1], sys.argv[2]
client = zeep.Client(wsdl)
auth = client.get_element('{http://www.scene7.com/IpsApi/xsd}authHeader')(user='demo@example.com', password='demo', appName='zeep')
out = {}
jobs = client.service.getActiveJobs(companyHandle='c|15', _soapheaders=[auth])
out['active'] = [{'jobHandle': j.jobHandle, 'name': j.name, 'progress': j.progress} for j in (jobs or [])]
out['email'] = client.service.getUserInfo(_soapheaders=[auth]).email
handle = client.service.submitJob(companyHandle='c|15', jobName='zeep & <friends> 中文', execSchedule='0 0 3 ? * SUN ', optimizeImagesJob={'emailSetting': 'None'}, _soapheaders=[auth])
out['submitted'] = handle
sched = client.service.getScheduledJobs(companyHandle='c|15', jobHandle=handle, _soapheaders=[auth])
out['scheduled'] = [{'name': s.name, 'execSchedule': s.execSchedule, 'triggerState': s.triggerState} for s in (sched or [])]
try:
    client.service.stopJob(companyHandle='c|15', jobHandle=finished, _soapheaders=[auth])
    out['stop'] = 'accepted'
except Fault as f:
    ns = {'s7': 'http://www.scene7.com/IpsApi/xsd'}
    out['stop'] = {'faultstring': f.message, 'code': f.detail.findtext('.//s7:code', namespaces=ns), 'reason': f.detail.findtext('.//s7:reason', namespaces=ns)}
print(json.dumps(out))
`;

function runZeep(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python as string, ['-c', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('zeep against the simulator', { skip: !python, timeout: 120_000 }, () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ clock: createManualClock(T0), seed: 9 });
  });
  after(async () => {
    await sim?.close();
  });

  it('reads active jobs, user info, a submitted schedule, and a refused stop as a Fault', async () => {
    const run = sim.world.addJob({ name: 'zeep <sees> & this', files: 10, plan: { newMs: 0, waitMs: 0, runMs: 60_000 } });
    const done = sim.world.addJob({ name: 'zeep-done', files: 2, plan: { newMs: 0, waitMs: 0, runMs: 500 } });
    sim.world.advance(6_000);
    const r = await runZeep([sim.wsdlUrl, done.handle]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      active: Array<{ jobHandle: string; name: string; progress: number }>;
      email: string;
      submitted: string;
      scheduled: Array<{ name: string; execSchedule: string; triggerState: string }>;
      stop: { faultstring: string; code: string; reason: string } | string;
    };
    assert.deepEqual(
      out.active.find((j) => j.jobHandle === run.handle),
      { jobHandle: run.handle, name: 'zeep <sees> & this', progress: 10 },
    );
    assert.equal(out.email, 'demo@example.com');
    assert.equal(out.submitted, 'j|15|zeep & <friends> 中文|');
    assert.deepEqual(out.scheduled, [{ name: 'zeep & <friends> 中文', execSchedule: '0 0 3 ? * SUN ', triggerState: 'Normal' }]);
    assert.equal(typeof out.stop, 'object', 'the refused stop is a SOAP Fault to zeep');
    const stop = out.stop as { faultstring: string; code: string; reason: string };
    assert.equal(stop.faultstring, 'IpsApiException');
    assert.equal(stop.code, '30001');
    assert.match(stop.reason, /already finished/);
  });
});
