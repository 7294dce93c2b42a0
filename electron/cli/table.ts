// Plain-text tables for the terminal. Column widths are display widths (string-width):
// CJK ideographs and full-width forms take two cells, combining marks none, so a
// Chinese header lines up with the ASCII data below it.
import stringWidth from 'string-width';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /** Longest cell in display cells; longer text is cut with an ellipsis. */
  max?: number;
  /** May be cut further to fit the terminal: higher numbers are cut first, each down to
   * `min` cells (default 6) before the next. Handles people copy never shrink. */
  shrink?: number;
  min?: number;
}

/** Terminal control characters (and newlines) from server text would break the layout or
 * inject escape sequences: show them as spaces. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cut `text` to at most `max` display cells, ending in `…` when cut. Never splits a
 * grapheme or a double-width character. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (stringWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

export function pad(text: string, width: number, align: Align = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Narrow the shrinkable columns, widest first, until the line fits `maxWidth` cells. */
function fit(columns: Column[], widths: number[], headers: string[], maxWidth: number): number[] {
  const out = [...widths];
  const total = () => out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1);
  const floor = (i: number) => Math.max(columns[i]!.min ?? 6, stringWidth(headers[i]!));
  while (total() > maxWidth) {
    let pick = -1;
    for (let i = 0; i < out.length; i++) {
      const c = columns[i]!;
      if (!c.shrink || out[i]! <= floor(i)) continue;
      const best = pick < 0 ? undefined : columns[pick]!;
      if (!best || c.shrink > best.shrink! || (c.shrink === best.shrink && out[i]! > out[pick]!)) pick = i;
    }
    if (pick < 0) break;
    out[pick]!--;
  }
  return out;
}

/**
 * The table as lines: header, a rule, then one line per row; trailing spaces trimmed.
 * With `maxWidth` (a terminal's columns), shrinkable columns are cut to fit.
 */
export function renderTable(columns: Column[], rows: string[][], maxWidth?: number): string[] {
  let cells = rows.map((row) =>
    columns.map((col, i) => {
      const text = clean(row[i] ?? '');
      return col.max ? truncate(text, col.max) : text;
    }),
  );
  const headers = columns.map((c) => clean(c.header));
  let widths = columns.map((_, i) => Math.max(stringWidth(headers[i]!), ...cells.map((r) => stringWidth(r[i]!))));
  if (maxWidth !== undefined && maxWidth > 0) {
    widths = fit(columns, widths, headers, maxWidth);
    cells = cells.map((r) => r.map((text, i) => truncate(text, widths[i]!)));
  }
  const line = (r: string[]) =>
    r
      .map((text, i) => pad(text, widths[i]!, columns[i]!.align))
      .join('  ')
      .replace(/\s+$/, '');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** Two-column "label  value" lines (labels padded to the widest). */
export function renderPairs(pairs: Array<[string, string]>): string[] {
  const width = Math.max(0, ...pairs.map(([k]) => stringWidth(k)));
  return pairs.map(([k, v]) => `${pad(k, width)}  ${clean(v)}`.replace(/\s+$/, ''));
}
