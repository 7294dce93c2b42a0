// `ips-jobs`: the command-line face of IPS Jobs (see electron/cli/main.ts). Bundled to
// dist/cli-run.mjs by build/bundle.ts, which dist/cli.mjs (./cli-entry.ts) loads for any
// command line it does not answer from inlined text; runs from source under Node 24
// (`npm run cli -- …`).
// This file only binds the process: argv, env, stdout/stderr, signals, exit code.
import { writeSync } from 'node:fs';
import nodeModule from 'node:module';
import { makeScrubber } from './ips/scrub.ts';
import pkg from '../package.json' with { type: 'json' };

// V8's compile cache for everything loaded from here on (Node 22.1+; NODE_DISABLE_COMPILE_CACHE=1
// turns it off): a third less start-up time for the second and later runs.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  /* no cache, no harm */
}

/** Last resort for anything that escapes runCli: one line, no stack, no password. */
function die(err: unknown): never {
  let text = err instanceof Error ? err.message : String(err);
  // Echoed password fields and whole-token forms of the password only (./ips/scrub.ts):
  // a one-letter password must not mask every matching letter of the line.
  text = makeScrubber([process.env.IPS_PASSWORD])(text);
  text = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 400);
  try {
    // Synchronous, so the line is out before the exit even where pipes are asynchronous.
    writeSync(2, `ips-jobs: ${text || 'internal error'}\n`);
  } catch {
    /* stderr is gone: nothing more to say */
  }
  process.exit(1);
}
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

const controller = new AbortController();
// One-shot commands end at once on Ctrl+C; watch and simulator stop in order (the first
// signal aborts, a second one ends the process).
let holding = false;
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    signals++;
    if (!holding || signals > 1) process.exit(sig === 'SIGINT' ? 130 : 143);
    controller.abort();
  });
}

// `ips-jobs … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  die(err);
});

let errWritten: Promise<void> = Promise.resolve();
function err(line: string): void {
  errWritten = new Promise((resolve) => {
    process.stderr.write(`${line}\n`, () => resolve());
  });
}

function out(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.destroyed) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

// `--version` and `--help` answer before anything heavy loads: the version from
// package.json, the help from the few modules it needs (./cli/quick.ts). The SOAP client,
// the engine and the simulator load only in the commands that use them (the bundle is
// split per dynamic import, build/bundle.ts).
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  await out(`${pkg.version}\n`);
  process.exit(0);
}
if (argv.some((a) => a === '--help' || a === '-h' || a === 'help' || a === '--version' || a === '-v')) {
  try {
    const { quickAnswer } = await import('./cli/quick.ts');
    const text = quickAnswer(argv, process.env, pkg.version);
    if (text !== undefined) {
      await out(text);
      process.exit(0);
    }
  } catch (err) {
    die(err);
  }
}

let runCli: typeof import('./cli/main.ts').runCli;
try {
  ({ runCli } = await import('./cli/main.ts'));
} catch (err) {
  die(err);
}

const code = await runCli(argv, {
  env: process.env,
  out,
  err,
  signal: controller.signal,
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  holdSignals: () => {
    holding = true;
  },
});
// Keep-alive sockets or timers of a library must not keep a finished command alive;
// everything written must be out first (pipes are asynchronous on macOS).
await out('');
await errWritten;
process.exit(code);
