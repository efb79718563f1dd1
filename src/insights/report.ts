import type { Period } from '../domain/period.ts';
import { monthEquivalents } from '../domain/period.ts';
import type { Circle, Verdict } from '../domain/vocabulary.ts';
import { circles } from '../domain/vocabulary.ts';
import type { Db } from '../store/database.ts';
import { personPeriodRows } from '../store/insights-queries.ts';
import { getSettings } from '../store/settings-store.ts';

export interface Bucket {
  entries: number;
  minutes: number;
}

export interface ReportPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  entries: number;
  minutes: number;
  networkingMinutes: number;
  forwardMinutes: number;
  backMinutes: number;
  /** Share of the owner's total minutes in the period spent with this person (0..1). */
  share: number;
}

/** The honest account of a period: what the time went to, judged and unjudged. */
export interface Report {
  period: Period;
  timeZone: string;
  target: {
    monthlyMinutes: number;
    periodMinutes: number;
    networkingMinutes: number;
    met: boolean;
    progress: number;
  };
  totals: Bucket & { unjudgedEntries: number; unjudgedMinutes: number };
  byMode: { networking: Bucket; socializing: Bucket; unjudged: Bucket };
  byVerdict: { forward: Bucket; back: Bucket; unjudged: Bucket };
  /** Time with people by their current circle; an entry with several people counts for each. */
  byCircle: Record<Circle, Bucket & { people: number }>;
  topPeople: ReportPerson[];
}

const empty = (): Bucket => ({ entries: 0, minutes: 0 });

