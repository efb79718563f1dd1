import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetFigures } from './target.ts';

const months = (pairs: [string, number][]) => new Map(pairs);

test('this month against the target, with pace by elapsed days', () => {
  const t = targetFigures({
    month: '2026-03',
    today: '2026-03-15',
    targetMinutes: 300,
    networkingByMonth: months([['2026-03', 120]]),
    unjudged: { entries: 2, minutes: 90 },
  });
  assert.equal(t.networkingMinutes, 120);
  assert.equal(t.progress, 0.4);
  assert.equal(t.met, false);
  assert.equal(t.remainingMinutes, 180);
  // 120 minutes in 15 of 31 days: 120 / 15 × 31 = 248.
  assert.deepEqual(t.pace, { elapsedDays: 15, daysInMonth: 31, projectedMinutes: 248, onTrack: false });
  assert.deepEqual(t.unjudged, { entries: 2, minutes: 90 });
  assert.equal(t.trailing.length, 12);
  assert.equal(t.trailing[0]!.month, '2025-04');
  assert.equal(t.trailing[11]!.state, 'in_progress');
});

test('trailing months are met or missed, and the streak skips a current month not yet met', () => {
  const t = targetFigures({
    month: '2026-03',
    today: '2026-03-02',
    targetMinutes: 300,
    networkingByMonth: months([
      ['2025-10', 299],
      ['2025-11', 300],
      ['2025-12', 600],
      ['2026-01', 310],
      ['2026-02', 305],
      ['2026-03', 30],
    ]),
    unjudged: { entries: 0, minutes: 0 },
  });
  assert.deepEqual(
    t.trailing.slice(-6).map((m) => [m.month, m.state]),
    [
      ['2025-10', 'missed'],
      ['2025-11', 'met'],
      ['2025-12', 'met'],
      ['2026-01', 'met'],
      ['2026-02', 'met'],
      ['2026-03', 'in_progress'],
    ],
  );
  assert.equal(t.streak, 4);
  // On March 2nd, 30 minutes project to 30 / 2 × 31 = 465.
  assert.equal(t.pace?.projectedMinutes, 465);
  assert.equal(t.pace?.onTrack, true);
});

test('a met current month extends the streak; a past month has no pace', () => {
  const byMonth = months([
    ['2026-02', 400],
    ['2026-03', 300],
  ]);
  const now = targetFigures({
    month: '2026-03',
    today: '2026-03-20',
    targetMinutes: 300,
    networkingByMonth: byMonth,
    unjudged: { entries: 0, minutes: 0 },
  });
  assert.equal(now.streak, 2);
  assert.equal(now.met, true);
  const past = targetFigures({
    month: '2026-02',
    today: '2026-03-20',
    targetMinutes: 300,
    networkingByMonth: byMonth,
    unjudged: { entries: 0, minutes: 0 },
  });
  assert.equal(past.pace, null);
  assert.equal(past.streak, 1);
  assert.equal(past.trailing[11]!.state, 'met');
});
