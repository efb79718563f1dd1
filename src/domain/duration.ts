import { invalid } from './errors.ts';

/** The longest single entry we accept: a whole day. Longer time is logged as several entries. */
export const maxEntryMinutes = 24 * 60;

const durationPattern = /^(?:(\d+(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes?)?)?$/i;

/**
 * Parses a duration as people type it: `90m`, `90`, `1h30`, `1h 30m`, `2h`, `1.5h`, `1:30`.
 * Returns whole minutes; rejects zero, negatives and more than a day.
 */
export function parseDuration(text: string, field = 'duration'): number {
  const raw = text.trim();
  let minutes: number | undefined;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(raw);
  if (clock) {
    minutes = Number(clock[1]) * 60 + Number(clock[2]);
  } else if (raw !== '') {
    const match = durationPattern.exec(raw);
    if (match && (match[1] !== undefined || match[2] !== undefined)) {
      const hours = match[1] === undefined ? 0 : Number(match[1].replace(',', '.'));
      const rest = match[2] === undefined ? 0 : Number(match[2]);
      if (match[1] !== undefined && rest > 59) {
        throw invalid(
          field,
          `"${text}" has ${rest} minutes after the hours; minutes after hours run from 0 to 59 (write 2h01 for two hours and a minute).`,
        );
      }
      // "1h30" means 1 h 30 min; a bare trailing number after hours is minutes.
      minutes = Math.round(hours * 60) + rest;
    }
  }
  if (minutes === undefined && /^-\s*\d/.test(raw)) {
    throw invalid(field, `"${text}" is negative; a duration must be longer than zero minutes.`);
  }
  if (minutes === undefined || !Number.isFinite(minutes)) {
    throw invalid(field, `"${text}" is not a duration; write it like 45m, 1h30 or 2h.`);
  }
  if (minutes <= 0) throw invalid(field, `"${text}" must be longer than zero minutes.`);
  if (minutes > maxEntryMinutes) {
    throw invalid(
      field,
      `"${text}" is longer than a day (${maxEntryMinutes} minutes); log it as several entries.`,
    );
  }
  return minutes;
}

/** Formats minutes the way the CLI shows them: `45m`, `2h`, `1h30`. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(Math.round(minutes));
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours === 0) return `${sign}${rest}m`;
  if (rest === 0) return `${sign}${hours}h`;
  return `${sign}${hours}h${String(rest).padStart(2, '0')}`;
}
