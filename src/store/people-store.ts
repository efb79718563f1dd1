import { sql } from 'kysely';
import type { Selectable, Updateable } from 'kysely';
import { formatBirthday, parseBirthday } from '../domain/birthday.ts';
import type { Birthday } from '../domain/birthday.ts';
import type { NetworkConnection, Person, PersonPhoto, PostalAddress, RelatedName } from '../domain/person.ts';
import type { Circle, ContactKind, Standing, StandingDimension, Verdict } from '../domain/vocabulary.ts';
import { standingDimensions } from '../domain/vocabulary.ts';
import { readDetailRows } from './person-details-store.ts';
import type {
  ContactPointRow,
  Db,
  PersonAddressRow,
  PersonConnectionRow,
  PersonRelatedRow,
  PersonRow,
} from './database.ts';

/** What a caller writes about a person; `undefined` leaves a field as it is on update. */
export interface PersonWrite {
  name?: string;
  nameKey?: string;
  namePrefix?: string | null;
  givenName?: string | null;
  middleName?: string | null;
  familyName?: string | null;
  nameSuffix?: string | null;
  nickname?: string | null;
  organization?: string | null;
  department?: string | null;
  title?: string | null;
  location?: string | null;
  birthday?: { year?: number; month: number; day: number } | null;
  anniversary?: Birthday | null;
  notes?: string | null;
  purpose?: string | null;
  circle?: Circle;
  verdict?: Verdict | null;
  aspire?: boolean;
  cadenceDays?: number | null;
  standing?: Partial<Record<StandingDimension, Standing | null>>;
  archivedAt?: string | null;
}

export interface ContactWrite {
  kind: ContactKind;
  value: string;
  key: string;
  label?: string | null;
  source: string;
}

function personColumns(w: PersonWrite): Updateable<PersonRow> {
  const row: Updateable<PersonRow> = {};
  if (w.name !== undefined) row.name = w.name;
  if (w.nameKey !== undefined) row.name_key = w.nameKey;
  if (w.namePrefix !== undefined) row.name_prefix = w.namePrefix;
  if (w.givenName !== undefined) row.given_name = w.givenName;
  if (w.middleName !== undefined) row.middle_name = w.middleName;
  if (w.familyName !== undefined) row.family_name = w.familyName;
  if (w.nameSuffix !== undefined) row.name_suffix = w.nameSuffix;
  if (w.nickname !== undefined) row.nickname = w.nickname;
  if (w.organization !== undefined) row.organization = w.organization;
  if (w.department !== undefined) row.department = w.department;
  if (w.anniversary !== undefined) row.anniversary = w.anniversary && formatBirthday(w.anniversary);
  if (w.title !== undefined) row.title = w.title;
  if (w.location !== undefined) row.location = w.location;
  if (w.birthday !== undefined) {
    row.birthday_year = w.birthday?.year ?? null;
    row.birthday_month = w.birthday?.month ?? null;
    row.birthday_day = w.birthday?.day ?? null;
  }
  if (w.notes !== undefined) row.notes = w.notes;
  if (w.purpose !== undefined) row.purpose = w.purpose;
  if (w.circle !== undefined) row.circle = w.circle;
  if (w.verdict !== undefined) row.verdict = w.verdict;
  if (w.aspire !== undefined) row.aspire = w.aspire ? 1 : 0;
  if (w.cadenceDays !== undefined) row.cadence_days = w.cadenceDays;
  if (w.archivedAt !== undefined) row.archived_at = w.archivedAt;
  if (w.standing) {
    for (const d of standingDimensions) {
      const v = w.standing[d];
      if (v !== undefined) row[`standing_${d}`] = v;
    }
  }
  return row;
}

