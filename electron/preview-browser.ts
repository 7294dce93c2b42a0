// `preview --show` (and so `npm start -- --show` where the desktop app cannot start): open
// the preview's URL in the user's default browser. Best effort: the URL is always printed
// as the first line on stdout, so a failure here costs one stderr line, never the preview.
//
// BROWSER, as many developer tools read it, names the program to use instead of the
// platform's opener; BROWSER=none opens nothing.
import { spawn } from 'node:child_process';

export interface OpenBrowserOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** One line when the browser could not be opened; default stderr. */
  log?: (line: string) => void;
}

/** The command that opens `url` here, or undefined for BROWSER=none. */
export function browserCommand(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { cmd: string; args: string[]; verbatim?: boolean } | undefined {
  const chosen = env.BROWSER?.trim();
  if (chosen) return chosen.toLowerCase() === 'none' ? undefined : { cmd: chosen, args: [url] };
  if (platform === 'darwin') return { cmd: 'open', args: [url] };
  // `start` is a cmd.exe built-in; its first quoted argument is the window title. Passed
  // verbatim, so Node does not re-quote the empty title.
  if (platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')], verbatim: true };
  return { cmd: 'xdg-open', args: [url] };
}

export function openBrowser(url: string, o: OpenBrowserOptions = {}): void {
  const log = o.log ?? ((line: string) => process.stderr.write(`preview: ${line}\n`));
  const command = browserCommand(url, o.env, o.platform);
  if (!command) return;
  const failed = (why: string): void => log(`could not open a browser (${command.cmd}: ${why}); open ${url} yourself`);
  try {
    const child = spawn(command.cmd, command.args, { stdio: 'ignore', detached: true, windowsHide: true, windowsVerbatimArguments: command.verbatim === true });
    child.once('error', (err: NodeJS.ErrnoException) => failed(err.code === 'ENOENT' ? 'not found' : err.message));
    child.once('exit', (code) => {
      if (code !== null && code !== 0) failed(`exit code ${code}`);
    });
    child.unref();
  } catch (err) {
    failed((err as Error).message);
  }
}
