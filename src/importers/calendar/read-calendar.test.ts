import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCalendar, readCalendar } from './read-calendar.ts';
import type { CalendarOccurrence, CalendarReadOptions } from './calendar-occurrence.ts';
import type { ParseResult } from '../parse-result.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const berlin = (from: string, to: string): CalendarReadOptions => ({
  ownerTimeZone: 'Europe/Berlin',
  from,
  to,
});

/** The parts of an occurrence each rule is about, in one line per occurrence. */
function brief(occurrence: CalendarOccurrence): string {
  const people = occurrence.attendees
    .map((a) => `${a.organizer ? '*' : ''}${a.email}${a.partstat ? `(${a.partstat})` : ''}`)
    .join(' ');
  return `${occurrence.key} | ${occurrence.start} ${occurrence.minutes}m ${occurrence.localDate} | ${people}`;
}

async function readInChunks(bytes: Uint8Array, size: number, options: CalendarReadOptions) {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const result: ParseResult<CalendarOccurrence> = { records: [], errors: [], skipped: [] };
  for await (const item of readCalendar(chunks, options)) {
    if (item.occurrence) result.records.push(item.occurrence);
    if (item.error) result.errors.push(item.error);
    if (item.skipped) result.skipped.push(item.skipped);
  }
  return result;
}

test('Google series: EXDATE list and second EXDATE line, UTC UNTIL inclusive, moved and cancelled overrides', async () => {
  const result = await parseCalendar(fixture('google-series.ics'), berlin('2025-01-01', '2025-03-31'));
  const standup = result.records.filter((o) => o.uid === 'standup-1@google.com');
  assert.deepEqual(standup.map(brief), [
    // Jan 13 and 20 (one EXDATE line with two values) and Feb 10 (second line) are excluded;
    // Feb 3 moved to Feb 4 with its own attendees; Feb 17 cancelled; Feb 24 equals UNTIL and is kept.
    'standup-1@google.com/2025-01-06T09:00:00.000Z | 2025-01-06T09:00:00.000Z 30m 2025-01-06 | *ana@example.com(ACCEPTED) cleo@example.com(NEEDS-ACTION)',
    'standup-1@google.com/2025-01-27T09:00:00.000Z | 2025-01-27T09:00:00.000Z 30m 2025-01-27 | *ana@example.com(ACCEPTED) cleo@example.com(NEEDS-ACTION)',
    'standup-1@google.com/2025-02-24T09:00:00.000Z | 2025-02-24T09:00:00.000Z 30m 2025-02-24 | *ana@example.com(ACCEPTED) cleo@example.com(NEEDS-ACTION)',
    'standup-1@google.com/2025-02-03T09:00:00.000Z | 2025-02-04T10:00:00.000Z 60m 2025-02-04 | *ana@example.com(ACCEPTED) dan@example.com(TENTATIVE)',
  ]);
  const moved = standup[3];
  assert.equal(moved?.title, 'Standup (moved)');
  assert.equal(moved?.line, 26, 'the override comes before its master and keeps its own line');
  assert.equal(standup[0]?.line, 42);
  assert.equal(standup[0]?.description, 'Daily sync, short.\nJoin: https://meet.example.com/abc');
  assert.equal(standup[0]?.location, undefined, 'an empty LOCATION is no location');
  assert.deepEqual(standup[0]?.attendees[0], {
    email: 'ana@example.com',
    name: 'Ana Alves',
    partstat: 'ACCEPTED',
    role: 'REQ-PARTICIPANT',
    organizer: true,
  });

  const dinner = result.records.find((o) => o.uid === 'dinner-7@google.com');
  assert.equal(
    dinner && brief(dinner),
    'dinner-7@google.com | 2025-01-15T18:00:00.000Z 90m 2025-01-15 | *eve@example.com ana@example.com(ACCEPTED) finn@example.com',
  );
  assert.equal(dinner?.transparent, true);
  assert.equal(dinner?.recurring, false);
  assert.equal(dinner?.location, 'Kantstraße 1, Berlin');
  assert.equal(dinner?.timeZone, 'UTC');

  assert.equal(result.records.length, 5, 'the June event lies outside the window');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, [
    { line: 95, reason: 'cancelled event' },
    { line: 73, reason: 'cancelled occurrence standup-1@google.com/2025-02-17T09:00:00.000Z' },
  ]);
});