/** Inserts a person with tags and contact points; returns the new id. */
export async function insertPerson(
  db: Db,
  accountId: string,
  w: PersonWrite & { name: string; nameKey: string },
  tags: string[] = [],
  contacts: ContactWrite[] = [],
): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('people')
    .values({
      account_id: accountId,
      name: w.name,
      name_key: w.nameKey,
      circle: w.circle ?? 'unsorted',
      aspire: 0,
      organization: null,
      title: null,
      location: null,
      birthday_year: null,
      birthday_month: null,
      birthday_day: null,
      notes: null,
      purpose: null,
      verdict: null,
      cadence_days: null,
      standing_mastery: null,
      standing_contribution: null,
      standing_accomplishment: null,
      standing_greatness: null,
      archived_at: null,
      deleted_at: null,
      merged_into: null,
      ...personColumns(w),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await setTags(db, accountId, id, tags);
  await addContacts(db, accountId, id, contacts);
  return id;
}

export async function updatePersonRow(db: Db, accountId: string, id: number, w: PersonWrite): Promise<void> {
  await db
    .updateTable('people')
    .set({ ...personColumns(w), updated_at: new Date().toISOString() })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .execute();
}

export async function setTags(db: Db, accountId: string, personId: number, tags: string[]): Promise<void> {
  await db
    .deleteFrom('person_tags')
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0) {
    await db
      .insertInto('person_tags')
      .values(unique.map((tag) => ({ account_id: accountId, person_id: personId, tag })))
      .execute();
  }
}

