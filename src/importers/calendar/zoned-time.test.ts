import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ianaZone, isoInstant, localDateOf, utcToZoned, zonedToUtc, zonedToUtcMs } from './zoned-time.ts';
import type { ZoneOffsets } from './zoned-time.ts';
import { windowsToIana } from './windows-zones.ts';

const at = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});

test('zonedToUtc: ordinary times in winter and summer', () => {
  assert.equal(zonedToUtc(at(2025, 1, 15, 9), 'Europe/Berlin').toISOString(), '2025-01-15T08:00:00.000Z');
  assert.equal(zonedToUtc(at(2025, 7, 15, 9), 'Europe/Berlin').toISOString(), '2025-07-15T07:00:00.000Z');
  assert.equal(zonedToUtc(at(2025, 7, 15, 9), 'America/New_York').toISOString(), '2025-07-15T13:00:00.000Z');
  assert.equal(zonedToUtc(at(2025, 7, 15, 9, 30), 'Asia/Kolkata').toISOString(), '2025-07-15T04:00:00.000Z');
});

test('zonedToUtc: a time in the spring-forward gap moves forward by the gap length', () => {
  // Berlin skips 02:00-03:00 on 2025-03-30; 02:30 means 03:30 CEST.
  assert.equal(zonedToUtc(at(2025, 3, 30, 2, 30), 'Europe/Berlin').toISOString(), '2025-03-30T01:30:00.000Z');
  // New York skips 02:00-03:00 on 2025-03-09; 02:30 means 03:30 EDT.
  assert.equal(
    zonedToUtc(at(2025, 3, 9, 2, 30), 'America/New_York').toISOString(),
    '2025-03-09T07:30:00.000Z',
  );
});

test('zonedToUtc: a time in the repeated hour is its first occurrence', () => {
  assert.equal(
    zonedToUtc(at(2025, 10, 26, 2, 30), 'Europe/Berlin').toISOString(),
    '2025-10-26T00:30:00.000Z',
  );
  assert.equal(
    zonedToUtc(at(2025, 11, 2, 1, 30), 'America/New_York').toISOString(),
    '2025-11-02T05:30:00.000Z',
  );
});

test('utcToZoned and localDateOf read the wall clock in a zone', () => {
  assert.deepEqual(utcToZoned(new Date('2025-10-26T00:30:00Z'), 'Europe/Berlin'), {
    year: 2025,
    month: 10,
    day: 26,
    hour: 2,
    minute: 30,
    second: 0,
    weekday: 0,
  });
  assert.equal(utcToZoned(new Date('2025-10-26T01:30:00Z'), 'Europe/Berlin').hour, 2, 'the second 02:30');
  assert.equal(localDateOf(new Date('2025-01-15T23:30:00Z'), 'Europe/Berlin'), '2025-01-16');
  assert.equal(localDateOf(new Date('2025-01-15T23:30:00Z'), 'America/Los_Angeles'), '2025-01-15');
  assert.throws(() => localDateOf(new Date(), 'Mars/Olympus_Mons'), RangeError);
});

test('every IANA zone in the Windows map is known to Intl', () => {
  for (const name of [
    'W. Europe Standard Time',
    'Eastern Standard Time',
    'GMT Standard Time',
    'India Standard Time',
  ]) {
    const iana = windowsToIana(name);
    assert.ok(iana, name);
    assert.doesNotThrow(() => localDateOf(new Date(), iana), name);
  }
  assert.equal(windowsToIana('  w. europe standard time '), 'Europe/Berlin');
  assert.equal(windowsToIana('Mars Standard Time'), undefined);
});

test('the shortcut for days far from a transition gives what the full rule gives, every half hour of two years', () => {
  for (const name of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC']) {
    const zone = ianaZone(name);
    assert.ok(zone);
    const plain: ZoneOffsets = { id: name, offsetMs: (ms) => zone.offsetMs(ms) };
    for (let local = Date.UTC(2023, 0, 1); local < Date.UTC(2025, 0, 1); local += 1_800_000) {
      assert.equal(
        zonedToUtcMs(local, zone),
        zonedToUtcMs(local, plain),
        `${name} ${new Date(local).toISOString()}`,
      );
    }
  }
});

test('isoInstant writes what toISOString writes, whole minutes or not, inside and outside four-digit years', () => {
  const instants = [
    0,
    Date.UTC(2024, 1, 29, 23, 59),
    Date.UTC(2023, 5, 10, 7, 30),
    Date.UTC(2023, 5, 10, 7, 30, 15),
    Date.UTC(2023, 5, 10, 7, 30, 0, 250),
    new Date(0).setUTCFullYear(999, 0, 1),
    new Date(0).setUTCFullYear(12, 2, 3),
    Date.UTC(1969, 11, 31, 23, 59),
    Date.UTC(9999, 11, 31, 23, 59),
    Date.UTC(10000, 0, 1),
    new Date(0).setUTCFullYear(-1, 0, 1),
  ];
  for (let minute = 0; minute < 1440; minute += 7) instants.push(Date.UTC(2022, 0, 3) + minute * 60_000);
  for (const ms of instants) assert.equal(isoInstant(ms), new Date(ms).toISOString(), String(ms));
  assert.throws(() => isoInstant(Number.NaN), RangeError);
});

test('offsets are the formatter’s own every hour of a year, also where clocks change at midnight UTC', () => {
  // Jerusalem changes its clocks at 00:00 UTC, the others within a day.
  for (const name of ['Asia/Jerusalem', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
    const zone = ianaZone(name);
    assert.ok(zone);
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    for (let utc = Date.UTC(2024, 0, 1); utc < Date.UTC(2025, 0, 1); utc += 3_600_000) {
      const parts = Object.fromEntries(format.formatToParts(utc).map((p) => [p.type, Number(p.value)]));
      const local = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute);
      assert.equal(zone.offsetMs(utc), local - utc, `${name} ${new Date(utc).toISOString()}`);
    }
  }
});
