import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeText, foldLine, icsCalendar, icsTimestamp } from './ics-writer.ts';

test('TEXT values escape backslashes, semicolons, commas and line breaks', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
});

test('long lines fold at 75 octets without splitting a UTF-8 character', () => {
  const line = `SUMMARY:${'é'.repeat(60)}`;
  const folded = foldLine(line);
  const parts = folded.split('\r\n');
  for (const p of parts) assert.ok(Buffer.byteLength(p) <= 75, `${Buffer.byteLength(p)} octets`);
  // 8 ASCII octets + 33 two-octet characters = 74; the 34th would make 76.
  assert.equal(Buffer.byteLength(parts[0]!), 74);
  assert.ok(parts.slice(1).every((p) => p.startsWith(' ')));
  assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
  assert.equal(foldLine('SHORT:line'), 'SHORT:line');
});

test('a calendar of all-day events with CRLF lines', () => {
  const ics = icsCalendar({
    name: 'Test',
    stamp: new Date('2026-03-15T12:00:00.123Z'),
    events: [{ uid: 'a@x', date: '2026-12-31', summary: 'Call Ana, finally', categories: ['Fathom'] }],
  });
  assert.equal(icsTimestamp(new Date('2026-03-15T12:00:00.123Z')), '20260315T120000Z');
  assert.equal(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Fathom//Keep in touch//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Test',
      'BEGIN:VEVENT',
      'UID:a@x',
      'DTSTAMP:20260315T120000Z',
      'DTSTART;VALUE=DATE:20261231',
      'DTEND;VALUE=DATE:20270101',
      'SUMMARY:Call Ana\\, finally',
      'CATEGORIES:Fathom',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
});
