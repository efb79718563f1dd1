import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { Period } from '../domain/period.ts';
import { monthOf, monthPeriod, splitByMonths } from '../domain/period.ts';
import { addDays } from '../domain/zoned-time.ts';
import type { Circle, Standing, Verdict } from '../domain/vocabulary.ts';
import type { Database, Db, RollupDayFacetRow } from './database.ts';

/** The period's time by facet; `''` mode or verdict is unjudged, goal 0 and channel `''` are none. */
export interface FacetRow {
  mode: string;
  verdict: string;
  goalId: number;
  channel: string;
  entries: number;
  minutes: number;
}

/**
 * The facets of a day range, summed over its days, without those that netted out to nothing: whole
 * months from the monthly facets, the days at the edges from the daily ones.
 */
export async function facetTotals(db: Db, accountId: string, from: string, to: string): Promise<FacetRow[]> {
  if (from > to) return [];
  const { months, edges } = splitByMonths(from, to);
  const parts = [];
  if (months)
    parts.push(sql`select mode, verdict, goal_id, channel, entries, minutes from rollup_month_facets
      where account_id = ${accountId} and month >= ${months.first} and month <= ${months.last}`);
  for (const edge of edges)
    parts.push(sql`select mode, verdict, goal_id, channel, entries, minutes from rollup_day_facets
      where account_id = ${accountId} and day >= ${edge.from} and day <= ${edge.to}`);
  const rows = await sql<
    Omit<RollupDayFacetRow, 'account_id' | 'day'>
  >`select f.mode, f.verdict, f.goal_id, f.channel, sum(f.entries) as entries, sum(f.minutes) as minutes
    from (${sql.join(parts, sql` union all `)}) f
    group by f.mode, f.verdict, f.goal_id, f.channel
    having sum(f.entries) <> 0`.execute(db);
  return rows.rows.map((r) => ({
    mode: r.mode,
    verdict: r.verdict,
    goalId: Number(r.goal_id),
    channel: r.channel,
    entries: Number(r.entries),
    minutes: Number(r.minutes),
  }));
}

/** One day's time: all of it, and the networking and socializing parts. */
export interface DayRow {
  day: string;
  entries: number;
  minutes: number;
  networkingMinutes: number;
  socializingMinutes: number;
}

