import type { ContactRecord, ContactValue } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { makeBirthday, parseIsoBirthday } from './contact-dates.ts';
import { readCsvRows, undecodableRow } from './csv-rows.ts';
import { emptyContact } from './empty-contact.ts';
import { hashKey, makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8 } from './text-decoding.ts';

/** Which column(s) hold which field; several columns are given as `'Col1,Col2'`. */
export interface CsvColumnMapping {
  /** A stable id column, used as the source key when present. */
  id?: string;
  name?: string;
  namePrefix?: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  nameSuffix?: string;
  nickname?: string;
  email?: string;
  phone?: string;
  url?: string;
  organization?: string;
  department?: string;
  title?: string;
  location?: string;
  notes?: string;
  tags?: string;
  birthday?: string;
  anniversary?: string;
}

export interface GenericCsvOptions {
  mapping: CsvColumnMapping;
  /** Field delimiter; guessed from the file when left out. */
  delimiter?: string;
  file?: string;
}

/** `D.M.YYYY` (unambiguous, common in Europe) besides the ISO forms. */
function parseAnyBirthday(text: string): ReturnType<typeof parseIsoBirthday> {
  const iso = parseIsoBirthday(text);
  if (iso) return iso;
  const parts = text.trim().split('.');
  if (parts.length !== 3 || !parts.every((part) => /^\d+$/.test(part))) return undefined;
  return makeBirthday(Number(parts[2]), Number(parts[1]), Number(parts[0]));
}

/** Reads any CSV with a header row, using a column mapping the user chose. */
export function parseGenericCsv(
  input: Uint8Array | string,
  options: GenericCsvOptions,
): ParseResult<ContactRecord> {
  const { file, mapping } = options;
  const decoded = decodeUtf8(input, file);
  const table = readCsvRows(decoded.text, {
    file,
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const errors: ParseIssue[] = [...decoded.errors, ...table.errors];
  const skipped: SkippedRecord[] = [];
  const records: ContactRecord[] = [];
  const headerRow = table.rows[0];
  if (!headerRow) {
    errors.push({ file, line: 1, message: 'the CSV is empty: no header row' });
    return { records, errors, skipped };
  }
  const header = headerRow.map((cell) => cell.trim());
  const findColumn = (name: string): number => {
    const exact = header.indexOf(name.trim());
    return exact !== -1
      ? exact
      : header.findIndex((cell) => cell.toLowerCase() === name.trim().toLowerCase());
  };
  // Resolve every mapped column up front, so a typo is reported once and nothing is half-read.
  const columns = new Map<keyof CsvColumnMapping, number[]>();
  for (const [field, spec] of Object.entries(mapping) as [keyof CsvColumnMapping, string | undefined][]) {
    if (!spec) continue;
    const whole = findColumn(spec);
    const names = whole !== -1 ? [spec] : spec.split(',');
    const indexes: number[] = [];
    for (const name of names) {
      const at = findColumn(name);
      if (at === -1) {
        errors.push({
          file,
          line: table.lines[0],
          field: name.trim(),
          message: `mapped column "${name.trim()}" (for ${field}) is not in the header; the header has: ${header.join(', ')}`,
        });
      } else indexes.push(at);
    }
    columns.set(field, indexes);
  }
  if (errors.some((error) => error.field !== undefined)) return { records, errors, skipped };

  const texts = (row: string[], field: keyof CsvColumnMapping): string[] =>
    (columns.get(field) ?? []).map((i) => (row[i] ?? '').trim()).filter(Boolean);
  const joined = (row: string[], field: keyof CsvColumnMapping, separator = ' '): string =>
    texts(row, field).join(separator);
  const values = (row: string[], field: keyof CsvColumnMapping, split: RegExp): ContactValue[] => {
    const result: ContactValue[] = [];
    for (const text of texts(row, field)) {
      for (const part of text.split(split)) {
        const value = part.trim();
        if (value && !result.some((item) => item.value === value)) result.push({ value });
      }
    }
    return result;
  };

  for (let r = 1; r < table.rows.length; r++) {
    const row = table.rows[r] as string[];
    const line = table.lines[r] as number;
    const undecodable = undecodableRow(file, row, line, headerRow, decoded.invalidLines);
    if (undecodable) {
      errors.push(undecodable);
      continue;
    }
    const givenName = joined(row, 'givenName');
    const familyName = joined(row, 'familyName');
    const emails = values(row, 'email', /[;,\s]+/);
    const phones = values(row, 'phone', /[;\n]+/);
    const organization = joined(row, 'organization', ', ');
    const name =
      joined(row, 'name') ||
      [givenName, familyName].filter(Boolean).join(' ') ||
      organization ||
      emails[0]?.value ||
      phones[0]?.value ||
      '';
    if (!name) {
      skipped.push({ file, line, reason: 'row without name, organization, email or phone' });
      continue;
    }
    const id = joined(row, 'id');
    const key = id ? `csv:${id}` : `csv:${hashKey(name, emails[0]?.value ?? phones[0]?.value)}`;
    const record = emptyContact(line, file, key, name);
    if (!joined(row, 'name') && !givenName && !familyName && organization) record.kind = 'organization';
    if (givenName) record.givenName = givenName;
    if (familyName) record.familyName = familyName;
    for (const field of ['namePrefix', 'middleName', 'nameSuffix', 'nickname', 'department'] as const) {
      const text = joined(row, field);
      if (text) record[field] = text;
    }
    record.emails = emails;
    record.phones = phones;
    record.urls = values(row, 'url', /[;\s]+/);
    if (organization) record.organization = organization;
    const title = joined(row, 'title', ', ');
    if (title) record.title = title;
    const location = joined(row, 'location', ', ');
    if (location) record.location = location;
    const notes = joined(row, 'notes', '\n\n');
    if (notes) record.notes = notes.replace(/\r\n?/g, '\n');
    record.tags = values(row, 'tags', /[;,]+/).map((tag) => tag.value);
    for (const what of ['birthday', 'anniversary'] as const) {
      const text = joined(row, what);
      if (!text) continue;
      const date = parseAnyBirthday(text);
      if (date) record[what] = date;
      else {
        const field = header[columns.get(what)?.[0] ?? -1] ?? what;
        errors.push({ file, line, field, message: `unrecognized ${what} "${text}" (use YYYY-MM-DD)` });
      }
    }
    records.push(record);
  }
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}