/** Adds contact points the person does not already have (same kind and key). */
export async function addContacts(
  db: Db,
  accountId: string,
  personId: number,
  contacts: ContactWrite[],
): Promise<void> {
  if (contacts.length === 0) return;
  const existing = await db
    .selectFrom('contact_points')
    .select(['kind', 'key'])
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .execute();
  const seen = new Set(existing.map((c) => `${c.kind}\u0000${c.key}`));
  const now = new Date().toISOString();
  const fresh = contacts.filter((c) => {
    const k = `${c.kind}\u0000${c.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (fresh.length === 0) return;
  await db
    .insertInto('contact_points')
    .values(
      fresh.map((c) => ({
        account_id: accountId,
        person_id: personId,
        kind: c.kind,
        value: c.value,
        key: c.key,
        label: c.label ?? null,
        source: c.source,
        created_at: now,
      })),
    )
    .execute();
}

export async function removeContacts(
  db: Db,
  accountId: string,
  personId: number,
  keys: string[],
): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('contact_points')
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .where('key', 'in', keys)
    .execute();
}

/** A stored anniversary (`YYYY-MM-DD` or `--MM-DD`) as a date; one a source got wrong reads as none. */
function storedDate(text: string | null): Birthday | null {
  if (text === null) return null;
  try {
    return parseBirthday(text);
  } catch {
    return null;
  }
}

/** The path a person's photo is served at; the version changes with the photo, so it may be cached. */
export function photoUrl(personId: number, sha256: string): string {
  return `/api/people/${personId}/photo?v=${sha256.slice(0, 16)}`;
}

/** What getPeople reads beside a person's row. */
interface PersonParts {
  tags: string[];
  contacts: Selectable<ContactPointRow>[];
  addresses: Selectable<PersonAddressRow>[];
  related: Selectable<PersonRelatedRow>[];
  connections: Selectable<PersonConnectionRow>[];
  photo: { content_type: string; size: number; sha256: string; source: string } | undefined;
}

function toPerson(r: Selectable<PersonRow>, parts: PersonParts): Person {
  const standing: Person['standing'] = {};
  for (const d of standingDimensions) {
    const v = r[`standing_${d}`];
    if (v) standing[d] = v as Standing;
  }
  const id = Number(r.id);
  const connections: NetworkConnection[] = parts.connections
    .map((c) => ({ network: c.network, connectedOn: c.connected_on, source: c.source }))
    .sort((a, b) => a.connectedOn.localeCompare(b.connectedOn) || a.network.localeCompare(b.network));
  const addresses: PostalAddress[] = parts.addresses.map((a) => ({
    id: Number(a.id),
    label: a.label,
    poBox: a.po_box,
    extended: a.extended,
    street: a.street,
    locality: a.locality,
    region: a.region,
    postalCode: a.postal_code,
    country: a.country,
    source: a.source,
  }));
  const related: RelatedName[] = parts.related.map((x) => ({
    id: Number(x.id),
    name: x.name,
    relation: x.relation,
    source: x.source,
  }));
  const photo: PersonPhoto | null = parts.photo
    ? {
        url: photoUrl(id, parts.photo.sha256),
        contentType: parts.photo.content_type,
        bytes: Number(parts.photo.size),
        source: parts.photo.source,
      }
    : null;
  return {
    id,
    name: r.name,
    namePrefix: r.name_prefix,
    givenName: r.given_name,
    middleName: r.middle_name,
    familyName: r.family_name,
    nameSuffix: r.name_suffix,
    nickname: r.nickname,
    organization: r.organization,
    department: r.department,
    title: r.title,
    location: r.location,
    birthday:
      r.birthday_month !== null && r.birthday_day !== null
        ? {
            ...(r.birthday_year !== null ? { year: Number(r.birthday_year) } : {}),
            month: Number(r.birthday_month),
            day: Number(r.birthday_day),
          }
        : null,
    anniversary: storedDate(r.anniversary),
    notes: r.notes,
    purpose: r.purpose,
    circle: r.circle as Circle,
    verdict: r.verdict as Verdict | null,
    aspire: Number(r.aspire) === 1,
    cadenceDays: r.cadence_days === null ? null : Number(r.cadence_days),
    standing,
    tags: parts.tags,
    contacts: parts.contacts.map((c) => ({
      id: Number(c.id),
      kind: c.kind as ContactKind,
      value: c.value,
      key: c.key,
      label: c.label,
      source: c.source,
    })),
    addresses,
    related,
    connections,
    knownSince: connections[0]?.connectedOn ?? null,
    photo,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
    mergedInto: r.merged_into === null ? null : Number(r.merged_into),
  };
}

/** Rows of a person-keyed table grouped by person, in the order read. */
function byPerson<T extends { person_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.person_id);
    const list = out.get(id);
    if (list) list.push(row);
    else out.set(id, [row]);
  }
  return out;
}

/** Loads people by id with their tags, contact points and details, in the order of `ids`. */
export async function getPeople(db: Db, accountId: string, ids: number[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  const out: Person[] = [];
  // Chunked so that a long list stays within both dialects' parameter limits.
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const [rows, tags, contacts, { addresses, related, connections, photos }] = await Promise.all([
      db
        .selectFrom('people')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', 'in', chunk)
        .execute(),
      db
        .selectFrom('person_tags')
        .select(['person_id', 'tag'])
        .where('account_id', '=', accountId)
        .where('person_id', 'in', chunk)
        .orderBy('tag')
        .execute(),
      db
        .selectFrom('contact_points')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('person_id', 'in', chunk)
        .orderBy('id')
        .execute(),
      readDetailRows(db, accountId, chunk),
    ]);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const tagsOf = byPerson(tags);
    const contactsOf = byPerson(contacts);
    const addressesOf = byPerson(addresses);
    const relatedOf = byPerson(related);
    const connectionsOf = byPerson(connections);
    const photoOf = new Map(photos.map((p) => [Number(p.person_id), p]));
    for (const id of chunk) {
      const r = byId.get(id);
      if (!r) continue;
      out.push(
        toPerson(r, {
          tags: (tagsOf.get(id) ?? []).map((t) => t.tag),
          contacts: contactsOf.get(id) ?? [],
          addresses: addressesOf.get(id) ?? [],
          related: relatedOf.get(id) ?? [],
          connections: connectionsOf.get(id) ?? [],
          photo: photoOf.get(id),
        }),
      );
    }
  }
  return out;
}

export interface PeopleFilter {
  circle?: Circle;
  tag?: string;
  /** Folded text matched against name, nickname, organization, department, title, purpose and contact keys. */
  search?: string;
  verdict?: Verdict | 'unjudged';
  includeArchived?: boolean;
  limit?: number;
  offset?: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Ids of live (not merged, not deleted) people matching the filter, by name. */
export async function findPeopleIds(
  db: Db,
  accountId: string,
  f: PeopleFilter,
): Promise<{ ids: number[]; total: number }> {
  let q = db
    .selectFrom('people')
    .where('people.account_id', '=', accountId)
    .where('people.merged_into', 'is', null)
    .where('people.deleted_at', 'is', null);
  if (!f.includeArchived) q = q.where('people.archived_at', 'is', null);
  if (f.circle) q = q.where('people.circle', '=', f.circle);
  if (f.verdict === 'unjudged') q = q.where('people.verdict', 'is', null);
  else if (f.verdict) q = q.where('people.verdict', '=', f.verdict);
  if (f.tag) {
    const tag = f.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_tags')
          .select(sql`1`.as('one'))
          .whereRef('person_tags.person_id', '=', 'people.id')
          .where('person_tags.tag', '=', tag),
      ),
    );
  }
  if (f.search && f.search.trim() !== '') {
    const raw = f.search.trim().toLowerCase();
    const pattern = `%${escapeLike(raw)}%`;
    const folded = `%${escapeLike(raw.normalize('NFKD').replace(/\p{M}+/gu, ''))}%`;
    q = q.where((eb) =>
      eb.or([
        eb('people.name_key', 'like', sql<string>`${folded} escape '\\'`),
        eb(sql`lower(people.organization)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql`lower(people.department)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql`lower(people.nickname)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql`lower(people.title)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql`lower(people.purpose)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb.exists(
          eb
            .selectFrom('contact_points')
            .select(sql`1`.as('one'))
            .whereRef('contact_points.person_id', '=', 'people.id')
            .where('contact_points.key', 'like', sql<string>`${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  const totalRow = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let page = q.select('people.id').orderBy('people.name_key').orderBy('people.id');
  if (f.limit !== undefined) page = page.limit(f.limit).offset(f.offset ?? 0);
  const rows = await page.execute();
  return { ids: rows.map((r) => Number(r.id)), total: Number(totalRow?.n ?? 0) };
}

/** Live people whose contact points carry one of these keys. */
export async function peopleByContactKey(
  db: Db,
  accountId: string,
  keys: string[],
): Promise<{ personId: number; key: string }[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('contact_points')
    .innerJoin('people', 'people.id', 'contact_points.person_id')
    .select(['contact_points.person_id', 'contact_points.key'])
    .where('contact_points.account_id', '=', accountId)
    .where('contact_points.key', 'in', keys)
    .where('people.merged_into', 'is', null)
    .where('people.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ personId: Number(r.person_id), key: r.key }));
}

/** Live people whose folded name equals `key`, or (with `prefix`) has a word starting with it. */
export async function peopleByNameKey(
  db: Db,
  accountId: string,
  key: string,
  prefix: boolean,
): Promise<number[]> {
  let q = db
    .selectFrom('people')
    .select('id')
    .where('account_id', '=', accountId)
    .where('merged_into', 'is', null)
    .where('deleted_at', 'is', null);
  if (prefix) {
    const p = escapeLike(key);
    q = q.where((eb) =>
      eb.or([
        eb('name_key', 'like', sql<string>`${`${p}%`} escape '\\'`),
        eb('name_key', 'like', sql<string>`${`% ${p}%`} escape '\\'`),
      ]),
    );
  } else {
    q = q.where('name_key', '=', key);
  }
  const rows = await q.orderBy('name_key').limit(50).execute();
  return rows.map((r) => Number(r.id));
}
