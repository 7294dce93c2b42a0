// Where the security tests look for a sentinel password: every form it could be written
// in (plain, XML-escaped, URL-encoded, base64 — electron/ips/scrub.ts secretForms) plus a
// distinctive fragment of it, in texts, buffers and every file under a folder.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { secretForms } from '../../electron/ips/scrub.ts';

export interface Sweep {
  /** Add a text (or bytes) the run produced, under a label for the report. */
  text(label: string, value: string | Buffer | unknown): void;
  /** Add every file under `dir` (recursively). Returns how many files were read. */
  files(dir: string): number;
  /** Every place a form of a secret was found: "label: form". */
  hits(): string[];
  /** How many texts and files were searched. */
  searched(): number;
}

export function createSweep(secrets: readonly string[], fragments: readonly string[]): Sweep {
  const needles = [...new Set([...secrets.flatMap(secretForms), ...fragments])].map((n) => ({ n, bytes: Buffer.from(n, 'utf8') }));
  const found: string[] = [];
  let count = 0;
  const search = (label: string, bytes: Buffer): void => {
    count++;
    for (const { n, bytes: b } of needles) if (bytes.includes(b)) found.push(`${label}: ${JSON.stringify(n)}`);
  };
  const sweep: Sweep = {
    text(label, value) {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), 'utf8');
      search(label, bytes);
    },
    files(dir) {
      let n = 0;
      const walk = (d: string): void => {
        for (const name of readdirSync(d)) {
          const p = join(d, name);
          const st = statSync(p);
          if (st.isDirectory()) walk(p);
          else if (st.isFile()) {
            n++;
            search(`file ${relative(dir, p)}`, readFileSync(p));
          }
        }
      };
      walk(dir);
      return n;
    },
    hits: () => [...found],
    searched: () => count,
  };
  return sweep;
}
