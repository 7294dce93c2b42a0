// `ips-jobs`: the command-line face of IPS Jobs (see electron/cli/main.ts). Bundled to
// dist/cli.mjs by build/bundle.ts; runs from source under Node 24 (`npm run cli -- …`).
import { runCli } from './cli/main.ts';

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
});

function out(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.destroyed) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out,
  err: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
  holdSignals: () => {
    holding = true;
  },
});
// Keep-alive sockets or timers of a library must not keep a finished command alive.
await out('');
process.exit(code);
