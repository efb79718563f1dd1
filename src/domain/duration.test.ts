import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FathomError } from './errors.ts';
import { formatMinutes, parseDuration } from './duration.ts';

test('reads durations as people type them', () => {
  const cases: [string, number][] = [
    ['90m', 90],
    ['90', 90],
    ['1h30', 90],
    ['1h 30m', 90],
    ['1h30m', 90],
    ['2h', 120],
    ['1.5h', 90],
    ['1,5h', 90],
    ['1:30', 90],
    ['45 min', 45],
    ['3 hours', 180],
    ['24h', 1440],
  ];
  for (const [text, minutes] of cases) assert.equal(parseDuration(text), minutes, text);
});

test('rejects durations that are not durations, naming the field and value', () => {
  for (const bad of ['', 'abc', '0', '0m', '-5m', '25h', 'h', '1h30x', '1:75', '2 days']) {
    assert.throws(
      () => parseDuration(bad),
      (e: unknown) =>
        e instanceof FathomError &&
        e.code === 'invalid_input' &&
        e.field === 'duration' &&
        e.message.includes(`"${bad}"`),
      bad,
    );
  }
});

test('formats minutes compactly', () => {
  assert.equal(formatMinutes(45), '45m');
  assert.equal(formatMinutes(120), '2h');
  assert.equal(formatMinutes(90), '1h30');
  assert.equal(formatMinutes(65), '1h05');
  assert.equal(formatMinutes(0), '0m');
});
