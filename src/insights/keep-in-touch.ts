import type { Circle } from '../domain/vocabulary.ts';
import { defaultCadenceDays } from '../domain/vocabulary.ts';
import { addDays, localDateOf, parseDate } from '../domain/zoned-time.ts';
import type { PersonProfile } from '../store/insights-queries.ts';

/** How often to be in touch with someone: their own cadence, else their circle's; null means never. */
export function cadenceOf(
  p: Pick<PersonProfile, 'cadenceDays' | 'circle'>,
): { days: number; source: 'person' | 'circle' } | null {
  if (p.cadenceDays !== null) return p.cadenceDays > 0 ? { days: p.cadenceDays, source: 'person' } : null;
  const fallback = defaultCadenceDays[p.circle];
  return fallback ? { days: fallback, source: 'circle' } : null;
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  const x = parseDate(a);
  const y = parseDate(b);
  return Math.round(
    (Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / 86_400_000,
  );
}

export interface TouchItem {
  id: number;
  name: string;
  circle: Circle;
  cadenceDays: number;
  cadenceSource: 'person' | 'circle';
  /** Last local day of a live entry with them; null when never. */
  lastDay: string | null;
  /** When contact is due: the last day plus the cadence, or (never in touch) the day they were added plus it. */
  dueDate: string;
  /** Days past due (0 when not yet due). */
  overdueDays: number;
}

export interface KeepInTouch {
  today: string;
  /** Most overdue first. */
  overdue: TouchItem[];
  /** Due from today to `today + horizonDays`, soonest first. */
  upcoming: TouchItem[];
  /** People with a cadence at all. */
  tracked: number;
}

/**
 * Day arithmetic remembered across people: creation times, last days and due dates repeat by the
 * thousand after an import, so each is worked out once per read.
 */
export class DayMemo {
  private readonly added = new Map<string, string>();
  private readonly due = new Map<string, string>();
  private readonly overdue = new Map<string, number>();

  constructor(
    private readonly today: string,
    private readonly timeZone: string,
  ) {}

  addedDay(createdAt: string): string {
    let day = this.added.get(createdAt);
    if (day === undefined) {
      day = localDateOf(new Date(createdAt), this.timeZone);
      this.added.set(createdAt, day);
    }
    return day;
  }

  dueDate(since: string, cadenceDays: number): string {
    const key = `${since}+${cadenceDays}`;
    let day = this.due.get(key);
    if (day === undefined) {
      day = addDays(since, cadenceDays);
      this.due.set(key, day);
    }
    return day;
  }

  overdueDays(dueDate: string): number {
    let days = this.overdue.get(dueDate);
    if (days === undefined) {
      days = Math.max(0, daysBetween(dueDate, this.today));
      this.overdue.set(dueDate, days);
    }
    return days;
  }
}

/** The due date of one person, or null when they have no cadence. */
export function touchItem(
  p: PersonProfile,
  today: string,
  timeZone: string,
  memo = new DayMemo(today, timeZone),
): TouchItem | null {
  const cadence = cadenceOf(p);
  if (!cadence) return null;
  const since = p.lastDay ?? memo.addedDay(p.createdAt);
  const dueDate = memo.dueDate(since, cadence.days);
  return {
    id: p.id,
    name: p.name,
    circle: p.circle,
    cadenceDays: cadence.days,
    cadenceSource: cadence.source,
    lastDay: p.lastDay,
    dueDate,
    overdueDays: memo.overdueDays(dueDate),
  };
}

/** Who is overdue and who comes due soon, from each person's cadence and last day in touch. */
export function keepInTouch(
  people: readonly PersonProfile[],
  today: string,
  timeZone: string,
  horizonDays: number,
): KeepInTouch {
  const overdue: TouchItem[] = [];
  const upcoming: TouchItem[] = [];
  const horizon = addDays(today, horizonDays);
  let tracked = 0;
  const memo = new DayMemo(today, timeZone);
  for (const p of people) {
    const item = touchItem(p, today, timeZone, memo);
    if (!item) continue;
    tracked++;
    if (item.dueDate < today) overdue.push(item);
    else if (item.dueDate <= horizon) upcoming.push(item);
  }
  overdue.sort((a, b) => b.overdueDays - a.overdueDays || a.name.localeCompare(b.name) || a.id - b.id);
  upcoming.sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.name.localeCompare(b.name) || a.id - b.id,
  );
  return { today, overdue, upcoming, tracked };
}
