import { sql } from 'kysely';
import type { Db } from './database.ts';

/** What one live entry adds to the rollups. */
export interface Contribution {
  localDate: string;
  mode: string | null;
  verdict: string | null;
  minutes: number;
  /** The goal and channel feed the per-day facets; required so no caller can forget them. */
  goalId: number | null;
  channel: string | null;
  personIds: number[];
}

/**
 * Adds (sign 1) or removes (sign -1) one entry's share of the rollups. The write path calls this in
 * the same transaction as the entry change, so the rollups always equal a sum over live entries.
 * Taking away an entry looks the people's last day up again from the entries as they are now.
 */
export async function applyContribution(
  db: Db,
  accountId: string,
  c: Contribution,
  sign: 1 | -1,
): Promise<void> {
  const delta = new RollupDelta();
  delta.add(c, sign);
  await delta.apply(db, accountId);
}

/** Recomputes every rollup of an account from its live entries (after bulk loads and merges). */
export async function rebuildRollups(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('rollup_days').where('account_id', '=', accountId).execute();
  await db.deleteFrom('rollup_day_facets').where('account_id', '=', accountId).execute();
  await db.deleteFrom('rollup_person_months').where('account_id', '=', accountId).execute();
  await db.deleteFrom('rollup_people').where('account_id', '=', accountId).execute();
  await sql`insert into rollup_days (account_id, day, mode, verdict, entries, minutes)
    select account_id, local_date, coalesce(mode, ''), coalesce(verdict, ''), count(*), sum(minutes)
    from entries
    where account_id = ${accountId} and deleted_at is null
    group by account_id, local_date, coalesce(mode, ''), coalesce(verdict, '')`.execute(db);
  await sql`insert into rollup_day_facets (account_id, day, mode, verdict, goal_id, channel, entries, minutes)
    select account_id, local_date, coalesce(mode, ''), coalesce(verdict, ''), coalesce(goal_id, 0), coalesce(channel, ''),
      count(*), sum(minutes)
    from entries
    where account_id = ${accountId} and deleted_at is null
    group by account_id, local_date, coalesce(mode, ''), coalesce(verdict, ''), coalesce(goal_id, 0), coalesce(channel, '')`.execute(
    db,
  );
  await db.deleteFrom('rollup_month_facets').where('account_id', '=', accountId).execute();
  await sql`insert into rollup_month_facets (account_id, month, mode, verdict, goal_id, channel, entries, minutes)
    select account_id, substr(day, 1, 7), mode, verdict, goal_id, channel, sum(entries), sum(minutes)
    from rollup_day_facets
    where account_id = ${accountId}
    group by account_id, substr(day, 1, 7), mode, verdict, goal_id, channel`.execute(db);
  await sql`insert into rollup_person_months (account_id, person_id, month, mode, verdict, entries, minutes)
    select e.account_id, ep.person_id, substr(e.local_date, 1, 7), coalesce(e.mode, ''), coalesce(e.verdict, ''),
      count(*), sum(e.minutes)
    from entries e join entry_people ep on ep.entry_id = e.id
    where e.account_id = ${accountId} and e.deleted_at is null
    group by e.account_id, ep.person_id, substr(e.local_date, 1, 7), coalesce(e.mode, ''), coalesce(e.verdict, '')`.execute(
    db,
  );
  await sql`insert into rollup_people (account_id, person_id, entries, minutes, last_day)
    select e.account_id, ep.person_id, count(*), sum(e.minutes), max(e.local_date)
    from entries e join entry_people ep on ep.entry_id = e.id
    where e.account_id = ${accountId} and e.deleted_at is null
    group by e.account_id, ep.person_id`.execute(db);
}

/** Rows of one upsert statement: small enough for SQLite's parameter limit at any width here. */
const deltaRows = 1000;

interface Sums {
  entries: number;
  minutes: number;
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += deltaRows) out.push(list.slice(i, i + deltaRows));
  return out;
}

/**
 * Adds facet sums, keyed `day-or-month, mode, verdict, goal, channel` (tab-separated), to the
 * daily or the monthly facets: the two tables differ only in the period they are kept by.
 */
