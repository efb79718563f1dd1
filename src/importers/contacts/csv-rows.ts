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
 * Characters papaparse reads at a time: a few hundred rows, so that what a chunk's rows become
 * (records, plans, rows to write) is gone before the next chunk instead of piling up in memory.
 */
const chunkChars = 1 << 15;

/** The line break papaparse would pick for the whole text (it looks at the first megabyte). */
function lineBreakOf(text: string, delimiter: string): '\r' | '\n' | '\r\n' {
  const found = Papa.parse<string[]>(text.slice(0, 1 << 20), { delimiter, preview: 1 }).meta.linebreak;
  return found === '\r' || found === '\r\n' ? found : '\n';
}

/** A piece of a text read a piece at a time, and the share of the whole it reaches (0 to 1). */
export interface TextPiece {
  text: string;
  read: number;
}

/**
 * Splits CSV text into rows with papaparse a chunk at a time, yielding the rows of each chunk
 * with the 1-based line each row starts on, so messages point at the right line even after
 * multi-line quoted notes and addresses. A row cut by the end of a chunk is read again whole
 * with the next one. Blank lines are dropped from `rows` but still counted. The text may come
 * whole or in pieces (the first one holding its first megabyte, where the line break is
 * guessed); `read` is the share of the text read with each batch.
 */
export function* readCsvRowBatches(
  input: string | Iterable<TextPiece>,
  options: { delimiter?: string; file?: string; chunkChars?: number } = {},
): Generator<CsvRows & { read: number }> {
  const source = (typeof input === 'string' ? [{ text: input, read: 1 }] : input)[Symbol.iterator]();
  const first = source.next();
  // papaparse drops a byte order mark before reading.
  let buffer = first.done ? '' : first.value.text;
  if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
  let bufferRead = first.done ? 1 : first.value.read;
  let exhausted = first.done === true;
  const delimiter = options.delimiter ?? guessDelimiter(buffer);
  const newline = lineBreakOf(buffer, delimiter);
  const breakChar = newline === '\r' ? '\r' : '\n';
  let size = options.chunkChars ?? chunkChars;
  let line = 1;
  for (;;) {
    while (!exhausted && buffer.length <= size) {
      const next = source.next();
      if (next.done) exhausted = true;
      else {
        buffer += next.value.text;
        bufferRead = next.value.read;
      }
    }
    const last = exhausted && buffer.length <= size;
    const piece = last ? buffer : buffer.slice(0, size);
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
      read: last ? 1 : bufferRead,
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
    if (last) return;
    buffer = buffer.slice(consumed);
    size = options.chunkChars ?? chunkChars;
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

/**
 * The error for a row that overlaps a line holding invalid bytes (it is left out whole), naming its
 * first column with a replacement character; null for a row that decoded cleanly. `what` is what
 * the message calls the row.
 */
export function undecodableRow(
  file: string | undefined,
  row: string[],
  line: number,
  header: string[],
  badLines: Set<number>,
  what = 'row',
): ParseIssue | null {
  if (!rowTouchesLines(row, line, badLines)) return null;
  return {
    file,
    line,
    field: columnWithReplacementChar(row, header),
    message: `${what} left out: it holds bytes that are not valid UTF-8`,
  };
}

/** True when a row overlaps one of the lines that held invalid bytes. */
export function rowTouchesLines(row: string[], line: number, badLines: Set<number>): boolean {
  if (badLines.size === 0) return false;
  const last = line + breaksInRow(row, '\n');
  for (let l = line; l <= last; l++) if (badLines.has(l)) return true;
  return false;
}
