// axe-core in the window's page for the e2e tests (not a test file itself): the serious and
// critical violations, each printed as a `#` line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function scan(page: Page, label: string): Promise<Violation[]> {
  // Playwright's evaluate is not subject to the page's CSP, so axe needs no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  // Let transitions settle so colors are final.
  await page.waitForTimeout(250);
  const all = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  })) as Violation[];
  const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = all.filter((v) => !bad.includes(v));
  console.log(`# axe ${label}: ${bad.length} serious/critical, ${minor.length} minor${minor.length ? ` (${minor.map((v) => v.id).join(', ')})` : ''}`);
  for (const v of bad)
    console.log(
      `#   ${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    );
  return bad;
}
