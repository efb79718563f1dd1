import type { ContactRecord, ContactValue } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { parseIsoBirthday } from './contact-dates.ts';
import { headerIndex, readCsvRows, undecodableRow } from './csv-rows.ts';
import { emptyContact } from './empty-contact.ts';
import { hashKey, makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8 } from './text-decoding.ts';

/** Google joins several values of one cell with this separator. */
const MULTI = ' ::: ';

/** A numbered group of columns, such as `E-mail 2 - Label` / `E-mail 2 - Value`. */
interface ValueGroup {
  label?: number;
  value?: number;
  labelName: string;
  valueName: string;
}

/** Finds `<kind> N - Label|Type` and `<kind> N - Value` column pairs, in number order. */
function valueGroups(header: string[], kind: string): ValueGroup[] {
  const groups = new Map<number, ValueGroup>();
  const prefix = `${kind} `;
  header.forEach((raw, i) => {
    const cell = raw.trim();
    if (!cell.startsWith(prefix)) return;
    const [numberText, part] = cell.slice(prefix.length).split(' - ');
    const n = Number(numberText);
    if (!Number.isInteger(n) || part === undefined) return;
    const group = groups.get(n) ?? { labelName: `${kind} ${n} - Label`, valueName: `${kind} ${n} - Value` };
    if (part === 'Label' || part === 'Type') {
      group.label = i;
      group.labelName = cell;
    } else if (part === 'Value') {
      group.value = i;
      group.valueName = cell;
    }
    groups.set(n, group);
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
}

const STANDARD_LABELS = new Set(['home', 'work', 'other', 'mobile', 'main', 'home fax', 'work fax', 'pager']);

/** Reads one label: a leading `* ` marks the primary value; standard labels are lower-cased. */
function readLabel(raw: string): { label?: string; preferred: boolean } {
  let text = raw.trim();
  const preferred = text.startsWith('* ');
  if (preferred) text = text.slice(2).trim();
  if (!text) return { preferred };
  const lower = text.toLowerCase();
  return { label: STANDARD_LABELS.has(lower) ? lower : text, preferred };
}

/** Values of one group; labels are zipped with values when Google joined both with ` ::: `. */
function groupValues(row: string[], group: ValueGroup): ContactValue[] {
  const valueCell = group.value === undefined ? '' : (row[group.value] ?? '');
  if (!valueCell.trim()) return [];
  const values = valueCell.split(MULTI);
  const labels = (group.label === undefined ? '' : (row[group.label] ?? '')).split(MULTI);
  const result: ContactValue[] = [];
  values.forEach((rawValue, i) => {
    const value = rawValue.trim();
    if (!value) return;
    const { label, preferred } = readLabel(
      labels.length === values.length ? (labels[i] ?? '') : (labels[0] ?? ''),
    );
    const item: ContactValue = { value };
    if (label) item.label = label;
    // When one starred label covers several values, only the first is the primary one.
    if (preferred && (labels.length === values.length || i === 0)) item.preferred = true;
    result.push(item);
  });
  return result;
}

/** User labels become tags; system groups (`* myContacts`, `* starred`, `System Group: …`) do not. */
function readTags(cell: string): string[] {
  const tags: string[] = [];
  for (const raw of cell.split(MULTI)) {
    const tag = raw.trim();
    if (!tag || tag.startsWith('*') || tag.startsWith('System Group:')) continue;
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Reads Google Contacts CSV exports, both the current header and the legacy one. */
export function parseGoogleContacts(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const { file } = options;
  const decoded = decodeUtf8(input, file);
  const table = readCsvRows(decoded.text, { delimiter: ',', file });
  const errors: ParseIssue[] = [...decoded.errors, ...table.errors];
  const skipped: SkippedRecord[] = [];
  const records: ContactRecord[] = [];
  const headerRow = table.rows[0];
  if (!headerRow) return { records, errors, skipped };
  const index = headerIndex(headerRow);
  const legacy = index.has('Given Name') || index.has('Group Membership');
  if (!index.has('First Name') && !index.has('Given Name') && !index.has('Name')) {
    errors.push({
      file,
      line: table.lines[0],
      message: 'not a Google Contacts CSV: no First Name or Given Name column',
    });
    return { records, errors, skipped };
  }
  const col = (row: string[], name: string): string => {
    const i = index.get(name);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  const emailGroups = valueGroups(headerRow, 'E-mail');
  const phoneGroups = valueGroups(headerRow, 'Phone');
  const websiteGroups = valueGroups(headerRow, 'Website');
  const first = (cell: string): string => (cell.split(MULTI)[0] ?? '').trim();

  for (let r = 1; r < table.rows.length; r++) {
    const row = table.rows[r] as string[];
    const line = table.lines[r] as number;
    const undecodable = undecodableRow(file, row, line, headerRow, decoded.invalidLines, 'contact');
    if (undecodable) {
      errors.push(undecodable);
      continue;
    }
    const givenName = col(row, legacy ? 'Given Name' : 'First Name');
    const middleName = col(row, legacy ? 'Additional Name' : 'Middle Name');
    const familyName = col(row, legacy ? 'Family Name' : 'Last Name');
    const suffix = col(row, 'Name Suffix');
    const organization = first(col(row, legacy ? 'Organization 1 - Name' : 'Organization Name'));
    const title = first(col(row, legacy ? 'Organization 1 - Title' : 'Organization Title'));
    const emails = emailGroups.flatMap((group) => groupValues(row, group));
    const phones = phoneGroups.flatMap((group) => groupValues(row, group));
    const urls = websiteGroups.flatMap((group) => groupValues(row, group));
    const composed = [givenName, middleName, familyName, suffix].filter(Boolean).join(' ');
    const personName =
      (legacy ? col(row, 'Name') : '') || composed || col(row, 'File As') || col(row, 'Nickname');
    const name = personName || organization || emails[0]?.value || phones[0]?.value || '';
    if (!name) {
      skipped.push({ file, line, reason: 'contact without name, organization, email or phone' });
      continue;
    }
    const record = emptyContact(
      line,
      file,
      `google:${hashKey(name, emails[0]?.value ?? phones[0]?.value)}`,
      name,
    );
    if (!personName && organization) record.kind = 'organization';
    if (givenName) record.givenName = givenName;
    if (familyName) record.familyName = familyName;
    record.emails = emails;
    record.phones = phones;
    record.urls = urls;
    if (organization) record.organization = organization;
    if (title) record.title = title;
    const location = readLocation(row, col, legacy);
    if (location) record.location = location;
    const notes = col(row, 'Notes');
    if (notes) record.notes = notes.replace(/\r\n?/g, '\n');
    record.tags = readTags(col(row, legacy ? 'Group Membership' : 'Labels'));
    const birthdayText = col(row, 'Birthday');
    if (birthdayText) {
      const birthday = parseIsoBirthday(birthdayText);
      if (birthday) record.birthday = birthday;
      else errors.push({ file, line, field: 'Birthday', message: `unrecognized birthday "${birthdayText}"` });
    }
    records.push(record);
  }
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}

/** City, region and country of the first address; the formatted address when those are empty. */
function readLocation(row: string[], col: (row: string[], name: string) => string, legacy: boolean): string {
  const first = (name: string): string => (col(row, name).split(MULTI)[0] ?? '').trim();
  const parts = ['City', 'Region', 'Country'].map((part) => first(`Address 1 - ${part}`)).filter(Boolean);
  if (parts.length > 0) return parts.join(', ');
  const formatted = first('Address 1 - Formatted');
  if (formatted) {
    return formatted
      .split(/\r?\n/)
      .map((part) => part.trim())
      .filter(Boolean)
      .join(', ');
  }
  return legacy ? col(row, 'Location') : '';
}
