// The desktop main process's crash guard (electron/core/crash-guard.ts): an uncaught
// throw or an unhandled rejection is logged in one line without the password, and the
// process keeps running; a storm of them asks for a clean restart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { installCrashGuard } from '../../electron/core/crash-guard.ts';

const GUARD = fileURLToPath(new URL('../../electron/core/crash-guard.ts', import.meta.url));
const SENTINEL = 'Sentinel-Pw-8c1f2e';

describe('crash guard', () => {
  it('a real process survives a throw in a timer and an unhandled rejection, and logs no password', async () => {
    const script = `
      const { installCrashGuard } = await import(${JSON.stringify(GUARD)});
      installCrashGuard(process, { log: (l) => process.stderr.write(l + '\\n'), secrets: () => [${JSON.stringify(SENTINEL)}] });
      setTimeout(() => { throw new TypeError('boom with ${SENTINEL} inside'); }, 10);
      setTimeout(() => { Promise.reject(new Error('rejected: password=${SENTINEL}')); }, 30);
      setTimeout(() => { process.stdout.write('still alive\\n'); process.exit(0); }, 120);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    assert.equal(out, 'still alive\n');
    const lines = err.trim().split('\n');
    assert.equal(lines.length, 2, err);
    assert.match(lines[0] ?? '', /^\[ips-jobs\] uncaught exception \(the app keeps running\): TypeError: boom with \*\*\* inside/);
    assert.match(lines[1] ?? '', /^\[ips-jobs\] unhandled rejection \(the app keeps running\): Error: rejected: password=/);
    assert.ok(!err.includes(SENTINEL), err);
  });

  it('a storm of errors asks once for a restart; uninstall removes the handlers', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    let storms = 0;
    let t = 0;
    const guard = installCrashGuard(proc, { log: (l) => lines.push(l), onStorm: () => storms++, stormLimit: 5, stormWindowMs: 1000, now: () => t });
    for (let i = 0; i < 12; i++) {
      t += 10;
      proc.emit('uncaughtException', new Error(`tick ${i}`));
    }
    assert.equal(guard.count, 12);
    assert.equal(storms, 1);
    assert.equal(lines.length, 12);
    proc.emit('unhandledRejection', 'a plain string');
    assert.match(lines.at(-1) ?? '', /unhandled rejection .*: string: a plain string/);
    guard.uninstall();
    assert.equal(proc.listenerCount('uncaughtException'), 0);
    assert.equal(proc.listenerCount('unhandledRejection'), 0);
  });
});