/** The period's figures, from the exact rollups (whole months) and the entries (partial edges). */
export async function buildReport(db: Db, accountId: string, period: Period, top = 10): Promise<Report> {
  const settings = await getSettings(db, accountId);
  const days = await db
    .selectFrom('rollup_days')
    .select((eb) => [
      'mode',
      'verdict',
      eb.fn.sum<number>('entries').as('entries'),
      eb.fn.sum<number>('minutes').as('minutes'),
    ])
    .where('account_id', '=', accountId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(['mode', 'verdict'])
    .execute();

  const totals = { ...empty(), unjudgedEntries: 0, unjudgedMinutes: 0 };
  const byMode = { networking: empty(), socializing: empty(), unjudged: empty() };
  const byVerdict = { forward: empty(), back: empty(), unjudged: empty() };
  for (const r of days) {
    const entries = Number(r.entries);
    const minutes = Number(r.minutes);
    totals.entries += entries;
    totals.minutes += minutes;
    const m = r.mode === 'networking' || r.mode === 'socializing' ? r.mode : 'unjudged';
    const v = r.verdict === 'forward' || r.verdict === 'back' ? r.verdict : 'unjudged';
    byMode[m].entries += entries;
    byMode[m].minutes += minutes;
    byVerdict[v].entries += entries;
    byVerdict[v].minutes += minutes;
    if (m === 'unjudged' || v === 'unjudged') {
      totals.unjudgedEntries += entries;
      totals.unjudgedMinutes += minutes;
    }
  }

  const perPerson = (await coversEveryEntry(db, accountId, period))
    ? await allTimePeople(db, accountId)
    : await periodPeople(db, accountId, period);
  const byCircle = Object.fromEntries(
    circles.map((c) => [c, { ...empty(), people: 0 }]),
  ) as Report['byCircle'];
  for (const r of perPerson) {
    const c = byCircle[r.circle];
    if (!c) continue;
    c.people += 1;
    c.entries += r.entries;
    c.minutes += r.minutes;
  }
  // The top people are picked here rather than by a second pass of the database over the period.
  const chosen = perPerson
    .filter((r) => r.entries > 0)
    .sort((a, b) => b.minutes - a.minutes || a.id - b.id)
    .slice(0, top);
  const splits = await splitsOf(db, accountId, period, chosen);
  const named = new Map(
    chosen.length === 0
      ? []
      : (
          await db
            // By key alone (the account is checked below): with the account named, SQLite walks
            // the account's name index instead of looking ten people up.
            .selectFrom('people')
            .select(['id', 'name', 'verdict', 'account_id'])
            .where(
              'id',
              'in',
              chosen.map((r) => r.id),
            )
            .execute()
        )
          .filter((p) => p.account_id === accountId)
          .map((p) => [Number(p.id), p]),
  );
  const topRows = chosen.map((r) => {
    const split = splits.get(r.id) ?? { net: 0, fwd: 0, back: 0 };
    const person = named.get(r.id);
    return { ...r, ...split, name: person?.name ?? '', verdict: person?.verdict ?? null };
  });

  const periodTarget = Math.round(settings.monthlyTargetMinutes * monthEquivalents(period));
  const networkingMinutes = byMode.networking.minutes;
  return {
    period,
    timeZone: settings.timeZone,
    target: {
      monthlyMinutes: settings.monthlyTargetMinutes,
      periodMinutes: periodTarget,
      networkingMinutes,
      met: networkingMinutes >= periodTarget,
      progress: periodTarget === 0 ? 1 : networkingMinutes / periodTarget,
    },
    totals,
    byMode,
    byVerdict,
    byCircle,
    topPeople: topRows.map((r) => ({
      id: r.id,
      name: r.name,
      circle: r.circle as Circle,
      verdict: r.verdict as Verdict | null,
      entries: r.entries,
      minutes: r.minutes,
      networkingMinutes: r.net,
      forwardMinutes: r.fwd,
      backMinutes: r.back,
      share: totals.minutes === 0 ? 0 : r.minutes / totals.minutes,
    })),
  };
}

/** One person's time in a period, with their current circle. */
interface PersonTime {
  id: number;
  circle: Circle;
  entries: number;
  minutes: number;
}

/** Whether the period holds every live entry, so that the all-time totals per person answer it. */
async function coversEveryEntry(db: Db, accountId: string, period: Period): Promise<boolean> {
  const row = await db
    .selectFrom('rollup_days')
    .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
    .where('account_id', '=', accountId)
    .where('entries', '>', 0)
    .executeTakeFirst();
  const first = (row?.first as string | null) ?? null;
  const last = (row?.last as string | null) ?? null;
  return first !== null && last !== null && period.from <= first && period.to >= last;
}

/** Every person's all-time time, one row each, from the rollup the write path keeps exact. */
async function allTimePeople(db: Db, accountId: string): Promise<PersonTime[]> {
  const rows = await db
    .selectFrom('rollup_people')
    .innerJoin('people', 'people.id', 'rollup_people.person_id')
    .select(['rollup_people.person_id', 'people.circle', 'rollup_people.entries', 'rollup_people.minutes'])
    .where('rollup_people.account_id', '=', accountId)
    .where('rollup_people.entries', '>', 0)
    .execute();
  return rows.map((r) => ({
    id: Number(r.person_id),
    circle: r.circle as Circle,
    entries: Number(r.entries),
    minutes: Number(r.minutes),
  }));
}

/** Every person's time in a period, in one pass over the monthly rollups and the edge days. */
async function periodPeople(db: Db, accountId: string, period: Period): Promise<PersonTime[]> {
  // Summed per person first, then joined: the join runs once per person rather than once per row.
  const perPerson = db
    .selectFrom(personPeriodRows(db, accountId, period).as('t'))
    .select((eb) => [
      't.person_id',
      eb.fn.sum<number>('t.entries').as('entries'),
      eb.fn.sum<number>('t.minutes').as('minutes'),
    ])
    .groupBy('t.person_id');
  const rows = await db
    .selectFrom(perPerson.as('pp'))
    .innerJoin('people', 'people.id', 'pp.person_id')
    .select(['pp.person_id', 'people.circle', 'pp.entries', 'pp.minutes'])
    .execute();
  return rows.map((r) => ({
    id: Number(r.person_id),
    circle: r.circle as Circle,
    entries: Number(r.entries),
    minutes: Number(r.minutes),
  }));
}

/** Networking, forward and back minutes of a few people in the period. */
async function splitsOf(
  db: Db,
  accountId: string,
  period: Period,
  people: PersonTime[],
): Promise<Map<number, { net: number; fwd: number; back: number }>> {
  const out = new Map<number, { net: number; fwd: number; back: number }>();
  if (people.length === 0) return out;
  const ids = people.map((p) => p.id);
  const rows = await db
    .selectFrom(personPeriodRows(db, accountId, period, ids).as('t'))
    .select((eb) => [
      't.person_id',
      eb.fn
        .sum<number>(eb.case().when('t.mode', '=', 'networking').then(eb.ref('t.minutes')).else(0).end())
        .as('net'),
      eb.fn
        .sum<number>(eb.case().when('t.verdict', '=', 'forward').then(eb.ref('t.minutes')).else(0).end())
        .as('fwd'),
      eb.fn
        .sum<number>(eb.case().when('t.verdict', '=', 'back').then(eb.ref('t.minutes')).else(0).end())
        .as('back'),
    ])
    .groupBy('t.person_id')
    .execute();
  for (const r of rows)
    out.set(Number(r.person_id), { net: Number(r.net), fwd: Number(r.fwd), back: Number(r.back) });
  return out;
}
