import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { FathomError } from '../domain/errors.ts';
import type { ContactKind } from '../domain/vocabulary.ts';
import type { Db, PersonRow } from './database.ts';
import { readFieldSources, writeFieldSources } from './field-sources-store.ts';
import { moveDetails, returnDetails } from './person-details-store.ts';
import type { MovedDetails } from './person-details-store.ts';

type Value = string | number | null;

/** Everything a merge moved or changed, so that an unmerge puts both people back exactly. */
export interface MergeMoved {
  /** Contact points moved from the merged person to the survivor. */
  contacts: number[];
  /** The merged person's tags (taken off them), and those the survivor lacked (added to it). */
  mergedTags: string[];
  survivorTagsAdded: string[];
  /** Entries re-linked from the merged person to the survivor, and links dropped because both were named. */
  entriesMoved: number[];
  entriesDropped: number[];
  /** Survivor columns filled from the merged person. */
  fields: { column: string; before: Value; after: Value }[];
  survivorUpdatedAt: string;
  survivorFieldSources: { before: string | null; after: string | null };
  mergedUpdatedAt: string;
  /** People merged into the merged person earlier, now pointing at the survivor. */
  repointed: number[];
  /** Addresses, related names, connection dates and the photo moved to the survivor (merges since migration 0014). */
  details?: MovedDetails;
}

export interface MergeRecord {
  id: number;
  survivorId: number;
  mergedId: number;
  createdAt: string;
  moved: MergeMoved;
}

// Columns a merge fills on the survivor when the survivor has none.
const fillColumns = [
  'organization',
  'title',
  'location',
  'purpose',
  'verdict',
  'cadence_days',
  'standing_mastery',
  'standing_contribution',
  'standing_accomplishment',
  'standing_greatness',
  'nickname',
  'department',
  'anniversary',
] as const;

// The parts of a name fill the survivor together, and only when it has none: parts of two
// spellings of a name would not make one.
const namePartColumns = ['name_prefix', 'given_name', 'middle_name', 'family_name', 'name_suffix'] as const;

// Field names of field_sources that correspond to people columns.
const sourceFields: Record<string, string> = {
  organization: 'organization',
  title: 'title',
  location: 'location',
  notes: 'notes',
  birthday_month: 'birthday',
  nickname: 'nickname',
  department: 'department',
  anniversary: 'anniversary',
  name_prefix: 'namePrefix',
  given_name: 'givenName',
  middle_name: 'middleName',
  family_name: 'familyName',
  name_suffix: 'nameSuffix',
};

async function livePerson(
  db: Db,
  accountId: string,
  id: number,
  field: string,
): Promise<Selectable<PersonRow>> {
  const row = await db
    .selectFrom('people')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new FathomError('not_found', `${field}: no person #${id}.`, { field });
  if (row.merged_into !== null) {
    throw new FathomError(
      'conflict',
      `${field}: #${id} ${row.name} is already merged into #${row.merged_into}.`,
      { field },
    );
  }
  if (row.deleted_at !== null)
    throw new FathomError('conflict', `${field}: #${id} ${row.name} is deleted.`, { field });
  return row;
}

/** Recomputes the per-person rollups of these people from their live entries. */
export async function rebuildPersonRollups(db: Db, accountId: string, personIds: number[]): Promise<void> {
  await db
    .deleteFrom('rollup_person_months')
    .where('account_id', '=', accountId)
    .where('person_id', 'in', personIds)
    .execute();
  await db
    .deleteFrom('rollup_people')
    .where('account_id', '=', accountId)
    .where('person_id', 'in', personIds)
    .execute();
  const ids = sql.join(personIds);
  await sql`insert into rollup_person_months (account_id, person_id, month, mode, verdict, entries, minutes)
    select e.account_id, ep.person_id, substr(e.local_date, 1, 7), coalesce(e.mode, ''), coalesce(e.verdict, ''),
      count(*), sum(e.minutes)
    from entries e join entry_people ep on ep.entry_id = e.id
    where e.account_id = ${accountId} and e.deleted_at is null and ep.person_id in (${ids})
    group by e.account_id, ep.person_id, substr(e.local_date, 1, 7), coalesce(e.mode, ''), coalesce(e.verdict, '')`.execute(
    db,
  );
  await sql`insert into rollup_people (account_id, person_id, entries, minutes, last_day)
    select e.account_id, ep.person_id, count(*), sum(e.minutes), max(e.local_date)
    from entries e join entry_people ep on ep.entry_id = e.id
    where e.account_id = ${accountId} and e.deleted_at is null and ep.person_id in (${ids})
    group by e.account_id, ep.person_id`.execute(db);
}