/** Each day of a range that holds time, from the per-day rollup. */
export async function dayTotals(db: Db, accountId: string, from: string, to: string): Promise<DayRow[]> {
  const modeMinutes = (mode: string) => sql<number>`sum(case when mode = ${mode} then minutes else 0 end)`;
  const rows = await db
    .selectFrom('rollup_days')
    .select((eb) => [
      'day',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('minutes').as('minutes'),
      modeMinutes('networking').as('net'),
      modeMinutes('socializing').as('soc'),
    ])
    .where('account_id', '=', accountId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('day')
    .having((eb) => eb.fn.sum('entries'), '<>', 0)
    .execute();
  return rows.map((r) => ({
    day: r.day,
    entries: Number(r.entries),
    minutes: Number(r.minutes),
    networkingMinutes: Number(r.net),
    socializingMinutes: Number(r.soc),
  }));
}

/** Networking minutes per month (YYYY-MM) in a day range, from the per-day rollup. */
export async function networkingByMonth(
  db: Db,
  accountId: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const month = sql<string>`substr(day, 1, 7)`;
  const rows = await db
    .selectFrom('rollup_days')
    .select([month.as('month'), (eb) => eb.fn.sum<number>('minutes').as('minutes')])
    .where('account_id', '=', accountId)
    .where('mode', '=', 'networking')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(month)
    .execute();
  return new Map(rows.map((r) => [r.month, Number(r.minutes)]));
}

/** The days the per-person rows of a period read (see readSpan): asked once, it serves each query of the period. */
export type ReadSpan = { from: string; to: string };

/**
 * The span the per-person rows read for a period: an edge month counts whole when its days outside
 * the period hold no live entry (the per-day rollup says so at once), so the monthly rollup answers
 * it rather than the entries. A trailing window that ends today, with nothing logged ahead, reads
 * only the rollup.
 */
export async function readSpan(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
): Promise<ReadSpan> {
  const monthStart = monthPeriod(monthOf(period.from)).from;
  const monthEnd = monthPeriod(monthOf(period.to)).to;
  const holdsEntries = async (from: string, to: string) =>
    from <= to &&
    (await db
      .selectFrom('rollup_days')
      .select('day')
      .where('account_id', '=', accountId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('entries', '>', 0)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  const [before, after] = await Promise.all([
    holdsEntries(monthStart, addDays(period.from, -1)),
    holdsEntries(addDays(period.to, 1), monthEnd),
  ]);
  return { from: before ? period.from : monthStart, to: after ? period.to : monthEnd };
}

/**
 * Per-person rows for a period: the monthly rollup for whole months, live entries for the partial
 * months at the edges (an entry belongs to the local day it starts on). Columns: person_id, mode,
 * verdict, entries, minutes; several rows per person.
 */
export async function personPeriodRows(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
  only?: number[],
  known?: ReadSpan,
) {
  const span = known ?? (await readSpan(db, accountId, period));
  const { months, edges } = splitByMonths(span.from, span.to);
  let fromRollup = db
    .selectFrom('rollup_person_months')
    .select(['person_id', 'mode', 'verdict', 'entries', 'minutes'])
    .where('account_id', '=', accountId)
    .where('month', '>=', months ? months.first : '9999-99')
    .where('month', '<=', months ? months.last : '0000-00');
  if (only) fromRollup = fromRollup.where('person_id', 'in', only);
  let q = fromRollup;
  for (const edge of edges) {
    const fromEntries = db
      .selectFrom('entries')
      .innerJoin('entry_people', 'entry_people.entry_id', 'entries.id')
      .select((eb) => [
        'entry_people.person_id',
        eb.fn.coalesce('entries.mode', sql.lit('')).as('mode'),
        eb.fn.coalesce('entries.verdict', sql.lit('')).as('verdict'),
        sql.lit(1).as('entries'),
        'entries.minutes',
      ])
      .where('entries.account_id', '=', accountId)
      .where('entries.deleted_at', 'is', null)
      .where('entries.local_date', '>=', edge.from)
      .where('entries.local_date', '<=', edge.to)
      .$if(only !== undefined, (w) => w.where('entry_people.person_id', 'in', only ?? []));
    q = q.unionAll(fromEntries as unknown as typeof fromRollup);
  }
  return q;
}

/** A person's time in a period, split the ways the insights need it. */
export interface PersonTime {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  entries: number;
  minutes: number;
  networkingMinutes: number;
  socializingMinutes: number;
  forwardMinutes: number;
  backMinutes: number;
  unjudgedMinutes: number;
}

/**
 * People with time in the period, most time first. `minMinutes` keeps only those with at least
 * that much; merged and deleted people never appear.
 */
export async function peopleTime(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
  options: { limit?: number; minMinutes?: number; ids?: number[] } = {},
): Promise<PersonTime[]> {
  const total = sql<number>`sum(t.minutes)`;
  const when = (column: 't.mode' | 't.verdict', value: string) =>
    sql<number>`sum(case when ${sql.ref(column)} = ${value} then t.minutes else 0 end)`;
  if (options.ids && options.ids.length === 0) return [];
  // Summed per person first, then joined: only the people who qualify are looked up.
  let perPerson = db
    .selectFrom((await personPeriodRows(db, accountId, period, options.ids)).as('t'))
    .select([
      't.person_id',
      sql<number>`sum(t.entries)`.as('entries'),
      total.as('minutes'),
      when('t.mode', 'networking').as('net'),
      when('t.mode', 'socializing').as('soc'),
      when('t.verdict', 'forward').as('fwd'),
      when('t.verdict', 'back').as('back'),
      sql<number>`sum(case when t.mode = '' or t.verdict = '' then t.minutes else 0 end)`.as('unjudged'),
    ])
    .groupBy('t.person_id')
    .having(total, '>', 0);
  if (options.minMinutes !== undefined) perPerson = perPerson.having(total, '>=', options.minMinutes);
  let ordered = db
    .selectFrom(perPerson.as('pp'))
    .innerJoin('people', 'people.id', 'pp.person_id')
    .select([
      'people.id',
      'people.name',
      'people.circle',
      'people.verdict',
      'pp.entries',
      'pp.minutes',
      'pp.net',
      'pp.soc',
      'pp.fwd',
      'pp.back',
      'pp.unjudged',
    ])
    .where('people.merged_into', 'is', null)
    .where('people.deleted_at', 'is', null)
    .orderBy('pp.minutes', 'desc')
    .orderBy('people.id');
  if (options.limit !== undefined) ordered = ordered.limit(options.limit);
  const rows = await ordered.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    circle: r.circle as Circle,
    verdict: r.verdict as Verdict | null,
    entries: Number(r.entries),
    minutes: Number(r.minutes),
    networkingMinutes: Number(r.net),
    socializingMinutes: Number(r.soc),
    forwardMinutes: Number(r.fwd),
    backMinutes: Number(r.back),
    unjudgedMinutes: Number(r.unjudged),
  }));
}

