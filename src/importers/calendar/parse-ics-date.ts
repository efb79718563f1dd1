/** A DATE or DATE-TIME value: wall-clock milliseconds (as if UTC), whether it is a date, and whether it ended in Z. */
export interface IcsDate {
  ms: number;
  isDate: boolean;
  utc: boolean;
}

/** Parses `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `…Z`; undefined for anything else or an impossible date. */
export function parseIcsDate(raw: string): IcsDate | undefined {
  // Hand-rolled rather than a regular expression: every DTSTART, DTEND and EXDATE of a file comes through here.
  const text = raw.length === 8 || raw.length === 15 || raw.length === 16 ? raw : raw.trim();
  const length = text.length;
  if (length !== 8 && length !== 15 && length !== 16 && length !== 13 && length !== 14) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  const isDate = length === 8;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let utc = false;
  if (!isDate) {
    if (text.charCodeAt(8) !== 0x54 /* T */) return undefined;
    hour = digits(text, 9, 2);
    minute = digits(text, 11, 2);
    // Seconds may be missing (seen in the wild); a leap second (60) is read as the last second of the minute.
    const withSeconds = length === 15 || length === 16;
    second = withSeconds ? Math.min(59, digits(text, 13, 2)) : 0;
    const zoneAt = withSeconds ? 15 : 13;
    if (length === zoneAt + 1) {
      if (text.charCodeAt(zoneAt) !== 0x5a /* Z */) return undefined;
      utc = true;
    }
  }
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0
  ) {
    return undefined;
  }
  const ms =
    year >= 100
      ? Date.UTC(year, month - 1, day, hour, minute, second)
      : new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000;
  return { ms, isDate, utc };
}

/** The number written by `count` ASCII digits at `from`, or -1 when any of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A DURATION: whole days (nominal, kept in wall-clock time across DST) plus exact milliseconds. */
export interface IcsDuration {
  days: number;
  ms: number;
}

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses an RFC 5545 DURATION such as `PT1H30M`, `P1D`, `-P2W`; undefined when malformed. */
export function parseIcsDuration(raw: string): IcsDuration | undefined {
  const text = raw.trim();
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  const days = Number(match[2] ?? 0) * 7 + Number(match[3] ?? 0);
  const ms = (Number(match[4] ?? 0) * 3600 + Number(match[5] ?? 0) * 60 + Number(match[6] ?? 0)) * 1000;
  return { days: sign * days, ms: sign * ms };
}
