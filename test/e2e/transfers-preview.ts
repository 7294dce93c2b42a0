// The preview for the Transfers e2e tests (not a test file itself): a state folder polling
// often (so a job's end shows soon), a source folder of files of given sizes, the browser,
// and everything closed and removed after the test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startPreview, type PreviewProcess } from './harness.ts';
import { removeTempDir, tempDir } from '../helpers/tmp.ts';

export interface TransfersPreview {
  /** The folder to upload (its files as given). */
  folder: string;
  browser: Browser;
  /** Starts the preview on the state folder (a restart when one runs: close it first). */
  start(): Promise<PreviewProcess>;
}

export async function transfersPreview(
  t: { after(fn: () => Promise<void>): void },
  name: string,
  files: readonly (readonly [string, number])[],
): Promise<TransfersPreview> {
  const state = tempDir(`e2e-${name}-state-`);
  const src = tempDir(`e2e-${name}-src-`);
  writeFileSync(join(state, 'settings.json'), JSON.stringify({ polling: { activeSeconds: 5, idleSeconds: 15 } }));
  const folder = join(src, name);
  for (const [rel, size] of files) {
    mkdirSync(dirname(join(folder, rel)), { recursive: true });
    writeFileSync(join(folder, rel), Buffer.alloc(size, rel.length));
  }
  let current: PreviewProcess | undefined;
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await current?.close();
    removeTempDir(state);
    removeTempDir(src);
  });
  return {
    folder,
    browser,
    start: async () => (current = await startPreview({ stateDir: state })),
  };
}
