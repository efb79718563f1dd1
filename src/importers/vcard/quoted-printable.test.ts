import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCharset } from './charset.ts';
import { decodeQuotedPrintable } from './quoted-printable.ts';

const utf8 = (bytes: Uint8Array): string | undefined => decodeCharset(bytes, 'utf-8');

test('escapes become bytes, in either hex case, and decode as UTF-8', () => {
  assert.equal(utf8(decodeQuotedPrintable('J=C3=B6rg M=c3=bcller')), 'Jörg Müller');
});

test('a malformed escape is kept literally', () => {
  assert.equal(utf8(decodeQuotedPrintable('a=ZZb=4')), 'a=ZZb=4');
});

test('unencoded non-ASCII characters keep their UTF-8 bytes', () => {
  assert.equal(utf8(decodeQuotedPrintable('Zoë =F0=9F=98=80 😀')), 'Zoë 😀 😀');
});

test('ISO-8859-1 and windows-1252 bytes decode in their charset', () => {
  assert.equal(decodeCharset(decodeQuotedPrintable('Jos=E9 Garc=EDa'), 'ISO-8859-1'), 'José García');
  assert.equal(decodeCharset(decodeQuotedPrintable('=80 5'), 'windows-1252'), '€ 5');
  // Files labelled ISO-8859-1 really hold windows-1252: curly quotes live in 0x80–0x9F.
  assert.equal(decodeCharset(decodeQuotedPrintable('=93Hi=94 =E9'), 'iso-8859-1'), '\u201cHi\u201d é');
});

test('bytes that are not UTF-8, and unknown charsets, decode to undefined', () => {
  assert.equal(utf8(decodeQuotedPrintable('Jos=E9')), undefined);
  assert.equal(decodeCharset(new Uint8Array([65]), 'x-no-such-charset'), undefined);
});
