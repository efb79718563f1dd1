import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EmailOwner } from '../store/calendar-entries-store.ts';
import { AttendeePeople } from './calendar-people.ts';

test('person ids come sorted and once each, the owner and deleted people left out, newcomers in order of first mention', () => {
  const people = new AttendeePeople(
    new Set(['me@x.org']),
    new Map<string, EmailOwner>([
      ['ann@x.org', 7],
      ['bob@x.org', 3],
      ['gone@x.org', 'ignored'],
    ]),
  );
  const attendees = [
    { email: 'ann@x.org' },
    { email: 'New@X.org', name: ' Nina ' },
    { email: 'me@x.org' },
    { email: 'gone@x.org' },
    { email: 'bob@x.org' },
    { email: 'new@x.org' },
    { email: 'ann@x.org' },
    { email: 'zed@x.org' },
  ];
  assert.deepEqual(people.idsOf(attendees), [-2, -1, 3, 7]);
  // Asked again (a series), the same ids, and no one new.
  assert.deepEqual(people.idsOf(attendees), [-2, -1, 3, 7]);
  assert.deepEqual(people.idsOf([{ email: 'bob@x.org' }, { email: 'zed@x.org' }]), [-2, 3]);
  assert.deepEqual(people.takeNewcomers(), [
    { ref: -1, email: 'new@x.org', name: 'Nina' },
    { ref: -2, email: 'zed@x.org', name: 'zed@x.org' },
  ]);
  assert.deepEqual(people.takeNewcomers(), []);
});

test('a list asked about again gives its ids in an array of its own each time', () => {
  const people = new AttendeePeople(new Set(), new Map<string, EmailOwner>([['ann@x.org', 7]]));
  const series = [{ email: 'ann@x.org' }, { email: 'nina@x.org' }];
  const first = people.idsOf(series);
  first.push(99);
  const second = people.idsOf(series);
  assert.deepEqual(second, [-1, 7]);
  assert.notEqual(people.idsOf(series), second);
  assert.deepEqual(people.takeNewcomers(), [{ ref: -1, email: 'nina@x.org', name: 'nina@x.org' }]);
});
