import { hash } from 'node:crypto';
import type {
  Birthday,
  ContactAddress,
  ContactRecord,
  ContactRelated,
  ContactValue,
} from '../contact-record.ts';
import type { ParseIssue } from '../parse-result.ts';
import { replaceNul } from '../replace-nul.ts';
import { decodeCharset, isKnownCharset } from './charset.ts';
import type { VcardProperty } from './property-line.ts';
import { continuePhoto, finishPhoto, startPhoto } from './photo-value.ts';
import type { PendingPhoto } from './photo-value.ts';
import { decodeQuotedPrintable } from './quoted-printable.ts';
import { splitValue, unescapeText } from './text-value.ts';
import { parseVcardBirthday } from './vcard-birthday.ts';

/** What a finished card turns into: a record, or the reason it was left out. */
export type CardOutcome = { record: ContactRecord } | { skipped: string };

/** Types that say nothing a person would call a label. */
const NOISE_TYPES = new Set(['internet', 'x400', 'pref', 'voice', 'x-internet']);

/** Legacy one-network properties (2.1 / 3.0) and the network each names. */
const HANDLE_PROPERTIES = new Map([
  ['X-AIM', 'aim'],
  ['X-ICQ', 'icq'],
  ['X-JABBER', 'jabber'],
  ['X-MSN', 'msn'],
  ['X-YAHOO', 'yahoo'],
  ['X-SKYPE', 'skype'],
  ['X-SKYPE-USERNAME', 'skype'],
  ['X-GOOGLE-TALK', 'gtalk'],
  ['X-GTALK', 'gtalk'],
  ['X-TWITTER', 'twitter'],
  ['X-QQ', 'qq'],
]);

/** Networks behind common IMPP URI schemes. */
const IMPP_SCHEMES = new Map([
  ['aim', 'aim'],
  ['xmpp', 'jabber'],
  ['skype', 'skype'],
  ['ymsgr', 'yahoo'],
  ['msnim', 'msn'],
  ['icq', 'icq'],
  ['gtalk', 'gtalk'],
  ['sip', 'sip'],
  ['x-apple', 'imessage'],
]);

/** `_$!<HomePage>!$_` → `homepage`; custom labels are kept as written. */
function normalizeLabel(label: string): string | undefined {
  const trimmed = label.trim();
  if (trimmed.startsWith('_$!<') && trimmed.endsWith('>!$_'))
    return trimmed.slice(4, -4).toLowerCase() || undefined;
  return trimmed === '' ? undefined : trimmed;
}

function typeLabel(types: readonly string[]): string | undefined {
  let label: string | undefined;
  for (const type of types) {
    if (NOISE_TYPES.has(type)) continue;
    label = label === undefined ? type : `${label} ${type}`;
  }
  return label;
}

/** Whether `value` starts with the lower-case ASCII `prefix`, ignoring case, without allocating. */
function startsWithIgnoreCase(value: string, prefix: string): boolean {
  if (value.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const c = value.charCodeAt(i);
    const want = prefix.charCodeAt(i);
    if (c !== want && !(want >= 97 && want <= 122 && c === want - 32)) return false;
  }
  return true;
}

function stripScheme(value: string, scheme: string): string {
  return value.length > scheme.length && startsWithIgnoreCase(value, scheme)
    ? value.slice(scheme.length)
    : value;
}

