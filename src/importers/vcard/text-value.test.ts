import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitValue, unescapeText } from './text-value.ts';

test('escaped commas, semicolons, backslashes and newlines', () => {
  assert.equal(unescapeText('a\\,b\\;c\\\\d\\ne\\Nf\\:g'), 'a,b;c\\d\ne\nf:g');
  assert.equal(unescapeText('trailing\\'), 'trailing\\');
});

test('structured values split only on unescaped separators', () => {
  assert.deepEqual(splitValue('Doe\\;Smith;Jane;;;', ';'), ['Doe;Smith', 'Jane', '', '', '']);
  assert.deepEqual(splitValue('work,writers\\, poets', ','), ['work', 'writers, poets']);
  assert.deepEqual(splitValue('a\\\\;b', ';'), ['a\\', 'b']);
});
