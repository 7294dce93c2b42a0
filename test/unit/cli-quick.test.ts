// `ips-jobs --help` / `--version` answer from electron/cli/quick.ts before the rest of the
// CLI loads: the same text as the full path, without the SOAP client, the settings schema
// or the terminal-width tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { quickAnswer } from '../../electron/cli/quick.ts';
import { runCli } from '../../electron/cli/main.ts';

const ENVS: Record<string, string>[] = [{ LANG: 'en_US.UTF-8' }, { LANG: 'zh_CN.UTF-8' }, { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, { LANG: 'C' }, {}];
const ARGVS = [
  ['--help'],
  ['-h'],
  ['help'],
  ['help', 'logs'],
  ['logs', '--help'],
  ['simulator', '-h'],
  ['--locale', 'zh-TW', '--help'],
  ['--locale', 'zh-CN', 'watch', '--help'],
  ['stop', '--help'],
  ['--version'],
  ['-v'],
];

test('help and version: the quick answer is exactly what the full CLI prints, in every language', async () => {
  for (const env of ENVS) {
    for (const argv of ARGVS) {
      let out = '';
      const code = await runCli(argv, { env, out: (t) => void (out += t), err: () => {}, signal: new AbortController().signal });
      assert.equal(code, 0);
      assert.equal(quickAnswer(argv, env, '0.1.0'), out, `${argv.join(' ')} with ${JSON.stringify(env)}`);
    }
  }
});

test('anything else, mistakes included, is left to the full CLI', () => {
  for (const argv of [[], ['active', '--demo'], ['--help', '--bogus'], ['help', 'nope'], ['active', '--version'], ['--password', 'x', '--help']]) {
    assert.equal(quickAnswer(argv, {}, '0.1.0'), undefined, argv.join(' '));
  }
});

test('the help path loads neither soap, zod, string-width nor the engine', () => {
  // Record every module the quick path resolves (Node's synchronous module hooks).
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(spec, ctx, next) { seen.push(spec); return next(spec, ctx); } });
    const { quickAnswer } = await import(${JSON.stringify(new URL('../../electron/cli/quick.ts', import.meta.url).href)});
    if (!quickAnswer(['--help'], {}, '0').includes('ips-jobs')) process.exit(3);
    process.stdout.write(JSON.stringify(seen));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as string[];
  assert.ok(
    seen.some((s) => s.endsWith('help.ts')),
    'the hook saw the help module',
  );
  for (const heavy of ['soap', 'zod', 'string-width', 'croner', 'settings.ts', 'client.ts', 'engine.ts', 'simulator/index.ts']) {
    assert.ok(!seen.some((s) => s === heavy || s.endsWith(`/${heavy}`)), `${heavy} is not loaded for --help (${seen.join(', ')})`);
  }
});
