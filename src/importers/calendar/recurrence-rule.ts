import { daysInMonth, isLeapYear, parseIcsDate } from './parse-ics-date.ts';
import type { IcsDate } from './parse-ics-date.ts';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** One BYDAY entry: weekday 0 = Sunday … 6 = Saturday, `n` the ordinal (0 = every such weekday). */
export interface ByDay {
  n: number;
  weekday: number;
}

/** A parsed RRULE, limited to what calendar exports use. */
export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: IcsDate;
  byDay?: ByDay[];
  byMonthDay?: number[];
  byMonth?: number[];
  byYearDay?: number[];
  bySetPos?: number[];
  /** Week start, 0 = Sunday; RFC default Monday. */
  wkst: number;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const FREQUENCIES: readonly string[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** Parses an RRULE value; returns a message instead when it is malformed or uses parts we cannot honour. */
export function parseRecurrenceRule(text: string): RecurrenceRule | string {
  const rule: Partial<RecurrenceRule> & { wkst: number; interval: number } = { wkst: 1, interval: 1 };
  for (const part of text.trim().split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) return `malformed RRULE part "${part}"`;
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    switch (key) {
      case 'FREQ':
        if (!FREQUENCIES.includes(value)) return `unsupported FREQ=${value}`;
        rule.freq = value as Frequency;
        break;
      case 'INTERVAL': {
        const interval = Number(value);
        if (!Number.isInteger(interval) || interval < 1) return `bad INTERVAL=${value}`;
        rule.interval = interval;
        break;
      }
      case 'COUNT': {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 0) return `bad COUNT=${value}`;
        rule.count = count;
        break;
      }
      case 'UNTIL': {
        const until = parseIcsDate(value);
        if (!until) return `bad UNTIL=${value}`;
        rule.until = until;
        break;
      }
      case 'WKST': {
        const weekday = WEEKDAYS.indexOf(value);
        if (weekday < 0) return `bad WKST=${value}`;
        rule.wkst = weekday;
        break;
      }
      case 'BYDAY': {
        const days: ByDay[] = [];
        for (const item of value.split(',')) {
          const match = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(item.trim());
          if (!match) return `bad BYDAY=${value}`;
          days.push({ n: Number(match[1] ?? 0), weekday: WEEKDAYS.indexOf(match[2] ?? '') });
        }
        rule.byDay = days;
        break;
      }
      case 'BYMONTHDAY':
      case 'BYMONTH':
      case 'BYYEARDAY':
      case 'BYSETPOS': {
        const numbers = value.split(',').map(Number);
        const limit = key === 'BYMONTH' ? 12 : key === 'BYMONTHDAY' ? 31 : 366;
        const ok = numbers.every(
          (n) => Number.isInteger(n) && n !== 0 && Math.abs(n) <= limit && (key !== 'BYMONTH' || n > 0),
        );
        if (!ok) return `bad ${key}=${value}`;
        if (key === 'BYMONTHDAY') rule.byMonthDay = numbers;
        else if (key === 'BYMONTH') rule.byMonth = numbers;
        else if (key === 'BYYEARDAY') rule.byYearDay = numbers;
        else rule.bySetPos = numbers;
        break;
      }
      case 'BYHOUR':
      case 'BYMINUTE':
      case 'BYSECOND':
      case 'BYWEEKNO':
        return `unsupported RRULE part ${key}`;
      default:
        // X- parts and unknown future parts do not change which days occur.
        break;
    }
  }
  if (!rule.freq) return 'RRULE without FREQ';
  return rule as RecurrenceRule;
}

/** Where to look: occurrences after `toLocalMs` are not produced; before `fromLocalMs` may be skipped (no COUNT). */
export interface ExpansionWindow {
  fromLocalMs?: number;
  toLocalMs: number;
  /** True when the occurrence (wall-clock ms) lies after UNTIL; the caller knows the zone UNTIL is compared in. */
  isPastUntil?: (localMs: number) => boolean;
}

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number (days since 1970-01-01) of a date. */
function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}

/**
 * Yields the wall-clock starts (ms, as if UTC) of a recurring series in order: DTSTART first, then
 * every date the rule produces, honouring COUNT and UNTIL, stopping at the window end.
 */
