import { Buffer } from 'node:buffer';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import type { CalendarAttendee, CalendarOccurrence, CalendarReadOptions } from './calendar-occurrence.ts';
import { parseIcsDate, parseIcsDuration } from './parse-ics-date.ts';
import type { IcsDate, IcsDuration } from './parse-ics-date.ts';
import {
  IcsParams,
  matchAt,
  nameAt,
  nameEnd,
  namesByLength,
  propertyName,
  unescapeText,
  valueStart,
} from './parse-property.ts';
import { maxLineBytes, readIcsLines } from './read-ics-lines.ts';
import type { IcsLineBatch } from './read-ics-lines.ts';
import { expandRecurrence, parseRecurrenceRule } from './recurrence-rule.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';
import { parseUtcOffset, vtimezoneZone } from './vtimezone-zone.ts';
import type { Observance } from './vtimezone-zone.ts';
import { windowsToIana } from './windows-zones.ts';
import { ianaZone, isoDate, isoInstant, zonedToUtcMs } from './zoned-time.ts';
import type { ZoneOffsets } from './zoned-time.ts';

/** One thing readCalendar found: an occurrence in the window, a problem, or something left out on purpose. */
export interface CalendarItem {
  occurrence?: CalendarOccurrence;
  error?: ParseIssue;
  skipped?: SkippedRecord;
}

/** The properties of a VEVENT the reader takes in. */
const EVENT_PROPERTIES = [
  'UID',
  'SUMMARY',
  'LOCATION',
  'DESCRIPTION',
  'STATUS',
  'TRANSP',
  'DTSTART',
  'DTEND',
  'DUE',
  'DURATION',
  'RRULE',
  'RDATE',
  'EXDATE',
  'RECURRENCE-ID',
  'ATTENDEE',
  'ORGANIZER',
];
/** Every property name any component is read for; lines with other names are passed over unparsed. */
const PROPERTY_NAMES = namesByLength([
  'BEGIN',
  'END',
  ...EVENT_PROPERTIES,
  'TZID',
  'X-LIC-LOCATION',
  'TZOFFSETFROM',
  'TZOFFSETTO',
]);
const COMPONENTS = namesByLength(['VCALENDAR', 'VEVENT', 'VALARM', 'VTIMEZONE', 'STANDARD', 'DAYLIGHT']);

/** The upper-cased, trimmed component name of a BEGIN or END line's value; the usual ones are found in place. */
function componentAt(text: string, from: number, end: number): string {
  return matchAt(text, from, COMPONENTS[end - from]) ?? text.slice(from, end).trim().toUpperCase();
}

/** Items of buffered series handed on together at the end of the file. */
const ROUND_ITEMS = 1000;

/** Distinct ATTENDEE and ORGANIZER lines remembered as read; past this many, the memory starts afresh. */
const ATTENDEE_LINES = 10_000;

const DAY_MS = 86_400_000;
const UTC_ZONE: ZoneOffsets = { id: 'UTC', offsetMs: () => 0 };

interface DateProp {
  date: IcsDate;
  tzid?: string;
  line: number;
}

interface RawAttendee {
  email: string;
  name?: string;
  partstat?: string;
  role?: string;
}

/** A VEVENT reduced to what occurrences need; this is what is buffered per UID until the end. */
interface RawEvent {
  line: number;
  uid?: string;
  summary?: string;
  location?: string;
  description?: string;
  status?: string;
  transparent: boolean;
  start?: DateProp;
  end?: DateProp;
  duration?: IcsDuration;
  hasRule: boolean;
  rule?: RecurrenceRule;
  rdates?: DateProp[];
  exdates?: DateProp[];
  recurrenceId?: DateProp;
  organizer?: RawAttendee;
  attendees: RawAttendee[];
  /** DTSTART was present but unreadable (already reported). */
  broken: boolean;
}

interface Clock {
  zone: ZoneOffsets;
  name: string;
}

interface Plan {
  event: RawEvent;
  uid: string;
  allDay: boolean;
  clock: Clock;
  startLocalMs: number;
  /** Whole days kept in wall-clock time, then exact milliseconds; for all-day events `days` is the span. */
  days: number;
  ms: number;
  attendees: CalendarAttendee[];
}

interface Series {
  master?: RawEvent;
  overrides: RawEvent[];
}

/** Resolves TZIDs: IANA names (also behind Apple's `/…/` prefixes), Windows names, then the file's own VTIMEZONEs. */
class ZoneBook {
  private readonly definitions = new Map<string, { observances: Observance[]; location?: string }>();
  private readonly resolved = new Map<string, Clock>();

  define(tzid: string, observances: Observance[], location?: string): void {
    this.definitions.set(tzid, location === undefined ? { observances } : { observances, location });
  }

  resolve(tzid: string): Clock | undefined {
    const known = this.resolved.get(tzid);
    if (known) return known;
    const clock = this.lookup(tzid);
    // Only successes are cached: a VTIMEZONE later in the file may still define an unknown TZID.
    if (clock) this.resolved.set(tzid, clock);
    return clock;
  }

