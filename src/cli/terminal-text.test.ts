/* eslint-disable no-control-regex -- the tests look for control characters */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalJson, terminalText } from './terminal-text.ts';

test('control characters and bidi overrides are shown as visible stand-ins', () => {
  assert.equal(terminalText('Bob\u001b[2J'), 'Bob\u241b[2J');
  assert.equal(terminalText('a\rb\u0007\u0000'), 'a\u240db\u2407\u2400');
  assert.equal(terminalText('x\u009b31m\u007f'), 'x<U+009B>31m\u2421');
  assert.equal(terminalText('\u202egnp.exe'), '<U+202E>gnp.exe');
  // Line feeds and tabs are how the CLI lays text out; names in any script pass unchanged.
  assert.equal(terminalText('a\n\tb Çağla 日本 \u200f'), 'a\n\tb Çağla 日本 \u200f');
});

test('JSON output escapes what JSON.stringify leaves raw, and stays JSON', () => {
  const json = terminalJson(JSON.stringify({ name: 'a\u009b\u202eb\u001b' }));
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/.test(json));
  assert.deepEqual(JSON.parse(json), { name: 'a\u009b\u202eb\u001b' });
});
