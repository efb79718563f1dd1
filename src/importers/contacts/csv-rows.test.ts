import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CsvRows } from './csv-rows.ts';
import { readCsvRowBatches, readCsvRows } from './csv-rows.ts';

function joined(batches: Iterable<CsvRows>): CsvRows {
  const all: CsvRows = { rows: [], lines: [], errors: [] };
  for (const b of batches) {
    all.rows.push(...b.rows);
    all.lines.push(...b.lines);
    all.errors.push(...b.errors);
  }
  return all;
}

const tricky = [
  'Name,Notes,City',
  'Ana,"two\nlines",Lisboa',
  '',
  '"Quote ""inside""",plain,"comma, here"',
  'Bo,"three\nline\nnote",Oslo',
  'Cy,,',
  '"Dee","x""y",Rome',
].join('\n');

test('rows read in chunks are the rows read whole, on the lines they start on', () => {
  const whole = readCsvRows(tricky, { delimiter: ',' });
  assert.deepEqual(whole.lines, [1, 2, 5, 6, 9, 10]);
  assert.deepEqual(whole.rows[1], ['Ana', 'two\nlines', 'Lisboa']);
  assert.deepEqual(whole.errors, []);
  for (let size = 1; size <= tricky.length + 1; size++) {
    assert.deepEqual(
      joined(readCsvRowBatches(tricky, { delimiter: ',', chunkChars: size })),
      whole,
      `chunk ${size}`,
    );
  }
});

test('chunks keep CRLF line ends and report a malformed quote once, on its line', () => {
  const text = 'a,b\r\n"c\r\nd",e\r\n"bad"x,f\r\ng,"open\r\n';
  const whole = joined(readCsvRowBatches(text, { delimiter: ',', chunkChars: 1 << 20 }));
  assert.deepEqual(whole.rows[1], ['c\r\nd', 'e']);
  assert.ok(whole.errors.length > 0);
  assert.ok(whole.errors.every((e) => e.line !== undefined && e.message.startsWith('CSV: ')));
  for (let size = 1; size <= text.length + 1; size++) {
    assert.deepEqual(
      joined(readCsvRowBatches(text, { delimiter: ',', chunkChars: size })),
      whole,
      `chunk ${size}`,
    );
  }
});

test('text given in pieces reads as the same text given whole', () => {
  const whole = readCsvRows(tricky, { delimiter: ',' });
  for (let pieceSize = 1; pieceSize <= tricky.length; pieceSize += 3) {
    const pieces: { text: string; read: number }[] = [];
    for (let at = 0; at < tricky.length; at += pieceSize)
      pieces.push({
        text: tricky.slice(at, at + pieceSize),
        read: Math.min(1, (at + pieceSize) / tricky.length),
      });
    for (const chunkChars of [4, 16, 1 << 20]) {
      const batches = [...readCsvRowBatches(pieces, { delimiter: ',', chunkChars })];
      assert.deepEqual(joined(batches), whole, `pieces of ${pieceSize}, chunks of ${chunkChars}`);
      assert.equal(batches.at(-1)?.read, 1);
    }
  }
});