export function* expandRecurrence(
  startLocalMs: number,
  rule: RecurrenceRule,
  window: ExpansionWindow,
): Generator<number> {
  const startDay = Math.floor(startLocalMs / DAY_MS);
  const timeOfDay = startLocalMs - startDay * DAY_MS;
  const start = new Date(startDay * DAY_MS);
  const startYear = start.getUTCFullYear();
  const startMonth = start.getUTCMonth() + 1;
  const startDom = start.getUTCDate();
  const freq = rule.freq;
  let byDay = rule.byDay;
  let byMonth = rule.byMonth;
  let byMonthDay = rule.byMonthDay;
  // Without any day-selecting part the series repeats DTSTART's own day, month and weekday.
  if (!rule.byYearDay && !byMonthDay && !byDay) {
    if (freq === 'YEARLY') {
      byMonth ??= [startMonth];
      byMonthDay = [startDom];
    } else if (freq === 'MONTHLY') {
      byMonthDay = [startDom];
    } else if (freq === 'WEEKLY') {
      byDay = [{ n: 0, weekday: weekdayOf(startDay) }];
    }
  }
  const ordinalsByMonth = freq === 'MONTHLY' || (freq === 'YEARLY' && byMonth !== undefined);
  const useOrdinals = freq === 'MONTHLY' || freq === 'YEARLY';

  const matches = (day: number, year: number, month: number, dom: number, dim: number): boolean => {
    if (byMonth && !byMonth.includes(month)) return false;
    if (byMonthDay && !byMonthDay.some((d) => (d > 0 ? d === dom : dim + 1 + d === dom))) return false;
    if (rule.byYearDay) {
      const doy = day - dayNumber(year, 1, 1) + 1;
      const diy = isLeapYear(year) ? 366 : 365;
      if (!rule.byYearDay.some((d) => (d > 0 ? d === doy : diy + 1 + d === doy))) return false;
    }
    if (byDay) {
      const weekday = weekdayOf(day);
      let nth = 0;
      let nthFromEnd = 0;
      if (useOrdinals) {
        if (ordinalsByMonth) {
          nth = Math.floor((dom - 1) / 7) + 1;
          nthFromEnd = -(Math.floor((dim - dom) / 7) + 1);
        } else {
          const doy = day - dayNumber(year, 1, 1) + 1;
          const diy = isLeapYear(year) ? 366 : 365;
          nth = Math.floor((doy - 1) / 7) + 1;
          nthFromEnd = -(Math.floor((diy - doy) / 7) + 1);
        }
      }
      const hit = byDay.some(
        (entry) =>
          entry.weekday === weekday &&
          (entry.n === 0 || !useOrdinals || entry.n === nth || entry.n === nthFromEnd),
      );
      if (!hit) return false;
    }
    return true;
  };

  /** Candidate days of one period, in order, before BYSETPOS. */
  const daysOf = (firstDay: number, length: number): number[] => {
    const out: number[] = [];
    const date = new Date(firstDay * DAY_MS);
    let year = date.getUTCFullYear();
    let month = date.getUTCMonth() + 1;
    let dom = date.getUTCDate();
    let dim = daysInMonth(year, month);
    for (let day = firstDay; day < firstDay + length; day++) {
      if (matches(day, year, month, dom, dim)) out.push(day);
      dom += 1;
      if (dom > dim) {
        dom = 1;
        month += 1;
        if (month > 12) {
          month = 1;
          year += 1;
        }
        dim = daysInMonth(year, month);
      }
    }
    return out;
  };

  const selectSetPos = (days: number[]): number[] => {
    if (!rule.bySetPos) return days;
    const picked = new Set<number>();
    for (const pos of rule.bySetPos) {
      const day = pos > 0 ? days[pos - 1] : days[days.length + pos];
      if (day !== undefined) picked.add(day);
    }
    return [...picked].sort((a, b) => a - b);
  };

  // A rule that picks days by weekday alone (or every day) picks the same ones in every period:
  // their offsets from the period's first day are worked out once instead of testing each day.
  const plain = !byMonth && !byMonthDay && !rule.byYearDay && !rule.bySetPos;
  let offsets: number[] | undefined;
  if (plain && freq === 'DAILY' && !byDay) offsets = [0];
  else if (plain && freq === 'WEEKLY' && byDay) {
    // Every week starts on WKST; BYDAY ordinals mean nothing in a weekly rule.
    const chosen = new Set(byDay.map((entry) => (entry.weekday - rule.wkst + 7) % 7));
    offsets = [...chosen].sort((a, b) => a - b);
  }
  const candidates = (firstDay: number, length: number): number[] =>
    offsets ? offsets.map((offset) => firstDay + offset) : selectSetPos(daysOf(firstDay, length));

  const maxCount = rule.count ?? Infinity;
  let produced = 0;
  const emit = (localMs: number): 'ok' | 'stop' => {
    if (produced >= maxCount || localMs > window.toLocalMs) return 'stop';
    if (window.isPastUntil?.(localMs)) return 'stop';
    produced += 1;
    return 'ok';
  };

  // Skipping ahead is only exact when nothing needs counting from DTSTART.
  const skipTo =
    rule.count === undefined && window.fromLocalMs !== undefined ? window.fromLocalMs : undefined;
  if (skipTo === undefined || startLocalMs >= skipTo) {
    if (emit(startLocalMs) === 'stop') return;
    yield startLocalMs;
  }

  const interval = rule.interval;
  const skipDay = skipTo === undefined ? startDay : Math.floor(skipTo / DAY_MS);
  let k = 0;
  if (skipDay > startDay) {
    const gap = skipDay - startDay;
    if (freq === 'DAILY') k = Math.floor(gap / interval);
    else if (freq === 'WEEKLY') k = Math.floor(gap / 7 / interval) - 1;
    else if (freq === 'MONTHLY') k = Math.floor(Math.floor(gap / 31) / interval) - 1;
    else k = Math.floor(Math.floor(gap / 366) / interval) - 1;
    k = Math.max(0, k);
  }
  const weekStart = startDay - ((weekdayOf(startDay) - rule.wkst + 7) % 7);
  for (; ; k++) {
    let firstDay: number;
    let length: number;
    if (freq === 'DAILY') {
      firstDay = startDay + k * interval;
      length = 1;
    } else if (freq === 'WEEKLY') {
      firstDay = weekStart + k * 7 * interval;
      length = 7;
    } else if (freq === 'MONTHLY') {
      const index = startYear * 12 + (startMonth - 1) + k * interval;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      firstDay = dayNumber(year, month, 1);
      length = daysInMonth(year, month);
    } else {
      const year = startYear + k * interval;
      firstDay = dayNumber(year, 1, 1);
      length = isLeapYear(year) ? 366 : 365;
    }
    if (firstDay * DAY_MS > window.toLocalMs) return;
    for (const day of candidates(firstDay, length)) {
      const localMs = day * DAY_MS + timeOfDay;
      if (localMs <= startLocalMs) continue;
      if (skipTo !== undefined && localMs < skipTo) continue;
      if (emit(localMs) === 'stop') return;
      yield localMs;
    }
  }
}
