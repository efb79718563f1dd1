import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsWords, titleWords } from './title-words.ts';

test('containsWords ignores case and accents and matches at the start of a word', () => {
  assert.equal(containsWords('Café with Ana', 'cafe'), true);
  assert.equal(containsWords('CAFE', 'Café'), true);
  assert.equal(containsWords('Weekly Sync', 'sync'), true);
  assert.equal(containsWords('sync-up', 'sync'), true);
  assert.equal(containsWords('Async review', 'sync'), false);
  assert.equal(containsWords('async, then sync', 'sync'), true);
  assert.equal(containsWords('Ana / 1:1', '1:1'), true);
  assert.equal(containsWords('11:15 standup', '1:1'), false);
  assert.equal(containsWords('anything', '  '), false);
});

test('titleWords keeps meaningful words, stemmed, once each, sorted', () => {
  assert.deepEqual(titleWords('Weekly syncs with the team'), titleWords('weekly sync team'));
  assert.deepEqual(titleWords('1:1 with Ana'), ['1:1', 'ana']);
  assert.deepEqual(titleWords('Q3 planning 2026'), ['plan', 'q3']);
  assert.deepEqual(titleWords('Réunion Équipe'), titleWords('reunion equipe'));
  assert.deepEqual(titleWords('the and of'), []);
});