function decodeUriPart(value: string): string {
  if (value.indexOf('%') < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `tel:+1-555-0100;ext=204` → `+1-555-0100 ext. 204`; other URI parameters are dropped. */
function telUriToPhone(uri: string): string {
  const number = stripScheme(uri, 'tel:');
  const semicolon = number.indexOf(';');
  if (semicolon < 0) return number;
  const ext = /;ext=([^;]+)/i.exec(number)?.[1];
  const base = number.slice(0, semicolon);
  return ext === undefined ? base : `${base} ext. ${ext}`;
}

/** The user name at the end of a profile URL (`https://twitter.com/ana` → `ana`). */
function handleFromProfile(value: string): string {
  let text = stripScheme(value, 'x-apple:');
  const scheme = text.indexOf('://');
  if (scheme < 0) return decodeUriPart(text);
  text = text.slice(scheme + 3);
  const query = text.search(/[?#]/);
  if (query >= 0) text = text.slice(0, query);
  const parts = text.split('/').filter((part) => part !== '');
  return parts.length > 1 ? decodeUriPart(parts[parts.length - 1]!) : value;
}

function normalizeForKey(text: string): string {
  const lower = text.normalize('NFC').toLowerCase();
  // Names rarely carry runs of white space; skip the rewrite when they do not.
  return /\s\s|[\t\n\r]/.test(lower) ? lower.replace(/\s+/g, ' ') : lower;
}

/** The digits and `+` of a phone number, so that spacing and dashes do not change the key. */
function phoneDigits(phone: string): string {
  let digits = '';
  let start = 0;
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 43) continue;
    digits += phone.slice(start, i);
    start = i + 1;
  }
  return start === 0 ? phone : digits + phone.slice(start);
}

/** ADR is pobox; extended; street; locality; region; postal code; country — a person's place is the city part. */
const LOCATION_PARTS = [3, 4, 6] as const;

/** The fields of ContactAddress in ADR's order. */
const ADDRESS_PARTS = ['poBox', 'extended', 'street', 'locality', 'region', 'postalCode', 'country'] as const;

/** Properties of other address books that name one related person, and the relation each means. */
const RELATED_PROPERTIES = new Map([
  ['X-EVOLUTION-SPOUSE', 'spouse'],
  ['X-EVOLUTION-MANAGER', 'manager'],
  ['X-EVOLUTION-ASSISTANT', 'assistant'],
  ['X-SPOUSE', 'spouse'],
  ['X-MANAGER', 'manager'],
  ['X-ASSISTANT', 'assistant'],
  ['X-KADDRESSBOOK-X-SPOUSESNAME', 'spouse'],
  ['X-KADDRESSBOOK-X-MANAGERSNAME', 'manager'],
  ['X-KADDRESSBOOK-X-ASSISTANTSNAME', 'assistant'],
]);

/** Android's relation types (`X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;NAME;TYPE;LABEL`). */
const ANDROID_RELATIONS = [
  undefined,
  'assistant',
  'brother',
  'child',
  'domestic partner',
  'father',
  'friend',
  'manager',
  'mother',
  'parent',
  'partner',
  'referred by',
  'relative',
  'sister',
  'spouse',
];

/** A relation as kept: lower case, Apple's `_$!<Spouse>!$_` unwrapped. */
function relationLabel(label: string | undefined): string | undefined {
  const text = label === undefined ? undefined : normalizeLabel(label);
  return text?.toLowerCase();
}

/** Collects the properties of one card and turns them into a ContactRecord. */
export class ContactBuilder {
  private readonly line: number;
  private readonly file: string | undefined;
  private readonly report: (issue: ParseIssue) => void;

  private formattedName: string | undefined;
  private nameParts: string[] | undefined;
  private nickname: string | undefined;
  private orgParts: string[] | undefined;
  private title: string | undefined;
  private role: string | undefined;
  private location: string | undefined;
  private locationPreferred = false;
  private birthday: Birthday | undefined;
  private anniversary: Birthday | undefined;
  private notes: string[] = [];
  private tags: string[] = [];
  private uid: string | undefined;
  private kind: 'person' | 'organization' | 'group' | 'location' = 'person';
  private readonly emails: ContactValue[] = [];
  private readonly phones: ContactValue[] = [];
  private readonly urls: ContactValue[] = [];
  private readonly handles: ContactValue[] = [];
  private readonly addresses: ContactAddress[] = [];
  private readonly related: ContactRelated[] = [];
  private photo: PendingPhoto | undefined;
  /** The last property read was the photo, so 2.1 base64 body lines continue it. */
  private photoOpen = false;
  /** Values that belong to a property group, whose label may come from a sibling X-ABLabel. */
  private grouped: [{ label?: string }, string][] | undefined;
  /** Related names of a group, whose relation is the sibling X-ABLabel (Apple's X-ABRELATEDNAMES). */
  private groupedRelated: [ContactRelated, string][] | undefined;
  /** Apple's labelled dates (X-ABDATE): the anniversary is the one labelled so. */
  private groupedDates: [Birthday, string][] | undefined;
  private labels: Map<string, string> | undefined;

  constructor(line: number, file: string | undefined, report: (issue: ParseIssue) => void) {
    this.line = line;
    this.file = file;
    this.report = report;
  }

  /**
   * Adds one property read on `line`; `dropped` counts the characters of its value the reader
   * left out (only a photo too large to keep has any).
   */
  add(property: VcardProperty, line: number, dropped = 0): void {
    const name = property.name;
    this.photoOpen = false;
    switch (name) {
      case 'FN': {
        const text = this.text(property, line);
        if (text !== undefined && this.formattedName === undefined) {
          const fn = unescapeText(text).trim();
          if (fn !== '') this.formattedName = fn;
        }
        return;
      }
      case 'N': {
        const text = this.text(property, line);
        if (text !== undefined && this.nameParts === undefined) {
          this.nameParts = splitValue(text, ';').map((part) => part.trim());
        }
        return;
      }
      case 'EMAIL': {
        const text = this.text(property, line);
        if (text !== undefined)
          this.addValue(this.emails, property, stripScheme(unescapeText(text).trim(), 'mailto:'));
        return;
      }
      case 'TEL': {
        const text = this.text(property, line);
        if (text === undefined) return;
        const value = unescapeText(text).trim();
        const isUri = property.params.valueType === 'uri' || startsWithIgnoreCase(value, 'tel:');
        this.addValue(this.phones, property, isUri ? telUriToPhone(value) : value);
        return;
      }
      case 'URL': {
        const text = this.text(property, line);
        if (text !== undefined) this.addValue(this.urls, property, unescapeText(text).trim());
        return;
      }
      case 'IMPP': {
        const text = this.text(property, line);
        if (text === undefined) return;
        const value = unescapeText(text).trim();
        const colon = value.indexOf(':');
        const scheme = colon > 0 ? value.slice(0, colon).toLowerCase() : '';
        const service = property.params.other?.get('x-service-type');
        const label = service?.toLowerCase() ?? IMPP_SCHEMES.get(scheme) ?? (scheme || undefined);
        const user = decodeUriPart(colon > 0 ? value.slice(colon + 1).replace(/^\/\//, '') : value);
        this.addValue(this.handles, property, user, label);
        return;
      }
      case 'X-SOCIALPROFILE': {
        const text = this.text(property, line);
        if (text === undefined) return;
        const other = property.params.other;
        const user = other?.get('x-user') ?? handleFromProfile(unescapeText(text).trim());
        const network = typeLabel(property.params.types) ?? other?.get('x-service-type')?.toLowerCase();
        this.addValue(this.handles, property, user, network);
        return;
      }
      case 'ORG': {
        const text = this.text(property, line);
        if (text === undefined || this.orgParts !== undefined) return;
        // The first part is the organization, even when empty; the rest are its units.
        const parts = splitValue(text, ';').map((part) => part.trim());
        if (parts.some((part) => part !== '')) this.orgParts = parts;
        return;
      }
      case 'NICKNAME': {
        const text = this.text(property, line);
        if (text === undefined || this.nickname !== undefined) return;
        const nickname = splitValue(text, ',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
          .join(', ');
        if (nickname !== '') this.nickname = nickname;
        return;
      }
      case 'PHOTO':
        if (this.photo !== undefined) return;
        this.photo = startPhoto(property, dropped);
        this.photoOpen = this.photo?.open ?? false;
        return;
      case 'RELATED':
      case 'X-ABRELATEDNAMES': {
        const text = this.text(property, line);
        if (text === undefined) return;
        let value = unescapeText(text).trim();
        if (name === 'RELATED' && property.params.valueType !== 'text') value = stripScheme(value, 'mailto:');
        if (value === '') return;
        const related: ContactRelated = { name: value };
        const relation = relationLabel(typeLabel(property.params.types));
        if (relation !== undefined) related.relation = relation;
        this.related.push(related);
        if (property.group !== undefined)
          (this.groupedRelated ??= []).push([related, property.group.toLowerCase()]);
        return;
      }
      case 'X-ABDATE': {
        const text = this.text(property, line);
        const value = text === undefined ? '' : unescapeText(text).trim();
        if (value === '' || property.group === undefined) return;
        const date = parseVcardBirthday(value, property.params.other?.get('x-apple-omit-year'));
        if (date !== undefined) (this.groupedDates ??= []).push([date, property.group.toLowerCase()]);
        return;
      }
      case 'X-ANDROID-CUSTOM': {
        const text = this.text(property, line);
        if (text !== undefined) this.readAndroidCustom(splitValue(text, ';'), line);
        return;
      }
      case 'TITLE':
      case 'ROLE': {
        const text = this.text(property, line);
        const value = text === undefined ? '' : unescapeText(text).trim();
        if (value === '') return;
        if (name === 'TITLE') this.title ??= value;
        else this.role ??= value;
        return;
      }
      case 'ADR': {
        const text = this.text(property, line);
        if (text === undefined) return;
        const parts = splitValue(text, ';');
        this.addAddress(property, parts);
        if (this.location !== undefined && (this.locationPreferred || !property.params.preferred)) return;
        let location = '';
        for (const index of LOCATION_PARTS) {
          const part = parts[index]?.trim();
          if (part) location = location === '' ? part : `${location}, ${part}`;
        }
        if (location === '') return;
        this.location = location;
        this.locationPreferred = property.params.preferred;
        return;
      }
      case 'BDAY': {
        const text = this.text(property, line);
        if (text === undefined || this.birthday !== undefined) return;
        const value = unescapeText(text).trim();
        if (value === '') return;
        const birthday = parseVcardBirthday(value, property.params.other?.get('x-apple-omit-year'));
        if (birthday === undefined) this.issue(line, name, `"${value}" is not a date this importer can read`);
        else this.birthday = birthday;
        return;
      }
      case 'ANNIVERSARY':
      case 'X-ANNIVERSARY':
      case 'X-EVOLUTION-ANNIVERSARY':
      case 'X-KADDRESSBOOK-X-ANNIVERSARY':
      case 'X-MS-ANNIVERSARY': {
        const text = this.text(property, line);
        if (text === undefined || this.anniversary !== undefined) return;
        const value = unescapeText(text).trim();
        if (value === '') return;
        const date = parseVcardBirthday(value, property.params.other?.get('x-apple-omit-year'));
        if (date === undefined) this.issue(line, name, `"${value}" is not a date this importer can read`);
        else this.anniversary = date;
        return;
      }
      case 'NOTE': {
        const text = this.text(property, line);
        const note = text === undefined ? '' : unescapeText(text).trim();
        if (note !== '') this.notes.push(note);
        return;
      }
      case 'CATEGORIES': {
        const text = this.text(property, line);
        if (text === undefined) return;
        for (const part of splitValue(text, ',')) {
          const tag = part.trim();
          if (tag !== '' && !this.tags.includes(tag)) this.tags.push(tag);
        }
        return;
      }
      case 'UID': {
        const text = this.text(property, line);
        const uid = text === undefined ? '' : unescapeText(text).trim();
        if (uid !== '') this.uid ??= uid;
        return;
      }
      case 'KIND':
      case 'X-ADDRESSBOOKSERVER-KIND': {
        const kind = property.value.trim().toLowerCase();
        if (kind === 'org' || kind === 'organization') this.kind = 'organization';
        else if (kind === 'group') this.kind = 'group';
        else if (kind === 'location') this.kind = 'location';
        return;
      }
      case 'X-ABSHOWAS':
        if (property.value.trim().toUpperCase() === 'COMPANY') this.kind = 'organization';
        return;
      case 'X-ABLABEL': {
        const text = this.text(property, line);
        const label = text === undefined ? undefined : normalizeLabel(unescapeText(text));
        if (label !== undefined && property.group !== undefined) {
          this.labels ??= new Map();
          this.labels.set(property.group.toLowerCase(), label);
        }
        return;
      }
      default: {
        const relation = RELATED_PROPERTIES.get(name);
        if (relation !== undefined) {
          const text = this.text(property, line);
          const value = text === undefined ? '' : unescapeText(text).trim();
          if (value !== '') this.related.push({ name: value, relation });
          return;
        }
        const network = HANDLE_PROPERTIES.get(name);
        if (network === undefined) return;
        const text = this.text(property, line);
        if (text !== undefined) this.addValue(this.handles, property, unescapeText(text).trim(), network);
      }
    }
  }

  /** Resolves names, labels and the source key; reports why a card yields no record. */
  finish(): CardOutcome {
    if (this.kind === 'group') return { skipped: 'contact group card, not a person' };
    if (this.kind === 'location') return { skipped: 'location card, not a person' };
    const { emails, phones, urls, handles } = this;
    if (this.grouped !== undefined && this.labels !== undefined)
      this.applyGroupLabels(this.grouped, this.labels);
    if (this.groupedRelated !== undefined && this.labels !== undefined)
      for (const [related, group] of this.groupedRelated) {
        const relation = relationLabel(this.labels.get(group));
        if (relation !== undefined) related.relation = relation;
      }
    if (this.groupedDates !== undefined && this.labels !== undefined && this.anniversary === undefined)
      for (const [date, group] of this.groupedDates)
        if (this.labels.get(group)?.toLowerCase() === 'anniversary') this.anniversary ??= date;

    let kind: ContactRecord['kind'] = this.kind;
    // N is family; given; additional; prefix; suffix.
    const parts = this.nameParts;
    const family = parts?.[0] || undefined;
    const given = parts?.[1] || undefined;
    const middle = parts?.[2] || undefined;
    const organization = this.orgParts?.[0] || undefined;
    const department = this.orgParts
      ?.slice(1)
      .filter((part) => part !== '')
      .join(', ');
    // The plain name people use: the formatted name, else given and family name.
    let name = this.formattedName;
    if (name === undefined && (given !== undefined || family !== undefined))
      name = [given, family].filter((part) => part !== undefined).join(' ');
    name ??= middle ?? this.nickname;
    // Source keys of cards without UID stay as they were when the name held every part.
    let keyName = this.formattedName;
    if (keyName === undefined && parts !== undefined) {
      const built = [given, middle, family].filter((part) => part !== undefined).join(' ');
      if (built !== '') keyName = built;
    }
    if (name === undefined && organization !== undefined) {
      name = organization;
      keyName ??= this.orgParts!.filter((part) => part !== '').join(', ');
      kind = 'organization';
    }
    name ??= emails[0]?.value ?? phones[0]?.value ?? handles[0]?.value ?? urls[0]?.value;
    if (name === undefined) return { skipped: 'card has no name and no email, phone, handle or URL' };
    keyName ??= name;

    const record: ContactRecord = {
      line: this.line,
      sourceKey: this.uid !== undefined ? `vcard:uid:${this.uid}` : this.hashKey(keyName, emails, phones),
      kind,
      name,
      emails,
      phones,
      urls,
      handles,
      tags: this.tags,
    };
    if (this.file !== undefined) record.file = this.file;
    const prefix = parts?.[3];
    const suffix = parts?.[4];
    if (prefix) record.namePrefix = prefix;
    if (given) record.givenName = given;
    if (middle) record.middleName = middle;
    if (family) record.familyName = family;
    if (suffix) record.nameSuffix = suffix;
    if (this.nickname !== undefined) record.nickname = this.nickname;
    if (organization !== undefined) record.organization = organization;
    if (department) record.department = department;
    const title = this.title ?? this.role;
    if (title !== undefined) record.title = title;
    if (this.location !== undefined) record.location = this.location;
    if (this.birthday !== undefined) record.birthday = this.birthday;
    if (this.anniversary !== undefined) record.anniversary = this.anniversary;
    if (this.notes.length > 0) record.notes = this.notes.join('\n\n');
    if (this.addresses.length > 0) record.addresses = this.addresses;
    if (this.related.length > 0) record.related = this.related;
    const photo = this.photo === undefined ? undefined : finishPhoto(this.photo);
    if (photo !== undefined) record.photo = photo;
    return { record };
  }

  /**
   * A line of a 2.1 base64 body, which follows its property unindented: it continues the photo
   * when the photo was the property before it, and is passed over otherwise (a logo, a key).
   */
  continueBinary(text: string, dropped = 0): void {
    if (this.photoOpen && this.photo !== undefined) continuePhoto(this.photo, text, dropped);
  }

  /** ADR as an address in its parts; its label is its type, or the group's X-ABLabel. */
  private addAddress(property: VcardProperty, parts: string[]): void {
    const address: ContactAddress = {};
    let any = false;
    ADDRESS_PARTS.forEach((field, i) => {
      const part = parts[i]?.trim();
      if (part) {
        address[field] = part;
        any = true;
      }
    });
    if (!any) {
      // 4.0 may give only the formatted label.
      const label = property.params.other?.get('label')?.trim();
      if (!label) return;
      address.street = label;
    }
    const type = typeLabel(property.params.types);
    if (type !== undefined) address.label = type;
    if (property.params.preferred) address.preferred = true;
    this.addresses.push(address);
    if (property.group !== undefined) (this.grouped ??= []).push([address, property.group.toLowerCase()]);
  }

  /** Android's own rows: nickname, relation, and dated events such as the anniversary. */
  private readAndroidCustom(fields: string[], line: number): void {
    const kind = fields[0]?.trim().toLowerCase();
    const value = fields[1]?.trim() ?? '';
    if (value === '') return;
    const type = Number(fields[2]?.trim() || '0');
    const label = fields[3]?.trim() || undefined;
    if (kind === 'vnd.android.cursor.item/nickname') {
      this.nickname ??= value;
    } else if (kind === 'vnd.android.cursor.item/relation') {
      const related: ContactRelated = { name: value };
      const relation = relationLabel(ANDROID_RELATIONS[type] ?? label);
      if (relation !== undefined) related.relation = relation;
      this.related.push(related);
    } else if (kind === 'vnd.android.cursor.item/contact_event') {
      const anniversary = type === 1 || (type === 0 && label?.toLowerCase() === 'anniversary');
      if (!anniversary || this.anniversary !== undefined) return;
      const date = parseVcardBirthday(value);
      if (date === undefined)
        this.issue(line, 'X-ANDROID-CUSTOM', `"${value}" is not a date this importer can read`);
      else this.anniversary = date;
    }
  }

  private hashKey(name: string, emails: ContactValue[], phones: ContactValue[]): string {
    let key = normalizeForKey(name);
    key += `\n${
      emails.length < 2
        ? (emails[0]?.value.toLowerCase() ?? '')
        : emails
            .map((e) => e.value.toLowerCase())
            .sort()
            .join(',')
    }`;
    key += `\n${
      phones.length < 2
        ? phoneDigits(phones[0]?.value ?? '')
        : phones
            .map((p) => phoneDigits(p.value))
            .sort()
            .join(',')
    }`;
    return `vcard:sha1:${hash('sha1', key)}`;
  }

  private addValue(list: ContactValue[], property: VcardProperty, value: string, label?: string): void {
    if (value === '') return;
    const contact: ContactValue = { value };
    const resolved = label ?? typeLabel(property.params.types);
    if (resolved !== undefined) contact.label = resolved;
    if (property.params.preferred) contact.preferred = true;
    list.push(contact);
    if (property.group !== undefined) (this.grouped ??= []).push([contact, property.group.toLowerCase()]);
  }

  /** Apple puts custom labels on a sibling property of the same group (`item1.X-ABLabel`). */
  private applyGroupLabels(grouped: [{ label?: string }, string][], labels: Map<string, string>): void {
    for (const [value, group] of grouped) {
      const label = labels.get(group);
      if (label !== undefined) value.label = label;
    }
  }

  /** The property's value as text, quoted-printable and charset decoded; undefined for binary values. */
  private text(property: VcardProperty, line: number): string | undefined {
    const encoding = property.params.encoding;
    if (encoding === undefined || encoding === '8BIT' || encoding === '7BIT') return property.value;
    if (encoding !== 'QUOTED-PRINTABLE') return undefined;
    const bytes = decodeQuotedPrintable(property.value);
    const charset = property.params.charset;
    // 2.1 without CHARSET: UTF-8 when the bytes allow it, else the 8-bit Windows code page.
    const text =
      charset === undefined
        ? (decodeCharset(bytes, 'utf-8') ?? decodeCharset(bytes, 'windows-1252'))
        : decodeCharset(bytes, charset);
    // Encoded line breaks are `=0D=0A`; records use plain newlines. An encoded NUL (`=00`) is
    // marked as one in the line itself is.
    if (text !== undefined) return replaceNul(text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n'));
    if (charset !== undefined) {
      this.issue(
        line,
        property.name,
        isKnownCharset(charset)
          ? `quoted-printable value is not valid ${charset}`
          : `unknown charset "${charset}"`,
      );
    }
    return text;
  }

  private issue(line: number, field: string, message: string): void {
    const issue: ParseIssue = { line, field, message };
    if (this.file !== undefined) issue.file = this.file;
    this.report(issue);
  }
}
