// Every `ips-jobs` / `node dist/cli.mjs` example in README.md, run as a newcomer would
// paste it: words split and quoted as the shell does (so an unquoted job handle breaks
// here as it would in a terminal), against `ips-jobs simulator` running as a separate
// process. What cannot run on this machine is substituted, and only that: a real
// server (`--region na`, any `--service-url`) becomes the simulator's URL, the account
// in IPS_USER / IPS_PASSWORD becomes its demo account, `--port` of another simulator
// becomes 0 (any free port), and the app's saved accounts (`--account`, `accounts`) are a
// settings file with accounts Production and Staging, both on the simulator. Commands that run until stopped (watch without --once, the
// simulator) must print their first line and exit 0 on SIGTERM; all others exit 0.
// A line whose comment says "not run" (say, an upload of the reader's own files) is
// only parsed: it must be a command line the CLI accepts.
// The CLI runs from source under this Node: the same code `npm run build` bundles into
// dist/cli.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_PASSWORD, DEMO_USER } from '../../electron/simulator/demo.ts';
import { parseCommandLine } from '../../electron/cli/args.ts';
import { CLI_SOURCE, ROOT, baseEnv, runCli, type RunResult } from './helpers.ts';
import { tempDir } from '../helpers/tmp.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SERVICE_URL = /^http:\/\/127\.0\.0\.1:\d+\/scene7\/services\/IpsApiService$/;

interface Example {
  /** 1-based line in README.md. */
  line: number;
  /** The line as written (without its comment). */
  text: string;
  /** The CLI's arguments after `ips-jobs` / `node dist/cli.mjs`. */
  args: string[];
  /** False when its comment says "not run": then it is only parsed. */
  runs: boolean;
}

/**
 * The words of one shell command line: '…' literal, "…" and bare words with $VAR /
 * ${VAR} expanded from `vars`, # starting a comment, and an unquoted | ; & or && ending
 * the command (what follows is another command, not arguments).
 */
export function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const expand = (s: string, i: number): [string, number] => {
    const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(s.slice(i));
    if (!m) return ['$', i + 1];
    return [vars[m[1] ?? m[2]!] ?? '', i + m[0].length];
  };
  for (let i = 0; i < line.length;) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          const [v, next] = expand(line, i);
          word += v;
          i = next;
        } else word += line[i++];
      }
      if (line[i] !== '"') throw new Error(`unterminated " in: ${line}`);
      i++;
    } else if (ch === '$') {
      const [v, next] = expand(line, i);
      word += v;
      inWord = true;
      i = next;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (ch === '|' || ch === ';' || ch === '&') {
      break;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The CLI examples of README.md: in ```sh blocks, and inline `ips-jobs …` with no placeholders. */
export function readmeExamples(md: string): Example[] {
  const examples: Example[] = [];
  const lines = md.split('\n');
  let inShell = false;
  let vars: Record<string, string> = {};
  lines.forEach((raw, index) => {
    const fence = /^```(\w*)/.exec(raw);
    if (fence) {
      inShell = !inShell && (fence[1] === 'sh' || fence[1] === 'bash' || fence[1] === 'shell');
      vars = {};
      return;
    }
    if (inShell) {
      const words = shellWords(raw, vars);
      const assignments = words[0] === 'export' ? words.slice(1) : words;
      if (assignments.length > 0 && assignments.every((w) => /^[A-Za-z_]\w*=/.test(w))) {
        for (const w of assignments) vars[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
        return;
      }
      const args = cliArgs(words);
      const comment = /\s#\s(.*)$/.exec(raw)?.[1] ?? '';
      if (args) examples.push({ line: index + 1, text: raw.replace(/\s+#.*$/, '').trim(), args, runs: !/\bnot run\b/i.test(comment) });
      return;
    }
    for (const m of raw.matchAll(/`(ips-jobs [^`]+)`/g)) {
      const text = m[1]!;
      // A synopsis (`ips-jobs log JOBHANDLE --company H [--json]`), not an example.
      if (/[[\]]|\\\||\b[A-Z]{1,}[A-Z0-9_]*\b/.test(text.replace(/^ips-jobs /, ''))) continue;
      const args = cliArgs(shellWords(text, {}));
      if (args) examples.push({ line: index + 1, text, args, runs: true });
    }
  });
  return examples;
}

function cliArgs(words: string[]): string[] | undefined {
  if (words[0] === 'ips-jobs') return words.slice(1);
  if (words[0] === 'node' && words[1] === 'dist/cli.mjs') return words.slice(2);
  return undefined;
}

/** The example's arguments with what cannot run here pointed at the test's simulator. */
function runnable(args: readonly string[], simUrl: string, settingsFile: string): string[] {
  const out: string[] = [];
  const saved = command(args) === 'accounts' || args.includes('--account');
  if (saved) out.push('--settings', settingsFile);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (saved && a === '--settings') i++;
    else if (a === '--region' || a === '--service-url') {
      out.push('--service-url', simUrl);
      i++;
    } else if (a.startsWith('--region=') || a.startsWith('--service-url=')) out.push('--service-url', simUrl);
    else if (a === '--staging') continue;
    else if (a === '--port') {
      out.push('--port', '0');
      i++;
    } else out.push(a);
  }
  return out;
}

function command(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

function longRunning(args: readonly string[]): boolean {
  const c = command(args);
  return !args.includes('--help') && !args.includes('-h') && (c === 'simulator' || (c === 'watch' && !args.includes('--once')));
}

interface Started {
  child: ChildProcess;
  firstLine: Promise<string>;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [CLI_SOURCE, ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no output line within 20 s; stderr: ${err}`)), 20_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      child.stdout!.resume();
      resolve(line);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing a line; stderr: ${err}`));
    });
  });
  firstLine.catch(() => undefined);
  return { child, firstLine, stderr: () => err, exited };
}

async function stop(s: Started): Promise<number | null> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  try {
    return await s.exited;
  } finally {
    clearTimeout(timer);
  }
}

const examples = readmeExamples(README);
const ACCOUNT = { IPS_USER: DEMO_USER, IPS_PASSWORD: DEMO_PASSWORD };

test('README has CLI examples, and every job handle in them is one quoted word', () => {
  assert.ok(examples.length >= 8, `found only ${examples.length} examples`);
  const commands = new Set(examples.map((e) => command(e.args)));
  for (const c of ['active', 'logs', 'log', 'stop', 'delete', 'watch', 'simulator', 'accounts']) assert.ok(commands.has(c), `README shows ${c}`);
  assert.ok(
    examples.some((e) => e.runs && e.args.includes('--account')),
    'README shows --account',
  );
  for (const e of examples) {
    const c = command(e.args);
    if (c === 'log' || c === 'stop' || c === 'pause' || c === 'resume' || c === 'delete') {
      const handle = e.args[e.args.indexOf(c) + 1];
      assert.match(handle ?? '', /^j\|/, `README.md:${e.line} passes the whole job handle as one word: ${e.text}`);
    }
  }
});

test('README states the demo account next to the simulator', () => {
  const section = README.slice(README.indexOf('## The CLI'));
  assert.ok(section.includes(`\`${DEMO_USER}\``), 'demo user');
  assert.ok(section.includes(`password \`${DEMO_PASSWORD}\``), 'demo password');
});

