import { invalid } from './errors.ts';
import { assertPlausibleInstant, isPlausibleYear, plausibleRange } from './field-limits.ts';
import { addDays, localDateOf, parseDate, utcToZoned, zonedToUtc } from './zoned-time.ts';

const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function parseClock(text: string): { hour: number; minute: number } | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (m[2] === undefined && !half) return undefined; // a bare number is not a time of day
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/**
 * Reads when something happened, as people say it: `now`, `today 9:00`, `yesterday 12:30`,
 * `monday 18:00` (the most recent Monday), `3 days ago`, `2h ago`, `2026-03-01 14:00`, or an ISO
 * instant with an offset. Wall times are read in `timeZone`; a day without a time means noon.
 * Times outside the plausible years are refused, never moved into them.
 */
export function parseWhen(text: string, timeZone: string, now: Date, field = 'at'): Date {
  return assertPlausibleInstant(readWhen(text, timeZone, now, field), field, text);
}

function readWhen(text: string, timeZone: string, now: Date, field: string): Date {
  const raw = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const fail = () =>
    invalid(
      field,
      `"${text}" is not a time I can read; try "yesterday 12:30", "2026-03-01 14:00" or "2h ago".`,
    );
  if (raw === '') throw fail();
  if (raw === 'now') return new Date(now.getTime());

  const ago = /^(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s+ago$/.exec(raw);
  if (ago) {
    const n = Number(ago[1]);
    const unit = ago[2]!.charAt(0);
    const ms = unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : unit === 'd' ? 86_400_000 : 7 * 86_400_000;
    // So far back that no calendar reaches it: refused before any date is worked out.
    assertPlausibleInstant(new Date(now.getTime() - n * ms), field, text);
    if (unit === 'd' || unit === 'w') {
      // Calendar days keep the wall-clock time across DST changes.
      const l = utcToZoned(now, timeZone);
      const date = addDays(localDateOf(now, timeZone), -(unit === 'd' ? n : 7 * n));
      const d = parseDate(date);
      return zonedToUtc({ ...d, hour: l.hour, minute: l.minute }, timeZone);
    }
    return new Date(now.getTime() - n * ms);
  }

  // Absolute ISO instants with an offset or Z are taken as they are.
  if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/.test(raw)) {
    const d = new Date(text.trim());
    if (Number.isNaN(d.getTime())) throw fail();
    return d;
  }

  const [first = '', ...restParts] = raw.split(/[ t](?=\d)|\s/);
  const rest = restParts.join(' ');
  let date: string | undefined;
  const today = localDateOf(now, timeZone);
  if (first === 'today') date = today;
  else if (first === 'yesterday') date = addDays(today, -1);
  else if (first === 'tomorrow') date = addDays(today, 1);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(first)) {
    if (!isPlausibleYear(parseDate(first, field).year))
      throw invalid(field, `"${text}" is not a plausible time; entries must start ${plausibleRange}.`);
    date = first;
  } else {
    const name = first === 'last' ? (rest.split(' ')[0] ?? '') : first;
    const idx = weekdayNames.findIndex((w) => w === name || w.slice(0, 3) === name);
    if (idx >= 0) {
      const todayIso = utcToZoned(now, timeZone).weekday; // 1..7
      let back = (todayIso - (idx + 1) + 7) % 7;
      if (first === 'last' && back === 0) back = 7;
      date = addDays(today, -back);
    }
  }
  let clockText = rest;
  if (first === 'last') clockText = rest.split(' ').slice(1).join(' ');
  if (date === undefined) {
    // Only a time of day: today at that time.
    const clock = parseClock(raw);
    if (!clock) throw fail();
    return zonedToUtc({ ...parseDate(today), ...clock }, timeZone);
  }
  const clock = clockText === '' ? { hour: 12, minute: 0 } : parseClock(clockText);
  if (!clock) throw fail();
  return zonedToUtc({ ...parseDate(date, field), ...clock }, timeZone);
}