test('re-reading the same file yields the same keys', async () => {
  const options = berlin('2025-01-01', '2025-03-31');
  const first = await parseCalendar(fixture('google-series.ics'), options);
  const second = await parseCalendar(fixture('google-series.ics'), options);
  assert.deepEqual(
    first.records.map((o) => o.key),
    second.records.map((o) => o.key),
  );
  assert.equal(new Set(first.records.map((o) => o.key)).size, first.records.length);
});

test('Outlook: quoted and unquoted Windows zone names, a zone known only from the file, an unknown zone', async () => {
  const result = await parseCalendar(
    fixture('outlook-windows-zones.ics'),
    berlin('2025-03-01', '2025-04-30'),
  );
  assert.deepEqual(
    result.records.map((o) => `${brief(o)} | ${o.timeZone}`),
    [
      // TZID="W. Europe Standard Time" (quoted): 14:00 CET.
      '040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5A601000000000000000010000000F1E2D3C4B5A69788 | 2025-03-12T13:00:00.000Z 60m 2025-03-12 | *joerg.mueller@example.de ana@example.com bo@example.com | Europe/Berlin',
      // TZID=Eastern Standard Time (unquoted): 09:00 EDT, after the US change on March 9.
      'outlook-ny-1 | 2025-03-12T13:00:00.000Z 45m 2025-03-12 | *ana@example.com carl@example.com(ACCEPTED) | America/New_York',
      // No VTIMEZONE for Tokyo Standard Time in the file: the Windows map still knows it.
      'outlook-tokyo-1 | 2025-03-13T01:00:00.000Z 60m 2025-03-13 |  | Asia/Tokyo',
      // "Customized Time Zone" exists only as the file's VTIMEZONE; its rules move it to +02:00 on March 30.
      'outlook-custom-1/2025-03-05T09:00:00.000Z | 2025-03-05T09:00:00.000Z 60m 2025-03-05 |  | Customized Time Zone',
      'outlook-custom-1/2025-03-12T09:00:00.000Z | 2025-03-12T09:00:00.000Z 60m 2025-03-12 |  | Customized Time Zone',
      'outlook-custom-1/2025-03-19T09:00:00.000Z | 2025-03-19T09:00:00.000Z 60m 2025-03-19 |  | Customized Time Zone',
      'outlook-custom-1/2025-03-26T09:00:00.000Z | 2025-03-26T09:00:00.000Z 60m 2025-03-26 |  | Customized Time Zone',
      'outlook-custom-1/2025-04-02T08:00:00.000Z | 2025-04-02T08:00:00.000Z 60m 2025-04-02 |  | Customized Time Zone',
      'outlook-custom-1/2025-04-09T08:00:00.000Z | 2025-04-09T08:00:00.000Z 60m 2025-04-09 |  | Customized Time Zone',
    ],
  );
  assert.equal(result.records[0]?.attendees[0]?.name, 'Müller, Jörg');
  assert.equal(result.records[0]?.title, 'Quartalsplanung');
  assert.deepEqual(result.errors, [
    { line: 95, field: 'DTSTART', message: 'unknown time zone TZID=Mars Standard Time; event left out' },
  ]);
});

test('a zone known only from its VTIMEZONE follows that VTIMEZONE across DST', async () => {
  const text = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:before-its-zone',
    'DTSTART;TZID=Customized Time Zone:20250702T100000',
    'DTEND;TZID=Customized Time Zone:20250702T101500',
    'END:VEVENT',
    'BEGIN:VTIMEZONE',
    'TZID:Customized Time Zone',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    'END:VCALENDAR',
  ].join('\n');
  const result = await parseCalendar(text, berlin('2025-01-01', '2025-12-31'));
  assert.deepEqual(result.records.map(brief), [
    'before-its-zone | 2025-07-02T08:00:00.000Z 15m 2025-07-02 | ',
  ]);
  assert.deepEqual(result.errors, []);
});

