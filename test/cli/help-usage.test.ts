// What a newcomer reads in `--help` and the first error lines: help that offers only what
// a command does, the simulator's demo account, one set of region names across the CLI,
// the window and README, and `--locale` that refuses what it cannot speak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText } from '../../electron/cli/help.ts';
import { parseCommandLine } from '../../electron/cli/args.ts';
import { UsageError } from '../../electron/cli/errors.ts';
import { DEMO_PASSWORD, DEMO_USER } from '../../electron/simulator/demo.ts';
import { LOCALES } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { spawn } from 'node:child_process';
import { CLI_SOURCE, ROOT, baseEnv, runCli, stderrLines } from './helpers.ts';

const TABLE = { en: /\btable\b/i, 'zh-CN': /表格/, 'zh-TW': /表格/ } as const;

test('stop, pause, resume and delete --help offer JSON of the outcome, not a table they never print', () => {
  for (const locale of LOCALES) {
    for (const command of ['stop', 'pause', 'resume', 'delete'] as const) {
      const help = helpText(locale, command);
      assert.doesNotMatch(help, TABLE[locale], `${command} --help in ${locale}`);
      assert.match(help, new RegExp(`ips-jobs ${command} JOBHANDLE --company HANDLE \\[--json\\]`));
      assert.ok(help.includes(t(locale, 'cli.help.opt.jsonAction')), `${command} --help explains --json in ${locale}`);
      assert.ok(help.includes(`ips-jobs ${command} 'j|15||Lookbook upload|7001' --company 'c|15'`), `${command} --help shows a quoted handle`);
    }
    // The listing commands do print tables.
    assert.match(helpText(locale, 'active'), TABLE[locale]);
    assert.doesNotMatch(helpText(locale, 'watch'), TABLE[locale]);
  }
});

test('simulator --help names the demo account, in every language', () => {
  for (const locale of LOCALES) {
    const help = helpText(locale, 'simulator');
    assert.ok(help.includes(DEMO_USER) && help.includes(DEMO_PASSWORD), help);
  }
});

test('region names: one set in the CLI help, the Settings view and README', () => {
  const settings = readFileSync(join(ROOT, 'renderer/src/components/settings/AccountForm.svelte'), 'utf8');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const region of ['na', 'emea', 'apac']) {
    assert.ok(settings.includes(`t('ui.region.${region}')`), `Settings labels ${region} with ui.region.${region}`);
    for (const locale of LOCALES) {
      const name = t(locale, `ui.region.${region}`);
      assert.notEqual(name, `ui.region.${region}`);
      assert.ok(helpText(locale).includes(`${region} = ${name}`), `--help in ${locale} calls ${region} “${name}”`);
    }
    assert.ok(readme.includes(t('en', `ui.region.${region}`)), `README calls ${region} “${t('en', `ui.region.${region}`)}”`);
  }
});

test('--locale: our languages and their regional forms; anything else is a usage error', () => {
  assert.equal(parseCommandLine(['active', '--demo', '--locale', 'en-GB']).locale, 'en-GB');
  assert.equal(parseCommandLine(['active', '--demo', '--locale', 'zh_tw']).locale, 'zh-TW');
  assert.equal(parseCommandLine(['active', '--demo', '--locale', 'zh-HK']).locale, 'zh-HK');
  for (const bad of ['fr-FR', 'de', 'jp', 'english', 'zh-Hans-CN']) {
    assert.throws(
      () => parseCommandLine(['active', '--demo', '--locale', bad]),
      (e: unknown) => e instanceof UsageError && e.key === 'cli.error.badLocale',
      bad,
    );
  }
});

test('an unknown --locale exits 2 with one stderr line that lists the supported locales', async () => {
  const r = await runCli(['--demo', 'active', '--locale', 'fr-FR']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const lines = stderrLines(r);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^ips-jobs: .*fr-FR.*\ben, zh-CN, zh-TW\b/);
  // A regional form of a language we speak is used as given: English texts, British dates.
  const gb = await runCli(['--demo', 'scheduled', '--locale', 'en-GB']);
  assert.equal(gb.code, 0, gb.stderr);
  assert.match(gb.stdout, /Next run/);
  assert.match(gb.stdout, /\b\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/);
});

test('ips-jobs simulator: URL first, then the demo account on stderr', async () => {
  const child = spawn(process.execPath, [CLI_SOURCE, 'simulator'], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  let ended = false;
  const closed = new Promise<number | null>((resolve) => child.on('close', (c) => ((ended = true), resolve(c))));
  try {
    const deadline = Date.now() + 20_000;
    while (!(out.includes('\n') && err.includes('\n')) && !ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out.split('\n')[0]!, /^http:\/\/127\.0\.0\.1:\d+\/scene7\/services\/IpsApiService$/);
    assert.ok(err.includes(`IPS_USER=${DEMO_USER}`) && err.includes(`IPS_PASSWORD=${DEMO_PASSWORD}`), err);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await closed, 0);
});
