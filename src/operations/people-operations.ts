import { z } from 'zod';
import { parseBirthday, formatBirthday } from '../domain/birthday.ts';
import { nameKey, normalizeContact } from '../domain/contact-keys.ts';
import { FathomError } from '../domain/errors.ts';
import { formatSize } from '../domain/byte-size.ts';
import { addressLine, fullName } from '../domain/person.ts';
import type { Person } from '../domain/person.ts';
import {
  circles,
  defaultCadenceDays,
  standingDimensions,
  standings,
  verdicts,
} from '../domain/vocabulary.ts';
import type { ContactKind } from '../domain/vocabulary.ts';
import type { ImportedField } from '../ingest/contact-plan.ts';
import type { Db } from '../store/database.ts';
import {
  addContacts,
  findPeopleIds,
  getPeople,
  insertPerson,
  removeContacts,
  setTags,
  updatePersonRow,
} from '../store/people-store.ts';
import type { ContactWrite, PersonWrite } from '../store/people-store.ts';
import { markFieldsManual } from '../store/field-sources-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { line, prose, shortText } from './fields.ts';
import { textLimits } from '../domain/field-limits.ts';
import { matchesFor, matchesText } from './person-matches.ts';
import type { PersonMatch } from './person-matches.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';
import { resolvePerson } from './resolve.ts';
import { formatMinutes } from '../domain/duration.ts';

const optionalText = (max: number) => prose(max).optional();
const tagField = line(textLimits.tag).transform((t) => t.toLowerCase());

const standingField = z.enum(standings).or(z.literal('none')).optional();

const personFields = {
  prefix: shortText(textLimits.namePart).optional().describe('Name prefix or title, such as Dr.'),
  given: shortText(textLimits.namePart).optional().describe('Given name'),
  middle: shortText(textLimits.namePart).optional().describe('Middle name(s)'),
  family: shortText(textLimits.namePart).optional().describe('Family name'),
  suffix: shortText(textLimits.namePart).optional().describe('Name suffix, such as Jr. or PhD'),
  nickname: shortText(textLimits.nickname).optional().describe('Nickname'),
  email: z.array(z.string()).optional().describe('Email address (repeatable)'),
  phone: z.array(z.string()).optional().describe('Phone number (repeatable)'),
  url: z.array(z.string()).optional().describe('Web or profile address (repeatable)'),
  handle: z.array(z.string()).optional().describe('Social handle such as @ana (repeatable)'),
  org: shortText(textLimits.organization).optional().describe('Organization'),
  department: shortText(textLimits.department).optional().describe('Department within the organization'),
  title: shortText(textLimits.jobTitle).optional().describe('Job title or role'),
  location: shortText(textLimits.location).optional().describe('Where they are'),
  birthday: z.string().optional().describe('YYYY-MM-DD, or --MM-DD when the year is unknown'),
  anniversary: z.string().optional().describe('YYYY-MM-DD, or --MM-DD when the year is unknown'),
  notes: optionalText(textLimits.notes).describe('Notes'),
  purpose: optionalText(textLimits.purpose).describe('Their own purpose, in their words or yours'),
  circle: z.enum(circles).optional().describe('inner, network, acquaintance, social or unsorted'),
  verdict: z.enum(verdicts).or(z.literal('none')).optional().describe('forward or back (none to clear)'),
  aspire: z.boolean().optional().describe('You aspire to be like them'),
  cadence: z
    .union([z.number(), z.string()])
    .optional()
    .describe('Keep in touch every N days (0 or "none" for never; "default" for the circle default)'),
  mastery: standingField.describe('ahead, alongside or behind you in mastery'),
  contribution: standingField.describe('ahead, alongside or behind you in contribution'),
  accomplishment: standingField.describe('ahead, alongside or behind you in accomplishment'),
  greatness: standingField.describe('ahead, alongside or behind you in greatness'),
};

type PersonFields = {
  [K in keyof typeof personFields]?: z.output<(typeof personFields)[K]>;
};

