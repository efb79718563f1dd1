import assert from 'node:assert/strict';
import { test } from 'node:test';

import { repairMojibake } from './mojibake.ts';

test('repairs UTF-8 bytes written as one code point each', () => {
  assert.equal(repairMojibake('Jos\u00c3\u00a9'), 'José');
  assert.equal(repairMojibake('\u00e6\u0097\u00a5\u00e6\u009c\u00ac'), '日本');
  assert.equal(repairMojibake('\u00f0\u009f\u0098\u0080'), '😀');
});

test('leaves correct text alone', () => {
  assert.equal(repairMojibake('Ana Lima'), 'Ana Lima');
  // Latin-1 text that is not valid UTF-8 as bytes.
  assert.equal(repairMojibake('Renée'), 'Renée');
  // Any code point above U+00FF means the text was decoded properly.
  assert.equal(repairMojibake('Ã© Łukasz'), 'Ã© Łukasz');
  assert.equal(repairMojibake(''), '');
});
