import { invalid } from './errors.ts';

/** Wall-clock fields in some time zone. Months are 1-based. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Creating an Intl.DateTimeFormat costs far more than using one, so keep one per zone.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows this IANA zone name. */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** A known zone in its canonical IANA spelling (`europe/lisbon` → `Europe/Lisbon`), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  const t = name.trim();
  if (!isTimeZone(t)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The known zone whose name is closest to an unknown one, when one is close enough to suggest. */
export function suggestTimeZone(name: string): string | undefined {
  const wanted = name.trim().toLowerCase().replace(/\s+/g, '_');
  if (wanted === '' || wanted.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4)) + 1;
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const lower = zone.toLowerCase();
    const d = lower.endsWith(`/${wanted}`) ? 0 : editDistance(wanted, lower);
    if (d < bestDistance) {
      best = zone;
      bestDistance = d;
    }
  }
  return best;
}

/** Throws an input error naming the field unless `name` is a known IANA zone. */
export function assertTimeZone(name: string, field = 'timeZone'): string {
  if (!isTimeZone(name))
    throw invalid(field, `"${name}" is not a known time zone (use a name like Europe/Berlin).`);
  return name;
}

const weekdayIndex: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Wall-clock fields of an instant in a zone; `weekday` is ISO (Monday 1 … Sunday 7). */
export function utcToZoned(
  instant: Date | number,
  timeZone: string,
): Required<LocalDateTime> & { weekday: number } {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        out.year = Number(p.value);
        break;
      case 'month':
        out.month = Number(p.value);
        break;
      case 'day':
        out.day = Number(p.value);
        break;
      case 'hour':
        out.hour = Number(p.value);
        break;
      case 'minute':
        out.minute = Number(p.value);
        break;
      case 'second':
        out.second = Number(p.value);
        break;
      case 'weekday':
        out.weekday = weekdayIndex[p.value] ?? 0;
        break;
    }
  }
  return out;
}

function wallMs(l: LocalDateTime): number {
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second ?? 0);
}

/** Offset of the zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallMs(utcToZoned(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time names in a zone. Follows RFC 5545: a time inside a DST gap moves
 * forward by the length of the gap; a time in the repeated hour means its first occurrence.
 */
export function zonedToUtc(local: LocalDateTime, timeZone: string): Date {
  const target = wallMs(local);
  const day = 86_400_000;
  const before = offsetAt(target - day, timeZone);
  const after = offsetAt(target + day, timeZone);
  const candidates = [target - before, target - after].filter((t) => t + offsetAt(t, timeZone) === target);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: read the wall time with the offset in force before the change, which lands after it.
  return new Date(target - before);
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(instant: Date | number, timeZone: string): string {
  const z = utcToZoned(instant, timeZone);
  return formatDate(z.year, z.month, z.day);
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses a strict `YYYY-MM-DD` calendar date, rejecting impossible days. */
export function parseDate(text: string, field = 'date'): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw invalid(field, `"${text}" is not a date; write it as YYYY-MM-DD.`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(field, `"${text}" is not a real calendar date.`);
  }
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The instant a local calendar day starts in a zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const { year, month, day } = parseDate(date);
  return zonedToUtc({ year, month, day, hour: 0, minute: 0 }, timeZone);
}