test('weekly series across the March DST change keep their wall time (Berlin last Sunday, New York second Sunday)', async () => {
  const result = await parseCalendar(fixture('dst-series.ics'), berlin('2025-03-01', '2025-04-30'));
  const series = result.records.filter((o) => o.recurring);
  assert.deepEqual(series.map(brief), [
    'berlin-weekly/2025-03-17T08:00:00.000Z | 2025-03-17T08:00:00.000Z 60m 2025-03-17 | ',
    'berlin-weekly/2025-03-24T08:00:00.000Z | 2025-03-24T08:00:00.000Z 60m 2025-03-24 | ',
    'berlin-weekly/2025-03-31T07:00:00.000Z | 2025-03-31T07:00:00.000Z 60m 2025-03-31 | ',
    'berlin-weekly/2025-04-07T07:00:00.000Z | 2025-04-07T07:00:00.000Z 60m 2025-04-07 | ',
    'ny-weekly/2025-03-03T14:00:00.000Z | 2025-03-03T14:00:00.000Z 45m 2025-03-03 | ',
    'ny-weekly/2025-03-10T13:00:00.000Z | 2025-03-10T13:00:00.000Z 45m 2025-03-10 | ',
    'ny-weekly/2025-03-17T13:00:00.000Z | 2025-03-17T13:00:00.000Z 45m 2025-03-17 | ',
  ]);
});

test('a time in the spring-forward gap moves forward; a time in the repeated hour is its first occurrence', async () => {
  const result = await parseCalendar(fixture('dst-series.ics'), berlin('2025-01-01', '2025-12-31'));
  const gap = result.records.find((o) => o.uid === 'berlin-gap');
  const repeated = result.records.find((o) => o.uid === 'berlin-repeated');
  // 02:30 does not exist on 2025-03-30: read as 03:30 CEST (01:30Z); 04:00 CEST ends it, so 30 minutes.
  assert.equal(gap?.start, '2025-03-30T01:30:00.000Z');
  assert.equal(gap?.minutes, 30);
  // 02:30 happens twice on 2025-10-26: the first (CEST, 00:30Z); 03:30 CET is 02:30Z, two hours later.
  assert.equal(repeated?.start, '2025-10-26T00:30:00.000Z');
  assert.equal(repeated?.end, '2025-10-26T02:30:00.000Z');
  assert.equal(repeated?.minutes, 120);
});

test('RRULE patterns: BYDAY=1MO and -1FR monthly, BYMONTHDAY with INTERVAL, DAILY INTERVAL, RDATE, YEARLY', async () => {
  const result = await parseCalendar(fixture('recurrence-patterns.ics'), berlin('2025-01-01', '2025-05-31'));
  const pick = (uid: string) =>
    result.records.filter((o) => o.uid === uid).map((o) => `${o.start} ${o.minutes}m`);
  // Floating times are read in the owner's zone (Berlin, +01:00 in winter, +02:00 from March 30).
  assert.deepEqual(pick('first-monday'), [
    '2025-01-06T11:00:00.000Z 60m',
    '2025-02-03T11:00:00.000Z 60m',
    '2025-03-03T11:00:00.000Z 60m',
  ]);
  assert.deepEqual(pick('last-friday'), [
    '2025-01-31T16:00:00.000Z 60m',
    '2025-02-28T16:00:00.000Z 60m',
    '2025-03-28T16:00:00.000Z 60m',
    '2025-04-25T15:00:00.000Z 60m',
  ]);
  assert.deepEqual(pick('month-days'), [
    '2025-01-15T08:00:00.000Z 30m',
    '2025-01-31T08:00:00.000Z 30m',
    '2025-03-15T08:00:00.000Z 30m',
    '2025-03-31T08:00:00.000Z 30m',
  ]);
  assert.deepEqual(pick('every-third-day'), [
    '2025-01-01T08:00:00.000Z 15m',
    '2025-01-04T08:00:00.000Z 15m',
    '2025-01-07T08:00:00.000Z 15m',
    '2025-01-10T08:00:00.000Z 15m',
  ]);
  assert.deepEqual(pick('rdates'), [
    '2025-02-05T10:00:00.000Z 45m',
    '2025-02-07T10:00:00.000Z 45m',
    '2025-02-10T15:00:00.000Z 45m',
  ]);
  assert.deepEqual(pick('yearly-second-sunday-may'), ['2025-05-11T10:00:00.000Z 60m']);
  const birthday = result.records.filter((o) => o.uid === 'birthday');
  assert.deepEqual(
    birthday.map((o) => [o.key, o.localDate, o.allDay, o.days, o.minutes, o.transparent]),
    [['birthday/2025-02-14', '2025-02-14', true, 1, 0, true]],
  );
});

