import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from './calendar-bench.ts';
import { parseCalendar } from './read-calendar.ts';

test('the benchmark calendar is deterministic and reads without errors', async () => {
  const text = makeCalendar(300);
  assert.equal(text, makeCalendar(300));
  assert.equal(text.match(/^BEGIN:VEVENT\r$/gm)?.length, 300);
  const result = await parseCalendar(text, {
    ownerTimeZone: 'Europe/Berlin',
    from: '2022-01-01',
    to: '2024-12-31',
  });
  assert.deepEqual(result.errors, []);
  assert.ok(result.records.length > 300, 'series add occurrences');
  assert.equal(new Set(result.records.map((o) => o.key)).size, result.records.length, 'keys are unique');
  assert.ok(result.records.every((o) => o.attendees.every((a) => a.partstat !== 'DECLINED')));
});
