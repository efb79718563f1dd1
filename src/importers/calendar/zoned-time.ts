/** Wall-clock fields of a moment in some time zone; month is 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A time zone as a function from a UTC instant to its offset; IANA zones and file-defined VTIMEZONEs both fit. */
export interface ZoneOffsets {
  readonly id: string;
  /** Offset (local minus UTC) in milliseconds at the given UTC instant. */
  offsetMs(utcMs: number): number;
  /**
   * The offset when it holds through the whole UTC day before, of and after the day of `localMs`
   * (so that no wall time of that day is near a transition); undefined otherwise or when unknown.
   */
  steadyOffsetMs?(localMs: number): number | undefined;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** An IANA zone backed by one cached Intl formatter, with offsets cached per UTC day that has no transition. */
class IanaZone implements ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly dayOffsets = new Map<number, number>();
  /** Offsets at the start of UTC days, each asked of the formatter once: one day's end is the next one's start. */
  private readonly dayStartOffsets = new Map<number, number>();
  private readonly transitionDays = new Set<number>();
  private readonly hourOffsets = new Map<number, number>();
  /** steadyOffsetMs by day; NaN for a day near a transition. */
  private readonly steadyDays = new Map<number, number>();

  constructor(readonly id: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  offsetMs(utcMs: number): number {
    const day = Math.floor(utcMs / DAY_MS);
    const cached = this.dayOffsets.get(day);
    if (cached !== undefined) return cached;
    if (this.transitionDays.has(day)) return this.hourOffset(utcMs);
    const first = this.dayStartOffset(day);
    // Days without a transition are cached whole; transition days are cached per hour that has none
    // (a transition at midnight marks the day before too, whose hours then all hold one offset).
    if (first === this.dayStartOffset(day + 1)) {
      this.dayOffsets.set(day, first);
      return first;
    }
    this.transitionDays.add(day);
    return this.hourOffset(utcMs);
  }

  steadyOffsetMs(localMs: number): number | undefined {
    const day = Math.floor(localMs / DAY_MS);
    let steady = this.steadyDays.get(day);
    if (steady === undefined) {
      const offset = this.offsetMs(day * DAY_MS);
      // A day is cached whole only when it has no transition.
      const calm =
        this.offsetMs((day - 1) * DAY_MS) === offset &&
        this.offsetMs((day + 1) * DAY_MS) === offset &&
        this.dayOffsets.has(day - 1) &&
        this.dayOffsets.has(day) &&
        this.dayOffsets.has(day + 1);
      steady = calm ? offset : Number.NaN;
      this.steadyDays.set(day, steady);
    }
    return Number.isNaN(steady) ? undefined : steady;
  }

  private dayStartOffset(day: number): number {
    let offset = this.dayStartOffsets.get(day);
    if (offset === undefined) {
      offset = this.rawOffset(day * DAY_MS);
      this.dayStartOffsets.set(day, offset);
    }
    return offset;
  }

  private hourOffset(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    const cached = this.hourOffsets.get(hour);
    if (cached !== undefined) return cached;
    const first = this.rawOffset(hour * HOUR_MS);
    if (first !== this.rawOffset(hour * HOUR_MS + HOUR_MS - 1000)) return this.rawOffset(utcMs);
    this.hourOffsets.set(hour, first);
    return first;
  }

  private rawOffset(utcMs: number): number {
    const whole = Math.floor(utcMs / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of this.format.formatToParts(whole)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value) % 24;
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
        case 'era':
          bc = part.value.startsWith('B');
          break;
      }
    }
    if (bc) year = 1 - year;
    return utcFields(year, month, day, hour, minute, second) - whole;
  }
}

/** Date.UTC without its two-digit-year quirk. */
function utcFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

const ianaZones = new Map<string, IanaZone | null>();

/** The IANA zone of that name, or undefined when Intl does not know it; cached because formatters are slow to build. */
export function ianaZone(name: string): ZoneOffsets | undefined {
  const known = ianaZones.get(name);
  if (known !== undefined) return known ?? undefined;
  let zone: IanaZone | null = null;
  try {
    zone = new IanaZone(name);
  } catch {
    zone = null;
  }
  ianaZones.set(name, zone);
  return zone ?? undefined;
}

