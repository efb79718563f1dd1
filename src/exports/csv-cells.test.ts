import assert from 'node:assert/strict';
import { test } from 'node:test';
import Papa from 'papaparse';
import { csvRecord, inertText } from './csv-cells.ts';

/** The cells of one record as a spreadsheet's CSV reader sees them. */
function cellsOf(record: string): string[] {
  const parsed = Papa.parse<string[]>(record.replace(/\r\n$/, ''), { header: false, delimiter: ',' });
  assert.deepEqual(parsed.errors, []);
  return parsed.data[0]!;
}

test('a cell that starts like a formula gets a single quote in front, for each starting character', () => {
  const formulas = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
  ];
  for (const text of formulas) {
    assert.equal(inertText(text), `'${text}`);
    assert.deepEqual(cellsOf(csvRecord([text])), [`'${text}`], JSON.stringify(text));
  }
});

test('ordinary text is left as it is, and the rule has no exceptions', () => {
  for (const text of [
    'Ana Lima',
    'ana@example.com',
    'São Paulo',
    '',
    '1+1',
    'a=b',
    "'quoted already",
    ' =spaced',
  ])
    assert.equal(inertText(text), text);
  // A phone number or a lone dash starts like a formula: it is quoted like one, always.
  assert.equal(inertText('+49 170 1234567'), "'+49 170 1234567");
  assert.equal(inertText('-'), "'-");
  // An email never starts with @, but a handle does.
  assert.equal(inertText('@ana'), "'@ana");
});

test('records follow RFC 4180: quotes doubled, fields with commas or line breaks quoted, CRLF at the end', () => {
  const record = csvRecord([12, 'Lima, Ana', 'She said "hi"', 'two\nlines', null, 'plain']);
  assert.equal(record, '12,"Lima, Ana","She said ""hi""","two\nlines",,plain\r\n');
  assert.deepEqual(cellsOf(record), ['12', 'Lima, Ana', 'She said "hi"', 'two\nlines', '', 'plain']);
  // Our own numbers are written as numbers, never quoted as text.
  assert.equal(csvRecord([-5, 0]), '-5,0\r\n');
});
