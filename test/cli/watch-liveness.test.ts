// Process liveness, the cause behind watch's exit 13: a started engine keeps its process
// alive between polls (nothing else may: the client's idle keep-alive sockets do not, and the
// clock's timers are unref'd), and a stopped engine lets the process end by itself. The engine
// and the real client run in a child process against the simulator in this one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { startSimulator, DEMO_USER, DEMO_PASSWORD, type Simulator } from '../../electron/simulator/index.ts';
import { ROOT, baseEnv } from './helpers.ts';

let sim: Simulator;
before(async () => {
  sim = await startSimulator({ seed: 9 });
});
after(() => sim.close());

const mod = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
/** Start an engine with the system clock, wait for its first poll of a company, then `then`. */
const script = (then: string) => `
import { createEngine } from ${mod('electron/core/engine.ts')};
import { createIpsClient } from ${mod('electron/ips/client.ts')};
import { defaultSettings } from ${mod('shared/settings.ts')};
const api = await createIpsClient({ serviceUrl: process.env.SIM_URL, user: ${JSON.stringify(DEMO_USER)}, password: process.env.SIM_PASSWORD });
const engine = createEngine({ api, settings: defaultSettings(), locale: 'en', userEmail: ${JSON.stringify(DEMO_USER)} });
const polled = new Promise((resolve) => engine.onCycle((c) => c.companyHandle && c.ok && resolve()));
engine.start();
await polled;
process.stdout.write('polled\\n');
${then}
`;

function run(code: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: baseEnv({ SIM_URL: sim.url, SIM_PASSWORD: DEMO_PASSWORD }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  const until = async (text: string, ms: number) => {
    const end = Date.now() + ms;
    while (!out.includes(text)) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`no "${text}" (exit ${child.exitCode})\nstdout: ${out}\nstderr: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, exited, until, stderr: () => err };
}

test('a started engine keeps its process alive after the first poll (the next poll is a minute away)', async () => {
  const p = run(script('/* nothing more: only the engine is left */'));
  try {
    await p.until('polled', 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(p.child.exitCode, null, `the process ended: ${p.stderr()}`);
  } finally {
    p.child.kill('SIGKILL');
    await p.exited;
  }
});

test('a stopped engine lets its process end by itself', async () => {
  const p = run(script(`await engine.stop(); process.stdout.write('stopped\\n');`));
  try {
    await p.until('stopped', 15_000);
    const t0 = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const code = await Promise.race([p.exited, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 5000)))]);
    clearTimeout(timer);
    assert.equal(code, 0, `exit ${String(code)} after stop: ${p.stderr()}`);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(p.stderr(), '');
  } finally {
    p.child.kill('SIGKILL');
    await p.exited;
  }
});
