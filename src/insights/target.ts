import { addMonths } from '../domain/period.ts';
import { daysInMonth } from '../domain/zoned-time.ts';

/** One month of the trailing year against the target. */
export interface TargetMonth {
  month: string;
  networkingMinutes: number;
  targetMinutes: number;
  /** `in_progress`: the current month, not met yet; `future`: not begun. */
  state: 'met' | 'missed' | 'in_progress' | 'future';
}

export interface TargetPace {
  elapsedDays: number;
  daysInMonth: number;
  /** Networking minutes by the month's end if the rest of the month goes like the days so far. */
  projectedMinutes: number;
  onTrack: boolean;
}

/** The networking target for a month, the trailing twelve months, and the streak of met months. */
export interface TargetFigures {
  month: string;
  targetMinutes: number;
  networkingMinutes: number;
  /** Share of the target reached (1 = met); 1 when the target is zero. */
  progress: number;
  met: boolean;
  remainingMinutes: number;
  /** Only for the current month: a straight line through the days elapsed in the owner's zone. */
  pace: TargetPace | null;
  /** Oldest first, ending with `month`. */
  trailing: TargetMonth[];
  /** Met months in a row up to `month` (the current month counts once met; until then it does not break the run). */
  streak: number;
  /** Entries in `month` that still lack a mode or a verdict. */
  unjudged: { entries: number; minutes: number };
}

export interface TargetInput {
  month: string;
  /** Today in the owner's zone (YYYY-MM-DD). */
  today: string;
  targetMinutes: number;
  /** Networking minutes per month; months missing from the map had none. */
  networkingByMonth: ReadonlyMap<string, number>;
  unjudged: { entries: number; minutes: number };
  /** How far back to look for the streak. */
  streakMonths?: number;
}

function stateOf(month: string, minutes: number, target: number, current: string): TargetMonth['state'] {
  if (minutes >= target) return 'met';
  if (month > current) return 'future';
  if (month === current) return 'in_progress';
  return 'missed';
}

/** Works out the target figures from monthly networking totals; pure, so each rule is testable. */
export function targetFigures(input: TargetInput): TargetFigures {
  const current = input.today.slice(0, 7);
  const target = input.targetMinutes;
  const minutesOf = (m: string) => input.networkingByMonth.get(m) ?? 0;
  const networkingMinutes = minutesOf(input.month);
  const trailing: TargetMonth[] = [];
  for (let k = 11; k >= 0; k--) {
    const m = addMonths(input.month, -k);
    trailing.push({
      month: m,
      networkingMinutes: minutesOf(m),
      targetMinutes: target,
      state: stateOf(m, minutesOf(m), target, current),
    });
  }
  let streak = 0;
  let m = input.month > current ? current : input.month;
  if (minutesOf(m) < target && m === current) m = addMonths(m, -1);
  const limit = input.streakMonths ?? 120;
  while (streak < limit && minutesOf(m) >= target) {
    streak++;
    m = addMonths(m, -1);
  }
  let pace: TargetPace | null = null;
  if (input.month === current) {
    const [y, mo] = input.month.split('-').map(Number) as [number, number];
    const days = daysInMonth(y, mo);
    // Today counts as elapsed: the figure is meant for planning the rest of the month.
    const elapsed = Number(input.today.slice(8, 10));
    const projected = Math.round((networkingMinutes / elapsed) * days);
    pace = {
      elapsedDays: elapsed,
      daysInMonth: days,
      projectedMinutes: projected,
      onTrack: projected >= target,
    };
  }
  return {
    month: input.month,
    targetMinutes: target,
    networkingMinutes,
    progress: target === 0 ? 1 : networkingMinutes / target,
    met: networkingMinutes >= target,
    remainingMinutes: Math.max(0, target - networkingMinutes),
    pace,
    trailing,
    streak,
    unjudged: input.unjudged,
  };
}
