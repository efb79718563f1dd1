import type { Channel, Circle, Verdict } from '../domain/vocabulary.ts';
import { channels, circles } from '../domain/vocabulary.ts';
import { parseDate } from '../domain/zoned-time.ts';
import type { DayRow, FacetRow, MixRow, PersonTime } from '../store/insights-queries.ts';

export interface Slice {
  entries: number;
  minutes: number;
  /** Of the owner's minutes in the period (each entry once). */
  share: number;
}

export interface GoalSlice extends Slice {
  goalId: number | null;
  title: string;
}

export interface CircleSlice {
  /** Person-minutes: an entry with three people counts three times here. */
  minutes: number;
  people: number;
  /** Of all person-minutes in the period. */
  share: number;
}

export interface TopPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  entries: number;
  minutes: number;
  networkingMinutes: number;
  forwardMinutes: number;
  backMinutes: number;
  /** Minutes with this person over the owner's minutes in the period (shares may add up past 1). */
  share: number;
}

export interface DayKind {
  entries: number;
  minutes: number;
  networkingMinutes: number;
  socializingMinutes: number;
}

/** Where the time went in a period, every figure a sum over the period's live entries. */
export interface TimeSplit {
  totals: { entries: number; minutes: number };
  byMode: Record<'networking' | 'socializing' | 'unjudged', Slice>;
  byVerdict: Record<'forward' | 'back' | 'unjudged', Slice>;
  /** Networking time by the goal it served; `goalId: null` is networking that named no goal. */
  byGoal: GoalSlice[];
  byChannel: Record<Channel | 'unspecified', Slice>;
  weekdays: DayKind;
  weekends: DayKind;
  /** Socializing on Saturdays and Sundays, and whether most socializing was packed into them. */
  weekendSocializing: { minutes: number; share: number; packed: boolean };
  byCircle: Record<Circle, CircleSlice>;
  personMinutes: number;
  topPeople: TopPerson[];
}

const slice = (): Slice => ({ entries: 0, minutes: 0, share: 0 });
const dayKind = (): DayKind => ({ entries: 0, minutes: 0, networkingMinutes: 0, socializingMinutes: 0 });

/** True for Saturday and Sunday. */
export function isWeekend(day: string): boolean {
  const { year, month, day: d } = parseDate(day);
  const weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Splits the period's time every way the dashboard shows it. */
export function timeSplit(
  facets: readonly FacetRow[],
  days: readonly DayRow[],
  mix: readonly MixRow[],
  top: readonly PersonTime[],
  goalTitles: ReadonlyMap<number, string>,
): TimeSplit {
  const totals = { entries: 0, minutes: 0 };
  const byMode = { networking: slice(), socializing: slice(), unjudged: slice() };
  const byVerdict = { forward: slice(), back: slice(), unjudged: slice() };
  const byChannel = Object.fromEntries(
    [...channels, 'unspecified'].map((c) => [c, slice()]),
  ) as TimeSplit['byChannel'];
  const goals = new Map<number, Slice>();
  const weekdays = dayKind();
  const weekends = dayKind();
  const add = (s: Slice, r: FacetRow) => {
    s.entries += r.entries;
    s.minutes += r.minutes;
  };
  for (const r of facets) {
    totals.entries += r.entries;
    totals.minutes += r.minutes;
    add(byMode[r.mode === 'networking' || r.mode === 'socializing' ? r.mode : 'unjudged'], r);
    add(byVerdict[r.verdict === 'forward' || r.verdict === 'back' ? r.verdict : 'unjudged'], r);
    add(
      byChannel[(channels as readonly string[]).includes(r.channel) ? (r.channel as Channel) : 'unspecified'],
      r,
    );
    if (r.mode === 'networking') {
      const g = goals.get(r.goalId) ?? slice();
      add(g, r);
      goals.set(r.goalId, g);
    }
  }
  for (const d of days) {
    const kind = isWeekend(d.day) ? weekends : weekdays;
    kind.entries += d.entries;
    kind.minutes += d.minutes;
    kind.networkingMinutes += d.networkingMinutes;
    kind.socializingMinutes += d.socializingMinutes;
  }
  const share = (s: Slice) => {
    s.share = totals.minutes === 0 ? 0 : s.minutes / totals.minutes;
  };
  [
    ...Object.values(byMode),
    ...Object.values(byVerdict),
    ...Object.values(byChannel),
    ...goals.values(),
  ].forEach(share);
  const byGoal: GoalSlice[] = [...goals.entries()]
    .map(([id, s]) => ({
      goalId: id === 0 ? null : id,
      title: id === 0 ? 'no goal named' : (goalTitles.get(id) ?? `goal #${id}`),
      ...s,
    }))
    .sort((a, b) => b.minutes - a.minutes || (a.goalId ?? Infinity) - (b.goalId ?? Infinity));

  const byCircle = Object.fromEntries(
    circles.map((c) => [c, { minutes: 0, people: 0, share: 0 }]),
  ) as TimeSplit['byCircle'];
  let personMinutes = 0;
  for (const r of mix) {
    byCircle[r.circle].minutes += r.minutes;
    byCircle[r.circle].people += r.people;
    personMinutes += r.minutes;
  }
  for (const c of circles) byCircle[c].share = personMinutes === 0 ? 0 : byCircle[c].minutes / personMinutes;

  const social = byMode.socializing.minutes;
  return {
    totals,
    byMode,
    byVerdict,
    byGoal,
    byChannel,
    weekdays,
    weekends,
    weekendSocializing: {
      minutes: weekends.socializingMinutes,
      share: social === 0 ? 0 : weekends.socializingMinutes / social,
      packed: social > 0 && weekends.socializingMinutes / social > 0.5,
    },
    byCircle,
    personMinutes,
    topPeople: top.map((p) => ({
      id: p.id,
      name: p.name,
      circle: p.circle,
      verdict: p.verdict,
      entries: p.entries,
      minutes: p.minutes,
      networkingMinutes: p.networkingMinutes,
      forwardMinutes: p.forwardMinutes,
      backMinutes: p.backMinutes,
      share: totals.minutes === 0 ? 0 : p.minutes / totals.minutes,
    })),
  };
}