function parseCadence(value: number | string): number | null {
  const text = String(value).trim().toLowerCase();
  if (text === 'default') return null;
  if (text === 'none' || text === 'never' || text === '0') return 0;
  const m = /^(\d+)\s*(d|days?|w|weeks?|m|months?)?$/.exec(text);
  if (!m)
    throw new FathomError('invalid_input', `cadence: "${value}" is not a number of days (e.g. 30, 2w, 3m).`, {
      field: 'cadence',
    });
  const n = Number(m[1]);
  const unit = m[2]?.charAt(0) ?? 'd';
  const days = unit === 'w' ? n * 7 : unit === 'm' ? n * 30 : n;
  if (days > 3650)
    throw new FathomError('invalid_input', `cadence: "${value}" is more than ten years.`, {
      field: 'cadence',
    });
  return days;
}

/** Turns the typed fields into a row patch, checking each value; nothing is written here. */
function toWrite(input: PersonFields): PersonWrite {
  const w: PersonWrite = {};
  const clear = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);
  if (input.prefix !== undefined) w.namePrefix = clear(input.prefix);
  if (input.given !== undefined) w.givenName = clear(input.given);
  if (input.middle !== undefined) w.middleName = clear(input.middle);
  if (input.family !== undefined) w.familyName = clear(input.family);
  if (input.suffix !== undefined) w.nameSuffix = clear(input.suffix);
  if (input.nickname !== undefined) w.nickname = clear(input.nickname);
  if (input.department !== undefined) w.department = clear(input.department);
  if (input.anniversary !== undefined)
    w.anniversary = input.anniversary.trim() === '' ? null : parseBirthday(input.anniversary, 'anniversary');
  if (input.org !== undefined) w.organization = clear(input.org);
  if (input.title !== undefined) w.title = clear(input.title);
  if (input.location !== undefined) w.location = clear(input.location);
  if (input.notes !== undefined) w.notes = clear(input.notes);
  if (input.purpose !== undefined) w.purpose = clear(input.purpose);
  if (input.birthday !== undefined)
    w.birthday = input.birthday.trim() === '' ? null : parseBirthday(input.birthday);
  if (input.circle !== undefined) w.circle = input.circle;
  if (input.verdict !== undefined) w.verdict = input.verdict === 'none' ? null : input.verdict;
  if (input.aspire !== undefined) w.aspire = input.aspire;
  if (input.cadence !== undefined) w.cadenceDays = parseCadence(input.cadence);
  const standing: NonNullable<PersonWrite['standing']> = {};
  for (const d of standingDimensions) {
    const v = input[d];
    if (v !== undefined) standing[d] = v === 'none' ? null : v;
  }
  if (Object.keys(standing).length > 0) w.standing = standing;
  return w;
}

