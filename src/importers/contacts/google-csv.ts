import type { ContactAddress, ContactRecord, ContactRelated, ContactValue } from '../contact-record.ts';
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

/** The parts of a numbered address group (`Address 1 - Street`), in ContactAddress terms. */
const ADDRESS_COLUMNS: [string, keyof Omit<ContactAddress, 'label' | 'preferred'>][] = [
  ['PO Box', 'poBox'],
  ['Extended Address', 'extended'],
  ['Street', 'street'],
  ['City', 'locality'],
  ['Region', 'region'],
  ['Postal Code', 'postalCode'],
  ['Country', 'country'],
];

/** Numbers of the column groups named `<kind> N - …`, in order. */
function groupNumbers(header: string[], kind: string): number[] {
  const numbers = new Set<number>();
  for (const raw of header) {
    const m = new RegExp(`^${kind} (\\d+) - `).exec(raw.trim());
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}

/**
 * Every address of a row, in its parts. Google joins several addresses of one group with
 * ` ::: `, part by part; a group with only its formatted text keeps that as the street.
 */
function readAddresses(
  row: string[],
  col: (row: string[], name: string) => string,
  numbers: number[],
): ContactAddress[] {
  const addresses: ContactAddress[] = [];
  for (const n of numbers) {
    const at = (part: string) => col(row, `Address ${n} - ${part}`).split(MULTI);
    const labels = col(row, `Address ${n} - Label`) || col(row, `Address ${n} - Type`);
    const formatted = at('Formatted');
    const parts = ADDRESS_COLUMNS.map(([column, field]) => [field, at(column)] as const);
    const count = Math.max(formatted.length, ...parts.map(([, values]) => values.length));
    const labelList = labels.split(MULTI);
    for (let i = 0; i < count; i++) {
      const address: ContactAddress = {};
      let any = false;
      for (const [field, values] of parts) {
        const value = (values.length === count ? values[i] : values[0])?.trim();
        if (value) {
          address[field] = value.replace(/\r\n?/g, '\n');
          any = true;
        }
      }
      if (!any) {
        const text = formatted[i]?.trim();
        if (!text) continue;
        address.street = text.replace(/\r\n?/g, '\n');
      }
      const { label, preferred } = readLabel(
        labelList.length === count ? (labelList[i] ?? '') : (labelList[0] ?? ''),
      );
      if (label) address.label = label;
      if (preferred) address.preferred = true;
      addresses.push(address);
    }
  }
  return addresses;
}

/** Related people (`Relation N - Label`, `Relation N - Value`): the label is the relation. */
function readRelated(row: string[], groups: ValueGroup[]): ContactRelated[] {
  return groups.flatMap((group) =>
    groupValues(row, group).map((v): ContactRelated => {
      const related: ContactRelated = { name: v.value };
      if (v.label) related.relation = v.label.toLowerCase();
      return related;
    }),
  );
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
  const relationGroups = valueGroups(headerRow, 'Relation');
  const eventGroups = valueGroups(headerRow, 'Event');
  const addressNumbers = groupNumbers(headerRow, 'Address');
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
    const prefix = col(row, 'Name Prefix');
    const suffix = col(row, 'Name Suffix');
    const nickname = col(row, 'Nickname');
    const organization = first(col(row, legacy ? 'Organization 1 - Name' : 'Organization Name'));
    const department = first(col(row, legacy ? 'Organization 1 - Department' : 'Organization Department'));
    const title = first(col(row, legacy ? 'Organization 1 - Title' : 'Organization Title'));
    const emails = emailGroups.flatMap((group) => groupValues(row, group));
    const phones = phoneGroups.flatMap((group) => groupValues(row, group));
    const urls = websiteGroups.flatMap((group) => groupValues(row, group));
    // The plain name people use; the prefix and suffix are kept apart from it.
    const plain = (legacy ? col(row, 'Name') : '') || [givenName, familyName].filter(Boolean).join(' ');
    const personName = plain || middleName || col(row, 'File As') || nickname;
    const name = personName || organization || emails[0]?.value || phones[0]?.value || '';
    if (!name) {
      skipped.push({ file, line, reason: 'contact without name, organization, email or phone' });
      continue;
    }
    // Source keys stay as they were when the name held the middle name and suffix too.
    const composed = [givenName, middleName, familyName, suffix].filter(Boolean).join(' ');
    const keyName = (legacy ? col(row, 'Name') : '') || composed || col(row, 'File As') || nickname || name;
    const record = emptyContact(
      line,
      file,
      `google:${hashKey(keyName, emails[0]?.value ?? phones[0]?.value)}`,
      name,
    );
    if (!personName && organization) record.kind = 'organization';
    if (prefix) record.namePrefix = prefix;
    if (givenName) record.givenName = givenName;
    if (middleName) record.middleName = middleName;
    if (familyName) record.familyName = familyName;
    if (suffix) record.nameSuffix = suffix;
    if (nickname) record.nickname = nickname;
    if (department) record.department = department;
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
    const addresses = readAddresses(row, col, addressNumbers);
    if (addresses.length > 0) record.addresses = addresses;
    const related = readRelated(row, relationGroups);
    if (related.length > 0) record.related = related;
    for (const group of eventGroups) {
      for (const event of groupValues(row, group)) {
        if (event.label?.toLowerCase() !== 'anniversary' || record.anniversary) continue;
        const date = parseIsoBirthday(event.value);
        if (date) record.anniversary = date;
        else
          errors.push({ file, line, field: group.valueName, message: `unrecognized date "${event.value}"` });
      }
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
