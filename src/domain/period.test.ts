import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, monthEquivalents, monthPeriod, splitByMonths, trailingMonths } from './period.ts';

test('months and trailing periods', () => {
  assert.deepEqual(monthPeriod('2024-02'), { from: '2024-02-01', to: '2024-02-29', label: '2024-02' });
  assert.equal(addMonths('2026-01', -1), '2025-12');
  assert.equal(addMonths('2025-12', 13), '2027-01');
  const p = trailingMonths(new Date('2026-03-31T23:30:00Z'), 'Europe/Berlin', 12);
  assert.equal(p.from, '2025-05-01');
  assert.equal(p.to, '2026-04-30');
});

test('splits ranges into whole months and edges', () => {
  assert.deepEqual(splitByMonths('2026-01-01', '2026-03-31'), {
    months: { first: '2026-01', last: '2026-03' },
    edges: [],
  });
  assert.deepEqual(splitByMonths('2026-01-15', '2026-03-10'), {
    months: { first: '2026-02', last: '2026-02' },
    edges: [
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-03-01', to: '2026-03-10' },
    ],
  });
  assert.deepEqual(splitByMonths('2026-01-30', '2026-02-02'), {
    months: null,
    edges: [{ from: '2026-01-30', to: '2026-02-02' }],
  });
});

test('counts month equivalents for prorated targets', () => {
  assert.equal(monthEquivalents({ from: '2026-01-01', to: '2026-12-31' }), 12);
  assert.ok(Math.abs(monthEquivalents({ from: '2026-02-01', to: '2026-02-14' }) - 0.5) < 1e-9);
});
