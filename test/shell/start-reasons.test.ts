// The words `npm start` uses when Electron's installer fails, for the failures a loopback
// mirror cannot produce on demand (a full disk, DNS, TLS, a 5xx), from the installer's own
// output as it prints it (`err.stack`) and the download probe's events; and the progress
// line on a terminal and in a pipe. (test/shell/start.test.ts runs the real installer.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInstallFailure, type InstallFailure, type ProbeEvent } from '../../build/electron-install-errors.ts';
import { createProgress } from '../../build/download-progress.ts';

const ZIP = 'https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip';
const failure = (output: string, events: ProbeEvent[] = [], extra: Partial<InstallFailure> = {}): string =>
  describeInstallFailure({ output, events, exitCode: 1, signal: null, version: '45.4.1', ...extra });

test('a full disk, an unwritable folder and a read-only file system are named, with the path', () => {
  assert.match(failure('Error: ENOSPC: no space left on device, write\n    at async x (node:internal/fs:1:1)\n'), /^the disk is full \(ENOSPC/);
  assert.equal(
    failure("Error: EACCES: permission denied, mkdir '/home/u/.cache/electron/abc'\n    at async mkdir\n"),
    'cannot write the Electron download at /home/u/.cache/electron/abc (EACCES: permission denied)',
  );
  assert.match(
    failure("Error: EROFS: read-only file system, open '/work/node_modules/electron/dist/electron'"),
    /at \/work\/node_modules\/electron\/dist\/electron \(EROFS: read-only file system\)/,
  );
});

test('network failures: DNS, refused, timeout, unreachable, reset, TLS — each in words, with the host', () => {
  const net = (code: string, message = 'x'): string =>
    failure('TypeError: fetch failed\n', [
      { e: 'request', url: ZIP },
      { e: 'error', url: ZIP, code, message },
    ]);
  assert.equal(net('ENOTFOUND'), 'cannot look up the download host github.com (DNS: ENOTFOUND); offline, or the name is wrong');
  assert.match(net('EAI_AGAIN'), /^cannot look up the download host github\.com \(DNS: EAI_AGAIN\)/);
  assert.match(net('ECONNREFUSED'), /^the download host github\.com refused the connection/);
  assert.match(net('UND_ERR_CONNECT_TIMEOUT'), /^the download host github\.com did not answer in time/);
  assert.match(net('ENETUNREACH'), /is unreachable \(ENETUNREACH\); this machine seems to be offline/);
  assert.match(net('ECONNRESET'), /connection to the download host github\.com was cut off/);
  assert.match(net('SELF_SIGNED_CERT_IN_CHAIN'), /TLS certificate this machine does not trust \(SELF_SIGNED_CERT_IN_CHAIN\).*NODE_EXTRA_CA_CERTS/);
  // Nothing from the probe (fetch refused the URL before any request): still no stack trace.
  assert.equal(failure('TypeError: fetch failed\n'), 'cannot reach the download host (fetch failed)');
});

test('HTTP answers: 404 names the version and the URL, 403 and 5xx say who refused or failed', () => {
  const http = (status: number, url = ZIP): string =>
    failure(`HTTPError: Response code ${status} (x) for ${url}\n`, [{ e: 'headers', url, status, length: null }]);
  assert.match(http(404), /^the download server has no Electron 45\.4\.1 for this system \(HTTP 404 Not Found for https:\/\/github\.com\/.*linux-x64\.zip;/);
  assert.match(http(403), /^the download server refused electron-v45\.4\.1-linux-x64\.zip \(HTTP 403 Forbidden from github\.com/);
  assert.match(http(502), /failed while sending .* \(HTTP 502 Bad Gateway from github\.com\); try again later/);
  assert.match(http(404, 'https://m.example/v45.4.1/SHASUMS256.txt'), /no checksum list for Electron 45\.4\.1 .*electron_use_remote_checksums/);
  // The installer's own message is enough when the probe saw nothing.
  assert.match(failure('HTTPError: Response code 404 (Not Found) for https://m.example/v45.4.1/e.zip\n'), /HTTP 404 Not Found for https:\/\/m\.example/);
});

test('checksum failures, the watchdog, and anything else as its first line without the stack', () => {
  assert.match(
    failure('Error: Generated checksum for "electron-v45.4.1-linux-x64.zip" did not match expected checksum.\n'),
    /electron-v45\.4\.1-linux-x64\.zip failed its checksum check/,
  );
  assert.match(failure('Error: No checksum found in checksum file for "electron-v45.4.1-linux-x64.zip".\n'), /no entry for electron-v45\.4\.1-linux-x64\.zip/);
  assert.equal(
    failure('', [{ e: 'request', url: ZIP }], { stalledMs: 30_000, exitCode: null, signal: 'SIGKILL' }),
    'the Electron download from github.com stalled: nothing arrived for 30 s',
  );
  assert.equal(
    failure('Error: Electron builds are not available on platform: aix\n    at getPlatformPath (/x/install.js:1:1)\n'),
    'the Electron installer failed: Electron builds are not available on platform: aix',
  );
  assert.equal(failure(''), 'the Electron installer failed (exit code 1)');
});

test('progress: one line rewritten in place on a terminal, sparse lines in a pipe, the size and the source at the end', () => {
  let clock = 0;
  const out: string[] = [];
  const tty = createProgress({ write: (t) => out.push(t), tty: true, version: '45.4.1', now: () => clock });
  tty.onEvent({ e: 'request', url: ZIP });
  tty.onEvent({ e: 'headers', url: ZIP, status: 200, length: 112_000_000 });
  clock = 1000;
  tty.onEvent({ e: 'bytes', url: ZIP, bytes: 48_160_000 });
  clock = 1100; // too soon to redraw
  tty.onEvent({ e: 'bytes', url: ZIP, bytes: 50_000_000 });
  clock = 9000;
  tty.onEvent({ e: 'bytes', url: ZIP, bytes: 112_000_000, done: true });
  tty.succeeded(9300);
  assert.deepEqual(out, [
    '\r\x1b[Kips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop)…',
    '\r\x1b[Kips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop) from github.com: 48.2 of 112.0 MB (43%)',
    '\r\x1b[Kips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop) from github.com: 112.0 of 112.0 MB (100%)',
    '\r\x1b[Kips-jobs: Electron 45.4.1 is installed (112.0 MB from github.com in 9.3 s)\n',
  ]);

  out.length = 0;
  clock = 0;
  const pipe = createProgress({ write: (t) => out.push(t), tty: false, version: '45.4.1', now: () => clock });
  pipe.onEvent({ e: 'request', url: ZIP });
  for (clock = 1000; clock <= 25_000; clock += 1000) pipe.onEvent({ e: 'bytes', url: ZIP, bytes: clock * 1000 });
  pipe.failed();
  assert.deepEqual(out, [
    'ips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop)…\n',
    'ips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop) from github.com: 10.0 MB\n',
    'ips-jobs: downloading Electron 45.4.1 (once; Ctrl-C to stop) from github.com: 20.0 MB\n',
  ]);
});

test('preview --show opens the URL with BROWSER, or the platform opener; BROWSER=none opens nothing', async () => {
  const { browserCommand } = await import('../../electron/preview-browser.ts');
  const url = 'http://127.0.0.1:5000/';
  assert.deepEqual(browserCommand(url, {}, 'linux'), { cmd: 'xdg-open', args: [url] });
  assert.deepEqual(browserCommand(url, {}, 'darwin'), { cmd: 'open', args: [url] });
  assert.deepEqual(browserCommand(url, {}, 'win32'), { cmd: 'cmd', args: ['/c', 'start', '""', url], verbatim: true });
  assert.deepEqual(browserCommand(url, { BROWSER: 'firefox' }, 'linux'), { cmd: 'firefox', args: [url] });
  assert.equal(browserCommand(url, { BROWSER: 'none' }, 'darwin'), undefined);
});
