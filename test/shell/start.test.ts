// `npm start` (build/start.ts) as a process, against a loopback ELECTRON_MIRROR: where the
// Electron binary is missing it runs Electron's own installer (node_modules/electron/
// install.js, through @electron/get), shows progress, and launches what it installed; when
// the download cannot work it says why in ONE stderr line and starts the web preview.
// Everything installs into a temporary copy of the electron package
// (IPS_JOBS_ELECTRON_PACKAGE_DIR) and a temporary electron_config_cache, never into the
// checkout's node_modules/electron. The "Electron" here is a shell script that records
// its arguments.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeZip } from './helpers/zip.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '../..');
const realPkg = join(root, 'node_modules', 'electron');
const version = (JSON.parse(readFileSync(join(realPkg, 'package.json'), 'utf8')) as { version: string }).version;
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
const zipPath = `/v${version}/${zipName}`;
const realDistExisted = existsSync(join(realPkg, 'dist'));

const skip =
  process.platform === 'win32'
    ? 'the stand-in Electron is a shell script'
    : !existsSync(join(root, 'dist', 'preview.mjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))
      ? 'dist/ is not built (npm run build)'
      : false;

const zip = makeZip([
  { name: 'electron', data: '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$FAKE_ELECTRON_ARGV"\n', mode: 0o755 },
  { name: 'version', data: version },
  { name: 'LICENSE', data: 'MIT' },
]);
const zipSha = createHash('sha256').update(zip).digest('hex');

type Mode = 'ok' | 'bad-checksum' | 'missing' | 'stall';
let mode: Mode = 'ok';
const requests: string[] = [];
let server: Server;
let mirror = '';
let closedPort = 0;
let work = '';
let n = 0;

function answer(res: ServerResponse, url: string): void {
  if (mode === 'missing') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
  if (url === `/v${version}/SHASUMS256.txt`) {
    const sha = mode === 'bad-checksum' ? '0'.repeat(64) : zipSha;
    return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${sha} *${zipName}\n`);
  }
  if (url === zipPath) {
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': zip.length });
    if (mode === 'stall') return void res.write(zip.subarray(0, 64)); // and then nothing
    return void res.end(zip);
  }
  res.writeHead(404).end();
}

before(async () => {
  if (skip) return;
  work = tempDir('ips-jobs-start-');
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(res, req.url ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  writeFileSync(join(work, 'browser'), '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$FAKE_BROWSER_ARGV"\n');
  chmodSync(join(work, 'browser'), 0o755);
});

after(async () => {
  if (skip) return;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(work, { recursive: true, force: true });
});

interface Case {
  dir: string;
  pkg: string;
  argvFile: string;
  browserFile: string;
  env: NodeJS.ProcessEnv;
}

/** A copy of the electron package (installer, package.json, pinned checksums) and its own cache. */
function newCase(o: { pinnedChecksum?: 'fake' | 'official'; env?: NodeJS.ProcessEnv } = {}): Case {
  const dir = join(work, `case-${++n}`);
  const pkg = join(dir, 'electron');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['install.js', 'package.json']) copyFileSync(join(realPkg, f), join(pkg, f));
  if (o.pinnedChecksum === 'official') copyFileSync(join(realPkg, 'checksums.json'), join(pkg, 'checksums.json'));
  else writeFileSync(join(pkg, 'checksums.json'), JSON.stringify({ [zipName]: zipSha }));
  const env: NodeJS.ProcessEnv = {};
  // Nothing from the developer's own Electron set-up (an .npmrc mirror, a proxy) may reach the test.
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_config_electron|npm_package_config_electron|electron_|force_no_cache$|node_use_env_proxy$|https?_proxy$|all_proxy$)/i.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    ELECTRON_MIRROR: mirror,
    electron_config_cache: join(dir, 'cache'),
    IPS_JOBS_ELECTRON_PACKAGE_DIR: pkg,
    NODE_PATH: join(root, 'node_modules'), // the copy's installer finds @electron/get there
    NO_PROXY: '127.0.0.1,localhost',
    FAKE_ELECTRON_ARGV: join(dir, 'electron-argv'),
    FAKE_BROWSER_ARGV: join(dir, 'browser-argv'),
    BROWSER: join(work, 'browser'),
    TMPDIR: dir, // where start.ts keeps the installer's temp files: checked empty afterwards
    ...o.env,
  });
  return { dir, pkg, argvFile: join(dir, 'electron-argv'), browserFile: join(dir, 'browser-argv'), env };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The preview's URL, when the preview started. */
  url?: string;
  ms: number;
}

/** Run build/start.ts; when it prints a URL (the preview), stop it there. */
function start(c: Case, args: string[] = []): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(root, 'build', 'start.ts'), ...args], { cwd: root, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let url: string | undefined;
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    if (url === undefined && /^http:\/\/127\.0\.0\.1:\d+\/$/.test(line)) {
      url = line;
      // Let --show reach the browser stand-in before stopping.
      setTimeout(() => child.kill('SIGTERM'), args.includes('--show') ? 500 : 0);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, ...(url ? { url } : {}) });
    });
  });
}

const reasonLines = (r: Run): string[] => r.stderr.split('\n').filter((l) => l.includes('cannot start the desktop app'));

function assertFellBack(t: TestContext, r: Run, c: Case, reason: RegExp): void {
  const lines = reasonLines(r);
  assert.equal(lines.length, 1, `exactly one reason line; stderr:\n${r.stderr}`);
  t.diagnostic(lines[0]!);
  assert.match(lines[0]!, reason);
  assert.match(lines[0]!, /Starting the web preview instead/);
  assert.doesNotMatch(r.stderr, /\n\s+at |TypeError|node:internal/, 'no stack trace');
  assert.ok(r.url, `the preview printed its URL; stdout:\n${r.stdout}`);
  assert.equal(existsSync(join(c.pkg, 'dist', 'electron')), false, 'nothing was installed');
  assert.equal(existsSync(c.argvFile), false, 'no Electron was started');
  assertNoTempLeft(c);
}

function assertNoTempLeft(c: Case): void {
  assert.deepEqual(
    readdirSync(c.dir).filter((f) => /^(ips-jobs-electron-|electron-download-)/.test(f)),
    [],
    'no temp files left',
  );
}

test('a missing binary is downloaded through Electron’s installer, with progress, and the app starts with --show', { skip }, async () => {
  const c = newCase();
  requests.length = 0;
  mode = 'ok';
  const r = await start(c, ['--show']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(requests, [zipPath], 'one download from the mirror, checked against the pinned checksum');
  const v = version.replace(/\./g, '\\.');
  assert.match(r.stderr, new RegExp(`^ips-jobs: downloading Electron ${v} \\(once; Ctrl-C to stop\\)`));
  assert.match(r.stderr, new RegExp(`ips-jobs: Electron ${v} is installed \\(0\\.0 MB from 127\\.0\\.0\\.1:\\d+ in \\d+\\.\\d s\\)\n$`));
  assert.deepEqual(reasonLines(r), []);
  assert.equal(readFileSync(c.argvFile, 'utf8'), '.\n--show\n', 'the installed Electron ran the app with --show');
  assert.equal(readFileSync(join(c.pkg, 'path.txt'), 'utf8'), 'electron');
  assert.equal(readFileSync(join(c.pkg, 'dist', 'version'), 'utf8'), version);

  // The second start finds it: no download, no progress.
  rmSync(c.argvFile);
  requests.length = 0;
  const again = await start(c);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(requests, []);
  assert.equal(again.stderr, '');
  assert.equal(readFileSync(c.argvFile, 'utf8'), '.\n');
  assert.equal(existsSync(join(realPkg, 'dist')), realDistExisted, 'the checkout’s node_modules/electron is untouched');
  assertNoTempLeft(c);
});

test('a mirror with remote checksums that do not match: one line says so, and the preview starts (--show opens it)', { skip }, async (t) => {
  const c = newCase({ env: { electron_use_remote_checksums: '1' } });
  mode = 'bad-checksum';
  const r = await start(c, ['--show']);
  assertFellBack(t, r, c, /failed its checksum check/);
  assert.equal(readFileSync(c.browserFile, 'utf8'), `${r.url}\n`, 'preview --show opened its URL');
});

test('a mirror serving other files than the pinned checksums: checksum line, preview', { skip }, async (t) => {
  const c = newCase({ pinnedChecksum: 'official' });
  mode = 'ok';
  assertFellBack(t, await start(c), c, new RegExp(`${zipName.replace(/\./g, '\\.')} failed its checksum check`));
});

test('HTTP 404 for this version: one line names it, and the preview starts', { skip }, async (t) => {
  const c = newCase();
  mode = 'missing';
  assertFellBack(t, await start(c), c, new RegExp(`no Electron ${version.replace(/\./g, '\\.')} for this system \\(HTTP 404 Not Found for ${mirror}v`));
});

test('an unreachable mirror (a closed port) fails at once: one line, the preview', { skip }, async (t) => {
  const c = newCase({ env: { ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` } });
  const r = await start(c);
  assertFellBack(t, r, c, new RegExp(`127\\.0\\.0\\.1:${closedPort} refused the connection`));
  assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
});