describe('every README example runs as written', () => {
  let sim: Started;
  let simUrl = '';
  let settingsFile = '';
  before(async () => {
    sim = start(['simulator', '--port', '0'], {});
    simUrl = await sim.firstLine;
    assert.match(simUrl, SERVICE_URL);
    // The app's settings file as its settings store writes it (shared/settings.ts).
    settingsFile = join(tempDir('readme-'), 'settings.json');
    const account = (id: string, name: string) => ({ id, name, enabled: true, region: 'na', staging: false, serviceUrl: simUrl, user: DEMO_USER });
    writeFileSync(settingsFile, JSON.stringify({ schemaVersion: 2, accounts: [account('prod', 'Production'), account('stage', 'Staging')] }));
  });
  after(async () => {
    if (sim) assert.equal(await stop(sim), 0, 'the simulator ends cleanly on SIGTERM');
  });

  for (const e of examples) {
    test(`README.md:${e.line} ${e.text}`, { timeout: 60_000 }, async () => {
      const args = runnable(e.args, simUrl, settingsFile);
      if (!e.runs) {
        assert.doesNotThrow(() => parseCommandLine(args), `README.md:${e.line} is a command line ips-jobs accepts`);
        return;
      }
      if (longRunning(args)) {
        const s = start(args, ACCOUNT);
        let line: string;
        try {
          line = await s.firstLine;
        } finally {
          const code = await stop(s);
          assert.equal(code, 0, `exit code after SIGTERM; stderr: ${s.stderr()}`);
        }
        if (command(args) === 'simulator') {
          assert.match(line, SERVICE_URL, 'the first line is the URL');
          assert.ok(s.stderr().includes(DEMO_USER) && s.stderr().includes(DEMO_PASSWORD), `the simulator names its account: ${s.stderr()}`);
        } else if (args.includes('--json')) {
          assert.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line}`);
        }
        return;
      }
      const r: RunResult = await runCli(args, { env: ACCOUNT });
      assert.equal(r.code, 0, `exit ${r.code}\nargs: ${JSON.stringify(args)}\nstderr: ${r.stderr}`);
      assert.equal(r.stderr, '', 'nothing on stderr');
      assert.ok(r.stdout.length > 0, 'prints something');
      if (args.includes('--json')) assert.doesNotThrow(() => JSON.parse(r.stdout));
    });
  }
});

test('a "not run" example is only parsed', () => {
  const [e] = readmeExamples('```sh\nips-jobs active --region na   # not run: needs your account\n```\n');
  assert.deepEqual(e, { line: 2, text: 'ips-jobs active --region na', args: ['active', '--region', 'na'], runs: false });
});

test('shellWords splits as the shell does', () => {
  assert.deepEqual(shellWords(`node dist/cli.mjs log 'j|1||a b|7' --company "c|$X" # note`, { X: '15' }), [
    'node',
    'dist/cli.mjs',
    'log',
    'j|1||a b|7',
    '--company',
    'c|15',
  ]);
  assert.deepEqual(shellWords('ips-jobs stop j|15||a b|7 --company c|15', {}), ['ips-jobs', 'stop', 'j'], 'an unquoted | is a pipe');
  assert.deepEqual(shellWords('ips-jobs simulator --port 8088 &', {}), ['ips-jobs', 'simulator', '--port', '8088']);
});