/** Minutes per person in a period (merged and deleted people included: callers look people up by id). */
export async function periodMinutesByPerson(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom((await personPeriodRows(db, accountId, period)).as('t'))
    .select(['t.person_id', sql<number>`sum(t.minutes)`.as('minutes')])
    .groupBy('t.person_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.person_id), Number(r.minutes)]));
}

/** Person-minutes in a period by the people's current circle, verdict and standing. */
export interface MixRow {
  circle: Circle;
  verdict: Verdict | null;
  mastery: Standing | null;
  contribution: Standing | null;
  accomplishment: Standing | null;
  greatness: Standing | null;
  people: number;
  minutes: number;
}

/** Counts of the live, unarchived people the owner has not sorted yet, and the inner circle. */
export interface PeopleCounts {
  live: number;
  inner: { id: number; name: string }[];
  unsortedCircle: number;
  noVerdict: number;
  unsortedOrNoVerdict: number;
}

export async function peopleCounts(db: Db, accountId: string): Promise<PeopleCounts> {
  const live = db
    .selectFrom('people')
    .where('account_id', '=', accountId)
    .where('merged_into', 'is', null)
    .where('deleted_at', 'is', null)
    .where('archived_at', 'is', null);
  const [counts, inner] = await Promise.all([
    live
      .select([
        sql<number>`count(*)`.as('live'),
        sql<number>`sum(case when circle = 'unsorted' then 1 else 0 end)`.as('unsorted'),
        sql<number>`sum(case when verdict is null then 1 else 0 end)`.as('no_verdict'),
        sql<number>`sum(case when circle = 'unsorted' or verdict is null then 1 else 0 end)`.as('either'),
      ])
      .executeTakeFirst(),
    // Sorted here: ordering in SQL makes SQLite walk every person by name to skip a sort of five rows.
    live
      .select(['id', 'name', 'name_key'])
      .where('circle', '=', 'inner')
      .execute()
      .then((rows) =>
        rows.sort((a, b) =>
          a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : Number(a.id) - Number(b.id),
        ),
      ),
  ]);
  return {
    live: Number(counts?.live ?? 0),
    inner: inner.map((r) => ({ id: Number(r.id), name: r.name })),
    unsortedCircle: Number(counts?.unsorted ?? 0),
    noVerdict: Number(counts?.no_verdict ?? 0),
    unsortedOrNoVerdict: Number(counts?.either ?? 0),
  };
}

/** What the insights need to know about a person beyond their time. */
export interface PersonProfile {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  aspire: boolean;
  cadenceDays: number | null;
  mastery: Standing | null;
  contribution: Standing | null;
  accomplishment: Standing | null;
  greatness: Standing | null;
  createdAt: string;
  purpose: string | null;
  notes: string | null;
  organization: string | null;
  title: string | null;
  /** All-time figures over live entries, from the per-person rollup. */
  totalMinutes: number;
  lastDay: string | null;
}

// Rows travel as one aggregated string: fields joined by the unit separator, rows by the record
// separator (both dialects have string_agg; SQLite since 3.44). On 50,000 people this turns a read
// that builds 50,000 row objects into one string and a split. Should typed text ever hold one of
// the two characters, the fields would not line up: the read notices and runs again with them
// replaced by spaces (slower, so only then).
const unit = '\u001f';
const record = '\u001e';
const clean = (expr: string) => `replace(replace(${expr}, '${unit}', ' '), '${record}', ' ')`;

/** A column of a packed row: an SQL expression, and whether it holds free text. */
type PackedColumn = readonly [expr: string, text: boolean];
type PackedQuery = SelectQueryBuilder<Database, 'people', { id: number; packed: string }>;

/** Live, unarchived people narrowed by `narrow`, as id and fields, read as one aggregated string. */
async function readPacked(
  db: Db,
  accountId: string,
  columns: readonly PackedColumn[],
  narrow: (q: PackedQuery) => PackedQuery,
): Promise<{ id: number; fields: string[] }[]> {
  let out: { id: number; fields: string[] }[] = [];
  for (const scrub of [false, true]) {
    const packed = sql.raw(
      columns.map(([expr, text]) => (scrub && text ? clean(expr) : expr)).join(` || '${unit}' || `),
    );
    const q = narrow(
      db
        .selectFrom('people')
        .select(['id', sql<string>`${packed}`.as('packed')])
        .where('account_id', '=', accountId)
        .where('merged_into', 'is', null)
        .where('deleted_at', 'is', null)
        .where('archived_at', 'is', null),
    );
    const row = await db
      .selectFrom(q.as('t'))
      .select([
        sql<
          string | null
        >`string_agg(cast(t.id as text) || '${sql.raw(unit)}' || t.packed, '${sql.raw(record)}')`.as('rows'),
        sql<number>`count(*)`.as('n'),
      ])
      .executeTakeFirst();
    if (!row?.rows) return [];
    out = [];
    let aligned = true;
    for (const r of row.rows.split(record)) {
      const fields = r.split(unit);
      if (fields.length !== columns.length + 1) {
        aligned = false;
        break;
      }
      out.push({ id: Number(fields[0]), fields: fields.slice(1) });
    }
    if (aligned && out.length === Number(row.n)) return out;
  }
  return out;
}

const profileColumns: readonly PackedColumn[] = [
  ['name', true],
  ['circle', false],
  ["coalesce(verdict, '')", false],
  ['cast(aspire as text)', false],
  ["coalesce(cast(cadence_days as text), '')", false],
  ["coalesce(standing_mastery, '')", false],
  ["coalesce(standing_contribution, '')", false],
  ["coalesce(standing_accomplishment, '')", false],
  ["coalesce(standing_greatness, '')", false],
  ['created_at', false],
  ["coalesce(purpose, '')", true],
  ["coalesce(notes, '')", true],
  ["coalesce(organization, '')", true],
  ["coalesce(title, '')", true],
];

/**
 * Live, unarchived people with their standing, cadence, texts and last day in touch. `where`
 * narrows them so large networks read only the rows that matter: people with a cadence, or the
 * pool the invest list draws from (not judged back, and sorted into a circle or marked as ahead
 * or aspired to). Rows travel packed into one string each: on 50,000 people, building one small
 * row object instead of fifteen is most of the cost of the read.
 */
export async function peopleProfiles(
  db: Db,
  accountId: string,
  where: 'all' | 'with_cadence' | 'invest_pool' | { ids: number[] } = 'all',
): Promise<PersonProfile[]> {
  if (typeof where === 'object' && where.ids.length > 1000) {
    const out: PersonProfile[] = [];
    for (let i = 0; i < where.ids.length; i += 1000) {
      out.push(...(await peopleProfiles(db, accountId, { ids: where.ids.slice(i, i + 1000) })));
    }
    return out;
  }
  // Totals and last days come aggregated into one string too: 'id minutes last_day' per person.
  let totals = db
    .selectFrom('rollup_people')
    .select(
      sql<
        string | null
      >`string_agg(cast(person_id as text) || ' ' || cast(minutes as text) || ' ' || coalesce(last_day, ''), ',')`.as(
        'rows',
      ),
    )
    .where('account_id', '=', accountId)
    .where('entries', '>', 0);
  let narrow = (q: PackedQuery) => q;
  if (typeof where === 'object') {
    const ids = where.ids.length > 0 ? where.ids : [-1];
    narrow = (q) => q.where('id', 'in', ids);
    totals = totals.where('person_id', 'in', ids);
  } else if (where === 'with_cadence') {
    // A cadence of its own, or a circle whose default has one (see defaultCadenceDays).
    narrow = (q) =>
      q.where((eb) =>
        eb.or([
          eb('cadence_days', '>', 0),
          eb.and([eb('cadence_days', 'is', null), eb('circle', 'in', ['inner', 'network', 'acquaintance'])]),
        ]),
      );
  } else if (where === 'invest_pool') {
    narrow = (q) =>
      q
        .where((eb) =>
          eb.or([
            eb('circle', '<>', 'unsorted'),
            eb('aspire', '=', 1),
            eb('standing_mastery', '=', 'ahead'),
            eb('standing_contribution', '=', 'ahead'),
            eb('standing_accomplishment', '=', 'ahead'),
            eb('standing_greatness', '=', 'ahead'),
          ]),
        )
        .where((eb) => eb.or([eb('verdict', 'is', null), eb('verdict', '<>', 'back')]));
  }
  const [rows, totalRows] = await Promise.all([
    readPacked(db, accountId, profileColumns, narrow),
    totals.execute(),
  ]);
  const totalOf = new Map<number, { minutes: number; last_day: string | null }>();
  // Read in place by position: splitting 50,000 'id minutes day' rows into pieces costs twice as much.
  const packedTotals = totalRows[0]?.rows ?? '';
  for (let at = 0; at < packedTotals.length;) {
    let end = packedTotals.indexOf(',', at);
    if (end < 0) end = packedTotals.length;
    const a = packedTotals.indexOf(' ', at);
    const b = packedTotals.indexOf(' ', a + 1);
    totalOf.set(Number(packedTotals.slice(at, a)), {
      minutes: Number(packedTotals.slice(a + 1, b)),
      last_day: b + 1 < end ? packedTotals.slice(b + 1, end) : null,
    });
    at = end + 1;
  }
  const text = (v: string | undefined) => (v ? v : null);
  const standing = (v: string | undefined) => (v ? (v as Standing) : null);
  return rows.map(({ id, fields }) => {
    const [
      name = '',
      circle = 'unsorted',
      verdict,
      aspire,
      cadence,
      m,
      c,
      a,
      g,
      createdAt = '',
      purpose,
      notes,
      org,
      title,
    ] = fields;
    const t = totalOf.get(id);
    return {
      id,
      name,
      circle: circle as Circle,
      verdict: (verdict || null) as Verdict | null,
      aspire: aspire === '1',
      cadenceDays: cadence ? Number(cadence) : null,
      mastery: standing(m),
      contribution: standing(c),
      accomplishment: standing(a),
      greatness: standing(g),
      createdAt,
      purpose: text(purpose),
      notes: text(notes),
      organization: text(org),
      title: text(title),
      totalMinutes: Number(t?.minutes ?? 0),
      lastDay: t?.last_day ?? null,
    };
  });
}

/** Tags of every person of the account, by person id (one aggregated string, see readPacked). */
export async function tagsByPerson(db: Db, accountId: string): Promise<Map<number, string[]>> {
  for (const scrub of [false, true]) {
    const tag = sql.raw(scrub ? clean('tag') : 'tag');
    const row = await db
      .selectFrom('person_tags')
      .select([
        sql<
          string | null
        >`string_agg(cast(person_id as text) || '${sql.raw(unit)}' || ${tag}, '${sql.raw(record)}')`.as(
          'rows',
        ),
        sql<number>`count(*)`.as('n'),
      ])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const out = new Map<number, string[]>();
    if (!row?.rows) return out;
    const records = row.rows.split(record);
    if (
      !scrub &&
      (records.length !== Number(row.n) || records.some((r) => r.indexOf(unit) !== r.lastIndexOf(unit)))
    )
      continue;
    for (const r of records) {
      const cut = r.indexOf(unit);
      const id = Number(r.slice(0, cut));
      const list = out.get(id);
      if (list) list.push(r.slice(cut + 1));
      else out.set(id, [r.slice(cut + 1)]);
    }
    return out;
  }
  return new Map();
}

/** The words a person carries, for text relevance: purpose, tags, notes, organization, title. */
export interface PersonText {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  purpose: string | null;
  notes: string | null;
  organization: string | null;
  title: string | null;
  tags: string[];
  /** All-time minutes with them over live entries (0 unless asked for with `withMinutes`). */
  totalMinutes: number;
}

const textColumns: readonly PackedColumn[] = [
  ['name', true],
  ['circle', false],
  ["coalesce(verdict, '')", false],
  ["coalesce(purpose, '')", true],
  ["coalesce(notes, '')", true],
  ["coalesce(organization, '')", true],
  ["coalesce(title, '')", true],
];

/**
 * The texts of every live, unarchived person: with `sortedOnly` only those with a circle, with
 * `purposeOnly` only those with a purpose of their own. The columns travel as one packed string
 * per person: on 50,000 people, building one small row object instead of eight is most of the read.
 */
export async function peopleTexts(
  db: Db,
  accountId: string,
  options: { sortedOnly?: boolean; purposeOnly?: boolean; withMinutes?: boolean } = {},
): Promise<PersonText[]> {
  const narrow = (q: PackedQuery) => {
    let out = q;
    if (options.sortedOnly) out = out.where('circle', '<>', 'unsorted');
    if (options.purposeOnly) out = out.where('purpose', 'is not', null).where('purpose', '<>', '');
    return out;
  };
  const [rows, tags, minutes] = await Promise.all([
    readPacked(db, accountId, textColumns, narrow),
    tagsByPerson(db, accountId),
    options.withMinutes
      ? db
          .selectFrom('rollup_people')
          .select(['person_id', 'minutes'])
          .where('account_id', '=', accountId)
          .execute()
      : Promise.resolve([]),
  ]);
  const minutesOf = new Map(minutes.map((m) => [Number(m.person_id), Number(m.minutes)]));
  const text = (v: string | undefined) => (v ? v : null);
  return rows.map(({ id, fields }) => {
    const [name = '', circle = 'unsorted', verdict, purpose, notes, organization, title] = fields;
    return {
      id,
      name,
      circle: circle as Circle,
      verdict: (verdict || null) as Verdict | null,
      purpose: text(purpose),
      notes: text(notes),
      organization: text(organization),
      title: text(title),
      tags: tags.get(id) ?? [],
      totalMinutes: minutesOf.get(id) ?? 0,
    };
  });
}

/** Pairs among `ids` that appear together in at least one live entry, as `low:high` keys. */
export async function pairsThatMet(db: Db, accountId: string, ids: number[]): Promise<Set<string>> {
  const met = new Set<string>();
  if (ids.length < 2) return met;
  const wanted = new Set(ids);
  const byEntry = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('entry_people')
      .innerJoin('entries', 'entries.id', 'entry_people.entry_id')
      .select(['entry_people.entry_id', 'entry_people.person_id'])
      .where('entry_people.account_id', '=', accountId)
      .where('entry_people.person_id', 'in', ids.slice(i, i + 1000))
      .where('entries.deleted_at', 'is', null)
      .execute();
    for (const r of rows) {
      const entry = Number(r.entry_id);
      const person = Number(r.person_id);
      if (!wanted.has(person)) continue;
      const list = byEntry.get(entry);
      if (list) list.push(person);
      else byEntry.set(entry, [person]);
    }
  }
  for (const people of byEntry.values()) {
    if (people.length < 2) continue;
    for (let a = 0; a < people.length; a++) {
      for (let b = a + 1; b < people.length; b++) met.add(pairKey(people[a]!, people[b]!));
    }
  }
  return met;
}

