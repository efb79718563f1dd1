import { sql } from 'kysely';
import type { Period } from '../domain/period.ts';
import { monthEquivalents, splitByMonths } from '../domain/period.ts';
import type { Circle, Verdict } from '../domain/vocabulary.ts';
import { circles } from '../domain/vocabulary.ts';
import type { Db } from '../store/database.ts';
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

  const personRows = personMinutes(db, accountId, period);
  const circleRows = await db
    .selectFrom(personRows.as('t'))
    .innerJoin('people', 'people.id', 't.person_id')
    .select((eb) => [
      'people.circle',
      eb.fn.count<number>('t.person_id').distinct().as('people'),
      eb.fn.sum<number>('t.entries').as('entries'),
      eb.fn.sum<number>('t.minutes').as('minutes'),
    ])
    .groupBy('people.circle')
    .execute();
  const byCircle = Object.fromEntries(
    circles.map((c) => [c, { ...empty(), people: 0 }]),
  ) as Report['byCircle'];
  for (const r of circleRows) {
    const c = r.circle as Circle;
    if (byCircle[c])
      byCircle[c] = { people: Number(r.people), entries: Number(r.entries), minutes: Number(r.minutes) };
  }

  const topRows = await db
    .selectFrom(personRows.as('t'))
    .innerJoin('people', 'people.id', 't.person_id')
    .select((eb) => [
      'people.id',
      'people.name',
      'people.circle',
      'people.verdict',
      eb.fn.sum<number>('t.entries').as('entries'),
      eb.fn.sum<number>('t.minutes').as('minutes'),
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
    .groupBy(['people.id', 'people.name', 'people.circle', 'people.verdict'])
    .orderBy(sql`sum(t.minutes)`, 'desc')
    .orderBy('people.id')
    .limit(top)
    .execute();

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
      id: Number(r.id),
      name: r.name,
      circle: r.circle as Circle,
      verdict: r.verdict as Verdict | null,
      entries: Number(r.entries),
      minutes: Number(r.minutes),
      networkingMinutes: Number(r.net),
      forwardMinutes: Number(r.fwd),
      backMinutes: Number(r.back),
      share: totals.minutes === 0 ? 0 : Number(r.minutes) / totals.minutes,
    })),
  };
}

/**
 * Per-person rows for a period: monthly rollups for the whole months, live entries for the
 * partial months at the edges. Columns: person_id, mode, verdict, entries, minutes.
 */
function personMinutes(db: Db, accountId: string, period: Period) {
  const { months, edges } = splitByMonths(period.from, period.to);
  const fromRollup = db
    .selectFrom('rollup_person_months')
    .select(['person_id', 'mode', 'verdict', 'entries', 'minutes'])
    .where('account_id', '=', accountId)
    .where('month', '>=', months ? months.first : '9999-99')
    .where('month', '<=', months ? months.last : '0000-00');
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
      .where('entries.local_date', '<=', edge.to);
    q = q.unionAll(fromEntries as unknown as typeof fromRollup);
  }
  return q;
}