async function upsertFacets(
  db: Db,
  accountId: string,
  table: 'rollup_day_facets' | 'rollup_month_facets',
  period: 'day' | 'month',
  sums: Map<string, Sums>,
): Promise<void> {
  for (const part of chunks([...sums])) {
    const rows = part.map(([key, s]) => {
      const [when = '', mode = '', verdict = '', goal = '0', channel = ''] = key.split('\t');
      return sql`(${accountId}, ${when}, ${mode}, ${verdict}, ${Number(goal)}, ${channel}, ${s.entries}, ${s.minutes})`;
    });
    await sql`insert into ${sql.table(table)}
        (account_id, ${sql.ref(period)}, mode, verdict, goal_id, channel, entries, minutes)
      values ${sql.join(rows)}
      on conflict (account_id, ${sql.ref(period)}, mode, verdict, goal_id, channel) do update set
        entries = ${sql.ref(`${table}.entries`)} + excluded.entries,
        minutes = ${sql.ref(`${table}.minutes`)} + excluded.minutes`.execute(db);
  }
}

/** The sums a day's entries of one judgement add to: its day, its facets, and its month's facets. */
interface DaySums {
  day: Sums;
  facet: Sums;
  monthFacet: Sums;
  /** The key of the month, mode and verdict, for the person-months. */
  month: string;
}

/** One person's share: their totals, their months, and the month last added to (imports go day by day). */
interface PersonSums extends Sums {
  lastDay: string | null;
  months: Map<string, Sums>;
  lastMonth: string | null;
  lastMonthSums: Sums | null;
}

/** The ids once each: a list sorted without repeats (what imports give) is used as it is. */
function distinct(ids: readonly number[]): readonly number[] {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) return [...new Set(ids)];
  return ids;
}

/** The sums kept under `key`, made empty the first time. */
function sumsAt<K>(map: Map<K, Sums>, key: K): Sums {
  let s = map.get(key);
  if (!s) {
    s = { entries: 0, minutes: 0 };
    map.set(key, s);
  }
  return s;
}

/**
 * Many entries' shares of the rollups summed in memory and written as a few set-based upserts:
 * an import of 100,000 entries touches each day and person-month row once, not once per entry.
 * Equal to applying every contribution one by one.
 */
export class RollupDelta {
  readonly #days = new Map<string, Sums>();
  readonly #facets = new Map<string, Sums>();
  readonly #monthFacets = new Map<string, Sums>();
  readonly #people = new Map<number, PersonSums>();
  /** People who lost an entry: their last day is looked up again once the entries are written. */
  readonly #recheck = new Set<number>();

  get size(): number {
    return this.#days.size + this.#people.size + this.#recheck.size;
  }

  /** The sums of an unjudged entry's day, found once per day: an import adds thousands a day. */
  readonly #unjudgedDays = new Map<string, DaySums>();

