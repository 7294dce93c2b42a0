// CSV as spreadsheets read it: RFC 4180 (comma, CRLF line ends, fields with a comma, quote or
// line break quoted, quotes doubled) through papaparse's unparse, with its formula guard on
// (a text cell starting with = + - @, a tab or a carriage return gets a leading ' so that
// Excel, LibreOffice and Sheets show it instead of running it), and a UTF-8 byte-order mark
// first so Excel opens Chinese text as UTF-8. Numbers stay numbers (no grouping, no guard:
// -3 is a number, not a formula). Tab-separated text for the clipboard is here too.
import Papa from 'papaparse';

export type CsvCell = string | number | null | undefined;
export type CsvRow = readonly CsvCell[];

/** The UTF-8 byte-order mark, as the first character of a CSV text. */
export const CSV_BOM = '\uFEFF';
export const CSV_NEWLINE = '\r\n';

const cell = (v: CsvCell): string | number => (v === null || v === undefined ? '' : typeof v === 'number' && !Number.isFinite(v) ? '' : v);

/** Rows as CSV lines, each ended by CRLF (no BOM, no header: for writing page by page). */
export function csvLines(rows: readonly CsvRow[]): string {
  if (rows.length === 0) return '';
  return (
    Papa.unparse(
      rows.map((r) => r.map(cell)),
      { escapeFormulae: true, newline: CSV_NEWLINE, header: false, quotes: false },
    ) + CSV_NEWLINE
  );
}

/** A whole CSV document: the BOM, the header line, the rows. */
export function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  return CSV_BOM + csvLines([header, ...rows]);
}

/** Rows as tab-separated text with a header line (for the clipboard): no tab or line break inside a cell. */
export function toTsv(header: readonly string[], rows: readonly CsvRow[]): string {
  const clean = (v: CsvCell) => String(cell(v)).replace(/[\t\r\n]+/g, ' ');
  return [header, ...rows].map((r) => r.map(clean).join('\t')).join('\n');
}
