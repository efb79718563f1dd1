import { replaceNul } from '../replace-nul.ts';
import { isUtf8 } from 'node:buffer';

import type { ParseIssue } from '../parse-result.ts';

/** Text decoded from an export, with the problems found while decoding. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  errors: ParseIssue[];
  /** 1-based lines holding bytes that are not valid UTF-8 (their text holds U+FFFD there). */
  invalidLines: Set<number>;
}

const MAX_REPORTED_LINES = 20;

/** Removes a leading byte order mark from already decoded text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Text of bytes already validated as UTF-8. Buffer's decoder is several times faster than
 * TextDecoder on large files; validation (isUtf8) is what makes this as strict as fatal decoding.
 */
function utf8Text(bytes: Uint8Array): string {
  return stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Which UTF-16 byte order a BOM announces, if any; a few exporters still write UTF-16 CSV. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Offsets of the first bytes of invalid UTF-8 sequences (overlongs, surrogates and
 * truncated sequences included), stopping after `max`.
 */
export function invalidUtf8Offsets(bytes: Uint8Array, max = Infinity): number[] {
  const found: number[] = [];
  let i = 0;
  while (i < bytes.length && found.length < max) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) need = 2;
    else if (lead >= 0xf0 && lead <= 0xf4) need = 3;
    else {
      found.push(i);
      i += 1;
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      const second = bytes[i + 1] as number;
      if (lead === 0xe0 && second < 0xa0) ok = false;
      else if (lead === 0xed && second > 0x9f) ok = false;
      else if (lead === 0xf0 && second < 0x90) ok = false;
      else if (lead === 0xf4 && second > 0x8f) ok = false;
    }
    if (!ok) {
      found.push(i);
      i += 1;
      continue;
    }
    i += need + 1;
  }
  return found;
}

/** 1-based line numbers of the given byte offsets (offsets ascending). */
function linesOfOffsets(bytes: Uint8Array, offsets: number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let pos = 0;
  for (const offset of offsets) {
    for (; pos < offset; pos++) if (bytes[pos] === 0x0a) line += 1;
    if (lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines;
}

/**
 * Decodes an export as UTF-8 (or UTF-16 when a BOM says so), stripping the BOM. Invalid bytes
 * are never replaced silently: each line holding them is reported as an error.
 */
export function decodeUtf8(input: Uint8Array | string, file?: string): DecodedText {
  if (typeof input === 'string') {
    return { text: replaceNul(stripBom(input)), encoding: 'utf-8', errors: [], invalidLines: new Set() };
  }
  const utf16 = utf16Encoding(input);
  if (utf16) {
    try {
      const text = replaceNul(new TextDecoder(utf16, { fatal: true }).decode(input));
      return { text, encoding: utf16, errors: [], invalidLines: new Set() };
    } catch {
      const text = replaceNul(new TextDecoder(utf16).decode(input));
      const message = `the file announces ${utf16.toUpperCase()} but holds invalid ${utf16.toUpperCase()} data`;
      return { text, encoding: utf16, errors: [{ file, message }], invalidLines: new Set() };
    }
  }
  if (isUtf8(input))
    return { text: replaceNul(utf8Text(input)), encoding: 'utf-8', errors: [], invalidLines: new Set() };
  {
    // Slow path only for broken files: find where the bad bytes are so the user can fix them.
    const text = replaceNul(new TextDecoder('utf-8').decode(input));
    const lines = linesOfOffsets(input, invalidUtf8Offsets(input, 10_000));
    const errors: ParseIssue[] = lines.slice(0, MAX_REPORTED_LINES).map((line) => ({
      file,
      line,
      message: 'invalid UTF-8 bytes on this line; save or export the file as UTF-8',
    }));
    if (lines.length > MAX_REPORTED_LINES) {
      errors.push({
        file,
        message: `invalid UTF-8 bytes on ${lines.length - MAX_REPORTED_LINES} more lines`,
      });
    }
    return { text, encoding: 'utf-8', errors, invalidLines: new Set(lines) };
  }
}

/** Text decoded a piece at a time, and the share of the bytes each piece reaches (0 to 1). */
export interface DecodedPieces {
  pieces: Iterable<{ text: string; read: number }>;
  errors: ParseIssue[];
  invalidLines: Set<number>;
}

function* utf8Pieces(
  bytes: Uint8Array,
  firstBytes: number,
  pieceBytes: number,
): Generator<{ text: string; read: number }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  let size = firstBytes;
  while (start < buffer.length || start === 0) {
    // A line feed byte never sits inside a multi-byte character: pieces end after one.
    let end = Math.min(buffer.length, start + size);
    if (end < buffer.length) {
      const feed = buffer.lastIndexOf(0x0a, end - 1);
      end = feed >= start ? feed + 1 : buffer.indexOf(0x0a, end) + 1 || buffer.length;
    }
    const text = replaceNul(buffer.toString('utf8', start, end));
    yield { text: start === 0 ? stripBom(text) : text, read: buffer.length === 0 ? 1 : end / buffer.length };
    start = end;
    size = pieceBytes;
    if (end >= buffer.length) return;
  }
}

/**
 * Decodes an export as decodeUtf8 does, but valid UTF-8 a piece at a time (the first piece a
 * megabyte, for format guesses), so that a large file is never one string in memory.
 */
export function decodeUtf8Pieces(
  input: Uint8Array | string,
  file?: string,
  pieceBytes = 1 << 14,
): DecodedPieces {
  if (typeof input !== 'string' && !utf16Encoding(input) && isUtf8(input)) {
    return { pieces: utf8Pieces(input, 1 << 20, pieceBytes), errors: [], invalidLines: new Set() };
  }
  const decoded = decodeUtf8(input, file);
  return {
    pieces: [{ text: decoded.text, read: 1 }],
    errors: decoded.errors,
    invalidLines: decoded.invalidLines,
  };
}

/**
 * Decodes strict UTF-8 first and falls back to Windows-1252, which is what Outlook on Windows
 * writes; every byte sequence is valid Windows-1252, so this never reports errors.
 */
export function decodeUtf8OrWindows1252(input: Uint8Array | string): DecodedText {
  if (typeof input === 'string' || utf16Encoding(input)) return decodeUtf8(input);
  if (isUtf8(input))
    return { text: replaceNul(utf8Text(input)), encoding: 'utf-8', errors: [], invalidLines: new Set() };
  return {
    text: replaceNul(decodeWindows1252(input)),
    encoding: 'windows-1252',
    errors: [],
    invalidLines: new Set(),
  };
}

/** Code points of bytes 0x80–0x9F in Windows-1252 (the rest of the range equals Latin-1). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decodes Windows-1252 by hand: Node's TextDecoder treats the label as Latin-1, which turns
 * curly quotes, dashes and the euro sign into control characters.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const size = 8192;
  for (let start = 0; start < bytes.length; start += size) {
    const codes = Array.from(bytes.subarray(start, start + size), (b) =>
      b >= 0x80 && b <= 0x9f ? (WINDOWS_1252_HIGH[b - 0x80] as number) : b,
    );
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}
