import type { Birthday } from '../contact-record.ts';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A birthday if the parts form a real calendar date (Feb 29 only in leap years or without year). */
export function makeBirthday(year: number | undefined, month: number, day: number): Birthday | undefined {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1)
    return undefined;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0)) return undefined;
  if (year === undefined) return { month, day };
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return undefined;
  return { year, month, day };
}

function digits(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads ISO-style birthdays: `YYYY-MM-DD`, `--MM-DD` (year unknown), and their compact forms
 * `YYYYMMDD` / `--MMDD`. Returns undefined when the text is not one of them.
 */
export function parseIsoBirthday(raw: string): Birthday | undefined {
  const text = raw.trim();
  if (text.startsWith('--')) {
    const rest = text.slice(2).replace('-', '');
    if (rest.length !== 4) return undefined;
    const month = digits(rest.slice(0, 2));
    const day = digits(rest.slice(2));
    return month === undefined || day === undefined ? undefined : makeBirthday(undefined, month, day);
  }
  const compact = text.replaceAll('-', '');
  if (compact.length !== 8 || (text.length !== 8 && text.length !== 10)) return undefined;
  const year = digits(compact.slice(0, 4));
  const month = digits(compact.slice(4, 6));
  const day = digits(compact.slice(6));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  return makeBirthday(year, month, day);
}

/** Reads US-style `M/D/YYYY` dates as Outlook writes them; two-digit years pivot on the current year. */
export function parseUsDate(raw: string): Birthday | undefined {
  const parts = raw.trim().split('/');
  if (parts.length !== 3) return undefined;
  const month = digits(parts[0] ?? '');
  const day = digits(parts[1] ?? '');
  let year = digits(parts[2] ?? '');
  if (month === undefined || day === undefined || year === undefined) return undefined;
  if ((parts[2] ?? '').length === 2) {
    const century = new Date().getUTCFullYear() % 100;
    year += year > century ? 1900 : 2000;
  }
  return makeBirthday(year, month, day);
}

/** `YYYY-MM-DD` of a birthday that has a year. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The UTC calendar date of a Unix timestamp in seconds, or undefined if it is not one. */
export function unixSecondsToIsoDate(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}
