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

/** Characters papaparse reads at a time: big enough that its own speed sets the pace. */
const chunkChars = 1 << 18;

/** The line break papaparse would pick for the whole text (it looks at the first megabyte). */
function lineBreakOf(text: string, delimiter: string): '\r' | '\n' | '\r\n' {
  const found = Papa.parse<string[]>(text.slice(0, chunkChars), { delimiter, preview: 1 }).meta.linebreak;
  return found === '\r' || found === '\r\n' ? found : '\n';
}

/**
 * Splits CSV text into rows with papaparse a chunk at a time, yielding the rows of each chunk
 * with the 1-based line each row starts on, so messages point at the right line even after
 * multi-line quoted notes and addresses. A row cut by the end of a chunk is read again whole
 * with the next one. Blank lines are dropped from `rows` but still counted. `read` is the share
 * of the text read with each batch.
 */
export function* readCsvRowBatches(
  input: string,
  options: { delimiter?: string; file?: string; chunkChars?: number } = {},
): Generator<CsvRows & { read: number }> {
  // papaparse drops a byte order mark before reading.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const newline = lineBreakOf(text, delimiter);
  const breakChar = newline === '\r' ? '\r' : '\n';
  let size = options.chunkChars ?? chunkChars;
  let line = 1;
  let pos = 0;
  while (pos < text.length || pos === 0) {
    const end = Math.min(text.length, pos + size);
    const last = end === text.length;
    const piece = pos === 0 && last ? text : text.slice(pos, end);
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    const parsed = parser.parse(piece, 0, !last) as Papa.ParseResult<string[]>;
    if (!last && parsed.data.length === 0) {
      // One row longer than a chunk: read again with room for it.
      size *= 2;
      continue;
    }
    const consumed = last ? piece.length : parsed.meta.cursor;
    // When every line break ends a row, no field spans lines and each row is one line: skip counting.
    let breaks = 0;
    for (let at = piece.indexOf(breakChar); at !== -1 && at < consumed; at = piece.indexOf(breakChar, at + 1))
      breaks += 1;
    const rowsAreLines = parsed.data.length === (last ? breaks + 1 : breaks);
    const batch: CsvRows & { read: number } = {
      rows: [],
      lines: [],
      errors: [],
      read: text.length === 0 ? 1 : (pos + consumed) / text.length,
    };
    const lineOfParsedRow: number[] = [];
    for (const row of parsed.data) {
      lineOfParsedRow.push(line);
      const isBlank = row.length === 1 && row[0] === '';
      if (!isBlank) {
        batch.rows.push(row);
        batch.lines.push(line);
      }
      line += rowsAreLines ? 1 : 1 + breaksInRow(row, breakChar);
    }
    for (const error of parsed.errors) {
      // A problem in the row cut off at the end of the chunk is found again in the next one.
      if (!last && error.row !== undefined && error.row >= parsed.data.length) continue;
      const issue: ParseIssue = { file: options.file, message: `CSV: ${error.message}` };
      const at = error.row === undefined ? undefined : lineOfParsedRow[error.row];
      if (at !== undefined) issue.line = at;
      batch.errors.push(issue);
    }
    yield batch;
    pos += consumed;
    size = options.chunkChars ?? chunkChars;
    if (last) break;
  }
}

/** The rows of CSV text, read whole (see readCsvRowBatches). */
export function readCsvRows(text: string, options: { delimiter?: string; file?: string } = {}): CsvRows {
  const all: CsvRows = { rows: [], lines: [], errors: [] };
  for (const batch of readCsvRowBatches(text, options)) {
    for (const row of batch.rows) all.rows.push(row);
    for (const line of batch.lines) all.lines.push(line);
    for (const error of batch.errors) all.errors.push(error);
  }
  return all;
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
