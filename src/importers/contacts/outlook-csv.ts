import type { ContactAddress, ContactRecord, ContactRelated, ContactValue } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { parseUsDate } from './contact-dates.ts';
import { headerIndex, readCsvRows } from './csv-rows.ts';
import { emptyContact } from './empty-contact.ts';
import { hashKey, makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8OrWindows1252 } from './text-decoding.ts';

/** Outlook's phone columns and the label each gets (Primary Phone marks the preferred number). */
const PHONE_COLUMNS: [string, string | undefined][] = [
  ['Primary Phone', undefined],
  ['Mobile Phone', 'cell'],
  ['Business Phone', 'work'],
  ['Business Phone 2', 'work'],
  ['Home Phone', 'home'],
  ['Home Phone 2', 'home'],
  ['Company Main Phone', 'main'],
  ['Other Phone', 'other'],
  ['Car Phone', 'car'],
  ["Assistant's Phone", 'assistant'],
  ['Callback', 'callback'],
  ['Radio Phone', 'radio'],
  ['Pager', 'pager'],
  ['ISDN', 'isdn'],
  ['TTY/TDD Phone', 'tty'],
  ['Telex', 'telex'],
  ['Business Fax', 'work fax'],
  ['Home Fax', 'home fax'],
  ['Other Fax', 'other fax'],
];

const EMAIL_COLUMNS = [
  ['E-mail Address', 'E-mail Type', 'E-mail Display Name'],
  ['E-mail 2 Address', 'E-mail 2 Type', 'E-mail 2 Display Name'],
  ['E-mail 3 Address', 'E-mail 3 Type', 'E-mail 3 Display Name'],
] as const;

/** Outlook's columns that name a related person, and the relation each is. */
const RELATED_COLUMNS: [string, string][] = [
  ['Spouse', 'spouse'],
  ["Manager's Name", 'manager'],
  ["Assistant's Name", 'assistant'],
  ['Children', 'child'],
  ['Referred By', 'referred by'],
];

/** Outlook's three addresses: their column prefix, the PO box column and the label each gets. */
const ADDRESS_KINDS: [string, string, string][] = [
  ['Home', 'Home Address PO Box', 'home'],
  ['Business', 'Business Address PO Box', 'work'],
  ['Other', 'Other Address PO Box', 'other'],
];

/** Outlook writes this (or 0/0/0000) for an empty date. */
function isEmptyOutlookDate(text: string): boolean {
  return text === '' || /^0+\/0+\/0+$/.test(text);
}

/** An Exchange directory path (`/o=ExchangeLabs/ou=…/cn=…`) in place of an email address. */
function isExchangePath(address: string, type: string): boolean {
  return type.toUpperCase() === 'EX' || address.toLowerCase().startsWith('/o=');
}

