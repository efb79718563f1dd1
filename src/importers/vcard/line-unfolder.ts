import { replaceNul } from '../replace-nul.ts';
import { decodeCharset } from './charset.ts';
import { keptPhotoChars } from './photo-value.ts';

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
const COLON = 58;
const SEMICOLON = 59;
const DOT = 46;

/** Buffer's native decoder, without `toString`'s argument checks (they cost more than the decoding). */
interface NativeSlice {
  utf8Slice(start: number, end: number): string;
}

function utf8Slice(bytes: Buffer, start: number, end: number): string {
  return (bytes as unknown as NativeSlice).utf8Slice(start, end);
}

/** Receives the logical lines of a vCard stream, in order. */
export interface LineSink {
  /**
   * A logical line (folds and quoted-printable soft breaks joined), decoded to text; `dropped`
   * counts the bytes of a photo's value left out of it (a photo too large to keep).
   */
  line(lineNumber: number, text: string, dropped?: number): void;
  /** A logical line whose bytes could not be decoded; `field` is its property name when readable. */
  invalid(lineNumber: number, field: string | undefined, message: string): void;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The longest logical line read, in the file's bytes. Real cards are far shorter (a photo of a few
 * MB at most, and photos are kept only up to keptPhotoChars); the limit bounds the memory one line
 * can take.
 */
export const maxLineBytes = 10 * 1024 * 1024;
/** What is kept of a line over the limit: enough to name its property. */
const keptOfLongLine = 200;
const QP_MARKER = 'QUOTED-PRINTABLE';

/**
 * Turns a stream of byte chunks into logical vCard lines.
 *
 * Works on bytes so that a fold or a chunk boundary inside a multi-byte character is joined
 * before decoding; holds only the logical line being built, so memory does not grow with the file.
 */