  private lookup(tzid: string): Clock | undefined {
    const name = tzid.trim();
    const candidates = [name];
    if (name.startsWith('/')) {
      const parts = name.split('/').filter(Boolean);
      for (let i = 0; i < parts.length; i++) candidates.push(parts.slice(i).join('/'));
    }
    for (const candidate of candidates) {
      const zone = ianaZone(candidate);
      if (zone) return { zone, name: candidate };
    }
    const windows = windowsToIana(name);
    const windowsZone = windows === undefined ? undefined : ianaZone(windows);
    if (windows !== undefined && windowsZone) return { zone: windowsZone, name: windows };
    const definition = this.definitions.get(tzid) ?? this.definitions.get(name);
    if (!definition) return undefined;
    const located = definition.location === undefined ? undefined : ianaZone(definition.location);
    if (located && definition.location !== undefined) return { zone: located, name: definition.location };
    if (definition.observances.length === 0) return undefined;
    return { zone: vtimezoneZone(name, definition.observances), name };
  }
}

function dayOf(isoDay: string): number {
  const ms = Date.parse(`${isoDay}T00:00:00Z`);
  return ms;
}

/** Reads an ICS export and yields the occurrences whose start falls in the window (owner's dates), streaming. */
export async function* readCalendar(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CalendarReadOptions,
): AsyncGenerator<CalendarItem> {
  for await (const items of readCalendarRounds(chunks, options)) {
    for (const item of items) yield item;
  }
}

/**
 * What readCalendar yields, a round of items at a time (in the same order): a caller that takes
 * them in rounds saves an await per item.
 */
export async function* readCalendarRounds(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CalendarReadOptions,
): AsyncGenerator<CalendarItem[]> {
  const reader = new CalendarReader(options);
  for await (const lines of readIcsLines(chunks)) {
    const items = reader.take(lines);
    if (items.length > 0) yield items;
  }
  yield* reader.finish();
}

/** Reads a whole ICS file (bytes or text) into occurrences, errors and skipped records. */
export async function parseCalendar(
  input: Uint8Array | string,
  options: CalendarReadOptions,
): Promise<ParseResult<CalendarOccurrence>> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const result: ParseResult<CalendarOccurrence> = { records: [], errors: [], skipped: [] };
  for await (const item of readCalendar([bytes], options)) {
    if (item.occurrence) result.records.push(item.occurrence);
    if (item.error) result.errors.push(item.error);
    if (item.skipped) result.skipped.push(item.skipped);
  }
  return result;
}

/** The state kept across the file: the open component, VTIMEZONEs, and series waiting for their overrides. */
class CalendarReader {
  private readonly owner: Clock;
  private readonly from: string;
  private readonly to: string;
  private readonly fromLocalMs: number;
  private readonly toLocalMs: number;
  private readonly file: string | undefined;
  private readonly details: boolean;
  private readonly ownAttendees: boolean;
  /** Parameters of the line being read, cleared for each. */
  private readonly params = new IcsParams();
  private readonly zones = new ZoneBook();
  private readonly series = new Map<string, Series>();
  private readonly deferred: RawEvent[] = [];
  /** What each ATTENDEE or ORGANIZER line (after its name) came to; null for one that is no person. */
  private readonly attendeeLines = new Map<string, RawAttendee | null>();
  private out: CalendarItem[] = [];

  private event: RawEvent | undefined;
  /** Depth of components nested inside the open VEVENT (VALARM …), whose properties are not the event's. */
  private eventNesting = 0;
  private timezone: { tzid?: string; location?: string; observances: Observance[]; line: number } | undefined;
  private observance:
    (Partial<Observance> & { line: number; rdatesLocalMs: number[]; ruleText?: string }) | undefined;