function requireZone(timeZone: string): ZoneOffsets {
  const zone = ianaZone(timeZone);
  if (!zone) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return zone;
}

/** Wall-clock fields expressed as if they were UTC, the form recurrence arithmetic works in. */
export function localToMs(local: LocalDateTime): number {
  return utcFields(local.year, local.month, local.day, local.hour, local.minute, local.second);
}

/**
 * The UTC instant of a wall-clock time (as local milliseconds) in a zone, per RFC 5545:
 * a time inside a gap moves forward by the gap length, a repeated time means its first occurrence.
 */
export function zonedToUtcMs(localMs: number, zone: ZoneOffsets): number {
  // Far from a transition every candidate below has the same offset, so the answer is plain.
  const steady = zone.steadyOffsetMs?.(localMs);
  if (steady !== undefined) return localMs - steady;
  // At most one transition lies within a day of any instant, so the offsets a day either side are the candidates.
  const before = zone.offsetMs(localMs - DAY_MS);
  const after = zone.offsetMs(localMs + DAY_MS);
  const early = localMs - before;
  const earlyValid = zone.offsetMs(early) === before;
  if (before === after) {
    if (earlyValid) return early;
    // Two transitions within two days are unheard of; fall back to the offset at the naive instant.
    return localMs - zone.offsetMs(localMs - before);
  }
  const late = localMs - after;
  const lateValid = zone.offsetMs(late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In the gap: reading the wall time with the offset from before the gap moves it forward by the gap length.
  return early;
}

/** The UTC instant of a wall-clock time in an IANA zone (gap → forward by the gap, repeated hour → first). */
export function zonedToUtc(local: LocalDateTime, timeZone: string): Date {
  return new Date(zonedToUtcMs(localToMs(local), requireZone(timeZone)));
}

/** Wall-clock fields of an instant in an IANA zone; weekday 0 = Sunday. */
export function utcToZoned(instant: Date, timeZone: string): LocalDateTime & { weekday: number } {
  const zone = requireZone(timeZone);
  const local = new Date(instant.getTime() + zone.offsetMs(instant.getTime()));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const zone = requireZone(timeZone);
  return isoDate(instant.getTime() + zone.offsetMs(instant.getTime()));
}

/** Dates already written, by day number: a calendar names the same few thousand days over and over. */
const isoDates = new Map<number, string>();
const isoDatesLimit = 50_000;

/** YYYY-MM-DD of local milliseconds. */
export function isoDate(localMs: number): string {
  const day = Math.floor(localMs / DAY_MS);
  let text = isoDates.get(day);
  if (text === undefined) {
    text = writeIsoDate(day * DAY_MS);
    if (isoDates.size >= isoDatesLimit) isoDates.clear();
    isoDates.set(day, text);
  }
  return text;
}

/** The first instant of the year 10000, past which toISOString writes six-digit years. */
const lastIsoMs = 253_402_300_800_000;
const MINUTE_MS = 60_000;
/** `THH:MM:00.000Z` by minute of the day, written as first needed. */
const isoMinutes: (string | undefined)[] = [];

/**
 * What `new Date(utcMs).toISOString()` writes. Starts and ends nearly always fall on a whole
 * minute: those are put together from a cached date and a cached time of day, which costs far
 * less than formatting a Date.
 */
export function isoInstant(utcMs: number): string {
  const day = Math.floor(utcMs / DAY_MS);
  const time = utcMs - day * DAY_MS;
  if (utcMs < 0 || utcMs >= lastIsoMs || time % MINUTE_MS !== 0) return new Date(utcMs).toISOString();
  const minute = time / MINUTE_MS;
  let clock = isoMinutes[minute];
  if (clock === undefined) {
    const hour = Math.floor(minute / 60);
    const rest = minute % 60;
    clock = `T${hour < 10 ? '0' : ''}${hour}:${rest < 10 ? '0' : ''}${rest}:00.000Z`;
    isoMinutes[minute] = clock;
  }
  return isoDate(utcMs) + clock;
}

function writeIsoDate(localMs: number): string {
  const date = new Date(localMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
