// Every temporary folder a test makes comes from here; test/unit/test-hygiene.test.ts
// checks that no other test file calls mkdtemp or os.tmpdir() itself. The folders of one
// test process live under one root in the system temp dir (ips-jobs-test-XXXXXX), and
// the root goes when the process exits, whether its tests passed or failed. A test that
// wants its folder gone sooner (or checks what is left in it) calls removeTempDir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;

function processRoot(): string {
  if (root === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'ips-jobs-test-'));
    root = dir;
    process.once('exit', () => {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        /* a file still held open (Windows): nothing more to do at exit */
      }
    });
  }
  return root;
}

/** A new, empty folder (`<prefix>XXXXXX`), removed at the latest when this test process exits. */
export function tempDir(prefix = 'tmp-'): string {
  return mkdtempSync(join(processRoot(), prefix));
}

/** Remove a folder now; harmless when it is already gone. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** The root of this process's folders, when one was made (for tests of this helper). */
export function tempRoot(): string | undefined {
  return root;
}