test('an infinite RRULE stops at the window end and crosses DST in its own zone', async () => {
  const result = await parseCalendar(fixture('recurrence-patterns.ics'), berlin('2025-03-29', '2025-04-01'));
  assert.deepEqual(result.records.filter((o) => o.uid === 'forever-daily').map(brief), [
    'forever-daily/2025-03-29T06:30:00.000Z | 2025-03-29T06:30:00.000Z 15m 2025-03-29 | ',
    'forever-daily/2025-03-30T05:30:00.000Z | 2025-03-30T05:30:00.000Z 15m 2025-03-30 | ',
    'forever-daily/2025-03-31T05:30:00.000Z | 2025-03-31T05:30:00.000Z 15m 2025-03-31 | ',
    'forever-daily/2025-04-01T05:30:00.000Z | 2025-04-01T05:30:00.000Z 15m 2025-04-01 | ',
  ]);
});

test('all-day multi-day event stays all-day with minutes 0 and an exclusive DTEND', async () => {
  const result = await parseCalendar(fixture('recurrence-patterns.ics'), berlin('2025-03-10', '2025-03-10'));
  const offsite = result.records.find((o) => o.uid === 'offsite');
  assert.deepEqual(
    offsite && {
      start: offsite.start,
      end: offsite.end,
      allDay: offsite.allDay,
      days: offsite.days,
      minutes: offsite.minutes,
      localDate: offsite.localDate,
      timeZone: offsite.timeZone,
    },
    {
      start: '2025-03-09T23:00:00.000Z',
      end: '2025-03-12T23:00:00.000Z',
      allDay: true,
      days: 3,
      minutes: 0,
      localDate: '2025-03-10',
      timeZone: 'Europe/Berlin',
    },
  );
});

test('Apple: BOM, CRLF, folds inside a quoted CN and inside UTF-8 characters, EMAIL parameter, declined attendee', async () => {
  const bytes = fixture('apple-bom-folded.ics');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const result = await parseCalendar(bytes, berlin('2025-03-01', '2025-03-31'));
  const dinner = result.records[0];
  assert.equal(
    dinner?.title,
    'Abendessen mit Jörg und Zoë im Café Müller – danach noch auf ein Getränk in die Bar',
  );
  assert.deepEqual(dinner?.attendees, [
    { email: 'ana@example.com', name: 'Ana Alves', partstat: 'ACCEPTED', role: 'CHAIR', organizer: true },
    {
      email: 'joerg.mueller@example.de',
      name: 'Müller, Jörg',
      partstat: 'ACCEPTED',
      role: 'REQ-PARTICIPANT',
      organizer: false,
    },
    { email: 'zoe@example.com', name: 'Zoë', partstat: 'NEEDS-ACTION', organizer: false },
  ]);
  assert.equal(dinner?.minutes, 150);
  assert.equal(dinner?.line, 22);
  assert.deepEqual(result.records.slice(1).map(brief), [
    '9B8A7C6D-0000-4000-8000-00000000AA01 | 2025-03-13T23:00:00.000Z 0m 2025-03-14 | ',
    '9B8A7C6D-0000-4000-8000-00000000AA02 | 2025-03-18T07:00:00.000Z 30m 2025-03-18 | ',
  ]);
  assert.equal(result.records[1]?.transparent, true);
  assert.equal(result.records[1]?.days, 3);
  assert.equal(result.records[2]?.timeZone, 'Europe/Berlin', 'the /mozilla.org/…/ prefix is dropped');
  assert.deepEqual(result.errors, []);
});

