import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  decodeUtf8,
  decodeUtf8Pieces,
  decodeUtf8OrWindows1252,
  decodeWindows1252,
  invalidUtf8Offsets,
} from './text-decoding.ts';

test('strips BOMs of UTF-8, UTF-16LE and UTF-16BE', () => {
  assert.equal(decodeUtf8(Buffer.from('\uFEFFJosé')).text, 'José');
  assert.equal(decodeUtf8('\uFEFFJosé').text, 'José');
  assert.equal(decodeUtf8(Buffer.from('\uFEFFJosé', 'utf16le')).text, 'José');
  const be = Buffer.from('\uFEFFJosé', 'utf16le').swap16();
  assert.equal(decodeUtf8(be).encoding, 'utf-16be');
  assert.equal(decodeUtf8(be).text, 'José');
});

test('names every line with invalid UTF-8 and keeps valid U+FFFD alone', () => {
  const bytes = Buffer.concat([
    Buffer.from('ok \uFFFD\n'),
    Buffer.from([0x41, 0xc3, 0x28, 0x0a]),
    Buffer.from('fine\n'),
    Buffer.from([0xed, 0xa0, 0x80, 0x0a, 0xf0, 0x9f, 0x98]),
  ]);
  const decoded = decodeUtf8(bytes, 'f.csv');
  assert.deepEqual([...decoded.invalidLines], [2, 4, 5]);
  assert.deepEqual(
    decoded.errors.map((e) => [e.file, e.line]),
    [
      ['f.csv', 2],
      ['f.csv', 4],
      ['f.csv', 5],
    ],
  );
  assert.deepEqual(invalidUtf8Offsets(Buffer.from([0xc0, 0xaf])), [0, 1]);
  assert.deepEqual(invalidUtf8Offsets(Buffer.from('日本 😀')), []);
});

test('falls back to Windows-1252 with its own characters in 0x80–0x9F', () => {
  const bytes = Uint8Array.from([0x80, 0x20, 0x93, 0x61, 0x94, 0x20, 0x96, 0x20, 0xe9, 0x20, 0x9c]);
  assert.equal(decodeWindows1252(bytes), '€ “a” – é œ');
  const decoded = decodeUtf8OrWindows1252(bytes);
  assert.equal(decoded.encoding, 'windows-1252');
  assert.deepEqual(decoded.errors, []);
  assert.equal(decodeUtf8OrWindows1252(Buffer.from('\uFEFFRené')).text, 'René');
});

test('UTF-8 decoded in pieces is the text decoded whole, each piece ending after a line', () => {
  const text = '\uFEFFNome,Cidade\nJoão,São Paulo\n\nŁukasz,Wrocław\r\nZoë,Ærø 😀\n';
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 2, 5, 13, 1000]) {
    const { pieces, errors } = decodeUtf8Pieces(bytes, 'x.csv', size);
    const list = [...pieces];
    assert.deepEqual(errors, []);
    assert.equal(list.map((p) => p.text).join(''), decodeUtf8(bytes).text);
    assert.equal(list.at(-1)?.read, 1);
  }
  const broken = decodeUtf8Pieces(new Uint8Array([0x61, 0xff, 0x0a]), 'x.csv');
  assert.equal(broken.errors.length, 1);
  assert.deepEqual(broken.invalidLines, new Set([1]));
});
