import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CalendarHeadReader, calendarMatch, storedIdentity } from './calendar-identity.ts';

function identityOf(text: string, fileName = 'work.ics', chunkSize = text.length) {
  const reader = new CalendarHeadReader();
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunkSize) reader.take(bytes.subarray(i, i + chunkSize));
  return reader.identity(fileName);
}

test('the calendar name and id come from the calendar itself, not from its events', () => {
  const text = [
    '\uFEFFBEGIN:VCALENDAR',
    'X-WR-CALNAME;VALUE=TEXT:Work\\, Berlin',
    ' office',
    'BEGIN:VTIMEZONE',
    'X-WR-CALNAME:Not this',
    'END:VTIMEZONE',
    'X-WR-RELCALID:{0000002E-1234}',
    'BEGIN:VEVENT',
    'X-WR-CALNAME:Nor this',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const expected = { id: '{0000002E-1234}', name: 'Work, Berlinoffice', fileName: 'work.ics' };
  assert.deepEqual(identityOf(text), expected);
  // A multi-byte character and the fold split across chunks read the same.
  assert.deepEqual(identityOf(text.replace('Berlin', 'Köln'), 'work.ics', 7), {
    ...expected,
    name: 'Work, Kölnoffice',
  });
  assert.deepEqual(identityOf('BEGIN:VCALENDAR\nEND:VCALENDAR\n', 'x.ics'), {
    id: null,
    name: null,
    fileName: 'x.ics',
  });
});

test('two imports read the same calendar by id, else by name, else by file name', () => {
  const work = { id: null, name: 'Work', fileName: 'work.ics' };
  assert.equal(calendarMatch(work, { ...work, fileName: 'Work (1).ics' }), 'name');
  assert.equal(calendarMatch(work, { ...work, name: 'Home' }), null);
  assert.equal(calendarMatch({ ...work, id: 'a' }, { ...work, id: 'b' }), null);
  assert.equal(calendarMatch({ ...work, id: 'a' }, { ...work, id: 'a', name: 'Renamed' }), 'id');
  assert.equal(calendarMatch({ ...work, name: null }, { ...work, fileName: 'other.ics' }), null);
  assert.equal(calendarMatch({ ...work, name: null }, work), 'file');
  assert.deepEqual(storedIdentity('{"created":1,"calendar":{"id":null,"name":"Work","family":3}}', 'w.ics'), {
    id: null,
    name: 'Work',
    fileName: 'w.ics',
    family: 3,
  });
  assert.deepEqual(storedIdentity('{"created":1}', 'w.ics'), {
    id: null,
    name: null,
    fileName: 'w.ics',
    family: null,
  });
});