test('reading in chunks of any size, even one byte, gives the same result as reading at once', async () => {
  for (const name of ['apple-bom-folded.ics', 'google-series.ics', 'malformed.ics']) {
    const bytes = fixture(name);
    const options = berlin('2025-01-01', '2025-12-31');
    const whole = await parseCalendar(bytes, options);
    for (const size of [1, 2, 3, 7, 64]) {
      assert.deepEqual(await readInChunks(bytes, size, options), whole, `${name} in ${size}-byte chunks`);
    }
  }
});

test('malformed input: each problem names file, line and field, and reading goes on', async () => {
  const result = await parseCalendar(fixture('malformed.ics'), {
    ...berlin('2025-03-01', '2025-03-31'),
    file: 'work.ics',
  });
  assert.deepEqual(
    result.records.map((o) => `${o.key} ${o.title}`),
    [
      'ok-1 Fine before the trouble',
      'garbage-4 Survives the garbage line',
      'latin1-6 ',
      'ok-7/2025-03-08T09:00:00.000Z Unsupported rule',
    ],
  );
  assert.deepEqual(result.errors, [
    { file: 'work.ics', line: 10, field: 'VEVENT', message: 'VEVENT has no END:VEVENT; event left out' },
    { file: 'work.ics', line: 17, field: 'DTSTART', message: 'bad date-time "2025-13-45T25:00"' },
    {
      file: 'work.ics',
      line: 24,
      message: 'not an iCalendar content line: "this line is garbage without a colon"',
    },
    {
      file: 'work.ics',
      line: 36,
      field: 'SUMMARY',
      message: 'SUMMARY is not valid UTF-8; the line is left out',
    },
    {
      file: 'work.ics',
      line: 42,
      field: 'RRULE',
      message: 'unsupported FREQ=SECONDLY; only the first occurrence is used',
    },
    { file: 'work.ics', line: 45, field: 'VEVENT', message: 'VEVENT has no END:VEVENT; event left out' },
    {
      file: 'work.ics',
      line: 29,
      field: 'DTSTART',
      message: 'unknown time zone TZID=Mars/Olympus_Mons; event left out',
    },
  ]);
});

test('the window is in the owner zone: 23:30Z on Jan 15 is Jan 16 in Berlin', async () => {
  const text = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:late',
    'DTSTART:20250115T233000Z',
    'DTEND:20250116T000000Z',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  assert.deepEqual((await parseCalendar(text, berlin('2025-01-15', '2025-01-15'))).records, []);
  const london = await parseCalendar(text, {
    ownerTimeZone: 'Europe/London',
    from: '2025-01-15',
    to: '2025-01-15',
  });
  assert.deepEqual(london.records.map(brief), ['late | 2025-01-15T23:30:00.000Z 30m 2025-01-15 | ']);
  const inBerlin = await parseCalendar(text, berlin('2025-01-16', '2025-01-16'));
  assert.equal(inBerlin.records[0]?.localDate, '2025-01-16');
});

test('a cancelled master drops its series and overrides; an organizer who declined is not counted', async () => {
  const text = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:gone',
    'DTSTART:20250106T090000Z',
    'RRULE:FREQ=DAILY;COUNT=5',
    'STATUS:CANCELLED',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:gone',
    'RECURRENCE-ID:20250107T090000Z',
    'DTSTART:20250107T100000Z',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:host-declined',
    'DTSTART:20250108T090000Z',
    'DTEND:20250108T100000Z',
    'ORGANIZER:mailto:host@example.com',
    'ATTENDEE;PARTSTAT=DECLINED:mailto:HOST@example.com',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:guest@example.com',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:guest@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\n');
  const result = await parseCalendar(text, berlin('2025-01-01', '2025-01-31'));
  assert.deepEqual(result.records.map(brief), [
    'host-declined | 2025-01-08T09:00:00.000Z 60m 2025-01-08 | guest@example.com(ACCEPTED)',
  ]);
  assert.deepEqual(result.skipped, [{ line: 2, reason: 'cancelled recurring event' }]);
});

