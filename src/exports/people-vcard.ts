import { createHash } from 'node:crypto';
import { formatBirthday } from '../domain/birthday.ts';
import type { Birthday } from '../domain/birthday.ts';
import type { ContactPoint, Person, PostalAddress } from '../domain/person.ts';
import { addressLine } from '../domain/person.ts';
import type { Db } from '../store/database.ts';
import { getPeople } from '../store/people-store.ts';

/** People read (and written) at a time, so a large ledger's photos never sit in memory at once. */
const chunkPeople = 200;

/** RFC 6350 §3.2: a content line is folded before it passes 75 octets. */
const lineOctets = 75;

/** Text as a vCard value: backslash, newline, and (where they separate values) comma and semicolon escaped. */
function escapeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\\,;\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A parameter value: quoted when it holds a separator, with RFC 6868 carets for `^`, newlines and quotes. */
function paramValue(value: string): string {
  const encoded = value
    .replace(/\r\n?/g, '\n')
    .replace(/[\^\n"]/g, (c) => (c === '^' ? '^^' : c === '\n' ? '^n' : "^'"));
  return /[;:,\s^]/.test(encoded) ? `"${encoded}"` : encoded;
}

/** Types the reader takes as saying nothing (`voice`, `internet`, `pref`): a label made of them goes as X-ABLabel. */
const silentTypes = new Set(['internet', 'x400', 'pref', 'voice', 'x-internet']);

/**
 * How a label travels: a label of plain lower-case words (`work`, `home fax`) as TYPE values, any
 * other (`Studio`, `Mum's`) as Apple's X-ABLabel beside the property in a group, which keeps it
 * exactly as written.
 */
function labelForm(label: string | null): { type?: string; custom?: string } {
  if (label === null || label === '') return {};
  const words = label.split(' ');
  if (words.every((w) => /^[a-z0-9][a-z0-9-]*$/.test(w) && !silentTypes.has(w)))
    return { type: words.join(',') };
  return { custom: label };
}

/** IM networks whose handles are written as IMPP URIs, with the scheme the reader maps back to each. */
const imppSchemes: Record<string, string> = {
  aim: 'aim',
  jabber: 'xmpp',
  skype: 'skype',
  yahoo: 'ymsgr',
  msn: 'msnim',
  icq: 'icq',
  gtalk: 'gtalk',
  sip: 'sip',
};

/** Profile addresses of the social networks, so other address books can open them. */
const profileUrls: Record<string, (user: string) => string> = {
  twitter: (u) => `https://x.com/${u}`,
  x: (u) => `https://x.com/${u}`,
  instagram: (u) => `https://www.instagram.com/${u}`,
  facebook: (u) => `https://www.facebook.com/${u}`,
  github: (u) => `https://github.com/${u}`,
  linkedin: (u) => `https://www.linkedin.com/in/${u}`,
};

/** Folds a content line at 75 octets, never inside a UTF-8 sequence; each continuation starts with a space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= lineOctets) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  // The first line may hold 75 octets; a continuation's leading space counts as one of its 75.
  let room = lineOctets;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > room) {
      out.push(current);
      current = '';
      octets = 0;
      room = lineOctets - 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A stable UID for a person of an account (a name-based UUID): the same on every export, so a re-import finds them again. */
function uidOf(accountId: string, personId: number): string {
  const b = createHash('sha1').update(`fathom:${accountId}:${personId}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `1985-04-12` → `19850412`, `--04-12` → `--0412` (RFC 6350's basic form; a year-less date keeps `--`). */
function vcardDate(date: Birthday): string {
  return formatBirthday(date)
    .replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1$2$3')
    .replace(/^--(\d{2})-(\d{2})$/, '--$1$2');
}

/** The lines of one card, unfolded; properties with a custom label come as a group with its X-ABLabel. */
class CardLines {
  readonly lines: string[] = [];
  #groups = 0;

  /** Adds `NAME;params:value`, with the label as TYPE or, when custom, as a group's X-ABLabel. */
  add(name: string, value: string, params: string[] = [], label: string | null = null): void {
    const form = labelForm(label);
    const all = form.type !== undefined ? [...params, `TYPE=${form.type}`] : params;
    const head = [name, ...all].join(';');
    if (form.custom === undefined) {
      this.lines.push(`${head}:${value}`);
      return;
    }
    const group = `item${++this.#groups}`;
    this.lines.push(`${group}.${head}:${value}`, `${group}.X-ABLABEL:${escapeText(form.custom)}`);
  }
}

function addContact(card: CardLines, c: ContactPoint): void {
  switch (c.kind) {
    case 'email':
      card.add('EMAIL', escapeText(c.value), [], c.label);
      return;
    case 'phone':
      card.add('TEL', escapeText(c.value), ['VALUE=text'], c.label);
      return;
    case 'url':
      card.add('URL', c.value, [], c.label);
      return;
    case 'handle': {
      const network = c.label?.toLowerCase() ?? '';
      const scheme = imppSchemes[network];
      if (scheme !== undefined) {
        card.add('IMPP', `${scheme}:${encodeURIComponent(c.value)}`, [
          `X-SERVICE-TYPE=${paramValue(c.label!)}`,
        ]);
        return;
      }
      // Social networks (and handles of no network) as Apple writes them: the user as a parameter,
      // the profile's address as the value where the network has one.
      const params = [`X-USER=${paramValue(c.value)}`];
      if (c.label) params.unshift(`X-SERVICE-TYPE=${paramValue(c.label)}`);
      const profile = profileUrls[network];
      const user = encodeURIComponent(c.value.replace(/^@/, ''));
      card.add('X-SOCIALPROFILE', profile ? profile(user) : escapeText(c.value), params);
    }
  }
}

function addAddress(card: CardLines, a: PostalAddress): void {
  const parts = [a.poBox, a.extended, a.street, a.locality, a.region, a.postalCode, a.country];
  const value = parts.map((p) => escapeText(p ?? '')).join(';');
  card.add('ADR', value, [`LABEL=${paramValue(addressLine(a))}`], a.label);
}

/** One person as a vCard 4.0 card, folded, lines ending CRLF. */
export function personVcard(
  accountId: string,
  p: Person,
  photo: { contentType: string; bytes: Uint8Array } | undefined,
): string {
  const card = new CardLines();
  card.add('VERSION', '4.0');
  card.add('UID', uidOf(accountId, p.id));
  card.add('FN', escapeText(p.name));
  const n = [p.familyName, p.givenName, p.middleName, p.namePrefix, p.nameSuffix];
  card.add('N', n.map((part) => escapeText(part ?? '')).join(';'));
  if (p.nickname) card.add('NICKNAME', escapeText(p.nickname));
  if (p.organization || p.department)
    card.add('ORG', [p.organization, p.department].map((part) => escapeText(part ?? '')).join(';'));
  if (p.title) card.add('TITLE', escapeText(p.title));
  for (const c of p.contacts) addContact(card, c);
  for (const a of p.addresses) addAddress(card, a);
  if (p.birthday) card.add('BDAY', vcardDate(p.birthday));
  if (p.anniversary) card.add('ANNIVERSARY', vcardDate(p.anniversary));
  for (const r of p.related) card.add('RELATED', escapeText(r.name), ['VALUE=text'], r.relation);
  if (p.notes) card.add('NOTE', escapeText(p.notes));
  if (p.tags.length > 0) card.add('CATEGORIES', p.tags.map(escapeText).join(','));
  if (photo)
    card.add('PHOTO', `data:${photo.contentType};base64,${Buffer.from(photo.bytes).toString('base64')}`);
  card.add('PRODID', '-//Fathom//Fathom//EN');
  return `BEGIN:VCARD\r\n${card.lines.map(foldLine).join('\r\n')}\r\nEND:VCARD\r\n`;
}

/**
 * Every live person of the account (not merged away, not deleted; archived people included) as
 * vCard 4.0, with everything vCard carries: the name and its parts, nickname, organization and
 * department, title, emails, phones, web pages and handles with their labels, postal addresses,
 * birthday and anniversary (with or without a year), related people, notes, tags as CATEGORIES and
 * the photo as a data: URI. What is Fathom's own (circle, verdict, standing, purpose, the time spent
 * together, when you connected on each network) is not written: vCard has no place for it.
 */
export async function writePeopleVcard(db: Db, accountId: string): Promise<string> {
  const parts: string[] = [];
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('people')
      .select('id')
      .where('account_id', '=', accountId)
      .where('merged_into', 'is', null)
      .where('deleted_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(chunkPeople)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => Number(r.id));
    after = ids[ids.length - 1]!;
    const [people, photos] = await Promise.all([
      getPeople(db, accountId, ids),
      db
        .selectFrom('person_photos')
        .select(['person_id', 'content_type', 'bytes'])
        .where('account_id', '=', accountId)
        .where('person_id', 'in', ids)
        .execute(),
    ]);
    const photoOf = new Map(
      photos.map((p) => [Number(p.person_id), { contentType: p.content_type, bytes: p.bytes }]),
    );
    for (const p of people) parts.push(personVcard(accountId, p, photoOf.get(p.id)));
  }
  return parts.join('');
}
