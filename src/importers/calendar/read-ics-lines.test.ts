import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxLineBytes, readIcsLines } from './read-ics-lines.ts';

interface IcsLine {
  line: number;
  text?: string;
  invalid?: string;
  tooLong?: string;
}

async function linesOf(chunks: Uint8Array[]): Promise<IcsLine[]> {
  const out: IcsLine[] = [];
  for await (const batch of readIcsLines(chunks)) {
    for (let i = 0; i < batch.count; i++) {
      const line = batch.lines[i] ?? 0;
      const invalid = batch.invalid?.get(i);
      const tooLong = batch.tooLong?.get(i);
      const text = batch.text.slice(batch.starts[i], batch.ends[i]);
      if (tooLong !== undefined) out.push({ line, tooLong });
      else out.push(invalid === undefined ? { line, text } : { line, invalid });
    }
  }
  return out;
}

function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

test('unfolds exactly one space or tab, across CRLF and LF, with physical line numbers', async () => {
  const bytes = Buffer.from('A:one\r\nB:t\r\n  wo\r\n\tthree\nC:four\n', 'utf8');
  for (const size of [1, 2, 5, 100]) {
    assert.deepEqual(await linesOf(split(bytes, size)), [
      { line: 1, text: 'A:one' },
      { line: 2, text: 'B:t wothree' },
      { line: 5, text: 'C:four' },
    ]);
  }
});

test('a fold inside a multi-byte character, a leading BOM, and a last line without newline', async () => {
  const u = Buffer.from('ü', 'utf8');
  const bytes = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('X:M'),
    u.subarray(0, 1),
    Buffer.from('\r\n '),
    u.subarray(1),
    Buffer.from('ller\r\nY:end'),
  ]);
  for (const size of [1, 3, 1000]) {
    assert.deepEqual(await linesOf(split(bytes, size)), [
      { line: 1, text: 'X:Müller' },
      { line: 3, text: 'Y:end' },
    ]);
  }
});

test('a line that is not UTF-8 is marked, the others are decoded', async () => {
  const bytes = Buffer.concat([
    Buffer.from('A:ok\nSUMMARY:Caf'),
    Buffer.from([0xe9]),
    Buffer.from('\nB:ok\n'),
  ]);
  assert.deepEqual(await linesOf([bytes]), [
    { line: 1, text: 'A:ok' },
    { line: 2, invalid: 'SUMMARY:Café' },
    { line: 3, text: 'B:ok' },
  ]);
});

test('a character split across chunks, with or without a fold in it, decodes whole', async () => {
  const bytes = Buffer.from('SUMMARY:Zoë 😀 Jörg\r\nLOCATION:Caf\r\n é\r\nEND:X\r\n', 'utf8');
  for (let size = 1; size <= 9; size++) {
    assert.deepEqual(await linesOf(split(bytes, size)), [
      { line: 1, text: 'SUMMARY:Zoë 😀 Jörg' },
      { line: 2, text: 'LOCATION:Café' },
      { line: 4, text: 'END:X' },
    ]);
  }
});

test('a folded line far longer than a slice is read once whole, and the lines after it keep their numbers', async () => {
  const parts = Array.from({ length: 3000 }, (_, i) => `part${i}-`.padEnd(70, 'ü'));
  const folded = `ATTACH:${parts.join('\r\n ')}`;
  const bytes = Buffer.from(`A:1\r\n${folded}\r\nB:2\r\n`, 'utf8');
  for (const size of [1000, 1 << 20]) {
    assert.deepEqual(await linesOf(split(bytes, size)), [
      { line: 1, text: 'A:1' },
      { line: 2, text: `ATTACH:${parts.join('')}` },
      { line: 3002, text: 'B:2' },
    ]);
  }
});

test('a fold cut at the end of a chunk, and a CR a fold brings before the line end', async () => {
  // Unfolded, the second line is "C:x" CR LF: its line end is a CRLF only once the fold is gone.
  const bytes = Buffer.from('A:a\r\n b\r\nC:x\r\r\n \nD:d', 'utf8');
  for (const size of [1, 4, 5, 6, 100]) {
    assert.deepEqual(await linesOf(split(bytes, size)), [
      { line: 1, text: 'A:ab' },
      { line: 3, text: 'C:x' },
      { line: 5, text: 'D:d' },
    ]);
  }
});

test('a line longer than the limit is passed over and named, the lines after it numbered right', async () => {
  const long = 'x'.repeat(maxLineBytes / 4);
  // Four folded pieces make one line just over the limit; the file then goes on.
  const folded = `DESCRIPTION:${long}\r\n ${long}\r\n ${long}\r\n\t${long}y\r\n`;
  const bytes = Buffer.from(`A:one\r\n${folded}B:two\r\n C\r\nD:three`, 'utf8');
  const expected = [
    { line: 1, text: 'A:one' },
    { line: 2, tooLong: 'DESCRIPTION:' + 'x'.repeat(188) },
    { line: 6, text: 'B:twoC' },
    { line: 8, text: 'D:three' },
  ];
  for (const size of [1 << 16, 1 << 20, 3_000_001])
    assert.deepEqual(await linesOf(split(bytes, size)), expected);
  // A file that ends inside the long line still names it.
  assert.deepEqual(
    await linesOf(split(bytes.subarray(0, 7 + maxLineBytes + 12), 1 << 16)),
    expected.slice(0, 2),
  );
  // A line just under the limit is read whole.
  const under = `A:${'z'.repeat(maxLineBytes - 2)}\r\nB:b\r\n`;
  assert.deepEqual(
    (await linesOf(split(Buffer.from(under), 1 << 16))).map((l) => [l.line, l.text?.length]),
    [
      [1, maxLineBytes],
      [2, 3],
    ],
  );
});
