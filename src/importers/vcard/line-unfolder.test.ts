import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineUnfolder, maxLineBytes } from './line-unfolder.ts';
import { keptPhotoChars } from './photo-value.ts';

interface Collected {
  lines: [number, string][];
  invalid: [number, string | undefined][];
}

/** Runs the unfolder over `input`, cut into chunks of `chunkSize` bytes (all at once when omitted). */
function unfold(input: Uint8Array | string, chunkSize?: number): Collected {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const collected: Collected = { lines: [], invalid: [] };
  const unfolder = new LineUnfolder({
    line: (line, text) => collected.lines.push([line, text]),
    invalid: (line, field) => collected.invalid.push([line, field]),
  });
  const size = chunkSize ?? (bytes.length || 1);
  for (let i = 0; i < bytes.length; i += size) {
    // Fresh copies, so a view kept past its chunk would show up as corrupted text.
    unfolder.push(Uint8Array.from(bytes.subarray(i, i + size)));
  }
  unfolder.end();
  return collected;
}

/** Asserts the same result for every chunk size from one byte up to the whole input. */
function assertAllChunkings(input: Uint8Array | string, expected: Collected): void {
  const length = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  for (let size = 1; size <= length; size++) {
    assert.deepEqual(unfold(input, size), expected, `chunk size ${size}`);
  }
}

test('CRLF, LF and lone CR all end lines, and line numbers count physical lines', () => {
  assertAllChunkings('A:1\r\nB:2\nC:3\rD:4', {
    lines: [
      [1, 'A:1'],
      [2, 'B:2'],
      [3, 'C:3'],
      [4, 'D:4'],
    ],
    invalid: [],
  });
});

test('a UTF-8 BOM is stripped, even when split across chunks', () => {
  const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FN:Åsa\r\n')]);
  assertAllChunkings(input, { lines: [[1, 'FN:Åsa']], invalid: [] });
});

test('a short input that only looks like the start of a BOM is kept', () => {
  assert.deepEqual(unfold(Buffer.from([0xef, 0xbb])).invalid, [[1, undefined]]);
});

test('folding removes exactly one space or tab, including inside parameters', () => {
  assertAllChunkings('EMAIL;type=INT\r\n ERNET:a@b.c\r\nNOTE:one\r\n\t two\r\n  three\r\n', {
    lines: [
      [1, 'EMAIL;type=INTERNET:a@b.c'],
      [3, 'NOTE:one two three'],
    ],
    invalid: [],
  });
});

test('a fold inside a multi-byte character is joined before decoding', () => {
  // é is C3 A9; the fold falls between the two bytes.
  const input = Buffer.from([...Buffer.from('FN:Ren'), 0xc3, 13, 10, 32, 0xa9, ...Buffer.from('e\r\n')]);
  assertAllChunkings(input, { lines: [[1, 'FN:Renée']], invalid: [] });
});