export class LineUnfolder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly sink: LineSink;

  /** The chunk being scanned; a pending line that fits in it is kept as a range, not copied. */
  private chunk: Buffer = Buffer.alloc(0);
  private viewStart = 0;
  private viewEnd = 0;
  /** Pending line bytes once they span more than one piece (fold, soft break, chunk end). */
  private buf: Buffer = Buffer.allocUnsafe(4096);
  private bufLength = 0;
  private copied = false;

  private hasPending = false;
  private pendingLine = 0;
  /**
   * Binary bodies: 0 not one, 1 a photo, kept up to the size of the largest photo kept, 2 another
   * (logo, sound, key), not worth holding: only its first physical line is kept.
   */
  private binary = 0;
  /** Bytes of the pending photo's value left out. */
  private dropped = 0;
  /** The pending line has been continued by a fold or a soft break. */
  private continued = false;
  /** 0: not known yet, 1: the pending line is quoted-printable, 2: it is not. */
  private qpState = 0;
  /** The pending line went over the limit: only its first bytes are kept, to name it. */
  private tooLong = false;

  private atLineStart = true;
  private lastWasCr = false;
  private lineNumber = 1;
  private head: Uint8Array | undefined = new Uint8Array(0);

  constructor(sink: LineSink) {
    this.sink = sink;
  }

  /** Feeds the next chunk of bytes. */
  push(input: Uint8Array): void {
    const bytes = this.stripBom(input);
    if (bytes === undefined || bytes.length === 0) return;
    const chunk = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.chunk = chunk;
    const n = chunk.length;
    let i = 0;
    // A CRLF pair may be split by the chunk boundary.
    if (this.lastWasCr && chunk[0] === LF) i = 1;
    this.lastWasCr = false;
    // Native searches for line ends keep the per-byte work out of JavaScript.
    let nextLf = -1;
    let nextCr = -1;
    while (i < n) {
      if (nextLf < i) nextLf = indexOrEnd(chunk, LF, i);
      if (nextCr < i) nextCr = indexOrEnd(chunk, CR, i);
      const end = nextLf < nextCr ? nextLf : nextCr;
      if (end > i) {
        if (this.atLineStart) i = this.startPhysicalLine(chunk[i]!, i);
        if (end > i) this.append(i, end);
        i = end;
      }
      if (i === n) break;
      this.endPhysicalLine();
      if (chunk[i] === CR) {
        if (i + 1 === n) this.lastWasCr = true;
        else if (chunk[i + 1] === LF) i++;
      }
      i++;
    }
    // The producer may reuse its chunk buffer: keep our own copy of what is still pending.
    if (this.hasPending && !this.copied) this.copyView();
  }

  /** Signals the end of input and emits the last pending line. */
  end(): void {
    if (this.head !== undefined && this.head.length > 0) {
      const head = this.head;
      this.head = undefined;
      this.push(head);
    }
    this.head = undefined;
    this.flush();
  }

  private stripBom(input: Uint8Array): Uint8Array | undefined {
    if (this.head === undefined) return input;
    let bytes = input;
    if (this.head.length > 0) {
      bytes = new Uint8Array(this.head.length + input.length);
      bytes.set(this.head, 0);
      bytes.set(input, this.head.length);
    }
    let matched = 0;
    while (matched < 3 && matched < bytes.length && bytes[matched] === UTF8_BOM[matched]) matched++;
    if (matched === bytes.length && matched < 3) {
      // Too few bytes to tell yet.
      this.head = bytes;
      return undefined;
    }
    this.head = undefined;
    return matched === 3 ? bytes.subarray(3) : bytes;
  }

  /** Decides what a new physical line starting with byte `c` at `i` is; returns where its content starts. */
  private startPhysicalLine(c: number, i: number): number {
    this.atLineStart = false;
    if (this.hasPending && this.endsWithSoftBreak()) {
      // Quoted-printable soft break: drop the `=`, the next line continues the value as is.
      this.dropLastByte();
      this.continued = true;
      return i;
    }
    if (this.hasPending && (c === SPACE || c === TAB)) {
      // Folding: exactly one white-space character is removed.
      if (!this.continued) {
        // The first physical line is complete now, so its property name is known.
        this.binary = this.copied
          ? binaryProperty(this.buf, 0, this.bufLength)
          : binaryProperty(this.chunk, this.viewStart, this.viewEnd);
        this.continued = true;
      }
      return i + 1;
    }
    this.flush();
    this.startPending(i);
    return i;
  }

  private endPhysicalLine(): void {
    // An empty physical line ends the pending line (2.1 base64 bodies end this way).
    if (this.atLineStart) this.flush();
    this.atLineStart = true;
    this.lineNumber++;
  }

  private startPending(start: number): void {
    this.hasPending = true;
    this.pendingLine = this.lineNumber;
    this.copied = false;
    this.bufLength = 0;
    this.viewStart = start;
    this.viewEnd = start;
    this.qpState = 0;
    this.binary = 0;
    this.dropped = 0;
    this.continued = false;
    this.tooLong = false;
  }

  /** Whether adding `more` bytes takes the pending line over the limit; if so, keeps only its head from now on. */
  private overLimit(more: number): boolean {
    if (this.tooLong) return true;
    const pending = this.copied ? this.bufLength : this.viewEnd - this.viewStart;
    if (pending + more <= maxLineBytes) return false;
    if (!this.copied) this.copyView();
    const kept = Math.min(this.bufLength, keptOfLongLine);
    const cut = this.bufLength - kept;
    this.bufLength = kept;
    // A photo this large is over the size kept (its import says so); a logo or key is dropped anyway.
    this.binary = binaryProperty(this.buf, 0, this.bufLength);
    if (this.binary === 1) this.dropped += cut + more;
    else if (this.binary === 0) this.tooLong = true;
    this.continued = true;
    return true;
  }

  private append(start: number, end: number): void {
    if (!this.hasPending) this.startPending(start);
    if (this.tooLong) return;
    if (this.binary !== 0 && this.continued) {
      if (this.binary === 2) return;
      // A photo is held up to the largest kept; beyond, its bytes are only counted.
      const held = this.copied ? this.bufLength : this.viewEnd - this.viewStart;
      if (this.dropped > 0 || held + end - start > keptPhotoChars) {
        this.dropped += end - start;
        return;
      }
    }
    if (this.overLimit(end - start)) {
      // Keep the head of a line that is over the limit in its first piece.
      if (this.bufLength === 0 && this.binary === 0) this.keepHead(start, end);
      return;
    }
    if (!this.copied && this.viewEnd === this.viewStart) {
      // First piece of a new line: keep it as a range of the chunk.
      this.viewStart = start;
      this.viewEnd = end;
      return;
    }
    if (!this.copied) this.copyView();
    this.ensureCapacity(this.bufLength + end - start);
    this.chunk.copy(this.buf, this.bufLength, start, end);
    this.bufLength += end - start;
  }

  private keepHead(start: number, end: number): void {
    const length = Math.min(end - start, keptOfLongLine);
    this.ensureCapacity(length);
    this.chunk.copy(this.buf, 0, start, start + length);
    this.bufLength = length;
    this.copied = true;
    this.binary = binaryProperty(this.buf, 0, this.bufLength);
    if (this.binary !== 0) {
      this.tooLong = false;
      if (this.binary === 1) this.dropped += end - start - length;
    }
  }

  private copyView(): void {
    const length = this.viewEnd - this.viewStart;
    this.ensureCapacity(length);
    this.chunk.copy(this.buf, 0, this.viewStart, this.viewEnd);
    this.bufLength = length;
    this.copied = true;
  }

  private ensureCapacity(size: number): void {
    if (size <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.bufLength);
    this.buf = grown;
  }

  private pendingBytes(): Buffer {
    return this.copied
      ? this.buf.subarray(0, this.bufLength)
      : this.chunk.subarray(this.viewStart, this.viewEnd);
  }

  private endsWithSoftBreak(): boolean {
    const bytes = this.copied ? this.buf : this.chunk;
    const end = this.copied ? this.bufLength : this.viewEnd;
    const start = this.copied ? 0 : this.viewStart;
    if (end === start || bytes[end - 1] !== EQUALS) return false;
    if (this.qpState === 0) this.qpState = quotedPrintableState(bytes, start, end);
    return this.qpState === 1;
  }

  private dropLastByte(): void {
    if (this.copied) this.bufLength--;
    else this.viewEnd--;
  }

  private flush(): void {
    if (!this.hasPending) return;
    this.hasPending = false;
    const line = this.pendingLine;
    if (this.tooLong) {
      const head = this.buf.toString('latin1', 0, this.bufLength);
      this.sink.invalid(
        line,
        propertyName(head.slice(0, headEnd(head))),
        `line longer than ${maxLineBytes / 1024 / 1024} MB; it is left out`,
      );
      return;
    }
    // The lenient decoder is the fast path; its replacement character sends us to the strict one,
    // which tells a real U+FFFD in the file from invalid bytes.
    let text = this.copied
      ? utf8Slice(this.buf, 0, this.bufLength)
      : utf8Slice(this.chunk, this.viewStart, this.viewEnd);
    if (text.indexOf('\uFFFD') >= 0) {
      const bytes = this.pendingBytes();
      try {
        text = this.utf8.decode(bytes);
      } catch {
        this.decodeFallback(line, bytes);
        return;
      }
    }
    if (this.dropped > 0) this.sink.line(line, replaceNul(text), this.dropped);
    else this.sink.line(line, replaceNul(text));
  }

  /** Raw 8-bit text is accepted only where the line itself declares a non-UTF-8 charset (2.1). */
  private decodeFallback(line: number, bytes: Buffer): void {
    const ascii = bytes.toString('latin1');
    const head = ascii.slice(0, headEnd(ascii));
    const field = propertyName(head);
    const charset = /;\s*CHARSET\s*=\s*"?([^;:",]+)/i.exec(head)?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      const text = decodeCharset(bytes, charset);
      if (text !== undefined) {
        this.sink.line(line, replaceNul(text));
        return;
      }
    }
    this.sink.invalid(line, field, 'invalid UTF-8 bytes; the file must be saved as UTF-8');
  }
}

