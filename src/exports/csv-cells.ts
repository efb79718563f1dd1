/**
 * What a CSV export starts with: the UTF-8 byte order mark, without which Excel reads the file as
 * the system's legacy code page and turns every accent into two wrong characters.
 */
export const csvByteOrderMark = '\uFEFF';

/**
 * A spreadsheet reads a cell starting with one of these as a formula (`=`, `+`, `-`, `@`), or may
 * once the tab or carriage return in front is trimmed away: a name or note from an import must
 * never run as one (CSV injection).
 */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Text as a spreadsheet shows it and never evaluates: a cell that starts like a formula gets a
 * single quote in front, whatever it is (a phone number `+49…`, a lone `-`), so the rule has no
 * exceptions to get wrong; the quote is the spreadsheets' own sign for "text as typed".
 */
export function inertText(text: string): string {
  return text.length > 0 && formulaStarts.has(text[0]!) ? `'${text}` : text;
}

/** One field as RFC 4180 writes it: in double quotes (doubled inside) when it holds a quote, comma or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell of an export: text is made inert and quoted as needed; numbers we write ourselves go as they are. */
export type CsvCell = string | number | null;

/** One record: cells separated by commas, ended by CRLF as RFC 4180 says. */
export function csvRecord(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    if (cell === null || cell === undefined) continue;
    line += typeof cell === 'number' ? String(cell) : csvField(inertText(cell));
  }
  return `${line}\r\n`;
}
