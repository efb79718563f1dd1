import type { Period } from '../domain/period.ts';
import { monthEquivalents } from '../domain/period.ts';
import type { Circle, Verdict } from '../domain/vocabulary.ts';
import { circles } from '../domain/vocabulary.ts';
import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { ledgerSpan, personPeriodRows, readSpan, timeSplitsOf } from '../store/insights-queries.ts';
import type { ReadSpan } from '../store/insights-queries.ts';
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

  const people = await peopleFigures(db, accountId, period, top);
  const byCircle = Object.fromEntries(
    circles.map((c) => [c, { ...empty(), people: 0 }]),
  ) as Report['byCircle'];
  for (const r of people.circles) {
    const c = byCircle[r.circle];
    if (!c) continue;
    c.people += r.people;
    c.entries += r.entries;
    c.minutes += r.minutes;
  }
  const splits = await timeSplitsOf(
    db,
    accountId,
    period,
    people.top.map((r) => r.id),
    people.span,
  );
  const topRows = people.top.map((r) => ({ ...r, split: splits.get(r.id) }));

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
      networkingMinutes: r.split?.networkingMinutes ?? 0,
      forwardMinutes: r.split?.forwardMinutes ?? 0,
      backMinutes: r.split?.backMinutes ?? 0,
      share: totals.minutes === 0 ? 0 : r.minutes / totals.minutes,
    })),
  };
}

/** One person's time in a period, with their current circle. */
interface PersonTime {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  entries: number;
  minutes: number;
}

/** Whether the period holds every live entry, so that the all-time totals per person answer it. */
async function coversEveryEntry(db: Db, accountId: string, period: Period): Promise<boolean> {
  const span = await ledgerSpan(db, accountId);
  return span !== null && period.from <= span.first && period.to >= span.last;
}

/**
 * The period's time by circle and its top people, in one statement: each person's total is summed
 * once (from the all-time rollup when the period holds every entry), and only the few result rows
 * leave the database, not a row per person.
 */
async function peopleFigures(
  db: Db,
  accountId: string,
  period: Period,
  top: number,
): Promise<{
  circles: { circle: Circle; people: number; entries: number; minutes: number }[];
  top: PersonTime[];
  span: ReadSpan;
}> {
  // The span serves the per-person rows here and the splits of the top people after.
  const [span, everything] = await Promise.all([
    readSpan(db, accountId, period),
    coversEveryEntry(db, accountId, period),
  ]);
  const source = everything
    ? db
        .selectFrom('rollup_people')
        .select(['person_id', 'entries', 'minutes'])
        .where('account_id', '=', accountId)
        .where('entries', '>', 0)
    : db
        .selectFrom((await personPeriodRows(db, accountId, period, undefined, span)).as('t'))
        .select((eb) => [
          't.person_id',
          eb.fn.sum<number>('t.entries').as('entries'),
          eb.fn.sum<number>('t.minutes').as('minutes'),
        ])
        .groupBy('t.person_id')
        .having((eb) => eb.fn.sum('t.entries'), '>', 0);
  const rows = await db
    .with(
      (cte) => cte('pp').materialized(),
      () => source,
    )
    .selectFrom('pp')
    .innerJoin('people', 'people.id', 'pp.person_id')
    .select((eb) => [
      sql.lit('circle').as('kind'),
      sql<number | null>`null`.as('person_id'),
      sql<string | null>`null`.as('name'),
      sql<string | null>`null`.as('verdict'),
      'people.circle',
      eb.fn.countAll<number>().as('people'),
      eb.fn.sum<number>('pp.entries').as('entries'),
      eb.fn.sum<number>('pp.minutes').as('minutes'),
    ])
    .groupBy('people.circle')
    .unionAll((eb) =>
      eb
        .selectFrom(
          eb
            .selectFrom('pp')
            .select(['pp.person_id', 'pp.entries', 'pp.minutes'])
            .orderBy('pp.minutes', 'desc')
            .orderBy('pp.person_id')
            .limit(top)
            .as('t'),
        )
        .innerJoin('people', 'people.id', 't.person_id')
        .select([
          sql.lit('top').as('kind'),
          't.person_id',
          'people.name',
          'people.verdict',
          'people.circle',
          sql.lit(1).as('people'),
          't.entries',
          't.minutes',
        ]),
    )
    .execute();
  const circleRows: { circle: Circle; people: number; entries: number; minutes: number }[] = [];
  const topRows: PersonTime[] = [];
  for (const r of rows) {
    const figures = { entries: Number(r.entries), minutes: Number(r.minutes) };
    if (r.kind === 'circle')
      circleRows.push({ circle: r.circle as Circle, people: Number(r.people), ...figures });
    else
      topRows.push({
        id: Number(r.person_id),
        name: r.name ?? '',
        circle: r.circle as Circle,
        verdict: r.verdict as Verdict | null,
        ...figures,
      });
  }
  // A union keeps no order: the top rows are put back in theirs.
  topRows.sort((a, b) => b.minutes - a.minutes || a.id - b.id);
  return { circles: circleRows, top: topRows, span };
}
