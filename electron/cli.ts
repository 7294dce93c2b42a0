// `ips-jobs`: the command-line face of IPS Jobs (see electron/cli/main.ts). Bundled to
// dist/cli.mjs by build/bundle.ts; runs from source under Node 24 (`npm run cli -- …`).
import { runCli } from './cli/main.ts';

const controller = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupted++;
    // A second Ctrl+C means "now".
    if (interrupted > 1) process.exit(130);
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
});
// Keep-alive sockets or timers of a library must not keep a finished command alive.
await out('');
process.exit(code);
