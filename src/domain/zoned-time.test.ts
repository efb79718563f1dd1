import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  isTimeZone,
  localDateOf,
  parseDate,
  startOfDay,
  utcToZoned,
  zonedToUtc,
} from './zoned-time.ts';

test('converts wall time to instants in ordinary times', () => {
  assert.equal(
    zonedToUtc({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, 'Europe/Berlin').toISOString(),
    '2026-01-15T08:00:00.000Z',
  );
  assert.equal(
    zonedToUtc({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, 'Europe/Berlin').toISOString(),
    '2026-07-15T07:00:00.000Z',
  );
  assert.equal(
    zonedToUtc({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, 'America/New_York').toISOString(),
    '2026-07-15T13:00:00.000Z',
  );
});

test('a wall time in the spring gap moves forward by the gap', () => {
  // Europe/Berlin skips 02:00–03:00 on 2026-03-29.
  const t = zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin');
  assert.equal(t.toISOString(), '2026-03-29T01:30:00.000Z');
  assert.equal(utcToZoned(t, 'Europe/Berlin').hour, 3);
  // America/New_York skips 02:00–03:00 on 2026-03-08.
  assert.equal(
    zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 15 }, 'America/New_York').toISOString(),
    '2026-03-08T07:15:00.000Z',
  );
});

test('a repeated wall time in autumn means its first occurrence', () => {
  // 02:30 happens twice in Berlin on 2026-10-25: first at +02:00 (00:30Z), then at +01:00.
  assert.equal(
    zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(),
    '2026-10-25T00:30:00.000Z',
  );
  assert.equal(
    zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York').toISOString(),
    '2026-11-01T05:30:00.000Z',
  );
});

test('local dates depend on the zone', () => {
  const instant = new Date('2026-03-31T23:30:00Z');
  assert.equal(localDateOf(instant, 'UTC'), '2026-03-31');
  assert.equal(localDateOf(instant, 'Europe/Berlin'), '2026-04-01');
  assert.equal(localDateOf(instant, 'America/Los_Angeles'), '2026-03-31');
  assert.equal(startOfDay('2026-04-01', 'Europe/Berlin').toISOString(), '2026-03-31T22:00:00.000Z');
});

test('dates are checked and added', () => {
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.throws(() => parseDate('2026-02-30'), /not a real calendar date/);
  assert.throws(() => parseDate('26-2-3'), /YYYY-MM-DD/);
  assert.equal(isTimeZone('Europe/Berlin'), true);
  assert.equal(isTimeZone('Mars/Olympus'), false);
});
