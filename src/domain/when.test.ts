import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FathomError } from './errors.ts';
import { parseWhen } from './when.ts';

// A Sunday afternoon in Berlin (CET, +01:00).
const now = new Date('2026-03-15T14:20:00Z');
const tz = 'Europe/Berlin';
const at = (text: string) => parseWhen(text, tz, now).toISOString();

test('reads relative and absolute times in the owner zone', () => {
  assert.equal(at('now'), '2026-03-15T14:20:00.000Z');
  assert.equal(at('yesterday 12:30'), '2026-03-14T11:30:00.000Z');
  assert.equal(at('today 9:00'), '2026-03-15T08:00:00.000Z');
  assert.equal(at('yesterday'), '2026-03-14T11:00:00.000Z');
  assert.equal(at('9am'), '2026-03-15T08:00:00.000Z');
  assert.equal(at('6:30pm'), '2026-03-15T17:30:00.000Z');
  assert.equal(at('2026-03-01 14:00'), '2026-03-01T13:00:00.000Z');
  assert.equal(at('2026-03-01T14:00'), '2026-03-01T13:00:00.000Z');
  assert.equal(at('2026-03-01T14:00Z'), '2026-03-01T14:00:00.000Z');
  assert.equal(at('2026-03-01T14:00+02:00'), '2026-03-01T12:00:00.000Z');
  assert.equal(at('2h ago'), '2026-03-15T12:20:00.000Z');
  assert.equal(at('90 minutes ago'), '2026-03-15T12:50:00.000Z');
  assert.equal(at('3 days ago'), '2026-03-12T14:20:00.000Z');
  // The most recent Monday before Sunday the 15th is the 9th.
  assert.equal(at('monday 18:00'), '2026-03-09T17:00:00.000Z');
  assert.equal(at('sunday 10:00'), '2026-03-15T09:00:00.000Z');
  assert.equal(at('last sunday 10:00'), '2026-03-08T09:00:00.000Z');
});

test('days ago keep the wall clock across a DST change', () => {
  const after = new Date('2026-03-30T10:00:00Z'); // 12:00 CEST
  assert.equal(parseWhen('2 days ago', tz, after).toISOString(), '2026-03-28T11:00:00.000Z'); // 12:00 CET
});

test('rejects what it cannot read, naming the field and value', () => {
  for (const bad of ['', 'soon', 'yesterday 25:00', '2026-02-30 10:00', '13pm', 'next week', '2026-13-01']) {
    assert.throws(
      () => parseWhen(bad, tz, now),
      (e: unknown) =>
        e instanceof FathomError && e.field === 'at' && e.message.includes(`"${bad.split(' ')[0]}`),
      bad,
    );
  }
});

test('refuses times outside the plausible years instead of moving them', () => {
  for (const text of [
    '1000000000h ago',
    '0001-01-01 10:00',
    '9999-01-01 10:00',
    '1899-12-31T23:00Z',
    '99999999 days ago',
    '2201-01-01T00:00Z',
  ]) {
    assert.throws(
      () => parseWhen(text, tz, now),
      (e: unknown) =>
        e instanceof FathomError && e.code === 'invalid_input' && /between 1900 and 2200/.test(e.message),
      text,
    );
  }
  assert.equal(at('1900-01-01T00:00Z'), '1900-01-01T00:00:00.000Z');
  assert.equal(at('2200-12-31 12:00'), '2200-12-31T11:00:00.000Z');
});