/** Reads Outlook CSV exports: the 92-column desktop one and the 61-column Outlook.com one. */
export function parseOutlookContacts(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const { file } = options;
  const decoded = decodeUtf8OrWindows1252(input);
  const table = readCsvRows(decoded.text, { delimiter: ',', file });
  const errors: ParseIssue[] = [...decoded.errors, ...table.errors];
  const skipped: SkippedRecord[] = [];
  const records: ContactRecord[] = [];
  const headerRow = table.rows[0];
  if (!headerRow) return { records, errors, skipped };
  const index = headerIndex(headerRow);
  if (!index.has('First Name') || !index.has('E-mail Address')) {
    errors.push({ file, line: 1, message: 'not an Outlook CSV: no First Name and E-mail Address columns' });
    return { records, errors, skipped };
  }
  const col = (row: string[], name: string): string => {
    const i = index.get(name);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };

  for (let r = 1; r < table.rows.length; r++) {
    const row = table.rows[r] as string[];
    const line = table.lines[r] as number;
    const givenName = col(row, 'First Name');
    const familyName = col(row, 'Last Name');
    const company = col(row, 'Company');

    const emails: ContactValue[] = [];
    let exchangeDisplayName = '';
    for (const [addressColumn, typeColumn, displayColumn] of EMAIL_COLUMNS) {
      const address = col(row, addressColumn);
      if (!address) continue;
      if (isExchangePath(address, col(row, typeColumn))) {
        // The SMTP address, if any, sits in a later column or in the display name.
        exchangeDisplayName ||= col(row, displayColumn);
        continue;
      }
      if (!emails.some((email) => email.value.toLowerCase() === address.toLowerCase()))
        emails.push({ value: address });
    }
    if (emails.length === 0 && exchangeDisplayName) {
      const inParens = /\(([^()\s]+@[^()\s]+)\)\s*$/.exec(exchangeDisplayName)?.[1];
      if (inParens) emails.push({ value: inParens });
    }

    const phones: ContactValue[] = [];
    for (const [column, label] of PHONE_COLUMNS) {
      const value = col(row, column);
      if (!value) continue;
      const existing = phones.find((phone) => phone.value === value);
      if (existing) {
        existing.label ??= label;
        continue;
      }
      const phone: ContactValue = { value };
      if (label) phone.label = label;
      else phone.preferred = true;
      phones.push(phone);
    }

    const middleName = col(row, 'Middle Name');
    const suffix = col(row, 'Suffix');
    const nickname = col(row, 'Nickname');
    // The plain name people use; the title (prefix) and suffix are kept apart from it.
    const personName = [givenName, familyName].filter(Boolean).join(' ') || middleName || nickname;
    const name = personName || company || emails[0]?.value || phones[0]?.value || '';
    if (!name) {
      skipped.push({ file, line, reason: 'contact without name, company, email or phone' });
      continue;
    }
    // Source keys stay as they were when the name held the middle name and suffix too.
    const keyName = [givenName, middleName, familyName, suffix].filter(Boolean).join(' ') || name;
    const record = emptyContact(
      line,
      file,
      `outlook:${hashKey(keyName, emails[0]?.value ?? phones[0]?.value)}`,
      name,
    );
    if (!personName && company) record.kind = 'organization';
    const prefix = col(row, 'Title');
    if (prefix) record.namePrefix = prefix;
    if (givenName) record.givenName = givenName;
    if (middleName) record.middleName = middleName;
    if (familyName) record.familyName = familyName;
    if (suffix) record.nameSuffix = suffix;
    if (nickname) record.nickname = nickname;
    const department = col(row, 'Department');
    if (department) record.department = department;
    record.emails = emails;
    record.phones = phones;
    for (const column of ['Web Page', 'Personal Web Page']) {
      const value = col(row, column);
      if (value && !record.urls.some((url) => url.value === value)) record.urls.push({ value });
    }
    if (company) record.organization = company;
    const title = col(row, 'Job Title');
    if (title) record.title = title;
    const location = readLocation(row, col);
    if (location) record.location = location;
    const notes = col(row, 'Notes');
    if (notes) record.notes = notes.replace(/\r\n?/g, '\n');
    record.tags = col(row, 'Categories')
      .split(';')
      .map((tag) => tag.trim())
      .filter((tag, i, all) => tag && all.indexOf(tag) === i);
    for (const [column, field] of [
      ['Birthday', 'birthday'],
      ['Anniversary', 'anniversary'],
    ] as const) {
      const text = col(row, column);
      if (isEmptyOutlookDate(text)) continue;
      const date = parseUsDate(text);
      if (date) record[field] = date;
      else errors.push({ file, line, field: column, message: `unrecognized date "${text}"` });
    }
    const addresses = readAddresses(row, col);
    if (addresses.length > 0) record.addresses = addresses;
    const related: ContactRelated[] = [];
    for (const [column, relation] of RELATED_COLUMNS) {
      // Children are one cell, written with commas or semicolons between them.
      const names = column === 'Children' ? col(row, column).split(/[;,]/) : [col(row, column)];
      for (const raw of names) {
        const name = raw.trim();
        if (name) related.push({ name, relation });
      }
    }
    if (related.length > 0) record.related = related;
    records.push(record);
  }
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}

/** The home, business and other addresses, in their parts; the three street lines are one street. */
function readAddresses(row: string[], col: (row: string[], name: string) => string): ContactAddress[] {
  const addresses: ContactAddress[] = [];
  for (const [kind, poBoxColumn, label] of ADDRESS_KINDS) {
    const street = [`${kind} Street`, `${kind} Street 2`, `${kind} Street 3`]
      .map((name) => col(row, name).replace(/\r\n?/g, '\n'))
      .filter(Boolean)
      .join('\n');
    const parts: [Exclude<keyof ContactAddress, 'label' | 'preferred'>, string][] = [
      ['poBox', col(row, poBoxColumn)],
      ['street', street],
      ['locality', col(row, `${kind} City`)],
      ['region', col(row, `${kind} State`)],
      ['postalCode', col(row, `${kind} Postal Code`)],
      ['country', col(row, `${kind} Country/Region`)],
    ];
    if (parts.every(([, value]) => !value)) continue;
    const address: ContactAddress = { label };
    for (const [field, value] of parts) if (value) address[field] = value;
    addresses.push(address);
  }
  return addresses;
}

/** The free-text Location column, else the home, business or other city, state and country. */
function readLocation(row: string[], col: (row: string[], name: string) => string): string {
  const location = col(row, 'Location');
  if (location) return location;
  for (const kind of ['Home', 'Business', 'Other']) {
    const parts = [`${kind} City`, `${kind} State`, `${kind} Country/Region`].map((name) => col(row, name));
    const text = parts.filter(Boolean).join(', ');
    if (text) return text;
  }
  return '';
}