/**
 * Merges `mergedId` into `survivorId`: contact points, tags and entry links move to the survivor,
 * empty survivor fields take the merged person's values (notes are joined), and the merged person
 * points at the survivor. Everything moved is recorded for `unmergePerson`.
 */
export async function mergePeople(
  db: Db,
  accountId: string,
  survivorId: number,
  mergedId: number,
  at: string,
): Promise<MergeRecord> {
  if (survivorId === mergedId)
    throw new FathomError('invalid_input', 'merge: a person cannot be merged into themselves.', {
      field: 'other',
    });
  const a = await livePerson(db, accountId, survivorId, 'person');
  const b = await livePerson(db, accountId, mergedId, 'other');

  const aContacts = await db
    .selectFrom('contact_points')
    .select(['kind', 'key'])
    .where('account_id', '=', accountId)
    .where('person_id', '=', survivorId)
    .execute();
  const have = new Set(aContacts.map((c) => `${c.kind}\u0000${c.key}`));
  const bContacts = await db
    .selectFrom('contact_points')
    .select(['id', 'kind', 'key'])
    .where('account_id', '=', accountId)
    .where('person_id', '=', mergedId)
    .orderBy('id')
    .execute();
  // An exact duplicate stays with the merged person: its provenance is kept there, and it comes back on unmerge.
  const contacts = bContacts.filter((c) => !have.has(`${c.kind}\u0000${c.key}`)).map((c) => Number(c.id));
  if (contacts.length > 0) {
    await db
      .updateTable('contact_points')
      .set({ person_id: survivorId })
      .where('account_id', '=', accountId)
      .where('id', 'in', contacts)
      .execute();
  }

  const aTags = new Set(
    (
      await db
        .selectFrom('person_tags')
        .select('tag')
        .where('account_id', '=', accountId)
        .where('person_id', '=', survivorId)
        .execute()
    ).map((t) => t.tag),
  );
  const mergedTags = (
    await db
      .selectFrom('person_tags')
      .select('tag')
      .where('account_id', '=', accountId)
      .where('person_id', '=', mergedId)
      .orderBy('tag')
      .execute()
  ).map((t) => t.tag);
  const survivorTagsAdded = mergedTags.filter((t) => !aTags.has(t));
  await db
    .deleteFrom('person_tags')
    .where('account_id', '=', accountId)
    .where('person_id', '=', mergedId)
    .execute();
  if (survivorTagsAdded.length > 0) {
    await db
      .insertInto('person_tags')
      .values(survivorTagsAdded.map((tag) => ({ account_id: accountId, person_id: survivorId, tag })))
      .execute();
  }

  const aEntries = new Set(
    (
      await db
        .selectFrom('entry_people')
        .select('entry_id')
        .where('account_id', '=', accountId)
        .where('person_id', '=', survivorId)
        .execute()
    ).map((e) => Number(e.entry_id)),
  );
  const bEntries = (
    await db
      .selectFrom('entry_people')
      .select('entry_id')
      .where('account_id', '=', accountId)
      .where('person_id', '=', mergedId)
      .orderBy('entry_id')
      .execute()
  ).map((e) => Number(e.entry_id));
  const entriesMoved = bEntries.filter((e) => !aEntries.has(e));
  const entriesDropped = bEntries.filter((e) => aEntries.has(e));
  for (let i = 0; i < entriesDropped.length; i += 1000) {
    await db
      .deleteFrom('entry_people')
      .where('account_id', '=', accountId)
      .where('person_id', '=', mergedId)
      .where('entry_id', 'in', entriesDropped.slice(i, i + 1000))
      .execute();
  }
  for (let i = 0; i < entriesMoved.length; i += 1000) {
    await db
      .updateTable('entry_people')
      .set({ person_id: survivorId })
      .where('account_id', '=', accountId)
      .where('person_id', '=', mergedId)
      .where('entry_id', 'in', entriesMoved.slice(i, i + 1000))
      .execute();
  }

  const fields: MergeMoved['fields'] = [];
  const set: Record<string, Value> = {};
  const aSources = readFieldSources(a.field_sources);
  const bSources = readFieldSources(b.field_sources);
  const take = (column: string, before: Value, after: Value) => {
    fields.push({ column, before, after });
    set[column] = after;
    const f = sourceFields[column];
    if (f && bSources[f]) aSources[f] = bSources[f];
  };
  for (const column of fillColumns) {
    if (a[column] === null && b[column] !== null) take(column, a[column], b[column]);
  }
  if (namePartColumns.every((c) => a[c] === null))
    for (const column of namePartColumns) if (b[column] !== null) take(column, null, b[column]);
  if (a.birthday_month === null && b.birthday_month !== null) {
    take('birthday_year', a.birthday_year, b.birthday_year);
    take('birthday_month', a.birthday_month, b.birthday_month);
    take('birthday_day', a.birthday_day, b.birthday_day);
  }
  if (b.notes !== null && b.notes !== a.notes)
    take('notes', a.notes, a.notes === null ? b.notes : `${a.notes}\n\n${b.notes}`);
  if (a.circle === 'unsorted' && b.circle !== 'unsorted') take('circle', a.circle, b.circle);
  if (Number(a.aspire) === 0 && Number(b.aspire) === 1) take('aspire', 0, 1);
  const sourcesAfter = writeFieldSources(aSources);
  await db
    .updateTable('people')
    .set({ ...set, field_sources: sourcesAfter, updated_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', survivorId)
    .execute();

  const repointed = (
    await db
      .selectFrom('people')
      .select('id')
      .where('account_id', '=', accountId)
      .where('merged_into', '=', mergedId)
      .execute()
  ).map((p) => Number(p.id));
  if (repointed.length > 0) {
    await db
      .updateTable('people')
      .set({ merged_into: survivorId })
      .where('account_id', '=', accountId)
      .where('id', 'in', repointed)
      .execute();
  }
  await db
    .updateTable('people')
    .set({ merged_into: survivorId, updated_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', mergedId)
    .execute();
  // Pairs said to be distinct no longer apply once the owner merges them.
  await db
    .deleteFrom('person_distinct')
    .where('account_id', '=', accountId)
    .where('person_a', '=', Math.min(survivorId, mergedId))
    .where('person_b', '=', Math.max(survivorId, mergedId))
    .execute();
  await rebuildPersonRollups(db, accountId, [survivorId, mergedId]);
  const details = await moveDetails(db, accountId, survivorId, mergedId);

  const moved: MergeMoved = {
    contacts,
    mergedTags,
    survivorTagsAdded,
    entriesMoved,
    entriesDropped,
    fields,
    survivorUpdatedAt: a.updated_at,
    survivorFieldSources: { before: a.field_sources, after: sourcesAfter },
    mergedUpdatedAt: b.updated_at,
    repointed,
    details,
  };
  const row = await db
    .insertInto('person_merges')
    .values({
      account_id: accountId,
      survivor_id: survivorId,
      merged_id: mergedId,
      created_at: at,
      undone_at: null,
      moved: JSON.stringify(moved),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), survivorId, mergedId, createdAt: at, moved };
}

/**
 * Undoes the latest merge of `mergedId`: the contact points, tags and entry links go back, the
 * survivor's filled fields are emptied again (unless changed since), and both people are as before.
 */
export async function unmergePerson(
  db: Db,
  accountId: string,
  mergedId: number,
  at: string,
): Promise<MergeRecord> {
  const row = await db
    .selectFrom('person_merges')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('merged_id', '=', mergedId)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row)
    throw new FathomError('not_found', `person: #${mergedId} is not merged into anyone.`, {
      field: 'person',
    });
  const survivorId = Number(row.survivor_id);
  const moved = JSON.parse(row.moved) as MergeMoved;
  const survivor = await db
    .selectFrom('people')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', survivorId)
    .executeTakeFirstOrThrow();
  if (survivor.merged_into !== null) {
    throw new FathomError(
      'conflict',
      `person: #${survivorId} ${survivor.name}, whom #${mergedId} was merged into, is itself merged into #${survivor.merged_into}; unmerge #${survivorId} first.`,
      { field: 'person' },
    );
  }
  if (moved.contacts.length > 0) {
    await db
      .updateTable('contact_points')
      .set({ person_id: mergedId })
      .where('account_id', '=', accountId)
      .where('person_id', '=', survivorId)
      .where('id', 'in', moved.contacts)
      .execute();
  }
  if (moved.survivorTagsAdded.length > 0) {
    await db
      .deleteFrom('person_tags')
      .where('account_id', '=', accountId)
      .where('person_id', '=', survivorId)
      .where('tag', 'in', moved.survivorTagsAdded)
      .execute();
  }
  if (moved.mergedTags.length > 0) {
    await db
      .insertInto('person_tags')
      .values(moved.mergedTags.map((tag) => ({ account_id: accountId, person_id: mergedId, tag })))
      .onConflict((oc) => oc.columns(['person_id', 'tag']).doNothing())
      .execute();
  }
  for (let i = 0; i < moved.entriesMoved.length; i += 1000) {
    await db
      .updateTable('entry_people')
      .set({ person_id: mergedId })
      .where('account_id', '=', accountId)
      .where('person_id', '=', survivorId)
      .where('entry_id', 'in', moved.entriesMoved.slice(i, i + 1000))
      .execute();
  }
  if (moved.entriesDropped.length > 0) {
    const alive = await db
      .selectFrom('entries')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', moved.entriesDropped)
      .execute();
    if (alive.length > 0) {
      await db
        .insertInto('entry_people')
        .values(alive.map((e) => ({ account_id: accountId, entry_id: Number(e.id), person_id: mergedId })))
        .onConflict((oc) => oc.columns(['entry_id', 'person_id']).doNothing())
        .execute();
    }
  }
  if (moved.details) await returnDetails(db, accountId, survivorId, mergedId, moved.details);
  const set: Record<string, Value> = {};
  for (const f of moved.fields) {
    const current = survivor[f.column as keyof typeof survivor] as Value;
    // A value the owner changed after the merge stays.
    if (current === f.after || Number(current) === f.after) set[f.column] = f.before;
  }
  if (survivor.field_sources === moved.survivorFieldSources.after)
    set.field_sources = moved.survivorFieldSources.before;
  if (survivor.updated_at === row.created_at) set.updated_at = moved.survivorUpdatedAt;
  if (Object.keys(set).length > 0) {
    await db
      .updateTable('people')
      .set(set)
      .where('account_id', '=', accountId)
      .where('id', '=', survivorId)
      .execute();
  }
  if (moved.repointed.length > 0) {
    await db
      .updateTable('people')
      .set({ merged_into: mergedId })
      .where('account_id', '=', accountId)
      .where('id', 'in', moved.repointed)
      .execute();
  }
  await db
    .updateTable('people')
    .set({ merged_into: null, updated_at: moved.mergedUpdatedAt })
    .where('account_id', '=', accountId)
    .where('id', '=', mergedId)
    .execute();
  await db.updateTable('person_merges').set({ undone_at: at }).where('id', '=', Number(row.id)).execute();
  await rebuildPersonRollups(db, accountId, [survivorId, mergedId]);
  return { id: Number(row.id), survivorId, mergedId, createdAt: row.created_at, moved };
}

/** How a shared contact point reads as evidence: `same email ana@example.org`. */
function sharedContactText(kind: string, value: string): string {
  const label =
    { email: 'same email', phone: 'same phone', url: 'same profile URL', handle: 'same handle' }[kind] ??
    `same ${kind}`;
  return `${label} ${value}`;
}

export interface DuplicatePair {
  a: { id: number; name: string };
  b: { id: number; name: string };
  /** Why they may be one person: shared contact points first, then the same name. */
  evidence: string[];
  strong: boolean;
}

/**
 * Pairs of live people who may be the same person: sharing an email, phone, profile URL or
 * handle (strong), or the same folded name (weak; names shared by more than `maxNameGroup`
 * people are too common to suggest). Pairs the owner marked distinct are left out.
 */
export async function findDuplicates(
  db: Db,
  accountId: string,
  limit: number,
  maxNameGroup = 4,
): Promise<{ pairs: DuplicatePair[]; commonNames: number }> {
  const pairs = new Map<string, DuplicatePair>();
  const names = new Map<number, string>();
  const shared = await sql<{ a: number; b: number; kind: string; value: string }>`
    select c1.person_id as a, c2.person_id as b, c1.kind as kind, c1.value as value
    from contact_points c1
    join contact_points c2 on c2.account_id = c1.account_id and c2.key = c1.key and c2.kind = c1.kind and c2.person_id > c1.person_id
    join people p1 on p1.id = c1.person_id
    join people p2 on p2.id = c2.person_id
    where c1.account_id = ${accountId}
      and p1.merged_into is null and p1.deleted_at is null and p2.merged_into is null and p2.deleted_at is null
    limit ${limit * 10}`.execute(db);
  for (const r of shared.rows) {
    const key = `${r.a}-${r.b}`;
    const pair = pairs.get(key) ?? {
      a: { id: Number(r.a), name: '' },
      b: { id: Number(r.b), name: '' },
      evidence: [],
      strong: true,
    };
    pair.evidence.push(sharedContactText(r.kind, r.value));
    pairs.set(key, pair);
  }
  const groups = await db
    .selectFrom('people')
    .select(['name_key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('merged_into', 'is', null)
    .where('deleted_at', 'is', null)
    .where('name_key', '<>', '')
    .groupBy('name_key')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const usable = groups.filter((g) => Number(g.n) <= maxNameGroup).map((g) => g.name_key);
  const commonNames = groups.length - usable.length;
  for (let i = 0; i < usable.length && pairs.size < limit * 2; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'name_key'])
      .where('account_id', '=', accountId)
      .where('merged_into', 'is', null)
      .where('deleted_at', 'is', null)
      .where('name_key', 'in', usable.slice(i, i + 500))
      .orderBy('id')
      .execute();
    const byKey = new Map<string, number[]>();
    for (const r of rows) {
      names.set(Number(r.id), r.name);
      byKey.set(r.name_key, [...(byKey.get(r.name_key) ?? []), Number(r.id)]);
    }
    for (const ids of byKey.values()) {
      for (let x = 0; x < ids.length; x++) {
        for (let y = x + 1; y < ids.length; y++) {
          const key = `${ids[x]}-${ids[y]}`;
          const pair = pairs.get(key) ?? {
            a: { id: ids[x]!, name: '' },
            b: { id: ids[y]!, name: '' },
            evidence: [],
            strong: false,
          };
          pair.evidence.push('same name');
          pairs.set(key, pair);
        }
      }
    }
  }
  const distinct = await db
    .selectFrom('person_distinct')
    .select(['person_a', 'person_b'])
    .where('account_id', '=', accountId)
    .execute();
  for (const d of distinct) pairs.delete(`${d.person_a}-${d.person_b}`);
  const list = [...pairs.values()]
    .sort(
      (x, y) =>
        Number(y.strong) - Number(x.strong) || y.evidence.length - x.evidence.length || x.a.id - y.a.id,
    )
    .slice(0, limit);
  const missing = [...new Set(list.flatMap((p) => [p.a.id, p.b.id]))].filter((id) => !names.has(id));
  for (let i = 0; i < missing.length; i += 1000) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('account_id', '=', accountId)
      .where('id', 'in', missing.slice(i, i + 1000))
      .execute();
    for (const r of rows) names.set(Number(r.id), r.name);
  }
  for (const p of list) {
    p.a.name = names.get(p.a.id) ?? '';
    p.b.name = names.get(p.b.id) ?? '';
  }
  return { pairs: list, commonNames };
}

/** Records that two people are not the same, so duplicate suggestions stop pairing them. */
export async function markDistinct(
  db: Db,
  accountId: string,
  a: number,
  b: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('person_distinct')
    .values({ account_id: accountId, person_a: Math.min(a, b), person_b: Math.max(a, b), created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'person_a', 'person_b']).doNothing())
    .execute();
}

/** Two people side by side, as a merge is decided: what links them, and whether the owner said they differ. */
export interface PairEvidence extends DuplicatePair {
  /** The owner said before that these two are different people. */
  distinct: boolean;
}

/** Why two given people may be one: the contact points they share, and whether their names fold alike. */
export async function pairEvidence(db: Db, accountId: string, a: number, b: number): Promise<PairEvidence> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'name_key'])
    .where('account_id', '=', accountId)
    .where('id', 'in', [a, b])
    .execute();
  const rowA = rows.find((r) => Number(r.id) === a);
  const rowB = rows.find((r) => Number(r.id) === b);
  if (!rowA) throw new FathomError('not_found', `person: no person #${a}.`, { field: 'person' });
  if (!rowB) throw new FathomError('not_found', `other: no person #${b}.`, { field: 'other' });
  const shared = await db
    .selectFrom('contact_points as c1')
    .innerJoin('contact_points as c2', (j) =>
      j
        .onRef('c2.account_id', '=', 'c1.account_id')
        .onRef('c2.kind', '=', 'c1.kind')
        .onRef('c2.key', '=', 'c1.key'),
    )
    .select(['c1.kind', 'c1.key', 'c1.value'])
    .where('c1.account_id', '=', accountId)
    .where('c1.person_id', '=', a)
    .where('c2.person_id', '=', b)
    .orderBy('c1.id')
    .execute();
  const seen = new Set<string>();
  const evidence: string[] = [];
  for (const c of shared) {
    const k = `${c.kind}\u0000${c.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    evidence.push(sharedContactText(c.kind, c.value));
  }
  const strong = evidence.length > 0;
  if (rowA.name_key !== '' && rowA.name_key === rowB.name_key) evidence.push('same name');
  const distinct = await db
    .selectFrom('person_distinct')
    .select('person_a')
    .where('account_id', '=', accountId)
    .where('person_a', '=', Math.min(a, b))
    .where('person_b', '=', Math.max(a, b))
    .executeTakeFirst();
  return {
    a: { id: a, name: rowA.name },
    b: { id: b, name: rowB.name },
    evidence,
    strong,
    distinct: distinct !== undefined,
  };
}

/** One merge as a person's page lists it. */
export interface MergeSummary {
  merge: number;
  survivor: { id: number; name: string };
  merged: { id: number; name: string };
  createdAt: string;
  /** The import run whose preview chose this merge, when one did. */
  importRun: number | null;
}

/**
 * The merges a person takes part in and that still hold: the one that merged them into someone
 * (`into`), and those that merged others into them (`from`), newest first.
 */
export async function mergesOf(
  db: Db,
  accountId: string,
  personId: number,
): Promise<{ into: MergeSummary | null; from: MergeSummary[] }> {
  const rows = await db
    .selectFrom('person_merges')
    .select(['id', 'survivor_id', 'merged_id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('undone_at', 'is', null)
    .where((eb) => eb.or([eb('survivor_id', '=', personId), eb('merged_id', '=', personId)]))
    .orderBy('id', 'desc')
    .execute();
  const ids = [...new Set(rows.flatMap((r) => [Number(r.survivor_id), Number(r.merged_id)]))];
  const names = new Map<number, string>();
  const runs = new Map<number, number>();
  if (ids.length > 0) {
    const people = await db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('account_id', '=', accountId)
      .where('id', 'in', ids)
      .execute();
    for (const p of people) names.set(Number(p.id), p.name);
    const chosen = await db
      .selectFrom('import_changes')
      .select(['run_id', 'after'])
      .where('account_id', '=', accountId)
      .where('subject', '=', 'person')
      .where('action', '=', 'merged')
      .where('subject_id', 'in', ids)
      .execute();
    for (const c of chosen) runs.set((JSON.parse(c.after!) as RunMerge).merge, Number(c.run_id));
  }
  const summary = (r: (typeof rows)[number]): MergeSummary => ({
    merge: Number(r.id),
    survivor: { id: Number(r.survivor_id), name: names.get(Number(r.survivor_id)) ?? '' },
    merged: { id: Number(r.merged_id), name: names.get(Number(r.merged_id)) ?? '' },
    createdAt: r.created_at,
    importRun: runs.get(Number(r.id)) ?? null,
  });
  const into = rows.find((r) => Number(r.merged_id) === personId);
  return {
    into: into ? summary(into) : null,
    from: rows.filter((r) => Number(r.survivor_id) === personId).map(summary),
  };
}

/** What an import run records of a merge its preview chose (`import_changes.after` of a `merged` row). */
export interface RunMerge {
  merge: number;
  into: number;
}

/** An existing person who may be the one about to be added, and why. */
export interface PersonMatch {
  id: number;
  name: string;
  organization: string | null;
  title: string | null;
  archived: boolean;
  /** What they share with the new person: a contact point (its kind and value as the ledger has it) or the name. */
  reasons: { kind: ContactKind | 'name'; value: string }[];
}

/**
 * Live people who share a contact point or the folded name with a person about to be added:
 * those sharing a contact point first, at most `limit`, with `more` counting the rest.
 */
export async function findPersonMatches(
  db: Db,
  accountId: string,
  wanted: { nameKey: string; contacts: { kind: ContactKind; key: string }[] },
  limit = 5,
): Promise<{ matches: PersonMatch[]; more: number }> {
  const reasons = new Map<number, PersonMatch['reasons']>();
  const add = (id: number, reason: PersonMatch['reasons'][number]) => {
    const list = reasons.get(id) ?? [];
    if (!list.some((r) => r.kind === reason.kind && r.value === reason.value)) list.push(reason);
    reasons.set(id, list);
  };
  const keys = [...new Set(wanted.contacts.map((c) => c.key))];
  if (keys.length > 0) {
    const rows = await db
      .selectFrom('contact_points')
      .innerJoin('people', 'people.id', 'contact_points.person_id')
      .select([
        'contact_points.person_id',
        'contact_points.kind',
        'contact_points.key',
        'contact_points.value',
      ])
      .where('contact_points.account_id', '=', accountId)
      .where('contact_points.key', 'in', keys)
      .where('people.merged_into', 'is', null)
      .where('people.deleted_at', 'is', null)
      .orderBy('contact_points.id')
      .execute();
    for (const r of rows)
      if (wanted.contacts.some((c) => c.kind === r.kind && c.key === r.key))
        add(Number(r.person_id), { kind: r.kind as ContactKind, value: r.value });
  }
  const byContact = [...reasons.keys()];
  if (wanted.nameKey !== '') {
    const named = await db
      .selectFrom('people')
      .select('id')
      .where('account_id', '=', accountId)
      .where('name_key', '=', wanted.nameKey)
      .where('merged_into', 'is', null)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(limit + 50)
      .execute();
    for (const r of named) add(Number(r.id), { kind: 'name', value: '' });
  }
  const order = [...byContact, ...[...reasons.keys()].filter((id) => !byContact.includes(id))];
  const shown = order.slice(0, limit);
  const people =
    shown.length === 0
      ? []
      : await db
          .selectFrom('people')
          .select(['id', 'name', 'organization', 'title', 'archived_at'])
          .where('account_id', '=', accountId)
          .where('id', 'in', shown)
          .execute();
  const byId = new Map(people.map((p) => [Number(p.id), p]));
  const matches = shown.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    const list = reasons.get(id)!.map((r) => (r.kind === 'name' ? { kind: r.kind, value: p.name } : r));
    return [
      {
        id,
        name: p.name,
        organization: p.organization,
        title: p.title,
        archived: p.archived_at !== null,
        reasons: list,
      },
    ];
  });
  return { matches, more: order.length - shown.length };
}

/** The name of each of these people, and whether they are merged into someone or deleted. */
export async function peopleStatus(
  db: Db,
  accountId: string,
  ids: number[],
): Promise<Map<number, { name: string; mergedInto: number | null; deleted: boolean }>> {
  const out = new Map<number, { name: string; mergedInto: number | null; deleted: boolean }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'merged_into', 'deleted_at'])
      .where('account_id', '=', accountId)
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows)
      out.set(Number(r.id), {
        name: r.name,
        mergedInto: r.merged_into === null ? null : Number(r.merged_into),
        deleted: r.deleted_at !== null,
      });
  }
  return out;
}

/** What tells people apart in a list of candidates: organization, title and first email. */
export async function personSummaries(
  db: Db,
  accountId: string,
  ids: number[],
): Promise<
  Map<number, { name: string; organization: string | null; title: string | null; email: string | null }>
> {
  const out = new Map<
    number,
    { name: string; organization: string | null; title: string | null; email: string | null }
  >();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'organization', 'title'])
      .where('account_id', '=', accountId)
      .where('id', 'in', chunk)
      .execute();
    const emails = await db
      .selectFrom('contact_points')
      .select(['person_id', 'value'])
      .where('account_id', '=', accountId)
      .where('kind', '=', 'email')
      .where('person_id', 'in', chunk)
      .orderBy('id')
      .execute();
    const first = new Map<number, string>();
    for (const e of emails) if (!first.has(Number(e.person_id))) first.set(Number(e.person_id), e.value);
    for (const r of rows)
      out.set(Number(r.id), {
        name: r.name,
        organization: r.organization,
        title: r.title,
        email: first.get(Number(r.id)) ?? null,
      });
  }
  return out;
}