test('a download that stops sending is ended by the watchdog', { skip }, async (t) => {
  const c = newCase({ env: { IPS_JOBS_DOWNLOAD_STALL_SECONDS: '1' } });
  mode = 'stall';
  const r = await start(c);
  assertFellBack(t, r, c, /the Electron download from 127\.0\.0\.1:\d+ stalled: nothing arrived for 1 s/);
});

test('a cache that cannot be written: one line says where', { skip }, async (t) => {
  const c = newCase();
  writeFileSync(join(c.dir, 'a-file'), '');
  c.env.electron_config_cache = join(c.dir, 'a-file', 'cache');
  mode = 'ok';
  assertFellBack(t, await start(c), c, /cannot write the Electron download at .*a-file.* \(ENOTDIR/);
});

test('ELECTRON_SKIP_BINARY_DOWNLOAD=1: no download, the line says so', { skip }, async (t) => {
  const c = newCase({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  requests.length = 0;
  const r = await start(c);
  assertFellBack(t, r, c, /ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary is not downloaded/);
  assert.deepEqual(requests, []);
  assert.doesNotMatch(r.stderr, /downloading/);
});

test('Ctrl-C during the download stops it: exit 130, no preview, no partial download left', { skip }, async () => {
  const c = newCase();
  mode = 'stall';
  const child = spawn(process.execPath, [join(root, 'build', 'start.ts')], { cwd: root, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  // Interrupt once the archive is on its way (the server has sent its first bytes).
  const deadline = Date.now() + 10_000;
  while (!requests.includes(zipPath) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  requests.length = 0;
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /ips-jobs: the Electron download was stopped; npm start tries again next time\.\n$/);
  assert.doesNotMatch(stderr, /cannot start the desktop app/);
  assert.equal(stdout, '', 'no preview');
  assert.equal(existsSync(join(c.pkg, 'dist', 'electron')), false);
  assertNoTempLeft(c);
});
