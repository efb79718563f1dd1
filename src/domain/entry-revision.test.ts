import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedFields, fieldList, revertEdit } from './entry-revision.ts';
import type { EntryState } from './entry-revision.ts';

const logged: EntryState = {
  startedAt: '2026-03-31T20:30:00.000Z',
  timeZone: 'Europe/Berlin',
  localDate: '2026-03-31',
  minutes: 60,
  allDay: false,
  title: 'Dinner',
  mode: 'networking',
  verdict: 'forward',
  goalId: 3,
  channel: 'in_person',
  notes: null,
  personIds: [1, 4],
  editedAt: null,
  imported: null,
};

test('the fields two states differ in, in the order the owner reads them', () => {
  assert.deepEqual(changedFields(logged, { ...logged }), []);
  assert.deepEqual(
    changedFields(logged, {
      ...logged,
      notes: 'x',
      personIds: [1],
      startedAt: '2026-04-01T06:00:00.000Z',
      localDate: '2026-04-01',
    }),
    ['when', 'people', 'notes'],
  );
  // The same people in the same order are no change; the zone alone is a change of when.
  assert.deepEqual(changedFields(logged, { ...logged, personIds: [1, 4] }), []);
  assert.deepEqual(changedFields(logged, { ...logged, timeZone: 'Europe/Lisbon' }), ['when']);
});

test('undo puts back what the edit changed and nothing else', () => {
  const after: EntryState = {
    ...logged,
    startedAt: '2026-04-01T06:00:00.000Z',
    localDate: '2026-04-01',
    minutes: 90,
    editedAt: '2026-04-15T12:00:00.000Z',
  };
  // An import changed the title since; the edit never touched it.
  const current: EntryState = { ...after, title: 'Dinner at Rosa' };
  const { state, undone, kept } = revertEdit(current, { before: logged, after });
  assert.deepEqual(undone, ['when', 'duration']);
  assert.deepEqual(kept, []);
  assert.deepEqual(state, { ...logged, title: 'Dinner at Rosa' });
});

test('a field changed again since the edit is kept as it is now, and named', () => {
  const after: EntryState = {
    ...logged,
    verdict: 'back',
    notes: 'Late',
    editedAt: '2026-04-15T12:00:00.000Z',
  };
  const current: EntryState = { ...after, verdict: 'forward', personIds: [4] };
  const { state, undone, kept } = revertEdit(current, { before: logged, after });
  assert.deepEqual([undone, kept], [['notes'], ['verdict']]);
  assert.deepEqual(state, { ...logged, personIds: [4] });
});

test('fields read as a list', () => {
  assert.equal(fieldList([]), '');
  assert.equal(fieldList(['notes']), 'notes');
  assert.equal(fieldList(['when', 'mode', 'verdict']), 'when, kind and verdict');
});
