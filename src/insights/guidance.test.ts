import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersonProfile, PersonTime } from '../store/insights-queries.ts';
import { holdingBack } from './holding-back.ts';
import { investIn } from './invest.ts';
import { cadenceOf, daysBetween, keepInTouch, touchItem } from './keep-in-touch.ts';
import { isWeekend } from './time-split.ts';

const profile = (over: Partial<PersonProfile>): PersonProfile => ({
  id: 1,
  name: 'P',
  circle: 'network',
  verdict: 'forward',
  aspire: false,
  cadenceDays: null,
  mastery: null,
  contribution: null,
  accomplishment: null,
  greatness: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  purpose: null,
  notes: null,
  organization: null,
  title: null,
  totalMinutes: 0,
  lastDay: null,
  ...over,
});

test('cadence: own days first, then the circle default; 0 means never', () => {
  assert.deepEqual(cadenceOf({ cadenceDays: null, circle: 'inner' }), { days: 14, source: 'circle' });
  assert.deepEqual(cadenceOf({ cadenceDays: 7, circle: 'social' }), { days: 7, source: 'person' });
  assert.equal(cadenceOf({ cadenceDays: 0, circle: 'inner' }), null);
  assert.equal(cadenceOf({ cadenceDays: null, circle: 'unsorted' }), null);
  assert.equal(daysBetween('2026-02-27', '2026-03-01'), 2);
});

test('due dates come from the last day in touch, or from the day someone was added', () => {
  // Added 2026-01-01 11:00 Berlin; every 30 days → due 01-31.
  assert.equal(touchItem(profile({}), '2026-03-15', 'Europe/Berlin')?.dueDate, '2026-01-31');
  // Added 23:30 UTC on Dec 31 is already Jan 1 in Berlin.
  assert.equal(
    touchItem(profile({ createdAt: '2025-12-31T23:30:00.000Z' }), '2026-03-15', 'Europe/Berlin')?.dueDate,
    '2026-01-31',
  );
  const r = keepInTouch(
    [
      profile({ id: 1, name: 'A', lastDay: '2026-03-01' }),
      profile({ id: 2, name: 'B', circle: 'inner', lastDay: '2026-03-10' }),
      profile({ id: 3, name: 'C', circle: 'social', lastDay: '2020-01-01' }),
      profile({ id: 4, name: 'D', circle: 'acquaintance', lastDay: '2025-12-01' }),
    ],
    '2026-03-15',
    'UTC',
    14,
  );
  assert.deepEqual(
    r.overdue.map((x) => [x.name, x.overdueDays]),
    [['D', 14]],
  );
  // A comes due on 03-31, past the 14 days looked ahead (03-29).
  assert.deepEqual(
    r.upcoming.map((x) => [x.name, x.dueDate]),
    [['B', '2026-03-24']],
  );
  assert.equal(r.tracked, 3);
});

const time = (over: Partial<PersonTime>): PersonTime => ({
  id: 1,
  name: 'P',
  circle: 'social',
  verdict: null,
  entries: 1,
  minutes: 0,
  networkingMinutes: 0,
  socializingMinutes: 0,
  forwardMinutes: 0,
  backMinutes: 0,
  unjudgedMinutes: 0,
  ...over,
});

test('holding back needs a large share and mostly back time or a back verdict', () => {
  const people = [
    time({ id: 1, name: 'Mostly back', minutes: 100, backMinutes: 60, forwardMinutes: 40 }),
    time({ id: 2, name: 'Half and half', minutes: 100, backMinutes: 50, forwardMinutes: 50 }),
    time({ id: 3, name: 'Judged back', minutes: 80, forwardMinutes: 80, verdict: 'back' }),
    time({ id: 4, name: 'Small', minutes: 5, backMinutes: 5 }),
    time({ id: 5, name: 'Unjudged', minutes: 100, unjudgedMinutes: 100 }),
  ];
  const r = holdingBack(people, 1000, 0.05);
  // At stake: Judged back 80 (all of it), Mostly back 60 (its back minutes).
  assert.deepEqual(
    r.map((p) => [p.name, p.minutesAtStake, p.backShare]),
    [
      ['Judged back', 80, 0],
      ['Mostly back', 60, 0.6],
    ],
  );
});

test('invest ranks by pull times neglect and explains both', () => {
  const people = [
    profile({ id: 1, name: 'Aspired', aspire: true, circle: 'acquaintance' }),
    profile({ id: 2, name: 'Ahead twice', mastery: 'ahead', greatness: 'ahead', circle: 'social' }),
    profile({ id: 3, name: 'Plenty of time', aspire: true }),
    profile({ id: 4, name: 'Back', aspire: true, verdict: 'back' }),
    profile({ id: 5, name: 'Nothing special', circle: 'social' }),
  ];
  const { people: r, candidates } = investIn({
    people,
    periodMinutes: new Map([
      [2, 90],
      [3, 500],
    ]),
    purpose: new Map([[2, { relative: 0.5, terms: ['labs'] }]]),
    touch: () => null,
    littleMinutes: 180,
    periodLabel: 'the last 3 months',
  });
  // Aspired: pull 3, neglect 1 → 3. Ahead twice: pull 2 + 1 (purpose 0.5 × 2), neglect 0.5 → 1.5.
  assert.deepEqual(
    r.map((p) => [p.name, p.score]),
    [
      ['Aspired', 3],
      ['Ahead twice', 1.5],
    ],
  );
  assert.deepEqual(r[1]!.reasons, [
    'ahead of you in mastery, greatness',
    'shares your purpose: labs',
    'only 1h30 together in the last 3 months',
  ]);
  assert.equal(candidates, 2);
  // A limit keeps the best and still counts every candidate.
  const one = investIn(
    {
      people,
      periodMinutes: new Map([[3, 500]]),
      purpose: new Map(),
      touch: () => null,
      littleMinutes: 180,
      periodLabel: 'the last 3 months',
    },
    1,
  );
  assert.deepEqual(
    one.people.map((p) => p.name),
    ['Aspired'],
  );
  assert.equal(one.candidates, 2);
});

test('weekends are Saturday and Sunday', () => {
  assert.deepEqual(['2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16'].map(isWeekend), [
    false,
    true,
    true,
    false,
  ]);
});
