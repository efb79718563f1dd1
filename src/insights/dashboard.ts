import type { Period } from '../domain/period.ts';
import { addMonths, monthOf, monthPeriod } from '../domain/period.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/database.ts';
import { listGoals } from '../store/goals-store.ts';
import {
  dayTotals,
  facetTotals,
  networkingByMonth,
  peopleCounts,
  periodPeopleSummary,
} from '../store/insights-queries.ts';
import type { FacetRow } from '../store/insights-queries.ts';
import { getSettings } from '../store/settings-store.ts';
import { circleAudit } from './circle-audit.ts';
import type { CircleAudit } from './circle-audit.ts';
import { targetFigures } from './target.ts';
import type { TargetFigures } from './target.ts';
import { timeSplit } from './time-split.ts';
import type { TimeSplit } from './time-split.ts';

/** The figures the dashboard shows: the target, where the time went, and the circle audit. */
export interface Dashboard {
  period: Period;
  timeZone: string;
  today: string;
  target: TargetFigures;
  time: TimeSplit;
  audit: CircleAudit;
}

function unjudgedOf(facets: readonly FacetRow[]): { entries: number; minutes: number } {
  let entries = 0;
  let minutes = 0;
  for (const r of facets) {
    if (r.mode === '' || r.verdict === '') {
      entries += r.entries;
      minutes += r.minutes;
    }
  }
  return { entries, minutes };
}

/**
 * The networking target for `month` (default: the month the period ends in, or this month if the
 * period reaches past today), from the per-day rollup.
 */
export async function buildTarget(
  db: Db,
  accountId: string,
  month: string,
  now: Date,
): Promise<TargetFigures> {
  const settings = await getSettings(db, accountId);
  const today = localDateOf(now, settings.timeZone);
  const streakMonths = 120;
  const [byMonth, facets] = await Promise.all([
    networkingByMonth(
      db,
      accountId,
      monthPeriod(addMonths(month, -streakMonths)).from,
      monthPeriod(month).to,
    ),
    facetTotals(db, accountId, monthPeriod(month).from, monthPeriod(month).to),
  ]);
  return targetFigures({
    month,
    today,
    targetMinutes: settings.monthlyTargetMinutes,
    networkingByMonth: byMonth,
    unjudged: unjudgedOf(facets),
    streakMonths,
  });
}

/** Where the time went in the period: modes, verdicts, goals, channels, weekends, circles, top people. */
export async function buildTimeSplit(
  db: Db,
  accountId: string,
  period: Period,
  top = 10,
): Promise<TimeSplit> {
  const [facets, days, { mix, top: people }, goals] = await Promise.all([
    facetTotals(db, accountId, period.from, period.to),
    dayTotals(db, accountId, period.from, period.to),
    periodPeopleSummary(db, accountId, period, { top, unsorted: 0 }),
    listGoals(db, accountId),
  ]);
  return timeSplit(facets, days, mix, people, new Map(goals.map((g) => [g.id, g.title])));
}

/** The circle audit of the period. */
export async function buildCircleAudit(
  db: Db,
  accountId: string,
  period: Period,
  unsortedLimit = 10,
): Promise<CircleAudit> {
  const [settings, facets, { mix, unsorted }, counts] = await Promise.all([
    getSettings(db, accountId),
    facetTotals(db, accountId, period.from, period.to),
    periodPeopleSummary(db, accountId, period, { top: 0, unsorted: unsortedLimit }),
    peopleCounts(db, accountId),
  ]);
  return circleAudit({
    mix,
    counts,
    innerCap: settings.innerCap,
    entryVerdict: verdictMinutes(facets),
    unsortedWithTime: unsorted,
  });
}

function verdictMinutes(facets: readonly FacetRow[]): { forward: number; back: number } {
  let forward = 0;
  let back = 0;
  for (const r of facets) {
    if (r.verdict === 'forward') forward += r.minutes;
    else if (r.verdict === 'back') back += r.minutes;
  }
  return { forward, back };
}

/** The month whose target the dashboard shows for a period: its last month, but never a future one. */
export function targetMonthFor(period: Pick<Period, 'to'>, today: string): string {
  return monthOf(period.to < today ? period.to : today);
}

/** Target, where the time went and the circle audit in one result, each query run once. */
export async function buildDashboard(
  db: Db,
  accountId: string,
  period: Period,
  now: Date,
  top = 10,
): Promise<Dashboard> {
  const settings = await getSettings(db, accountId);
  const today = localDateOf(now, settings.timeZone);
  const month = targetMonthFor(period, today);
  const monthRange = monthPeriod(month);
  const streakMonths = 120;
  const [facets, days, monthFacets, byMonth, withTime, counts, goals] = await Promise.all([
    facetTotals(db, accountId, period.from, period.to),
    dayTotals(db, accountId, period.from, period.to),
    period.from === monthRange.from && period.to === monthRange.to
      ? null
      : facetTotals(db, accountId, monthRange.from, monthRange.to),
    networkingByMonth(db, accountId, monthPeriod(addMonths(month, -streakMonths)).from, monthRange.to),
    periodPeopleSummary(db, accountId, period, { top, unsorted: 10 }),
    peopleCounts(db, accountId),
    listGoals(db, accountId),
  ]);
  const { mix, top: people, unsorted } = withTime;
  const target = targetFigures({
    month,
    today,
    targetMinutes: settings.monthlyTargetMinutes,
    networkingByMonth: byMonth,
    unjudged: unjudgedOf(monthFacets ?? facets),
    streakMonths,
  });
  const time = timeSplit(facets, days, mix, people, new Map(goals.map((g) => [g.id, g.title])));
  const audit = circleAudit({
    mix,
    counts,
    innerCap: settings.innerCap,
    entryVerdict: verdictMinutes(facets),
    unsortedWithTime: unsorted,
  });
  return { period, timeZone: settings.timeZone, today, target, time, audit };
}
