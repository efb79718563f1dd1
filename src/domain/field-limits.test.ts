import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutText, isPlausibleInstant, isPlausibleYear, multiLine, singleLine } from './field-limits.ts';

test('single-line values lose escape sequences, controls and bidi overrides; breaks and separators become spaces', () => {
  assert.equal(singleLine('Ana\u001b[31mLima\u001b[0m'), 'AnaLima');
  assert.equal(singleLine('a\u001b]0;title\u0007b'), 'ab');
  assert.equal(singleLine('a\r\nb\tc\u2028d'), 'a b c d');
  assert.equal(singleLine('Ivy\u001eX\u001fY'), 'Ivy X Y');
  assert.equal(singleLine('x\u0000\u0085\u009by\u202e\u2066z'), 'xyz');
  // Marks that only shape right-to-left text stay; so does every script.
  assert.equal(singleLine('\u200fשלום Çağla 日本'), '\u200fשלום Çağla 日本');
});

test('multi-line values keep line breaks and tabs', () => {
  assert.equal(multiLine('one\r\ntwo\rthree\n\tfour\u001b[2J\u0000'), 'one\ntwo\nthree\n\tfour');
});

test('cutting never splits a surrogate pair', () => {
  assert.equal(cutText('ab😀', 3), 'ab');
  assert.equal(cutText('abc  d', 5), 'abc');
  assert.equal(cutText('short', 10), 'short');
});

test('the plausible years are 1900 to 2200, for instants and years alike', () => {
  assert.ok(isPlausibleYear(1900) && isPlausibleYear(2200));
  assert.ok(!isPlausibleYear(1899) && !isPlausibleYear(2201) && !isPlausibleYear(1604));
  assert.ok(isPlausibleInstant(Date.UTC(1900, 0, 1)));
  assert.ok(!isPlausibleInstant(Date.UTC(1899, 11, 31, 23, 59)));
  assert.ok(isPlausibleInstant(Date.UTC(2200, 11, 31, 23, 59)));
  assert.ok(!isPlausibleInstant(Date.UTC(2201, 0, 1)) && !isPlausibleInstant(Number.NaN));
});
