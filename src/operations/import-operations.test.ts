import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FathomError } from '../domain/errors.ts';
import { parseMergeChoice } from './import-operations.ts';

test('a merge chosen in a preview is read from LINE=PERSON, FILE:LINE=PERSON, a record key, or an object', () => {
  assert.deepEqual(parseMergeChoice('12=40', 'mergeInto.0'), {
    line: 12,
    personId: 40,
    field: 'mergeInto.0',
  });
  assert.deepEqual(parseMergeChoice(' 12 = #40 ', 'mergeInto.0'), {
    line: 12,
    personId: 40,
    field: 'mergeInto.0',
  });
  assert.deepEqual(parseMergeChoice('Connections.csv:7=3', 'mergeInto.1'), {
    recordKey: 'Connections.csv:7',
    file: 'Connections.csv',
    line: 7,
    personId: 3,
    field: 'mergeInto.1',
  });
  // A key may hold `=` itself: the person is what follows the last one.
  assert.deepEqual(parseMergeChoice('vcard:uid:a=b=9', 'mergeInto.0'), {
    recordKey: 'vcard:uid:a=b',
    personId: 9,
    field: 'mergeInto.0',
  });
  assert.deepEqual(parseMergeChoice({ recordKey: 'google:ab12', personId: 5 }, 'mergeInto.2'), {
    recordKey: 'google:ab12',
    personId: 5,
    field: 'mergeInto.2',
  });
  for (const bad of ['12', '=40', '12=Ana', '12=']) {
    assert.throws(
      () => parseMergeChoice(bad, 'mergeInto.3'),
      (e: FathomError) =>
        e.code === 'invalid_input' && e.field === 'mergeInto.3' && /write LINE=PERSON/.test(e.message),
      bad,
    );
  }
});
