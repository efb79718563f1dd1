import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandRecurrence, parseRecurrenceRule } from './recurrence-rule.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';

function rule(text: string): RecurrenceRule {
  const parsed = parseRecurrenceRule(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** Expands from a wall-clock start up to a date; returns ISO wall-clock strings without the Z. */
function expand(start: string, text: string, to: string, from?: string): string[] {
  const window = {
    toLocalMs: Date.parse(`${to}T23:59:59Z`),
    ...(from ? { fromLocalMs: Date.parse(`${from}T00:00:00Z`) } : {}),
  };
  return [...expandRecurrence(Date.parse(`${start}Z`), rule(text), window)].map((ms) =>
    new Date(ms).toISOString().slice(0, 16),
  );
}

test('MONTHLY with BYDAY=MO,TU,WE,TH,FR and BYSETPOS=-1 is the last weekday of each month', () => {
  assert.deepEqual(
    expand('2025-01-31T09:00', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4', '2025-12-31'),
    ['2025-01-31T09:00', '2025-02-28T09:00', '2025-03-31T09:00', '2025-04-30T09:00'],
  );
});

test('MONTHLY on the 31st skips short months', () => {
  assert.deepEqual(expand('2025-01-31T09:00', 'FREQ=MONTHLY;COUNT=3', '2025-12-31'), [
    '2025-01-31T09:00',
    '2025-03-31T09:00',
    '2025-05-31T09:00',
  ]);
});

test('WEEKLY with INTERVAL=2 and two days, WKST=SU vs MO', () => {
  // RFC 5545 example: the week start decides which weeks are "every other".
  assert.deepEqual(
    expand('1997-08-05T09:00', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', '1997-12-31'),
    ['1997-08-05T09:00', '1997-08-10T09:00', '1997-08-19T09:00', '1997-08-24T09:00'],
  );
  assert.deepEqual(
    expand('1997-08-05T09:00', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', '1997-12-31'),
    ['1997-08-05T09:00', '1997-08-17T09:00', '1997-08-19T09:00', '1997-08-31T09:00'],
  );
});

test('YEARLY daylight-saving rule (last Sunday of March) and a skip-ahead that lands on the same dates', () => {
  const all = expand('1970-03-29T02:00', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', '2026-12-31');
  assert.deepEqual(all.slice(-3), ['2024-03-31T02:00', '2025-03-30T02:00', '2026-03-29T02:00']);
  assert.deepEqual(
    expand('1970-03-29T02:00', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', '2026-12-31', '2024-01-01'),
    ['2024-03-31T02:00', '2025-03-30T02:00', '2026-03-29T02:00'],
  );
});

test('DAILY with BYMONTH limits, YEARLY on Feb 29 waits for leap years', () => {
  assert.deepEqual(expand('2025-01-30T08:00', 'FREQ=DAILY;BYMONTH=1,3;COUNT=4', '2025-12-31'), [
    '2025-01-30T08:00',
    '2025-01-31T08:00',
    '2025-03-01T08:00',
    '2025-03-02T08:00',
  ]);
  assert.deepEqual(expand('2024-02-29T08:00', 'FREQ=YEARLY', '2033-01-01'), [
    '2024-02-29T08:00',
    '2028-02-29T08:00',
    '2032-02-29T08:00',
  ]);
});

test('malformed or unsupported rules are reported, not guessed', () => {
  assert.equal(parseRecurrenceRule('FREQ=HOURLY'), 'unsupported FREQ=HOURLY');
  assert.equal(parseRecurrenceRule('INTERVAL=2'), 'RRULE without FREQ');
  assert.equal(parseRecurrenceRule('FREQ=WEEKLY;BYDAY=XX'), 'bad BYDAY=XX');
  assert.equal(parseRecurrenceRule('FREQ=DAILY;UNTIL=2025'), 'bad UNTIL=2025');
  assert.equal(parseRecurrenceRule('FREQ=DAILY;BYHOUR=9'), 'unsupported RRULE part BYHOUR');
});

test('weekday-only WEEKLY rules and plain DAILY ones: days in order, ordinals ignored, the window skipped into', () => {
  // Given out of order, one twice and one with an ordinal (which a weekly rule ignores).
  assert.deepEqual(
    expand('2025-03-05T09:00', 'FREQ=WEEKLY;BYDAY=MO,1FR,WE,MO;WKST=SU;COUNT=5', '2025-12-31'),
    ['2025-03-05T09:00', '2025-03-07T09:00', '2025-03-10T09:00', '2025-03-12T09:00', '2025-03-14T09:00'],
  );
  assert.deepEqual(
    expand('2025-03-02T09:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,SA;WKST=MO', '2025-03-31', '2025-03-14'),
    ['2025-03-15T09:00', '2025-03-16T09:00', '2025-03-29T09:00', '2025-03-30T09:00'],
  );
  assert.deepEqual(expand('2025-02-27T23:30', 'FREQ=DAILY;INTERVAL=2', '2025-03-06', '2025-03-01'), [
    '2025-03-01T23:30',
    '2025-03-03T23:30',
    '2025-03-05T23:30',
  ]);
});
