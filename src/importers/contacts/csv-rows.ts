import Papa from 'papaparse';

import type { ParseIssue } from '../parse-result.ts';

/** CSV rows with the 1-based line each row starts on. */
export interface CsvRows {
  rows: string[][];
  lines: number[];
  errors: ParseIssue[];
}

/** Number of line breaks inside the fields of one row (quoted fields may span lines). */
function breaksInRow(row: string[], breakChar: string): number {
  let count = 0;
  for (const field of row) {
    let at = field.indexOf(breakChar);
    while (at !== -1) {
      count += 1;
      at = field.indexOf(breakChar, at + 1);
    }
  }
  return count;
}

/** The most frequent of `,` `;` tab `|` on the first line (spreadsheets in many locales use `;`). */
export function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const firstLine = end === -1 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Splits CSV text into rows with papaparse and keeps track of the line each row starts on, so
 * messages point at the right line even after multi-line quoted notes and addresses.
 * Blank lines are dropped from `rows` but still counted.
 */
export function readCsvRows(text: string, options: { delimiter?: string; file?: string } = {}): CsvRows {
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: options.delimiter ?? guessDelimiter(text),
  });
  const breakChar = parsed.meta.linebreak === '\r' ? '\r' : '\n';
  // When every line break ends a row, no field spans lines and row n is on line n: skip counting.
  let breaks = 0;
  for (let at = text.indexOf(breakChar); at !== -1; at = text.indexOf(breakChar, at + 1)) breaks += 1;
  const rowsAreLines = parsed.data.length === breaks + 1;
  const rows: string[][] = [];
  const lines: number[] = [];
  const lineOfParsedRow: number[] = [];
  let line = 1;
  for (const row of parsed.data) {
    lineOfParsedRow.push(line);
    const isBlank = row.length === 1 && row[0] === '';
    if (!isBlank) {
      rows.push(row);
      lines.push(line);
    }
    line += rowsAreLines ? 1 : 1 + breaksInRow(row, breakChar);
  }
  const errors: ParseIssue[] = parsed.errors.map((error) => {
    const issue: ParseIssue = { file: options.file, message: `CSV: ${error.message}` };
    const line = error.row === undefined ? undefined : lineOfParsedRow[error.row];
    if (line !== undefined) issue.line = line;
    return issue;
  });
  return { rows, lines, errors };
}

/** Index of each header cell by its trimmed text (first occurrence wins). */
export function headerIndex(header: string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((cell, i) => {
    const name = cell.trim();
    if (!index.has(name)) index.set(name, i);
  });
  return index;
}

/** Name of the column holding U+FFFD in a row, for errors about undecodable bytes. */
export function columnWithReplacementChar(row: string[], header: string[]): string | undefined {
  const at = row.findIndex((cell) => cell.includes('\uFFFD'));
  return at === -1 ? undefined : (header[at]?.trim() ?? `column ${at + 1}`);
}

/** True when a row overlaps one of the lines that held invalid bytes. */
export function rowTouchesLines(row: string[], line: number, badLines: Set<number>): boolean {
  if (badLines.size === 0) return false;
  const last = line + breaksInRow(row, '\n');
  for (let l = line; l <= last; l++) if (badLines.has(l)) return true;
  return false;
}