  #sumsOf(c: Contribution): DaySums {
    const unjudged = c.mode === null && c.verdict === null && c.goalId === null && c.channel === null;
    const known = unjudged ? this.#unjudgedDays.get(c.localDate) : undefined;
    if (known) return known;
    const mode = c.mode ?? '';
    const verdict = c.verdict ?? '';
    const day = `${c.localDate}\t${mode}\t${verdict}`;
    const month = `${c.localDate.slice(0, 7)}\t${mode}\t${verdict}`;
    const facet = `\t${c.goalId ?? 0}\t${c.channel ?? ''}`;
    const sums = {
      day: sumsAt(this.#days, day),
      facet: sumsAt(this.#facets, day + facet),
      monthFacet: sumsAt(this.#monthFacets, month + facet),
      month,
    };
    if (unjudged) this.#unjudgedDays.set(c.localDate, sums);
    return sums;
  }

  /** Adds one entry's share; nothing of `c` is kept, so a caller may reuse it. */
  add(c: Contribution, sign: 1 | -1): void {
    const sums = this.#sumsOf(c);
    const minutes = sign * c.minutes;
    sums.day.entries += sign;
    sums.day.minutes += minutes;
    sums.facet.entries += sign;
    sums.facet.minutes += minutes;
    sums.monthFacet.entries += sign;
    sums.monthFacet.minutes += minutes;
    const month = sums.month;
    for (const personId of distinct(c.personIds)) {
      let p = this.#people.get(personId);
      if (!p) {
        p = {
          entries: 0,
          minutes: 0,
          lastDay: null,
          months: new Map(),
          lastMonth: null,
          lastMonthSums: null,
        };
        this.#people.set(personId, p);
      }
      p.entries += sign;
      p.minutes += minutes;
      if (sign === 1 && (p.lastDay === null || c.localDate > p.lastDay)) p.lastDay = c.localDate;
      if (sign === -1) this.#recheck.add(personId);
      let m = p.lastMonthSums;
      if (m === null || p.lastMonth !== month) {
        m = sumsAt(p.months, month);
        p.lastMonth = month;
        p.lastMonthSums = m;
      }
      m.entries += sign;
      m.minutes += minutes;
    }
  }

  /** Writes the sums; call after the entries themselves are written, in the same transaction. */
  async apply(db: Db, accountId: string): Promise<void> {
    for (const part of chunks([...this.#days])) {
      await db
        .insertInto('rollup_days')
        .values(
          part.map(([key, s]) => {
            const [day = '', mode = '', verdict = ''] = key.split('\t');
            return { account_id: accountId, day, mode, verdict, entries: s.entries, minutes: s.minutes };
          }),
        )
        .onConflict((oc) =>
          oc.columns(['account_id', 'day', 'mode', 'verdict']).doUpdateSet((eb) => ({
            entries: eb(eb.ref('rollup_days.entries'), '+', eb.ref('excluded.entries')),
            minutes: eb(eb.ref('rollup_days.minutes'), '+', eb.ref('excluded.minutes')),
          })),
        )
        .execute();
    }
    await upsertFacets(db, accountId, 'rollup_day_facets', 'day', this.#facets);
    await upsertFacets(db, accountId, 'rollup_month_facets', 'month', this.#monthFacets);
    for (const part of chunks([...this.#people])) {
      await db
        .insertInto('rollup_people')
        .values(
          part.map(([personId, s]) => ({
            account_id: accountId,
            person_id: personId,
            entries: s.entries,
            minutes: s.minutes,
            last_day: s.lastDay,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['account_id', 'person_id']).doUpdateSet((eb) => ({
            entries: eb(eb.ref('rollup_people.entries'), '+', eb.ref('excluded.entries')),
            minutes: eb(eb.ref('rollup_people.minutes'), '+', eb.ref('excluded.minutes')),
            last_day: eb
              .case()
              .when(
                eb.or([
                  eb('rollup_people.last_day', 'is', null),
                  eb('excluded.last_day', '>', eb.ref('rollup_people.last_day')),
                ]),
              )
              .then(eb.ref('excluded.last_day'))
              .else(eb.ref('rollup_people.last_day'))
              .end(),
          })),
        )
        .execute();
    }
    for (const part of chunks([...this.#recheck])) {
      await sql`update rollup_people set last_day = (
          select max(e.local_date) from entry_people ep join entries e on e.id = ep.entry_id
          where ep.account_id = ${accountId} and ep.person_id = rollup_people.person_id and e.deleted_at is null)
        where account_id = ${accountId} and person_id in (${sql.join(part)})`.execute(db);
    }
    const months: [number, string, Sums][] = [];
    for (const [personId, p] of this.#people)
      for (const [key, s] of p.months) months.push([personId, key, s]);
    for (const part of chunks(months)) {
      await db
        .insertInto('rollup_person_months')
        .values(
          part.map(([personId, key, s]) => {
            const [month = '', mode = '', verdict = ''] = key.split('\t');
            return {
              account_id: accountId,
              person_id: personId,
              month,
              mode,
              verdict,
              entries: s.entries,
              minutes: s.minutes,
            };
          }),
        )
        .onConflict((oc) =>
          oc.columns(['account_id', 'person_id', 'month', 'mode', 'verdict']).doUpdateSet((eb) => ({
            entries: eb(eb.ref('rollup_person_months.entries'), '+', eb.ref('excluded.entries')),
            minutes: eb(eb.ref('rollup_person_months.minutes'), '+', eb.ref('excluded.minutes')),
          })),
        )
        .execute();
    }
    this.#days.clear();
    this.#facets.clear();
    this.#monthFacets.clear();
    this.#people.clear();
    this.#recheck.clear();
    this.#unjudgedDays.clear();
  }
}