  constructor(options: CalendarReadOptions) {
    const ownerZone = ianaZone(options.ownerTimeZone);
    if (!ownerZone) throw new RangeError(`Unknown owner time zone: ${options.ownerTimeZone}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.from) || !/^\d{4}-\d{2}-\d{2}$/.test(options.to)) {
      throw new RangeError('from and to must be YYYY-MM-DD');
    }
    this.owner = { zone: ownerZone, name: options.ownerTimeZone };
    this.from = options.from;
    this.to = options.to;
    // Wall-clock bounds wide enough for any zone's offset from the owner's; exact filtering is by owner date.
    this.fromLocalMs = dayOf(options.from) - 2 * DAY_MS;
    this.toLocalMs = dayOf(options.to) + 3 * DAY_MS;
    this.file = options.file;
    this.details = options.details !== false;
    this.ownAttendees = options.ownAttendees !== false;
  }

  /** Processes a batch of unfolded lines and returns what they produced. */
  take(batch: IcsLineBatch): CalendarItem[] {
    this.out = [];
    const { text, count, starts, ends, lines, invalid, tooLong } = batch;
    for (let index = 0; index < count; index++) {
      const line = lines[index] ?? 0;
      const long = tooLong?.get(index);
      if (long !== undefined) {
        const name = propertyName(long);
        this.issue(line, name, `line longer than ${maxLineBytes / 1024 / 1024} MB; it is left out`);
        continue;
      }
      const bad = invalid?.get(index);
      if (bad !== undefined) {
        const name = propertyName(bad);
        this.issue(line, name, `${name ?? 'line'} is not valid UTF-8; the line is left out`);
        continue;
      }
      const start = starts[index] ?? 0;
      const end = ends[index] ?? 0;
      if (start === end) continue;
      const first = text.charCodeAt(start);
      // A line starting with a visible ASCII character is not blank; only others pay for a trim.
      if (!(first > 0x20 && first < 0x7f) && text.slice(start, end).trim().length === 0) continue;
      const separator = nameEnd(text, start, end);
      if (separator <= start) {
        this.issue(
          line,
          undefined,
          `not an iCalendar content line: "${text.slice(start, end).slice(0, 40)}"`,
        );
        continue;
      }
      const name = nameAt(text, start, separator, PROPERTY_NAMES);
      // Any other property is one the reader never reads.
      if (name === undefined) continue;
      const after = start + name.length;
      if (name === 'BEGIN') this.begin(componentAt(text, after + 1, end), line);
      else if (name === 'END') this.end(componentAt(text, after + 1, end), line);
      else if (this.event) {
        if (this.eventNesting === 0) this.eventProperty(text, name, after, end, line);
      } else if (this.observance) this.observanceProperty(text, name, after, end, line);
      else if (this.timezone) this.timezoneProperty(text, name, after, end, line);
    }
    return this.out;
  }

  /** Closes the file: reports an unterminated event, then expands the buffered series a round at a time. */
  *finish(): Generator<CalendarItem[]> {
    this.out = [];
    if (this.event) this.unterminated();
    for (const event of this.deferred) this.single(event, true);
    this.deferred.length = 0;
    for (const [uid, series] of this.series) {
      this.expandSeries(uid, series);
      // Released as it goes, so memory shrinks while the series are written out.
      this.series.delete(uid);
      if (this.out.length >= ROUND_ITEMS) {
        yield this.out;
        this.out = [];
      }
    }
    if (this.out.length > 0) yield this.out;
  }

  private issue(line: number | undefined, field: string | undefined, message: string): void {
    const error: ParseIssue = { message };
    if (this.file !== undefined) error.file = this.file;
    if (line !== undefined) error.line = line;
    if (field !== undefined) error.field = field;
    this.out.push({ error });
  }

  private skip(line: number, reason: string): void {
    const skipped: SkippedRecord = { line, reason };
    if (this.file !== undefined) skipped.file = this.file;
    this.out.push({ skipped });
  }

  private unterminated(): void {
    if (!this.event) return;
    this.issue(this.event.line, 'VEVENT', 'VEVENT has no END:VEVENT; event left out');
    this.event = undefined;
    this.eventNesting = 0;
  }

  private begin(component: string, line: number): void {
    if (this.event) {
      if (component === 'VEVENT') this.unterminated();
      else {
        this.eventNesting += 1;
        return;
      }
    }
    if (component === 'VEVENT') {
      this.event = { line, transparent: false, hasRule: false, attendees: [], broken: false };
      this.eventNesting = 0;
    } else if (component === 'VTIMEZONE') {
      this.timezone = { observances: [], line };
    } else if ((component === 'STANDARD' || component === 'DAYLIGHT') && this.timezone) {
      this.observance = { line, rdatesLocalMs: [] };
    }
  }

  private end(component: string, line: number): void {
    if (this.event) {
      if (this.eventNesting > 0) {
        this.eventNesting -= 1;
        return;
      }
      if (component !== 'VEVENT') {
        this.unterminated();
        return;
      }
      const event = this.event;
      this.event = undefined;
      this.finishEvent(event);
      return;
    }
    if (component === 'VEVENT') this.issue(line, 'VEVENT', 'END:VEVENT without BEGIN:VEVENT');
    else if ((component === 'STANDARD' || component === 'DAYLIGHT') && this.timezone && this.observance) {
      this.finishObservance(this.observance);
      this.observance = undefined;
    } else if (component === 'VTIMEZONE' && this.timezone) {
      const timezone = this.timezone;
      this.timezone = undefined;
      this.observance = undefined;
      if (timezone.tzid === undefined) this.issue(timezone.line, 'TZID', 'VTIMEZONE without TZID');
      else this.zones.define(timezone.tzid, timezone.observances, timezone.location);
    }
  }

  private timezoneProperty(text: string, name: string, nameEnd: number, end: number, line: number): void {
    if (!this.timezone || (name !== 'TZID' && name !== 'X-LIC-LOCATION')) return;
    const at = valueStart(text, nameEnd, end);
    if (at < 0) return this.issue(line, name, 'malformed property');
    const value = text.slice(at, end).trim();
    if (name === 'TZID') this.timezone.tzid = value;
    else this.timezone.location = value;
  }

  private observanceProperty(text: string, name: string, nameEnd: number, end: number, line: number): void {
    const observance = this.observance;
    if (!observance) return;
    if (
      name !== 'DTSTART' &&
      name !== 'TZOFFSETFROM' &&
      name !== 'TZOFFSETTO' &&
      name !== 'RRULE' &&
      name !== 'RDATE'
    )
      return;
    const at = valueStart(text, nameEnd, end);
    if (at < 0) return this.issue(line, name, 'malformed property');
    const value = text.slice(at, end);
    if (name === 'DTSTART') {
      const date = parseIcsDate(value);
      if (!date) return this.issue(line, name, `bad date-time "${value}" in VTIMEZONE`);
      observance.startLocalMs = date.ms;
    } else if (name === 'TZOFFSETFROM' || name === 'TZOFFSETTO') {
      const offset = parseUtcOffset(value);
      if (offset === undefined) return this.issue(line, name, `bad UTC offset "${value}"`);
      if (name === 'TZOFFSETFROM') observance.offsetFromMs = offset;
      else observance.offsetToMs = offset;
    } else if (name === 'RRULE') {
      const rule = parseRecurrenceRule(value);
      if (typeof rule === 'string') return this.issue(line, name, rule);
      observance.rule = rule;
    } else {
      for (const part of value.split(',')) {
        const date = parseIcsDate(part);
        if (date) observance.rdatesLocalMs.push(date.ms);
      }
    }
  }

  private finishObservance(observance: NonNullable<CalendarReader['observance']>): void {
    const { startLocalMs, offsetToMs } = observance;
    if (startLocalMs === undefined || offsetToMs === undefined) {
      this.issue(observance.line, 'TZOFFSETTO', 'time zone observance without DTSTART or TZOFFSETTO');
      return;
    }
    const entry: Observance = {
      startLocalMs,
      offsetFromMs: observance.offsetFromMs ?? offsetToMs,
      offsetToMs,
      rdatesLocalMs: observance.rdatesLocalMs,
    };
    if (observance.rule) entry.rule = observance.rule;
    this.timezone?.observances.push(entry);
  }

  private eventProperty(text: string, name: string, nameEnd: number, end: number, line: number): void {
    const event = this.event;
    if (!event || !EVENT_PROPERTIES.includes(name)) return;
    if (name === 'ATTENDEE' || name === 'ORGANIZER')
      return this.attendeeProperty(event, text, name, nameEnd, end, line);
    // Only these read parameters; the scratch set is cleared for each.
    const params =
      name === 'DTSTART' ||
      name === 'DTEND' ||
      name === 'RECURRENCE-ID' ||
      name === 'RDATE' ||
      name === 'EXDATE'
        ? this.params
        : undefined;
    params?.clear();
    const at = valueStart(text, nameEnd, end, params);
    if (at < 0) return this.issue(line, name, 'malformed property (unclosed quote or missing ":")');
    switch (name) {
      case 'UID':
        event.uid = text.slice(at, end).trim();
        break;
      case 'SUMMARY':
        event.summary = unescapeText(text.slice(at, end));
        break;
      case 'LOCATION':
        if (this.details) event.location = unescapeText(text.slice(at, end));
        break;
      case 'DESCRIPTION':
        if (this.details) event.description = unescapeText(text.slice(at, end));
        break;
      case 'STATUS':
        event.status = text.slice(at, end).trim().toUpperCase();
        break;
      case 'TRANSP':
        event.transparent = text.slice(at, end).trim().toUpperCase() === 'TRANSPARENT';
        break;
      case 'DTSTART': {
        const date = this.dateProp(name, text.slice(at, end), this.params, line);
        if (date) event.start = date;
        else event.broken = true;
        break;
      }
      case 'DTEND': {
        const date = this.dateProp(name, text.slice(at, end), this.params, line);
        if (date) event.end = date;
        break;
      }
      case 'DURATION': {
        const value = text.slice(at, end);
        const duration = parseIcsDuration(value);
        if (duration) event.duration = duration;
        else this.issue(line, name, `bad duration "${value}"`);
        break;
      }
      case 'RRULE': {
        event.hasRule = true;
        const rule = parseRecurrenceRule(text.slice(at, end));
        if (typeof rule === 'string') this.issue(line, name, `${rule}; only the first occurrence is used`);
        else event.rule = rule;
        break;
      }
      case 'RDATE':
      case 'EXDATE': {
        const list = (name === 'RDATE' ? (event.rdates ??= []) : (event.exdates ??= [])) as DateProp[];
        const tzid = this.params.tzid;
        for (const value of text.slice(at, end).split(',')) {
          // RDATE may be a PERIOD (start/end); its start is the occurrence.
          const raw = value.split('/')[0] ?? '';
          const date = parseIcsDate(raw);
          if (!date) {
            this.issue(line, name, `bad date-time "${value}"`);
            continue;
          }
          const prop: DateProp = { date, line };
          if (tzid !== undefined && !date.utc) prop.tzid = tzid;
          list.push(prop);
        }
        break;
      }
      case 'RECURRENCE-ID': {
        const date = this.dateProp(name, text.slice(at, end), this.params, line);
        if (date) event.recurrenceId = date;
        else event.broken = true;
        break;
      }
    }
  }

  /**
   * Exports write a person's line, parameters and all, the same in every event they are on: each
   * distinct line is read once, into an attendee shared by every event that has it.
   */
  private attendeeProperty(
    event: RawEvent,
    text: string,
    name: string,
    nameEnd: number,
    end: number,
    line: number,
  ): void {
    const written = text.slice(nameEnd, end);
    let attendee = this.attendeeLines.get(written);
    if (attendee === undefined) {
      this.params.clear();
      const at = valueStart(text, nameEnd, end, this.params);
      if (at < 0) return this.issue(line, name, 'malformed property (unclosed quote or missing ":")');
      const read = readAttendee(text.slice(at, end), this.params);
      // Remembered, so detached from the decoded chunk, key and all.
      attendee = read ? detachAttendee(read) : null;
      if (this.attendeeLines.size >= ATTENDEE_LINES) this.attendeeLines.clear();
      this.attendeeLines.set(detach(written), attendee);
    }
    if (!attendee) return;
    if (name === 'ORGANIZER') event.organizer = attendee;
    else event.attendees.push(attendee);
  }

  private dateProp(name: string, value: string, params: IcsParams, line: number): DateProp | undefined {
    const date = parseIcsDate(value);
    const valueType = params.value?.toUpperCase();
    if (!date || (valueType === 'DATE' && !date.isDate)) {
      this.issue(line, name, `bad date-time "${value}"`);
      return undefined;
    }
    const prop: DateProp = { date, line };
    if (params.tzid !== undefined && !date.utc && !date.isDate) prop.tzid = params.tzid;
    return prop;
  }

  private finishEvent(event: RawEvent): void {
    if (event.broken) return;
    if (!event.start) {
      this.issue(event.line, 'DTSTART', 'VEVENT without DTSTART; event left out');
      return;
    }
    if (event.uid === undefined || event.uid === '') {
      // Without a UID the key is built from what identifies the event, so a re-import finds it again.
      event.uid = `no-uid:${event.start.date.ms}:${event.summary ?? ''}`;
    }
    if (event.recurrenceId || event.hasRule || event.rdates) {
      // Kept to the end of the file, so detached from the decoded chunk (the map key too).
      const kept = detachEvent(event);
      const uid = kept.uid ?? '';
      let series = this.series.get(uid);
      if (!series) {
        series = { overrides: [] };
        this.series.set(uid, series);
      }
      if (kept.recurrenceId) series.overrides.push(kept);
      else if (series.master)
        this.skip(kept.line, `second master event for UID ${uid}; the first one is used`);
      else series.master = kept;
      return;
    }
    // Callers keep an occurrence's key and title longest (a batch of them, say): neither should
    // keep the decoded text it was cut from alive that long.
    if (event.uid !== undefined) event.uid = detach(event.uid);
    if (event.summary !== undefined) event.summary = detach(event.summary);
    this.single(event, false);
  }

  /** A non-recurring event: yielded at once, or kept to the end when its zone may be defined later in the file. */
  private single(event: RawEvent, atEnd: boolean): void {
    const plan = this.plan(event, atEnd);
    if (plan === 'later') {
      this.deferred.push(detachEvent(event));
      return;
    }
    if (!plan) return;
    if (event.status === 'CANCELLED') {
      if (this.inWindow(this.localDateOf(plan, plan.startLocalMs))) this.skip(event.line, 'cancelled event');
      return;
    }
    const occurrence = this.occurrence(plan, plan.startLocalMs, plan.uid, false);
    if (occurrence) this.out.push({ occurrence });
  }

  private inWindow(localDate: string): boolean {
    return localDate >= this.from && localDate <= this.to;
  }

  private clockOf(prop: DateProp): Clock | undefined {
    if (prop.date.isDate) return this.owner;
    if (prop.date.utc) return { zone: UTC_ZONE, name: 'UTC' };
    if (prop.tzid !== undefined) return this.zones.resolve(prop.tzid);
    return this.owner;
  }

  private instantOf(prop: DateProp, clock: Clock): number {
    return prop.date.utc ? prop.date.ms : zonedToUtcMs(prop.date.ms, clock.zone);
  }

  /** Resolves zones and duration of an event; 'later' when a TZID is unknown but a VTIMEZONE may still come. */
  private plan(event: RawEvent, atEnd: boolean, fallback?: Plan): Plan | 'later' | undefined {
    const start = event.start;
    if (!start) return undefined;
    const clock = this.clockOf(start);
    const endClock = event.end ? this.clockOf(event.end) : this.owner;
    if (!clock || !endClock) {
      if (!atEnd) return 'later';
      const bad = clock ? event.end : start;
      this.issue(
        bad?.line,
        clock ? 'DTEND' : 'DTSTART',
        `unknown time zone TZID=${bad?.tzid ?? ''}; event left out`,
      );
      return undefined;
    }
    const allDay = start.date.isDate;
    let days = 0;
    let ms = 0;
    if (allDay) {
      if (event.end) days = Math.floor(event.end.date.ms / DAY_MS) - Math.floor(start.date.ms / DAY_MS);
      else if (event.duration) days = event.duration.days;
      else days = fallback?.allDay ? fallback.days : 1;
      // An event that ends before it starts says nothing true about the time spent: it is left out.
      if (days < 0) {
        this.issue(event.end?.line ?? event.line, 'DTEND', 'event ends before it starts; event left out');
        return undefined;
      }
      if (days === 0) days = 1;
    } else if (event.end) {
      ms = this.instantOf(event.end, endClock) - this.instantOf(start, clock);
      if (ms < 0) {
        this.issue(event.end.line, 'DTEND', 'event ends before it starts; event left out');
        return undefined;
      }
    } else if (event.duration) {
      days = event.duration.days;
      ms = event.duration.ms;
      if (days < 0 || ms < 0) {
        this.issue(event.line, 'DURATION', 'negative duration; event left out');
        return undefined;
      }
    } else if (fallback && !fallback.allDay) {
      days = fallback.days;
      ms = fallback.ms;
    }
    const attendees =
      event.attendees.length === 0 && !event.organizer && fallback
        ? fallback.attendees
        : mergeAttendees(event.organizer, event.attendees);
    return {
      event,
      uid: event.uid ?? '',
      allDay,
      clock,
      startLocalMs: start.date.ms,
      days,
      ms,
      attendees,
    };
  }

  /** The owner-zone date of an occurrence that starts at the given wall-clock time of its plan. */
  private localDateOf(plan: Plan, localMs: number): string {
    if (plan.allDay) return isoDate(localMs);
    const instant = zonedToUtcMs(localMs, plan.clock.zone);
    return isoDate(instant + this.owner.zone.offsetMs(instant));
  }

  private occurrence(
    plan: Plan,
    localMs: number,
    key: string,
    recurring: boolean,
    /** The start instant and its ISO text when the caller has them already (never for all-day). */
    known?: { instant: number; text: string },
  ): CalendarOccurrence | undefined {
    const event = plan.event;
    let start: number;
    let end: number;
    let localDate: string;
    if (plan.allDay) {
      localDate = isoDate(localMs);
      if (!this.inWindow(localDate)) return undefined;
      start = zonedToUtcMs(localMs, this.owner.zone);
      end = zonedToUtcMs(localMs + plan.days * DAY_MS, this.owner.zone);
    } else {
      start = known ? known.instant : zonedToUtcMs(localMs, plan.clock.zone);
      localDate = isoDate(start + this.owner.zone.offsetMs(start));
      if (!this.inWindow(localDate)) return undefined;
      end = (plan.days === 0 ? start : zonedToUtcMs(localMs + plan.days * DAY_MS, plan.clock.zone)) + plan.ms;
    }
    const occurrence: CalendarOccurrence = {
      uid: plan.uid,
      key,
      title: event.summary ?? '',
      start: known ? known.text : isoInstant(start),
      end: isoInstant(end),
      allDay: plan.allDay,
      localDate,
      timeZone: plan.allDay ? this.owner.name : plan.clock.name,
      minutes: plan.allDay ? 0 : Math.round((end - start) / 60_000),
      attendees: recurring && this.ownAttendees ? plan.attendees.map(copyAttendee) : plan.attendees,
      transparent: event.transparent,
      recurring,
      line: event.line,
    };
    if (plan.allDay) occurrence.days = plan.days;
    // Exports write empty LOCATION: and DESCRIPTION: lines; an empty value is no value.
    if (event.location) occurrence.location = event.location;
    if (event.description) occurrence.description = event.description;
    return occurrence;
  }

  /** The key of the occurrence a RECURRENCE-ID names, and its instant when it names a time. */
  private recurrenceId(prop: DateProp): { key: string; instant?: number } | undefined {
    if (prop.date.isDate) return { key: isoDate(prop.date.ms) };
    const clock = this.clockOf(prop);
    if (!clock) {
      this.issue(prop.line, 'RECURRENCE-ID', `unknown time zone TZID=${prop.tzid ?? ''}`);
      return undefined;
    }
    const instant = this.instantOf(prop, clock);
    return { key: isoInstant(instant), instant };
  }

  private expandSeries(uid: string, series: Series): void {
    const master = series.master;
    const masterPlan = master ? this.plan(master, true) : undefined;
    if (master && masterPlan === undefined) return;
    const plan = masterPlan === 'later' ? undefined : masterPlan;
    if (master?.status === 'CANCELLED' && plan) {
      if (this.localDateOf(plan, plan.startLocalMs) <= this.to)
        this.skip(master.line, 'cancelled recurring event');
      return;
    }
    // Overrides by the occurrence they replace; a later one in the file wins.
    const overrides = new Map<string, RawEvent>();
    const overriddenInstants = new Set<number>();
    for (const override of series.overrides) {
      const rid = override.recurrenceId && this.recurrenceId(override.recurrenceId);
      if (!rid) continue;
      overrides.set(rid.key, override);
      if (rid.instant !== undefined) overriddenInstants.add(rid.instant);
    }
    if (plan) this.expandMaster(plan, overrides, overriddenInstants);
    for (const [rid, override] of overrides) {
      const key = `${uid}/${rid}`;
      if (override.status === 'CANCELLED') {
        const ridDate = override.recurrenceId ? this.ridLocalDate(override.recurrenceId) : undefined;
        if (ridDate !== undefined && this.inWindow(ridDate))
          this.skip(override.line, `cancelled occurrence ${key}`);
        continue;
      }
      const overridePlan = this.plan(override, true, plan);
      if (!overridePlan || overridePlan === 'later') continue;
      if (plan) {
        // An override carries only what changed often enough in practice; the series fills in the title and place.
        overridePlan.event = {
          ...override,
          summary: override.summary ?? plan.event.summary,
          location: override.location ?? plan.event.location,
        };
      }
      const occurrence = this.occurrence(overridePlan, overridePlan.startLocalMs, key, true);
      if (occurrence) this.out.push({ occurrence });
    }
  }

  private ridLocalDate(prop: DateProp): string | undefined {
    if (prop.date.isDate) return isoDate(prop.date.ms);
    const clock = this.clockOf(prop);
    if (!clock) return undefined;
    const instant = this.instantOf(prop, clock);
    return isoDate(instant + this.owner.zone.offsetMs(instant));
  }

  /** Expands a master; its timed occurrences are looked up among the overrides by their instants. */
  private expandMaster(
    plan: Plan,
    overrides: ReadonlyMap<string, RawEvent>,
    overriddenInstants: ReadonlySet<number>,
  ): void {
    const event = plan.event;
    const zone = plan.clock.zone;
    const starts: number[] = [];
    const rule = event.rule;
    if (rule) {
      const until = rule.until;
      let isPastUntil: ((localMs: number) => boolean) | undefined;
      if (until) {
        if (until.isDate) {
          // A date UNTIL includes that whole day.
          isPastUntil = plan.allDay
            ? (localMs) => localMs > until.ms
            : (localMs) => localMs >= until.ms + DAY_MS;
        } else if (until.utc) {
          isPastUntil = (localMs) => zonedToUtcMs(localMs, zone) > until.ms;
        } else {
          isPastUntil = (localMs) => localMs > until.ms;
        }
      }
      const window = { fromLocalMs: this.fromLocalMs, toLocalMs: this.toLocalMs };
      for (const localMs of expandRecurrence(
        plan.startLocalMs,
        rule,
        isPastUntil ? { ...window, isPastUntil } : window,
      )) {
        starts.push(localMs);
      }
    } else {
      starts.push(plan.startLocalMs);
    }
    for (const rdate of event.rdates ?? []) {
      if (plan.allDay || rdate.date.isDate) starts.push(rdate.date.ms);
      else {
        const clock = this.clockOf(rdate);
        if (!clock) {
          this.issue(rdate.line, 'RDATE', `unknown time zone TZID=${rdate.tzid ?? ''}`);
          continue;
        }
        const instant = this.instantOf(rdate, clock);
        starts.push(instant + zone.offsetMs(instant));
      }
    }
    const excludedInstants = new Set<number>();
    const excludedDates = new Set<string>();
    for (const exdate of event.exdates ?? []) {
      if (exdate.date.isDate || plan.allDay) {
        excludedDates.add(isoDate(exdate.date.ms));
        continue;
      }
      const clock = this.clockOf(exdate);
      if (!clock) {
        this.issue(exdate.line, 'EXDATE', `unknown time zone TZID=${exdate.tzid ?? ''}`);
        continue;
      }
      excludedInstants.add(this.instantOf(exdate, clock));
    }
    starts.sort((a, b) => a - b);
    let previous = Number.NaN;
    for (const localMs of starts) {
      if (localMs === previous) continue;
      previous = localMs;
      const date = isoDate(localMs);
      if (excludedDates.has(date)) continue;
      // An occurrence is named by its original start: its date when all-day, else its instant (also its start).
      let occurrence: CalendarOccurrence | undefined;
      if (plan.allDay) {
        if (overrides.has(date)) continue;
        occurrence = this.occurrence(plan, localMs, `${plan.uid}/${date}`, true);
      } else {
        const instant = zonedToUtcMs(localMs, zone);
        // One instant has one key: an overridden occurrence is found without writing out its key.
        if (excludedInstants.has(instant) || overriddenInstants.has(instant)) continue;
        const rid = isoInstant(instant);
        occurrence = this.occurrence(plan, localMs, `${plan.uid}/${rid}`, true, { instant, text: rid });
      }
      if (occurrence) this.out.push({ occurrence });
    }
  }
}

/** Reads an ATTENDEE or ORGANIZER; rooms and resources, and entries without an address, are not people. */
function readAttendee(value: string, params: IcsParams): RawAttendee | undefined {
  const cutype = params.cutype?.toUpperCase();
  if (cutype === 'RESOURCE' || cutype === 'ROOM') return undefined;
  let email = value.trim();
  if (isMailto(email)) email = email.slice(7);
  if (!email.includes('@')) email = params.email ?? '';
  email = email.trim().toLowerCase();
  if (email === '') return undefined;
  const name = params.cn?.trim();
  const partstat = params.partstat?.trim().toUpperCase();
  const role = params.role?.trim().toUpperCase();
  if (name && partstat && role) return { email, name, partstat, role };
  const attendee: RawAttendee = { email };
  if (name) attendee.name = name;
  if (partstat) attendee.partstat = partstat;
  if (role) attendee.role = role;
  return attendee;
}

/** Whether the text starts with `mailto:` in any case of ASCII letters. */
function isMailto(text: string): boolean {
  if (text.length < 7 || text.charCodeAt(6) !== 0x3a) return false;
  return text.startsWith('mailto') || text.slice(0, 6).replace(/[A-Z]/g, (c) => c.toLowerCase()) === 'mailto';
}

/** Organizer first, then attendees in file order, one entry per email; declined people are not counted. */
function mergeAttendees(
  organizer: RawAttendee | undefined,
  attendees: readonly RawAttendee[],
): CalendarAttendee[] {
  const merged: CalendarAttendee[] = [];
  // Most events name a handful of people, found faster by looking through them than through a map.
  const byEmail = attendees.length > 16 ? new Map<string, CalendarAttendee>() : undefined;
  if (organizer) {
    const entry = toAttendee(organizer, true);
    merged.push(entry);
    byEmail?.set(entry.email, entry);
  }
  for (const attendee of attendees) {
    const known = byEmail ? byEmail.get(attendee.email) : findByEmail(merged, attendee.email);
    if (!known) {
      const entry = toAttendee(attendee, false);
      merged.push(entry);
      byEmail?.set(entry.email, entry);
      continue;
    }
    // The organizer listed again as an attendee: the attendee entry says whether they go.
    if (attendee.partstat !== undefined) known.partstat = attendee.partstat;
    if (attendee.role !== undefined) known.role = attendee.role;
    if (known.name === undefined && attendee.name !== undefined) known.name = attendee.name;
  }
  const result: CalendarAttendee[] = [];
  for (const attendee of merged) if (attendee.partstat !== 'DECLINED') result.push(attendee);
  return result;
}

function findByEmail(list: readonly CalendarAttendee[], email: string): CalendarAttendee | undefined {
  for (const attendee of list) if (attendee.email === email) return attendee;
  return undefined;
}

function toAttendee(raw: RawAttendee, organizer: boolean): CalendarAttendee {
  const { email, name, partstat, role } = raw;
  // The usual entry in one literal: added one by one, the fields would need a second allocation.
  if (name !== undefined && partstat !== undefined && role !== undefined)
    return { email, organizer, name, partstat, role };
  const attendee: CalendarAttendee = { email: raw.email, organizer };
  if (raw.name !== undefined) attendee.name = raw.name;
  if (raw.partstat !== undefined) attendee.partstat = raw.partstat;
  if (raw.role !== undefined) attendee.role = raw.role;
  return attendee;
}

function copyAttendee(attendee: CalendarAttendee): CalendarAttendee {
  return toAttendee(attendee, attendee.organizer);
}

/**
 * A copy of a string that no longer points into the decoded chunk it was cut from: V8 keeps a
 * substring's parent alive, so a buffered event would otherwise pin a whole megabyte of text.
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

function detachAttendee(attendee: RawAttendee): RawAttendee {
  const copy: RawAttendee = { email: detach(attendee.email) };
  if (attendee.name !== undefined) copy.name = detach(attendee.name);
  if (attendee.partstat !== undefined) copy.partstat = detach(attendee.partstat);
  if (attendee.role !== undefined) copy.role = detach(attendee.role);
  return copy;
}

function detachDate(prop: DateProp): DateProp {
  return prop.tzid === undefined ? prop : { ...prop, tzid: detach(prop.tzid) };
}

/** Detaches every string of an event that is kept until the end of the file. */
function detachEvent(event: RawEvent): RawEvent {
  // Attendees are detached already: one is shared by every event with the same line.
  const copy: RawEvent = { ...event };
  if (event.uid !== undefined) copy.uid = detach(event.uid);
  if (event.summary !== undefined) copy.summary = detach(event.summary);
  if (event.location !== undefined) copy.location = detach(event.location);
  if (event.description !== undefined) copy.description = detach(event.description);
  if (event.status !== undefined) copy.status = detach(event.status);
  if (event.start) copy.start = detachDate(event.start);
  if (event.end) copy.end = detachDate(event.end);
  if (event.recurrenceId) copy.recurrenceId = detachDate(event.recurrenceId);
  if (event.rdates) copy.rdates = event.rdates.map(detachDate);
  if (event.exdates) copy.exdates = event.exdates.map(detachDate);
  return copy;
}
