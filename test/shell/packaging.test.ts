// The packaging config, checked the one way that works offline: electron-builder's `dir`
// target for Linux against a stand-in Electron distribution (a script carrying the fuse
// sentinel, since the real binary cannot be downloaded here). Checks what users get: an
// app.asar with the bundles, the renderer, the tray icons and the production
// dependencies but no source maps or source; and the fuses flipped in the executable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Fuse order of wire v1 (@electron/fuses FuseV1Options).
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
];

/** Every path in an asar archive (header: pickled JSON after 16 bytes). */
function asarFiles(file: string): string[] {
  const buf = readFileSync(file);
  const jsonLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + jsonLength)) as { files?: Record<string, unknown> };
  const out: string[] = [];
  const walk = (node: { files?: Record<string, unknown> }, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = `${prefix}/${name}`;
      if ((child as { files?: unknown }).files) walk(child as { files: Record<string, unknown> }, path);
      else out.push(path);
    }
  };
  walk(header, '');
  return out;
}

const built = existsSync(join(root, 'dist/main.mjs')) && existsSync(join(root, 'dist/preload.cjs')) && existsSync(join(root, 'dist/renderer/index.html'));

test('electron-builder packs the app with its fuses flipped', { skip: built ? false : 'dist/ is not built (npm run build)', timeout: 240_000 }, () => {
  const work = tempDir('ips-pack-');
  const electronDist = join(work, 'electron-dist');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), `#!/bin/sh\necho "stand-in Electron"\nexit 1\n# ${SENTINEL}\x01\x09111100010\n`, 'latin1');
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'LICENSE'), 'MIT');
  writeFileSync(join(electronDist, 'version'), '45.4.1');
  const out = join(work, 'release');
  const cli = join(root, 'node_modules/electron-builder/cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, '--linux', 'dir', `-c.electronDist=${electronDist}`, '-c.electronVersion=45.4.1', `-c.directories.output=${out}`],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 230_000,
      // TMPDIR: electron-builder's own scratch (its jiti cache, app-builder temp files) goes with ours.
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true', TMPDIR: tempDir('electron-builder-') },
    },
  );
  const app = join(out, 'linux-unpacked');
  assert.equal(run.status, 0, `electron-builder failed:\n${(run.stdout + run.stderr).slice(-3000)}`);

  const files = asarFiles(join(app, 'resources/app.asar'));
  for (const f of [
    '/package.json',
    '/dist/main.mjs',
    '/dist/preload.cjs',
    '/dist/renderer/index.html',
    '/dist/wsdl/IpsApi-2014-04-03.wsdl',
    '/build/icons/tray/linux/idle-dark.png',
    '/build/icons/tray/mac/errorTemplate@2x.png',
    '/build/icons/tray/win/auth-light.png',
    '/build/icons/app/512x512.png',
  ]) {
    assert.ok(files.includes(f), `app.asar lacks ${f}`);
  }
  for (const dep of ['soap', 'electron-store', 'zod', 'intl-messageformat']) {
    assert.ok(
      files.some((f) => f.startsWith(`/node_modules/${dep}/`)),
      `app.asar lacks the dependency ${dep}`,
    );
  }
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') && f.startsWith('/dist/')),
    [],
    'no source maps',
  );
  assert.deepEqual(
    files.filter((f) => /^\/(electron|renderer|shared|test)\//.test(f)),
    [],
    'no sources or tests',
  );
  assert.ok(!files.some((f) => f.startsWith('/node_modules/electron/') || f.startsWith('/node_modules/vite/')), 'no dev dependencies');

  const exe = readFileSync(join(app, 'ips-jobs'), 'latin1');
  const at = exe.indexOf(SENTINEL) + SENTINEL.length;
  const wire = exe.slice(at + 2, at + 2 + exe.charCodeAt(at + 1));
  const fuse = (name: string): string => wire[FUSES.indexOf(name)]!;
  assert.equal(fuse('RunAsNode'), '0');
  assert.equal(fuse('EnableNodeOptionsEnvironmentVariable'), '0');
  assert.equal(fuse('EnableNodeCliInspectArguments'), '0');
  assert.equal(fuse('OnlyLoadAppFromAsar'), '1');
  assert.equal(fuse('EnableEmbeddedAsarIntegrityValidation'), '1');
  assert.equal(fuse('EnableCookieEncryption'), '1');
  assert.equal(fuse('GrantFileProtocolExtraPrivileges'), '0');
});
