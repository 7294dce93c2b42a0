// Electronegativity over electron/ (the main process, preload, adapters and core): no
// HIGH or MEDIUM finding. Gated on its CSV output, not its exit code, which is not
// reliable (electronegativity 1.10: 0 with findings on Node 20, a crash exit on Node 24). Findings are fixed in the code; the few that
// only ask for a review carry an inline `eng-disable` on the line with the reason above
// it (window.ts: openExternal after an https check, our own contextBridge preload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  filename: string;
  location: string;
  sample: string;
}

/** RFC 4180-ish: quoted fields may hold commas, quotes doubled. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field.trim()]);
  return rows.filter((r) => r.some((f) => f !== ''));
}

/**
 * Reviewed findings in files this scan covers but the shell does not own, each with why
 * it is not a problem. Keep this list short and specific (check + file).
 */
const REVIEWED: { issue: string; filename: string; why: string }[] = [
  {
    issue: 'OPEN_EXTERNAL_JS_CHECK',
    // The openExternal command of the app core (electron/core/app-commands.ts).
    filename: 'core/app-commands.ts',
    why: "calls the injected opts.openExternal (the shell's openExternalHttps) only after parsing the URL and refusing anything but https:",
  },
];

test('electronegativity: every HIGH or MEDIUM finding in electron/ is fixed or reviewed', { timeout: 180_000 }, () => {
  assert.ok(existsSync(cli), 'electronegativity is installed');
  const out = join(tempDir('ips-eneg-'), 'electronegativity.csv');
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      join(import.meta.dirname, 'helpers/electronegativity-offline.cjs'),
      cli,
      '-i',
      join(root, 'electron'),
      // The online check of Electron's release list: no network here, and a 10 s timeout.
      '-x',
      'AvailableSecurityFixesGlobalCheck',
      '-e',
      electronVersion,
      '-r',
      '-o',
      out,
    ],
    { cwd: root, encoding: 'utf8', timeout: 170_000 },
  );
  assert.ok(existsSync(out), `no report written (exit ${run.status}): ${(run.stderr || run.stdout).slice(-2000)}`);
  const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(header?.slice(0, 6), ['issue', 'severity', 'confidence', 'filename', 'location', 'sample']);
  const findings: Finding[] = rows.map(([issue, severity, confidence, filename, location, sample]) => ({
    issue: issue!,
    severity: severity!,
    confidence: confidence!,
    filename: filename!,
    location: location!,
    sample: sample!,
  }));
  const reviewed = (f: Finding) => REVIEWED.find((r) => r.issue === f.issue && f.filename.endsWith(r.filename));
  const serious = (f: Finding) => f.severity === 'HIGH' || f.severity === 'MEDIUM';
  const blocking = findings.filter((f) => serious(f) && !reviewed(f));
  // Say in words what each finding is, so a reviewed MEDIUM never reads as a missed one.
  const verdict = (f: Finding): string => {
    if (!serious(f)) return `${f.severity.toLowerCase()} severity, not gated`;
    const r = reviewed(f);
    return r ? `reviewed and allowed (see REVIEWED): ${r.why}` : 'BLOCKING: fix it, or review it and say why in REVIEWED';
  };
  const lines = findings.map((f) => `  ${f.severity} ${f.issue} ${f.filename}:${f.location}: ${verdict(f)}`);
  console.log([`# electronegativity: ${findings.length} finding(s) in electron/, ${blocking.length} blocking`, ...lines].join('\n'));
  assert.deepEqual(
    blocking.map((f) => `${f.severity} ${f.issue} ${f.filename}:${f.location} ${f.sample}`),
    [],
  );
});
