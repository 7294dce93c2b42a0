// The layering of the code base, checked over the real import graph (TypeScript's own
// pre-processor reads every import, export-from, dynamic import and require):
// - core, ips, shared and the renderer never import the simulator (the composition roots
//   — electron/main.ts, electron/preview.ts, electron/cli* — pass it in);
// - the simulator imports nothing from electron/core (the clocks live in the leaf electron/clock.ts);
// - electron/clock.ts imports nothing at all;
// - only electron/main.ts, electron/preload.ts and electron/adapters/ import 'electron';
// - the renderer imports neither Node built-ins nor code under electron/;
// - shared imports nothing of the project outside shared/, and no Node built-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

function listSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'wsdl') walk(full);
      } else if (/\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        out.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return out;
}

/** Every module specifier a file imports (static, dynamic, export-from, require). */
function importsOf(file: SourceFile): string[] {
  let code = file.text;
  if (file.path.endsWith('.svelte')) {
    code = [...code.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  }
  const info = ts.preProcessFile(code, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] ?? '');
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');
const isRelative = (spec: string) => spec.startsWith('./') || spec.startsWith('../');
const resolveIn = (file: string, spec: string) =>
  relative(root, resolve(root, dirname(file), spec))
    .split(sep)
    .join('/');

const ELECTRON_ALLOWED = /^electron\/(main\.ts|preload\.ts|adapters\/)/;

/** One line per broken rule: `file: imports spec (rule)`. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const layer = f.path.startsWith('electron/core/')
      ? 'core'
      : f.path.startsWith('electron/ips/')
        ? 'ips'
        : f.path.startsWith('shared/')
          ? 'shared'
          : f.path.startsWith('renderer/')
            ? 'renderer'
            : f.path.startsWith('electron/simulator/')
              ? 'simulator'
              : 'other';
    for (const spec of importsOf(f)) {
      const target = isRelative(spec) ? resolveIn(f.path, spec) : undefined;
      const bad = (rule: string) => out.push(`${f.path}: imports ${spec} (${rule})`);
      if (target?.startsWith('electron/simulator/') && layer !== 'other' && layer !== 'simulator')
        bad(`${layer} must not import the simulator; pass it in from a composition root`);
      if (layer === 'simulator' && target?.startsWith('electron/core/'))
        bad('the simulator must not import the core; the core declares the port the simulator satisfies');
      if (f.path === 'electron/clock.ts') bad('electron/clock.ts is a leaf: it imports nothing');
      if (isElectron(spec) && !ELECTRON_ALLOWED.test(f.path)) bad("only electron/main.ts, electron/preload.ts and electron/adapters/ import 'electron'");
      if (layer === 'renderer') {
        if (isBuiltin(spec)) bad('the renderer has no Node');
        if (target?.startsWith('electron/')) bad('the renderer must not import main-process code');
      }
      if (layer === 'shared') {
        if (isBuiltin(spec)) bad('shared runs in the renderer too: no Node built-ins');
        if (target !== undefined && !target.startsWith('shared/')) bad('shared imports only shared');
      }
    }
  }
  return out;
}

const tree = (): SourceFile[] => ['electron', 'shared', 'renderer'].flatMap(listSources);

/** Every project file reachable from `entry` through relative imports. */
function reachable(files: readonly SourceFile[], entry: string): Set<string> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const p = todo.pop()!;
    const f = byPath.get(p);
    if (!f || seen.has(p)) continue;
    seen.add(p);
    for (const spec of importsOf(f)) if (isRelative(spec)) todo.push(resolveIn(p, spec));
  }
  return seen;
}

test("the window's bundle reaches no CLI strings and no main-process code", () => {
  const files = tree();
  const inWindow = reachable(files, 'renderer/src/main.ts');
  assert.ok(inWindow.has('shared/i18n/messages/ui.ts'), 'the walk follows imports into shared/');
  assert.ok(!inWindow.has('shared/i18n/messages/cli.ts'), 'the CLI catalog is not in the window bundle');
  assert.deepEqual(
    [...inWindow].filter((p) => p.startsWith('electron/')),
    [],
  );
});

test('the tree keeps its layers', () => {
  const files = tree();
  assert.ok(files.length > 80, `read ${files.length} source files`);
  assert.deepEqual(layerViolations(files), []);
});

test('a planted import across a layer fails the check', () => {
  const planted: SourceFile[] = [
    { path: 'electron/core/planted.ts', text: "import { startSimulator } from '../simulator/index.ts';" },
    { path: 'electron/ips/planted.ts', text: "const s = await import('../simulator/world.ts');" },
    { path: 'electron/core/tray2.ts', text: "import { Tray } from 'electron';" },
    { path: 'renderer/src/lib/planted.ts', text: "import { readFileSync } from 'node:fs';\nimport { x } from '../../../electron/core/board.ts';" },
    { path: 'renderer/src/views/Planted.svelte', text: '<script lang="ts">\n  import fs from \'fs\';\n</script>\n<p>hi</p>' },
    { path: 'shared/planted.ts', text: "export { t } from '../electron/cli/format.ts';" },
    { path: 'electron/adapters/ok.ts', text: "import { app } from 'electron';" },
    { path: 'electron/cli.ts', text: "import { startSimulator } from './simulator/index.ts';" },
    { path: 'electron/simulator/planted.ts', text: "import type { Clock } from '../core/types.ts';\nimport { createManualClock } from '../clock.ts';" },
    { path: 'electron/simulator/planted2.ts', text: "export { isDone } from '../core/outcome.ts';" },
    { path: 'electron/clock.ts', text: "import { x } from './core/board.ts';" },
  ];
  const v = layerViolations(planted);
  const files = new Set(v.map((l) => l.split(':')[0]));
  assert.deepEqual([...files].sort(), [
    'electron/clock.ts',
    'electron/core/planted.ts',
    'electron/core/tray2.ts',
    'electron/ips/planted.ts',
    'electron/simulator/planted.ts',
    'electron/simulator/planted2.ts',
    'renderer/src/lib/planted.ts',
    'renderer/src/views/Planted.svelte',
    'shared/planted.ts',
  ]);
  assert.equal(v.filter((l) => l.startsWith('electron/simulator/planted.ts')).length, 1, 'the simulator may import the leaf clock');
  assert.equal(v.filter((l) => l.startsWith('renderer/src/lib/planted.ts')).length, 2);
});
