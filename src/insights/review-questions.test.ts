import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewPeriod, reviewQuestions } from './review-questions.ts';

test('a weekly review covers the week holding today, by the owner week start', () => {
  // 2026-03-15 is a Sunday.
  assert.deepEqual(reviewPeriod('week', '2026-03-15', 'monday', false), {
    from: '2026-03-09',
    to: '2026-03-15',
    label: 'week of 2026-03-09',
  });
  assert.deepEqual(reviewPeriod('week', '2026-03-15', 'sunday', false), {
    from: '2026-03-15',
    to: '2026-03-21',
    label: 'week of 2026-03-15',
  });
  assert.deepEqual(reviewPeriod('week', '2026-03-02', 'monday', true), {
    from: '2026-02-23',
    to: '2026-03-01',
    label: 'week of 2026-02-23',
  });
});

test('a monthly review covers the calendar month, or the one before', () => {
  assert.deepEqual(reviewPeriod('month', '2026-03-15', 'monday', false), {
    from: '2026-03-01',
    to: '2026-03-31',
    label: '2026-03',
  });
  assert.deepEqual(reviewPeriod('month', '2026-01-03', 'monday', true), {
    from: '2025-12-01',
    to: '2025-12-31',
    label: '2025-12',
  });
});

test('the questions name the period and have stable keys', () => {
  const q = reviewQuestions('month');
  assert.deepEqual(
    q.map((x) => x.key),
    ['forward', 'heldBack', 'aim', 'commit'],
  );
  assert.match(q[0]!.question, /this month/);
});
