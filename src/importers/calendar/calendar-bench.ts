import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { readCalendar } from './read-calendar.ts';

const FIRST_NAMES = ['Ana', 'Bo', 'Cleo', 'Dan', 'Eve', 'Finn', 'Jörg', 'Zoë', 'Mia', 'Noah', 'Lena', 'Omar'];
const LAST_NAMES = ['Alves', 'Berg', 'Müller', 'Nakamura', 'Okafor', 'Schmidt', 'Svensson', 'García'];
const ZONES = ['Europe/Berlin', 'America/New_York', 'W. Europe Standard Time', 'UTC'];
const PARTSTATS = ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'TENTATIVE', 'NEEDS-ACTION', 'DECLINED'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const VTIMEZONES = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
`;

/** A small deterministic generator (mulberry32) so every run builds the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Folds a content line at 74 characters, the way exporters do. */
function fold(line: string): string {
  if (line.length <= 74) return line;
  const parts = [line.slice(0, 74)];
  for (let i = 74; i < line.length; i += 73) parts.push(` ${line.slice(i, i + 73)}`);
  return parts.join('\r\n');
}

function stamp(ms: number, withZ: boolean): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}00${withZ ? 'Z' : ''}`;
}

/**
 * A deterministic calendar of `events` VEVENTs over 2022-2024 in the shape of a busy work calendar:
 * attendees, long folded descriptions, several zones, weekly series with EXDATEs and overrides
 * (some written before their series).
 */
export function makeCalendar(events: number): string {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out: string[] = [
    'BEGIN:VCALENDAR\r\nPRODID:-//Fathom//Benchmark//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n',
    VTIMEZONES.replace(/\n/g, '\r\n'),
  ];
  const start2022 = Date.UTC(2022, 0, 3, 7, 0, 0);
  let written = 0;
  let series = 0;
  while (written < events) {
    const index = written;
    const day = Math.floor((index / events) * 1090);
    const startLocal = start2022 + day * 86_400_000 + Math.floor(next() * 20) * 1_800_000;
    const minutes = pick([15, 30, 30, 45, 60, 60, 90, 120]);
    const zone = pick(ZONES);
    const people: string[] = [];
    const organizerName = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    const organizer = `${organizerName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
    people.push(fold(`ORGANIZER;CN="${organizerName}":mailto:${organizer}`));
    const attendeeCount = 2 + Math.floor(next() * 4);
    for (let a = 0; a < attendeeCount; a++) {
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${a}@example.com`;
      people.push(
        fold(
          `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${pick(PARTSTATS)};CN="${name}":mailto:${email}`,
        ),
      );
    }
    const description = fold(
      `DESCRIPTION:Agenda ${index}:\\n1. Status of the quarter\\, open questions\\n2. Next steps\\n` +
        `Join: https://meet.example.com/${(index * 7919).toString(36)}-${(index * 104729).toString(36)}`,
    );
    const whenStart =
      zone === 'UTC'
        ? `DTSTART:${stamp(startLocal - 3_600_000, true)}`
        : `DTSTART;TZID=${zone.includes(' ') ? `"${zone}"` : zone}:${stamp(startLocal, false)}`;
    const whenEnd =
      zone === 'UTC'
        ? `DTEND:${stamp(startLocal - 3_600_000 + minutes * 60_000, true)}`
        : `DTEND;TZID=${zone.includes(' ') ? `"${zone}"` : zone}:${stamp(startLocal + minutes * 60_000, false)}`;
    const common = [
      `DTSTAMP:20250101T000000Z`,
      ...people,
      description,
      `LOCATION:Room ${index % 40}\\, Building ${index % 7}`,
      `SEQUENCE:0`,
      `STATUS:${next() < 0.02 ? 'CANCELLED' : 'CONFIRMED'}`,
      `TRANSP:${next() < 0.1 ? 'TRANSPARENT' : 'OPAQUE'}`,
      'BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT10M\r\nEND:VALARM',
    ];
    const roll = next();
    if (roll < 0.05) {
      // All-day, sometimes several days.
      const date = stamp(startLocal, false).slice(0, 8);
      const endDate = stamp(startLocal + (1 + Math.floor(next() * 3)) * 86_400_000, false).slice(0, 8);
      out.push(
        `BEGIN:VEVENT\r\nUID:allday-${index}@bench\r\nDTSTART;VALUE=DATE:${date}\r\nDTEND;VALUE=DATE:${endDate}\r\nSUMMARY:Offsite ${index}\r\n${common.join('\r\n')}\r\nEND:VEVENT\r\n`,
      );
      written += 1;
    } else if (roll < 0.12 && zone !== 'UTC' && written + 3 <= events) {
      // A weekly series with an EXDATE, a moved occurrence (written before the series) and a cancelled one.
      series += 1;
      const uid = `series-${series}@bench`;
      const weekday = WEEKDAYS[new Date(startLocal).getUTCDay()] ?? 'MO';
      const tz = zone.includes(' ') ? `"${zone}"` : zone;
      const moved = startLocal + 14 * 86_400_000;
      const cancelled = startLocal + 21 * 86_400_000;
      out.push(
        `BEGIN:VEVENT\r\nUID:${uid}\r\nRECURRENCE-ID;TZID=${tz}:${stamp(moved, false)}\r\nDTSTART;TZID=${tz}:${stamp(moved + 86_400_000, false)}\r\nDTEND;TZID=${tz}:${stamp(moved + 86_400_000 + minutes * 60_000, false)}\r\nSUMMARY:Weekly sync ${series} (moved)\r\n${common.join('\r\n')}\r\nEND:VEVENT\r\n`,
      );
      const ending =
        next() < 0.5
          ? `COUNT=${10 + Math.floor(next() * 40)}`
          : `UNTIL=${stamp(startLocal + 180 * 86_400_000, true)}`;
      out.push(
        `BEGIN:VEVENT\r\nUID:${uid}\r\n${whenStart}\r\n${whenEnd}\r\nRRULE:FREQ=WEEKLY;BYDAY=${weekday};${ending}\r\nEXDATE;TZID=${tz}:${stamp(startLocal + 7 * 86_400_000, false)},${stamp(startLocal + 35 * 86_400_000, false)}\r\nSUMMARY:Weekly sync ${series}\r\n${common.join('\r\n').replace('STATUS:CANCELLED', 'STATUS:CONFIRMED')}\r\nEND:VEVENT\r\n`,
      );
      out.push(
        `BEGIN:VEVENT\r\nUID:${uid}\r\nRECURRENCE-ID;TZID=${tz}:${stamp(cancelled, false)}\r\n${whenStart.replace(stamp(startLocal, false), stamp(cancelled, false))}\r\nSUMMARY:Weekly sync ${series}\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n`,
      );
      written += 3;
    } else {
      out.push(
        `BEGIN:VEVENT\r\nUID:event-${index}@bench\r\n${whenStart}\r\n${whenEnd}\r\nSUMMARY:Meeting ${index} with ${organizerName}\r\n${common.join('\r\n')}\r\nEND:VEVENT\r\n`,
      );
      written += 1;
    }
  }
  out.push('END:VCALENDAR\r\n');
  return out.join('');
}

