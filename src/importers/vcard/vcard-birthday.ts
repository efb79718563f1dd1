import type { Birthday } from '../contact-record.ts';

/** Apple writes this year (with `X-APPLE-OMIT-YEAR=1604`) when the year is unknown. */
const APPLE_NO_YEAR = 1604;

function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) {
    // Without a year, Feb 29 is a real birthday.
    if (year === undefined) return 29;
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * Reads a vCard birthday: `1985-04-12`, `19850412`, `--0412`, `--04-12`, with or without a time part.
 * `omitYear` is Apple's `X-APPLE-OMIT-YEAR` parameter; year 1604 and year 0 also mean "unknown".
 */
export function parseVcardBirthday(value: string, omitYear?: string): Birthday | undefined {
  let text = value.trim();
  const time = text.indexOf('T');
  if (time >= 0) text = text.slice(0, time);
  let year: number | undefined;
  let rest: string;
  if (text.startsWith('--')) {
    rest = text.slice(2);
  } else {
    year = digits(text, 0, 4);
    if (year < 0 || text.length < 8) return undefined;
    rest = text.charCodeAt(4) === 45 ? text.slice(5) : text.slice(4);
  }
  let month: number;
  let day: number;
  if (rest.length === 4) {
    month = digits(rest, 0, 2);
    day = digits(rest, 2, 2);
  } else if (rest.length === 5 && rest.charCodeAt(2) === 45) {
    month = digits(rest, 0, 2);
    day = digits(rest, 3, 2);
  } else {
    return undefined;
  }
  if (year !== undefined && (year === 0 || year === APPLE_NO_YEAR || String(year) === omitYear?.trim())) {
    year = undefined;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) return undefined;
  return year === undefined ? { month, day } : { year, month, day };
}
