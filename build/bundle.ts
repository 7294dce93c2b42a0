// Bundles the Node side into dist/: the Electron main process (ESM), the sandboxed
// preload (CJS, as sandboxed preloads must be), the CLI and the web preview (ESM,
// runnable by plain `node`, Node 20 or newer). The renderer is built by Vite
// (vite.config.ts) into dist/renderer/. The WSDL travels next to the bundles, where
// `new URL('./wsdl/…', import.meta.url)` finds it.
import { build, type BuildOptions } from 'esbuild';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const dist = `${root}dist`;

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};
/** A Node ES module in dist/ (`<entry>.mjs`) that imports its npm packages at run time. */
const esm: BuildOptions = { ...common, outdir: dist, format: 'esm', outExtension: { '.js': '.mjs' }, packages: 'external' };

// Everything but dist/renderer/ (Vite's, built after this by `npm run build`): a bundle-only
// run must not take the window away from a preview or an e2e test using it.
await mkdir(dist, { recursive: true });
for (const name of await readdir(dist)) if (name !== 'renderer') await rm(`${dist}/${name}`, { recursive: true, force: true });

// What dist/cli.mjs (electron/cli-entry.ts) answers without loading anything else: the
// version and every help text, in every language, as helpText writes them.
const { helpText } = await import('../electron/cli/help.ts');
const { COMMANDS } = await import('../electron/cli/args.ts');
const { LOCALES } = await import('../shared/locales.ts');
const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
const help = Object.fromEntries(LOCALES.map((l) => [l, Object.fromEntries([['', helpText(l)], ...COMMANDS.map((c) => [c, helpText(l, c)])])]));

const jobs: Promise<unknown>[] = [
  // dist/cli.mjs, the `ips-jobs` binary: one small file with the answers above inlined; any
  // other command line imports ./cli-run.mjs.
  build({
    ...esm,
    entryPoints: { cli: 'electron/cli-entry.ts' },
    external: ['./cli-run.mjs'],
    define: { __IPS_JOBS_QUICK__: JSON.stringify({ version: pkg.version, help }) },
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The CLI is split at each dynamic import(): `--version` and `--help` load a few small
  // chunks, and the SOAP client, engine and simulator load only in the commands that use
  // them. The chunks sit next to cli.mjs (dist/cli-*.mjs), where ./wsdl/ is found.
  build({ ...esm, entryPoints: { 'cli-run': 'electron/cli.ts' }, splitting: true, chunkNames: 'cli-[name]-[hash]' }),
  // The answer worker (electron/ips/answer-read.ts) sits next to cli.mjs and main.mjs, in
  // one file of its own (the app loads it too; the CLI's chunks are not packaged).
  build({ ...esm, entryPoints: { 'answer-worker': 'electron/ips/answer-worker.ts' } }),
];
if (existsSync(`${root}electron/preview.ts`)) {
  jobs.push(build({ ...esm, entryPoints: { preview: 'electron/preview.ts' } }));
}
if (existsSync(`${root}electron/main.ts`)) {
  jobs.push(build({ ...esm, entryPoints: { main: 'electron/main.ts' }, external: ['electron'] }));
}
if (existsSync(`${root}electron/preload.ts`)) {
  // Sandboxed preloads may only require('electron'): bundle everything else in.
  jobs.push(
    build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outdir: dist, format: 'cjs', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  );
}
await Promise.all(jobs);
if (existsSync(`${root}electron/ips/wsdl`)) await cp(`${root}electron/ips/wsdl`, `${dist}/wsdl`, { recursive: true });
