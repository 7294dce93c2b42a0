// The test suite leaves nothing behind in the system temp dir: every temporary folder
// comes from test/helpers/tmp.ts, whose folders go when their test process exits (a
// passing or a failing one), and no test writes to a fixed /tmp path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const TEST = join(ROOT, 'test');
const HELPER = join(TEST, 'helpers', 'tmp.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

test('no test makes a temp folder itself or writes to a fixed /tmp path', () => {
  // Built from parts so that this file does not match itself.
  const forbidden = [new RegExp(`\\b${'mkd'}temp(Sync)?\\b`), new RegExp(`\\b${'tmp'}dir\\(`), new RegExp(`['"\`]/${'tmp'}/`)];
  const offenders: string[] = [];
  for (const file of sources(TEST)) {
    if (file === HELPER) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (forbidden.some((re) => re.test(line))) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, [], 'use tempDir() from test/helpers/tmp.ts instead');
});

function child(script: string): { root: string; dir: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  const [root, dir] = r.stdout.trim().split('\n');
  assert.ok(root && dir, `the child printed its folders: ${r.stdout}${r.stderr}`);
  return { root, dir, status: r.status };
}

test('tempDir: folders live under one root per process, gone when it exits, also after a failure', () => {
  const body = `
    import { writeFileSync, mkdirSync } from 'node:fs';
    import { join } from 'node:path';
    const { tempDir, tempRoot } = await import(${JSON.stringify(HELPER)});
    const dir = tempDir('hygiene-');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'f.json'), '{}');
    tempDir('second-');
    console.log(tempRoot()); console.log(dir);`;
  const ok = child(body);
  assert.equal(ok.status, 0);
  assert.ok(ok.dir.startsWith(`${ok.root}/hygiene-`), ok.dir);
  assert.equal(existsSync(ok.root), false, 'the root is removed at exit');

  const failed = child(`${body}\n    throw new Error('a failing test file');`);
  assert.equal(failed.status, 1);
  assert.equal(existsSync(failed.root), false, 'removed after an uncaught error too');
});
