// dist/cli.mjs, the `ips-jobs` binary: answers the plain `--version` and `--help` forms
// from text inlined at build time (build/bundle.ts: the version, and helpText for every
// language and command), before any other module of ours loads, so they cost little more
// than Node's own start-up. Every other command line (and any help form not listed here,
// e.g. with `--locale` or a mistake) goes on to the full CLI in ./cli.ts, bundled as
// dist/cli-run.mjs, which answers it as before.
import { writeSync } from 'node:fs';
import { resolveLocale, type AppLocale } from '../shared/locales.ts';
import { envLocaleTag } from './cli/locale.ts';

/** Filled in by build/bundle.ts (esbuild `define`); absent when this file runs from source. */
declare const __IPS_JOBS_QUICK__: { version: string; help: Record<AppLocale, Record<string, string>> } | undefined;

/** The inlined answer for `argv`, or undefined when the full CLI must decide. Help key: '' or the command. */
export function inlinedAnswer(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  texts: { version: string; help: Record<AppLocale, Record<string, string>> },
): string | undefined {
  const [a, b] = argv;
  if (argv.length === 1 && (a === '--version' || a === '-v')) return `${texts.version}\n`;
  let topic: string | undefined;
  if (argv.length === 1 && (a === '--help' || a === '-h' || a === 'help')) topic = '';
  else if (argv.length === 2 && a === 'help' && b) topic = b;
  else if (argv.length === 2 && (b === '--help' || b === '-h') && a !== undefined && !a.startsWith('-')) topic = a;
  if (topic === undefined) return undefined;
  const tag = envLocaleTag(env);
  const byTopic = texts.help[resolveLocale('system', tag ? [tag] : [])];
  return Object.hasOwn(byTopic, topic) ? byTopic[topic] : undefined;
}

const quick = typeof __IPS_JOBS_QUICK__ === 'undefined' ? undefined : __IPS_JOBS_QUICK__;
const text = quick && inlinedAnswer(process.argv.slice(2), process.env, quick);
if (text !== undefined) {
  // fd 1 directly: process.stdout's stream set-up costs more than the answer.
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    // A non-blocking pipe that is full (EAGAIN): the stream waits for it. A closed one
    // (`| head`, EPIPE): nothing more to say.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(bytes.subarray(done));
  }
} else {
  // The full CLI's bundle, next to this one in dist/ (build/bundle.ts); a name esbuild
  // leaves alone.
  const full = './cli-run.mjs';
  await import(full);
}