/** The fields an import could also set that this write sets by hand; imports leave these alone afterwards. */
function manualFields(w: PersonWrite): string[] {
  const set: Record<ImportedField, unknown> = {
    name: w.name,
    organization: w.organization,
    title: w.title,
    location: w.location,
    birthday: w.birthday,
    notes: w.notes,
    namePrefix: w.namePrefix,
    givenName: w.givenName,
    middleName: w.middleName,
    familyName: w.familyName,
    nameSuffix: w.nameSuffix,
    nickname: w.nickname,
    department: w.department,
    anniversary: w.anniversary,
  };
  return Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

async function contactsOf(ctx: Context, input: PersonFields, source: string): Promise<ContactWrite[]> {
  const region = (await getSettings(ctx.db, ctx.accountId)).phoneRegion;
  const out: ContactWrite[] = [];
  const lists: [ContactKind, string[] | undefined][] = [
    ['email', input.email],
    ['phone', input.phone],
    ['url', input.url],
    ['handle', input.handle],
  ];
  for (const [kind, values] of lists) {
    for (const v of values ?? []) out.push({ kind, ...normalizeContact(kind, v, kind, region), source });
  }
  return out;
}

async function loadPerson(db: Db, accountId: string, id: number): Promise<Person> {
  const [p] = await getPeople(db, accountId, [id]);
  if (!p) throw new FathomError('not_found', `No person #${id}.`);
  return p;
}

async function innerCapWarning(ctx: Context, circle: string | undefined): Promise<string | undefined> {
  if (circle !== 'inner') return undefined;
  const settings = await getSettings(ctx.db, ctx.accountId);
  const { total } = await findPeopleIds(ctx.db, ctx.accountId, { circle: 'inner', limit: 0 });
  if (total > settings.innerCap) {
    return `Your inner circle now has ${total} people, above your cap of ${settings.innerCap}. True friends are few; consider who belongs in "network".`;
  }
  return undefined;
}

export interface PersonResult {
  person: Person;
  warnings: string[];
}

/** `Verde Capital · Research`: the organization with its department. */
function organizationText(p: Person): string {
  return [p.organization, p.department].filter(Boolean).join(' · ');
}

/** Where a detail came from, as the card shows it. */
function sourceText(source: string): string {
  return `[${source}]`;
}

/** The person card the CLI prints. */
export function personText(p: Person): string {
  const full = fullName(p);
  const rows: [string, string | null | undefined][] = [
    ['Full name', full !== '' && full !== p.name ? full : null],
    ['Nickname', p.nickname],
    ['Organization', [p.title, organizationText(p)].filter(Boolean).join(' at ') || null],
    ['Circle', p.circle],
    ['Verdict', p.verdict ?? 'unjudged'],
    ['Aspire to', p.aspire ? 'yes' : null],
    [
      'Standing',
      Object.entries(p.standing)
        .map(([d, s]) => `${s} in ${d}`)
        .join(', ') || null,
    ],
    ['Purpose', p.purpose],
    ['Location', p.location],
    ['Birthday', p.birthday ? formatBirthday(p.birthday) : null],
    ['Anniversary', p.anniversary ? formatBirthday(p.anniversary) : null],
    [
      'Known since',
      p.knownSince &&
        `${p.knownSince} (${p.connections.map((c) => `${c.network} ${c.connectedOn}`).join(', ')})`,
    ],
    [
      'Keep in touch',
      p.cadenceDays === null
        ? `circle default (${defaultCadenceDays[p.circle] ?? 'none'} days)`
        : p.cadenceDays === 0
          ? 'no'
          : `every ${p.cadenceDays} days`,
    ],
    ['Tags', p.tags.join(', ') || null],
    ...p.contacts.map((c): [string, string] => [
      c.kind,
      `${c.value}${c.label ? ` (${c.label})` : ''}  ${sourceText(c.source)}`,
    ]),
    ...p.addresses.map((a): [string, string] => [
      'address',
      `${addressLine(a)}${a.label ? ` (${a.label})` : ''}  ${sourceText(a.source)}`,
    ]),
    ...p.related.map((r): [string, string] => [
      'related',
      `${r.name}${r.relation ? ` (${r.relation})` : ''}  ${sourceText(r.source)}`,
    ]),
    [
      'Photo',
      p.photo && `${p.photo.contentType}, ${formatSize(p.photo.bytes)}  ${sourceText(p.photo.source)}`,
    ],
    ['Notes', p.notes],
  ];
  const body = rows.filter(([, v]) => v).map(([k, v]) => `  ${k.padEnd(13)} ${v}`);
  return [`#${p.id} ${p.name}`, ...body].join('\n');
}

/** A person just added, with the people already in the ledger who may be the same one. */
export interface PersonAddResult extends PersonResult {
  matches: PersonMatch[];
}

function withWarnings(r: PersonResult): string {
  return [personText(r.person), ...r.warnings.map((w) => `! ${w}`)].join('\n');
}

export const personAdd = defineOperation({
  name: 'person.add',
  summary: 'Add a person to your network',
  mutates: true,
  input: z.object({
    name: line(textLimits.personName).describe('Full name'),
    tag: z.array(tagField).optional().describe('Tag (repeatable)'),
    ...personFields,
  }),
  cli: { command: 'person add', args: ['name'], short: { email: 'e', circle: 'c' } },
  http: { method: 'POST', path: '/people' },
  async run(ctx, input): Promise<PersonAddResult> {
    const w = toWrite(input);
    const contacts = await contactsOf(ctx, input, 'manual');
    // Looked up before the insert, so the new person does not find themselves.
    const matches = await matchesFor(ctx, input.name, contacts);
    const id = await insertPerson(
      ctx.db,
      ctx.accountId,
      { ...w, name: input.name, nameKey: nameKey(input.name) },
      input.tag ?? [],
      contacts,
    );
    await markFieldsManual(ctx.db, ctx.accountId, id, manualFields({ ...w, name: input.name }));
    const warning = await innerCapWarning(ctx, input.circle);
    return {
      person: await loadPerson(ctx.db, ctx.accountId, id),
      warnings: warning ? [warning] : [],
      matches,
    };
  },
  text: (r) => [withWarnings(r), ...matchesText(r.matches, r.person.id)].join('\n'),
});

export const personEdit = defineOperation({
  name: 'person.edit',
  summary: 'Change what you know about a person',
  mutates: true,
  input: z.object({
    person: line(200).describe('Person id, email or name'),
    name: line(textLimits.personName).optional().describe('New name'),
    tags: z.array(tagField).optional().describe('Replace all tags'),
    addTag: z.array(tagField).optional().describe('Add a tag (repeatable)'),
    removeTag: z.array(tagField).optional().describe('Remove a tag (repeatable)'),
    removeContact: z
      .array(z.string())
      .optional()
      .describe('Remove an email, phone, URL or handle (repeatable)'),
    ...personFields,
  }),
  cli: { command: 'person edit', args: ['person'] },
  http: { method: 'PATCH', path: '/people/{person}' },
  async run(ctx, input): Promise<PersonResult> {
    const id = await resolvePerson(ctx.db, ctx.accountId, input.person);
    const before = await loadPerson(ctx.db, ctx.accountId, id);
    const w = toWrite(input);
    if (input.name !== undefined) {
      w.name = input.name;
      w.nameKey = nameKey(input.name);
    }
    const contacts = await contactsOf(ctx, input, 'manual');
    await updatePersonRow(ctx.db, ctx.accountId, id, w);
    await markFieldsManual(ctx.db, ctx.accountId, id, manualFields(w));
    if (input.tags !== undefined || input.addTag || input.removeTag) {
      const remove = new Set(input.removeTag ?? []);
      const tags = [...(input.tags ?? before.tags), ...(input.addTag ?? [])].filter((t) => !remove.has(t));
      await setTags(ctx.db, ctx.accountId, id, tags);
    }
    if (input.removeContact?.length) {
      const wanted = input.removeContact.map((v) => v.trim().toLowerCase());
      const keys = before.contacts
        .filter((c) => wanted.includes(c.value.toLowerCase()) || wanted.includes(c.key))
        .map((c) => c.key);
      const missing = wanted.filter(
        (v) => !before.contacts.some((c) => c.value.toLowerCase() === v || c.key === v),
      );
      if (missing.length > 0) {
        throw new FathomError(
          'not_found',
          `removeContact: ${before.name} has no contact point "${missing[0]}".`,
          { field: 'removeContact' },
        );
      }
      await removeContacts(ctx.db, ctx.accountId, id, keys);
    }
    await addContacts(ctx.db, ctx.accountId, id, contacts);
    const warning = await innerCapWarning(ctx, input.circle);
    return { person: await loadPerson(ctx.db, ctx.accountId, id), warnings: warning ? [warning] : [] };
  },
  text: withWarnings,
});

export interface PersonDetail extends Person {
  totals: {
    entries: number;
    minutes: number;
    networkingMinutes: number;
    forwardMinutes: number;
    backMinutes: number;
    lastDate: string | null;
  };
}

export const personShow = defineOperation({
  name: 'person.show',
  summary: 'Show a person with the time you spent together',
  mutates: false,
  input: z.object({ person: line(200).describe('Person id, email or name') }),
  cli: { command: 'person show', args: ['person'] },
  http: { method: 'GET', path: '/people/{person}' },
  async run(ctx, input): Promise<PersonDetail> {
    const id = await resolvePerson(ctx.db, ctx.accountId, input.person);
    const person = await loadPerson(ctx.db, ctx.accountId, id);
    const row = await ctx.db
      .selectFrom('rollup_person_months')
      .select((eb) => [
        eb.fn.sum<number>('entries').as('entries'),
        eb.fn.sum<number>('minutes').as('minutes'),
        eb.fn
          .sum<number>(eb.case().when('mode', '=', 'networking').then(eb.ref('minutes')).else(0).end())
          .as('net'),
        eb.fn
          .sum<number>(eb.case().when('verdict', '=', 'forward').then(eb.ref('minutes')).else(0).end())
          .as('fwd'),
        eb.fn
          .sum<number>(eb.case().when('verdict', '=', 'back').then(eb.ref('minutes')).else(0).end())
          .as('back'),
      ])
      .where('account_id', '=', ctx.accountId)
      .where('person_id', '=', id)
      .executeTakeFirst();
    const last = await ctx.db
      .selectFrom('entries')
      .innerJoin('entry_people', 'entry_people.entry_id', 'entries.id')
      .select((eb) => eb.fn.max('entries.local_date').as('last'))
      .where('entry_people.account_id', '=', ctx.accountId)
      .where('entry_people.person_id', '=', id)
      .where('entries.deleted_at', 'is', null)
      .executeTakeFirst();
    return {
      ...person,
      totals: {
        entries: Number(row?.entries ?? 0),
        minutes: Number(row?.minutes ?? 0),
        networkingMinutes: Number(row?.net ?? 0),
        forwardMinutes: Number(row?.fwd ?? 0),
        backMinutes: Number(row?.back ?? 0),
        lastDate: (last?.last as string | null | undefined) ?? null,
      },
    };
  },
  text: (p) =>
    `${personText(p)}\n  ${'Time'.padEnd(13)} ${formatMinutes(p.totals.minutes)} in ${p.totals.entries} entries (networking ${formatMinutes(
      p.totals.networkingMinutes,
    )}, forward ${formatMinutes(p.totals.forwardMinutes)}, back ${formatMinutes(p.totals.backMinutes)})${
      p.totals.lastDate ? `, last ${p.totals.lastDate}` : ''
    }`,
});

export const personList = defineOperation({
  name: 'person.list',
  summary: 'List people, filtered by circle, tag, verdict or text',
  mutates: false,
  input: z.object({
    search: z
      .string()
      .max(200)
      .optional()
      .describe('Text in name, nickname, organization, department, title, purpose, email or phone'),
    circle: z.enum(circles).optional().describe('Only this circle'),
    tag: tagField.optional().describe('Only people with this tag'),
    verdict: z
      .enum([...verdicts, 'unjudged'])
      .optional()
      .describe('forward, back or unjudged'),
    archived: z.boolean().optional().describe('Include archived people'),
    limit: z.number().int().min(1).max(10_000).default(100).describe('At most this many'),
    offset: z.number().int().min(0).default(0).describe('Skip this many'),
  }),
  cli: { command: 'person list', args: ['search'] },
  http: { method: 'GET', path: '/people' },
  async run(ctx, input) {
    const { ids, total } = await findPeopleIds(ctx.db, ctx.accountId, {
      ...(input.search !== undefined ? { search: input.search } : {}),
      ...(input.circle ? { circle: input.circle } : {}),
      ...(input.tag ? { tag: input.tag } : {}),
      ...(input.verdict ? { verdict: input.verdict } : {}),
      includeArchived: input.archived ?? false,
      limit: input.limit,
      offset: input.offset,
    });
    return { total, people: await getPeople(ctx.db, ctx.accountId, ids) };
  },
  text: (r) => {
    if (r.people.length === 0) return 'No people match.';
    const rows = r.people.map(
      (p) =>
        `#${String(p.id).padEnd(6)} ${p.name.padEnd(28).slice(0, 28)} ${p.circle.padEnd(12)} ${(p.verdict ?? '—').padEnd(8)} ${[p.title, p.organization].filter(Boolean).join(', ')}`,
    );
    return [...rows, `${r.people.length} of ${r.total}`].join('\n');
  },
});

export const personJudge = defineOperation({
  name: 'person.judge',
  summary: 'Judge a person: do they move you forward or hold you back?',
  mutates: true,
  input: z.object({
    person: line(200).describe('Person id, email or name'),
    verdict: z.enum([...verdicts, 'none']).describe('forward or back (none to clear)'),
  }),
  cli: {
    command: 'person judge',
    args: ['person'],
    switches: {
      forward: { field: 'verdict', value: 'forward', description: 'They move you toward your purpose' },
      back: { field: 'verdict', value: 'back', description: 'They hold you back' },
    },
  },
  http: { method: 'POST', path: '/people/{person}/judge' },
  async run(ctx, input): Promise<PersonResult> {
    const id = await resolvePerson(ctx.db, ctx.accountId, input.person);
    await updatePersonRow(ctx.db, ctx.accountId, id, {
      verdict: input.verdict === 'none' ? null : input.verdict,
    });
    return { person: await loadPerson(ctx.db, ctx.accountId, id), warnings: [] };
  },
  text: (r) => `#${r.person.id} ${r.person.name}: ${r.person.verdict ?? 'unjudged'}`,
});
