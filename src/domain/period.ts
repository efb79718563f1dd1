import { invalid } from './errors.ts';
import { addDays, daysInMonth, formatDate, localDateOf, parseDate } from './zoned-time.ts';

/** An inclusive range of local calendar days. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw invalid('month', `"${month}" is not a month; write YYYY-MM.`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  return { from: formatDate(year, mon, 1), to: formatDate(year, mon, daysInMonth(year, mon)), label: month };
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The current month in the owner's zone, or the trailing `months` months ending with it. */
export function trailingMonths(now: Date, timeZone: string, months: number): Period {
  const current = monthOf(localDateOf(now, timeZone));
  const first = addMonths(current, -(months - 1));
  return {
    from: monthPeriod(first).from,
    to: monthPeriod(current).to,
    label: months === 1 ? current : `${first} – ${current}`,
  };
}

export function customPeriod(from: string, to: string): Period {
  parseDate(from, 'from');
  parseDate(to, 'to');
  if (from > to) throw invalid('to', `${to} is before ${from}.`);
  return { from, to, label: `${from} – ${to}` };
}

export function dayCount(p: Pick<Period, 'from' | 'to'>): number {
  const a = parseDate(p.from);
  const b = parseDate(p.to);
  return (
    Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1
  );
}

/**
 * Splits a day range into the whole months inside it and the partial spans at its edges, so totals
 * can come from monthly rollups for the months and from entries only for the edges.
 */
export function splitByMonths(
  from: string,
  to: string,
): { months: { first: string; last: string } | null; edges: { from: string; to: string }[] } {
  let firstFull = monthOf(from);
  if (monthPeriod(firstFull).from !== from) firstFull = addMonths(firstFull, 1);
  let lastFull = monthOf(to);
  if (monthPeriod(lastFull).to !== to) lastFull = addMonths(lastFull, -1);
  if (firstFull > lastFull) return { months: null, edges: [{ from, to }] };
  const edges: { from: string; to: string }[] = [];
  const startFull = monthPeriod(firstFull).from;
  if (from < startFull) edges.push({ from, to: addDays(startFull, -1) });
  const endFull = monthPeriod(lastFull).to;
  if (to > endFull) edges.push({ from: addDays(endFull, 1), to });
  return { months: { first: firstFull, last: lastFull }, edges };
}

/** How many whole months a period spans, counting partial months by their share of days. */
export function monthEquivalents(p: Pick<Period, 'from' | 'to'>): number {
  const { months, edges } = splitByMonths(p.from, p.to);
  let n = 0;
  if (months) {
    const [fy, fm] = months.first.split('-').map(Number) as [number, number];
    const [ly, lm] = months.last.split('-').map(Number) as [number, number];
    n += (ly - fy) * 12 + (lm - fm) + 1;
  }
  for (const e of edges) {
    // An edge may span two months when the range is shorter than a month but crosses a boundary.
    let day = e.from;
    while (day <= e.to) {
      const { year, month } = parseDate(day);
      n += 1 / daysInMonth(year, month);
      day = addDays(day, 1);
    }
  }
  return n;
}
