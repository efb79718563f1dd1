import { invalid } from './errors.ts';
import { daysInMonth } from './zoned-time.ts';
import { isPlausibleYear, plausibleRange } from './field-limits.ts';

export interface Birthday {
  year?: number;
  month: number;
  day: number;
}

/** Reads `1985-04-12`, `--04-12`, `--0412` or `04-12` (year unknown). */
export function parseBirthday(text: string, field = 'birthday'): Birthday {
  const t = text.trim();
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const partial = /^(?:--)?(\d{2})-?(\d{2})$/.exec(t);
  let result: Birthday | undefined;
  if (full) result = { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) };
  else if (partial) result = { month: Number(partial[1]), day: Number(partial[2]) };
  if (!result)
    throw invalid(
      field,
      `"${text}" is not ${field === 'birthday' ? 'a birthday' : 'a date'}; write YYYY-MM-DD, or --MM-DD when the year is unknown.`,
    );
  // Feb 29 is valid without a year; check against a leap year then.
  const maxDay = result.month >= 1 && result.month <= 12 ? daysInMonth(result.year ?? 2000, result.month) : 0;
  if (result.day < 1 || result.day > maxDay) throw invalid(field, `"${text}" is not a real date.`);
  if (result.year !== undefined && !isPlausibleYear(result.year)) {
    throw invalid(field, `"${text}" has an implausible year; a birthday falls ${plausibleRange}.`);
  }
  return result;
}

export function formatBirthday(b: Birthday): string {
  const md = `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
  return b.year === undefined ? `--${md}` : `${b.year}-${md}`;
}