/** The key of an unordered pair of person ids. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** First and last day with live entries, or null for an empty ledger. */
export async function ledgerSpan(db: Db, accountId: string): Promise<{ first: string; last: string } | null> {
  const row = await db
    .selectFrom('rollup_days')
    .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
    .where('account_id', '=', accountId)
    .where('entries', '>', 0)
    .executeTakeFirst();
  const first = (row?.first as string | null) ?? null;
  const last = (row?.last as string | null) ?? null;
  return first && last ? { first, last } : null;
}

/** The period's people as the dashboard shows them: the mix, the top people and the unsorted ones. */
export interface PeriodPeopleSummary {
  mix: MixRow[];
  top: PersonTime[];
  /** Unsorted or unjudged people with time in the period, most time first. */
  unsorted: PersonTime[];
}

/**
 * The mix, the top people and the top unsorted people of a period, in one statement: each live
 * person's time is summed once, and only the grouped and chosen rows leave the database rather
 * than a row per person (20,000 of them over a busy year).
 */
export async function periodPeopleSummary(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
  limits: { top: number; unsorted: number },
): Promise<PeriodPeopleSummary> {
  const span = await readSpan(db, accountId, period);
  const rows = await personPeriodRows(db, accountId, period, undefined, span);
  const chosen = (kind: string, where: ReturnType<typeof sql>, limit: number) => sql`
    select ${sql.lit(kind)} as kind, c.person_id, people.name, c.circle, c.verdict,
      c.mastery, c.contribution, c.accomplishment, c.greatness, 1 as people, c.minutes, c.entries
    from (
      select pj.person_id, pj.circle, pj.verdict, pj.mastery, pj.contribution, pj.accomplishment,
        pj.greatness, pj.minutes, pj.entries
      from pj where ${where} order by pj.minutes desc, pj.person_id limit ${limit}
    ) c join people on people.id = c.person_id`;
  // Each person's total only: the networking, forward and back parts are read for the chosen few.
  // The per-person sums feed one join and are left to the planner; the joined rows serve three
  // parts of the statement and are kept.
  const result = await sql<{
    kind: 'mix' | 'top' | 'unsorted';
    person_id: number | null;
    name: string | null;
    circle: string;
    verdict: string | null;
    mastery: string | null;
    contribution: string | null;
    accomplishment: string | null;
    greatness: string | null;
    people: number;
    minutes: number;
    entries: number | null;
  }>`
    with pp as not materialized (
      select t.person_id, sum(t.entries) as entries, sum(t.minutes) as minutes
      from (${rows}) t
      group by t.person_id
      having sum(t.minutes) > 0
    ),
    pj as materialized (
      select pp.person_id, pp.entries, pp.minutes, people.circle, people.verdict,
        people.standing_mastery as mastery, people.standing_contribution as contribution,
        people.standing_accomplishment as accomplishment, people.standing_greatness as greatness
      from pp join people on people.id = pp.person_id
      where people.merged_into is null and people.deleted_at is null
    )
    select 'mix' as kind, cast(null as integer) as person_id, cast(null as text) as name,
      pj.circle, pj.verdict, pj.mastery, pj.contribution, pj.accomplishment, pj.greatness,
      count(*) as people, sum(pj.minutes) as minutes, cast(null as integer) as entries
    from pj
    group by pj.circle, pj.verdict, pj.mastery, pj.contribution, pj.accomplishment, pj.greatness
    union all ${chosen('top', sql`1 = 1`, limits.top)}
    union all ${chosen('unsorted', sql`(pj.circle = 'unsorted' or pj.verdict is null)`, limits.unsorted)}
  `.execute(db);
  const chosenIds = [...new Set(result.rows.filter((r) => r.kind !== 'mix').map((r) => Number(r.person_id)))];
  const splits = await timeSplitsOf(db, accountId, period, chosenIds, span);
  const summary: PeriodPeopleSummary = { mix: [], top: [], unsorted: [] };
  for (const r of result.rows) {
    if (r.kind === 'mix') {
      summary.mix.push({
        circle: r.circle as Circle,
        verdict: r.verdict as Verdict | null,
        mastery: r.mastery as Standing | null,
        contribution: r.contribution as Standing | null,
        accomplishment: r.accomplishment as Standing | null,
        greatness: r.greatness as Standing | null,
        people: Number(r.people),
        minutes: Number(r.minutes),
      });
      continue;
    }
    const id = Number(r.person_id);
    summary[r.kind].push({
      id,
      name: r.name ?? '',
      circle: r.circle as Circle,
      verdict: r.verdict as Verdict | null,
      entries: Number(r.entries),
      minutes: Number(r.minutes),
      ...(splits.get(id) ?? noSplit),
    });
  }
  // A union keeps no order: the chosen people are put back in theirs.
  const byTime = (a: PersonTime, b: PersonTime) => b.minutes - a.minutes || a.id - b.id;
  summary.top.sort(byTime);
  summary.unsorted.sort(byTime);
  return summary;
}