test('without details, occurrences leave out place and description, and a malformed description is still reported', async () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:d-1',
    'DTSTART:20250310T090000Z',
    'SUMMARY:Plain',
    'LOCATION:Room 1',
    'DESCRIPTION:Agenda\\, first',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:d-2',
    'DTSTART:20250311T090000Z',
    'DESCRIPTION;ALTREP="cid:x:Agenda',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const withDetails = await parseCalendar(ics, berlin('2025-03-01', '2025-03-31'));
  const without = await parseCalendar(ics, { ...berlin('2025-03-01', '2025-03-31'), details: false });
  assert.equal(withDetails.records[0]?.location, 'Room 1');
  assert.equal(withDetails.records[0]?.description, 'Agenda, first');
  assert.deepEqual(
    without.records,
    withDetails.records.map(({ location: _location, description: _description, ...rest }) => rest),
  );
  assert.deepEqual(without.errors, withDetails.errors);
  assert.deepEqual(
    without.errors.map((e) => `${e.line} ${e.field}`),
    ['12 DESCRIPTION'],
  );
});

test('the occurrences of a series share one attendee list only when asked to', async () => {
  const bytes = fixture('google-series.ics');
  const own = (await parseCalendar(bytes, berlin('2025-01-01', '2025-03-31'))).records;
  const shared = (await parseCalendar(bytes, { ...berlin('2025-01-01', '2025-03-31'), ownAttendees: false }))
    .records;
  assert.deepEqual(shared, own);
  const standup = (records: CalendarOccurrence[]) => records.filter((o) => o.uid === 'standup-1@google.com');
  const [a, b] = standup(own);
  assert.notEqual(a?.attendees, b?.attendees);
  assert.notEqual(a?.attendees[0], b?.attendees[0]);
  const [c, d] = standup(shared);
  assert.equal(c?.attendees, d?.attendees);
});

test('an attendee line met again reads as before: a person, a room left out, a malformed line reported each time', async () => {
  const person = 'ATTENDEE;PARTSTAT=ACCEPTED;CN="Ana Alves":mailto:Ana@Example.com';
  const room = 'ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.com';
  const broken = 'ATTENDEE;CN="Ana:mailto:ana@example.com';
  const event = (uid: string, day: string, extra: string[] = []) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTART:202503${day}T090000Z`,
    ...extra,
    person,
    room,
    broken,
    'END:VEVENT',
  ];
  const ics = [
    'BEGIN:VCALENDAR',
    ...event('a-1', '10'),
    ...event('a-2', '11', ['RRULE:FREQ=DAILY;COUNT=2']),
    ...event('a-3', '14', [`ORGANIZER${person.slice('ATTENDEE'.length)}`]),
    'END:VCALENDAR',
  ].join('\r\n');
  const result = await parseCalendar(ics, berlin('2025-03-01', '2025-03-31'));
  assert.deepEqual(result.records.map(brief), [
    'a-1 | 2025-03-10T09:00:00.000Z 0m 2025-03-10 | ana@example.com(ACCEPTED)',
    'a-3 | 2025-03-14T09:00:00.000Z 0m 2025-03-14 | *ana@example.com(ACCEPTED)',
    'a-2/2025-03-11T09:00:00.000Z | 2025-03-11T09:00:00.000Z 0m 2025-03-11 | ana@example.com(ACCEPTED)',
    'a-2/2025-03-12T09:00:00.000Z | 2025-03-12T09:00:00.000Z 0m 2025-03-12 | ana@example.com(ACCEPTED)',
  ]);
  assert.equal(result.records[0]?.attendees[0]?.name, 'Ana Alves');
  assert.deepEqual(
    result.errors.map((e) => `${e.line} ${e.field}`),
    ['7 ATTENDEE', '15 ATTENDEE', '23 ATTENDEE'],
  );
});