function indexOrEnd(bytes: Buffer, byte: number, from: number): number {
  const index = bytes.indexOf(byte, from);
  return index < 0 ? bytes.length : index;
}

/** Index of the first colon outside double quotes: where the value begins. */
function headEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === COLON && !quoted) return i;
  }
  return text.length;
}

function propertyName(head: string): string | undefined {
  let end = head.indexOf(';');
  if (end < 0) end = head.length;
  const name = head
    .slice(head.lastIndexOf('.', end) + 1, end)
    .trim()
    .toUpperCase();
  return /^[A-Z0-9-]+$/.test(name) ? name : undefined;
}

/** Whether the property names `QUOTED-PRINTABLE` before its value; 0 when its value has not begun. */
function quotedPrintableState(bytes: Buffer, start: number, end: number): number {
  const colon = bytes.indexOf(COLON, start);
  if (colon < 0 || colon >= end) return 0;
  const marker = QP_MARKER.length;
  outer: for (let i = start; i + marker <= colon; i++) {
    for (let k = 0; k < marker; k++) {
      // ASCII upper-casing by clearing bit 5 is safe here: the marker holds only letters and `-`.
      const b = bytes[i + k]!;
      const want = QP_MARKER.charCodeAt(k);
      if (b !== want && (b & 0xdf) !== want) continue outer;
    }
    return 1;
  }
  return 2;
}

/** Whether a line starts a property whose value is an encoded binary: 1 for PHOTO, 2 for LOGO, SOUND or KEY, else 0. */
function binaryProperty(bytes: Buffer, start: number, end: number): number {
  let nameStart = start;
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === SEMICOLON || c === COLON) break;
    if (c === DOT) nameStart = i + 1;
  }
  const length = i - nameStart;
  if (length < 3 || length > 5) return 0;
  const first = bytes[nameStart]! & 0xdf;
  // Cheap first-letter filter before building a string: P(HOTO), L(OGO), S(OUND), K(EY).
  if (first !== 80 && first !== 76 && first !== 83 && first !== 75) return 0;
  const name = bytes.toString('latin1', nameStart, i).toUpperCase();
  if (name === 'PHOTO') return 1;
  return name === 'LOGO' || name === 'SOUND' || name === 'KEY' ? 2 : 0;
}