/** How a person's time in a period splits by mode and verdict. */
export interface TimeSplitOf {
  networkingMinutes: number;
  socializingMinutes: number;
  forwardMinutes: number;
  backMinutes: number;
  unjudgedMinutes: number;
}

const noSplit: TimeSplitOf = {
  networkingMinutes: 0,
  socializingMinutes: 0,
  forwardMinutes: 0,
  backMinutes: 0,
  unjudgedMinutes: 0,
};

/** The mode and verdict split of a few people's time in a period. */
export async function timeSplitsOf(
  db: Db,
  accountId: string,
  period: Pick<Period, 'from' | 'to'>,
  ids: readonly number[],
  span?: ReadSpan,
): Promise<Map<number, TimeSplitOf>> {
  const out = new Map<number, TimeSplitOf>();
  if (ids.length === 0) return out;
  const when = (column: 't.mode' | 't.verdict', value: string) =>
    sql<number>`sum(case when ${sql.ref(column)} = ${value} then t.minutes else 0 end)`;
  const rows = await db
    .selectFrom((await personPeriodRows(db, accountId, period, [...ids], span)).as('t'))
    .select([
      't.person_id',
      when('t.mode', 'networking').as('net'),
      when('t.mode', 'socializing').as('soc'),
      when('t.verdict', 'forward').as('fwd'),
      when('t.verdict', 'back').as('back'),
      sql<number>`sum(case when t.mode = '' or t.verdict = '' then t.minutes else 0 end)`.as('unjudged'),
    ])
    .groupBy('t.person_id')
    .execute();
  for (const r of rows)
    out.set(Number(r.person_id), {
      networkingMinutes: Number(r.net),
      socializingMinutes: Number(r.soc),
      forwardMinutes: Number(r.fwd),
      backMinutes: Number(r.back),
      unjudgedMinutes: Number(r.unjudged),
    });
  return out;
}