interface ReaderFigures {
  readMs: number;
  occurrences: number;
  errors: number;
  peakRssMb: number;
}

/** Reads the file with readCalendar in this process, sampling RSS; run in a child so nothing else inflates it. */
async function measureReader(path: string): Promise<ReaderFigures> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  let occurrences = 0;
  let errors = 0;
  const chunks = createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  for await (const item of readCalendar(chunks, {
    ownerTimeZone: 'Europe/Berlin',
    from: '2022-01-01',
    to: '2024-12-31',
  })) {
    if (item.occurrence) occurrences += 1;
    if (item.error) errors += 1;
  }
  const readMs = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  return { readMs, occurrences, errors, peakRssMb: Math.round(peak / 1048576) };
}

/** What ical.js alone costs: parse the whole text and build an ICAL.Event per VEVENT with its overrides grouped. */
function measureIcalJs(text: string): number {
  const started = performance.now();
  const root = new ICAL.Component(ICAL.parse(text));
  const vevents = root.getAllSubcomponents('vevent');
  const exceptions = new Map<string, InstanceType<typeof ICAL.Component>[]>();
  for (const vevent of vevents) {
    if (!vevent.hasProperty('recurrence-id')) continue;
    const uid = String(vevent.getFirstPropertyValue('uid'));
    const list = exceptions.get(uid) ?? [];
    list.push(vevent);
    exceptions.set(uid, list);
  }
  let built = 0;
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(vevent, {
      exceptions: exceptions.get(String(vevent.getFirstPropertyValue('uid'))) ?? [],
    });
    if (event.uid) built += 1;
  }
  if (built === 0) throw new Error('ical.js built no events');
  return performance.now() - started;
}

/** Generates a calendar, reads it with readCalendar (in a child process) and with ical.js, and reports both. */
export async function benchCalendar(events = 100_000): Promise<{
  events: number;
  bytes: number;
  icalJsMs: number;
  icalJsEventsPerSec: number;
  readMs: number;
  readEventsPerSec: number;
  occurrences: number;
  peakRssMb: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-calendar-bench-'));
  const path = join(dir, 'calendar.ics');
  try {
    writeFileSync(path, makeCalendar(events));
    const bytes = statSync(path).size;
    const self = fileURLToPath(import.meta.url);
    const output = execFileSync(process.execPath, ['--import', 'tsx', self, '--reader', path], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const reader = JSON.parse(output.trim().split('\n').pop() ?? '{}') as ReaderFigures;
    const icalJsMs = measureIcalJs(makeCalendar(events));
    return {
      events,
      bytes,
      icalJsMs: Math.round(icalJsMs),
      icalJsEventsPerSec: Math.round(events / (icalJsMs / 1000)),
      readMs: Math.round(reader.readMs),
      readEventsPerSec: Math.round(events / (reader.readMs / 1000)),
      occurrences: reader.occurrences,
      peakRssMb: reader.peakRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx src/importers/calendar/calendar-bench.ts [events]` runs the benchmark;
// `--reader <file>` is the child that measures readCalendar alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--reader' && process.argv[3]) {
    console.log(JSON.stringify(await measureReader(process.argv[3])));
  } else if (process.argv[2] === '--ical' && process.argv[3]) {
    // ical.js alone on the whole file, as a program that uses it must read it: text in, events out.
    const started = performance.now();
    const ms = measureIcalJs(readFileSync(process.argv[3], 'utf8'));
    const totalMs = performance.now() - started;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(JSON.stringify({ ms, totalMs, peakRssMb }));
  } else {
    console.log(JSON.stringify(await benchCalendar(Number(process.argv[2] ?? 100_000)), null, 2));
  }
}