test('a quoted-printable soft break joins the next line as is, keeping split UTF-8 escapes together', () => {
  const input = 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=\r\n=BCller;J=\r\n=C3=B6rg;;;\r\nTEL:1\r\n';
  assertAllChunkings(input, {
    lines: [
      [1, 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;'],
      [4, 'TEL:1'],
    ],
    invalid: [],
  });
});

test('a bare 2.1 QUOTED-PRINTABLE parameter also enables soft breaks', () => {
  assert.deepEqual(unfold('NOTE;quoted-printable:a=\nb\nX:1\n').lines, [
    [1, 'NOTE;quoted-printable:ab'],
    [3, 'X:1'],
  ]);
});

test('a trailing `=` is not a soft break outside quoted-printable values or inside parameters', () => {
  assert.deepEqual(unfold('PHOTO;ENCODING=b:AAA=\nEND:VCARD\n').lines, [
    [1, 'PHOTO;ENCODING=b:AAA='],
    [2, 'END:VCARD'],
  ]);
  // The fold here sits right after `CHARSET=`, before the value has begun.
  assert.deepEqual(unfold('N;ENCODING=QUOTED-PRINTABLE;CHARSET=\n UTF-8:A=\n=42\n').lines, [
    [1, 'N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:A=42'],
  ]);
});

test('a blank line ends a folded 2.1 base64 body; a photo body is held, a logo or key body is not', () => {
  assertAllChunkings('PHOTO;ENCODING=BASE64;JPEG:AAAA\r\n    BBBB\r\n    CCCC\r\n\r\nTEL:1\r\n', {
    lines: [
      [1, 'PHOTO;ENCODING=BASE64;JPEG:AAAA   BBBB   CCCC'],
      [5, 'TEL:1'],
    ],
    invalid: [],
  });
  assertAllChunkings('LOGO;ENCODING=b:AAAA\r\n BBBB\r\nKEY;ENCODING=b:CCCC\r\n DDDD\r\nTEL:1\r\n', {
    lines: [
      [1, 'LOGO;ENCODING=b:AAAA'],
      [3, 'KEY;ENCODING=b:CCCC'],
      [5, 'TEL:1'],
    ],
    invalid: [],
  });
});

test('a photo longer than any photo kept is held only up to that length, and the rest is counted', () => {
  const piece = 'A'.repeat(74);
  const pieces = Math.ceil(keptPhotoChars / 74) + 100;
  const input = `PHOTO;ENCODING=b:${piece}\r\n${` ${piece}\r\n`.repeat(pieces)}TEL:1\r\n`;
  const seen: [number, number, number | undefined][] = [];
  const unfolder = new LineUnfolder({
    line: (line, text, dropped) => seen.push([line, text.length, dropped]),
    invalid: () => undefined,
  });
  for (let i = 0; i < input.length; i += 4096) unfolder.push(Buffer.from(input.slice(i, i + 4096)));
  unfolder.end();
  const total = 'PHOTO;ENCODING=b:'.length + 74 * (pieces + 1);
  assert.equal(seen.length, 2);
  const [photo, tel] = seen;
  assert.ok(photo![1] <= keptPhotoChars, `held ${photo![1]} characters`);
  assert.equal(photo![1] + photo![2]!, total, 'every character is either held or counted');
  assert.deepEqual(tel, [pieces + 2, 5, undefined]);
});

test('invalid UTF-8 is reported with its line and property, never replaced', () => {
  const input = Buffer.from([
    ...Buffer.from('FN:ok\nitem1.NOTE;type=x:bad '),
    0xff,
    ...Buffer.from('\nTEL:2\n'),
  ]);
  assertAllChunkings(input, {
    lines: [
      [1, 'FN:ok'],
      [3, 'TEL:2'],
    ],
    invalid: [[2, 'NOTE']],
  });
});

test('raw 8-bit text is decoded only when the line declares its charset', () => {
  const declared = Buffer.from([...Buffer.from('FN;CHARSET=ISO-8859-1:Jos'), 0xe9, 10]);
  assert.deepEqual(unfold(declared).lines, [[1, 'FN;CHARSET=ISO-8859-1:José']]);
  const undeclared = Buffer.from([...Buffer.from('FN;CHARSET=UTF-8:Jos'), 0xe9, 10]);
  assert.deepEqual(unfold(undeclared), { lines: [], invalid: [[1, 'FN']] });
});

test('a line too long for the scratch buffer survives folding across many chunks', () => {
  const long = 'x'.repeat(20_000);
  const input = `NOTE:${long.slice(0, 10_000)}\r\n ${long.slice(10_000)}ü\r\n`;
  assert.deepEqual(unfold(input, 4096).lines, [[1, `NOTE:${long}ü`]]);
});

test('a line over the limit is left out and named, the lines after it read and numbered as before', () => {
  const quarter = 'x'.repeat(maxLineBytes / 4);
  const note = `NOTE:${quarter}\r\n ${quarter}\r\n ${quarter}\r\n ${quarter}y\r\n`;
  const photo = `PHOTO;ENCODING=b:${quarter}\r\n ${quarter}\r\n ${quarter}\r\n ${quarter}\r\n`;
  const input = `FN:Ana\r\n${note}EMAIL:a@example.org\r\n${photo}TEL:1\r\nNOTE:${'z'.repeat(maxLineBytes + 1)}\r\nEND:VCARD`;
  const expected: Collected = {
    lines: [
      [1, 'FN:Ana'],
      [6, 'EMAIL:a@example.org'],
      // A photo over the size kept is held no further than its first physical line, without complaint
      // here (the rest is counted, and the import says the photo was too large).
      [7, 'PHOTO;ENCODING=b:' + quarter],
      [11, 'TEL:1'],
      [13, 'END:VCARD'],
    ],
    invalid: [
      [2, 'NOTE'],
      [12, 'NOTE'],
    ],
  };
  for (const size of [1 << 16, 1 << 20, 3_000_001]) assert.deepEqual(unfold(input, size), expected);
  // A line just at the limit is read whole.
  const at = unfold(`NOTE:${'z'.repeat(maxLineBytes - 5)}\r\nFN:B`, 1 << 16);
  assert.deepEqual(
    at.lines.map(([line, text]) => [line, text.length]),
    [
      [1, maxLineBytes],
      [2, 4],
    ],
  );
});
