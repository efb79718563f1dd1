/** Minutes as people read them: `45m`, `2h`, `3h 20m`. */
export function minutes(total: number): string {
  const m = Math.round(total);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0 ? `${h}h` : `${h}h ${rest}m`;
}

/** Minutes as a duration field takes them: `45m`, `2h`, `1h30`. */
export function durationText(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}

/** Hours with one decimal for axes and compact figures: `4.5h`. */
export function hours(total: number): string {
  const h = total / 60;
  return `${h >= 10 || Number.isInteger(h) ? Math.round(h) : h.toFixed(1)}h`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03` → `Mar`, or `Mar 2026` with the year. */
export function monthLabel(month: string, withYear = false): string {
  const [y, m] = month.split('-');
  const name = monthNames[Number(m) - 1] ?? month;
  return withYear ? `${name} ${y}` : name;
}

/** `2026-03-05` → `5 Mar 2026` (or without the year when it is the current one). */
export function dateLabel(date: string, currentYear?: string): string {
  const [y, m, d] = date.split('-');
  const name = monthNames[Number(m) - 1] ?? '';
  return `${Number(d)} ${name}${y === currentYear ? '' : ` ${y}`}`;
}

/** A date whose year may be unknown (a birthday, an anniversary): `15 Jun 1930`, or `15 Jun`. */
export function partialDateLabel(d: { year?: number; month: number; day: number }): string {
  const name = monthNames[d.month - 1] ?? '';
  return d.year === undefined ? `${d.day} ${name}` : `${d.day} ${name} ${d.year}`;
}

/** Where a fact came from, as the person page says it. */
export function sourceLabel(source: string): string {
  if (source === 'manual') return 'added by you';
  if (source === 'demo') return 'demo data';
  if (source.startsWith('import:')) return `import #${source.slice(7)}`;
  return source;
}

/** The local calendar date and time in a zone, as `YYYY-MM-DD` and `HH:MM`. */
export function zonedNow(
  timeZone: string,
  now = new Date(),
): { date: string; time: string; day: number; month: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  return { date, time: `${get('hour')}:${get('minute')}`, day: Number(get('day')), month: date.slice(0, 7) };
}

/** `YYYY-MM` shifted by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export const channelLabels: Record<string, string> = {
  in_person: 'In person',
  call: 'Call',
  video: 'Video',
  message: 'Message',
  event: 'Event',
};
