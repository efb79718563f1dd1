import { Buffer, isUtf8 } from 'node:buffer';

/**
 * A batch of unfolded content lines, as parallel arrays (millions of small objects would cost more
 * in garbage collection than the parsing itself): `texts[i]` starts on physical line `lines[i]`.
 */
export interface IcsLineBatch {
  texts: string[];
  lines: number[];
  /** Lines that are not UTF-8, by index: their bytes read as Latin-1 so an error can still name the property. */
  invalid?: Map<number, string>;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

const SLICE = 1 << 20;

/** The LF before position `at`, or -1 (Buffer.lastIndexOf treats a negative offset as counted from the end). */
function previousLf(buffer: Buffer, at: number): number {
  return at <= 0 ? -1 : buffer.lastIndexOf(LF, at - 1);
}

function isFoldStart(byte: number | undefined): boolean {
  return byte === SPACE || byte === TAB;
}

/**
 * Reads content lines from byte chunks: unfolds at the byte level (a fold may split a multi-byte
 * character), strips a leading BOM, accepts CRLF or LF, and decodes each chunk's lines in one go.
 */
export async function* readIcsLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<IcsLineBatch> {
  let carry: Buffer | undefined;
  let nextLine = 1;
  let atStart = true;
  for await (const chunk of chunks) {
    // Big chunks are taken a slice at a time so one call never holds more than a slice's lines.
    for (let offset = 0; offset < chunk.byteLength; offset += SLICE) {
      const size = Math.min(SLICE, chunk.byteLength - offset);
      let buffer = Buffer.from(chunk.buffer, chunk.byteOffset + offset, size);
      if (carry) buffer = Buffer.concat([carry, buffer]);
      carry = undefined;
      if (atStart) {
        if (buffer.length < 3) {
          carry = buffer;
          continue;
        }
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
        atStart = false;
      }
      // A line is complete only once the byte after its LF is known not to start a continuation.
      let end = buffer.lastIndexOf(LF);
      if (end === buffer.length - 1) end = previousLf(buffer, end);
      while (end >= 0 && isFoldStart(buffer[end + 1])) end = previousLf(buffer, end);
      if (end < 0) {
        carry = buffer;
        continue;
      }
      carry = buffer.subarray(end + 1);
      const { batch, consumed } = splitLines(buffer.subarray(0, end + 1), nextLine);
      nextLine += consumed;
      if (batch.texts.length > 0) yield batch;
    }
  }
  if (carry && carry.length > 0) {
    if (atStart && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) carry = carry.subarray(3);
    const tail = carry[carry.length - 1] === LF ? carry : Buffer.concat([carry, Buffer.from([LF])]);
    const { batch } = splitLines(tail, nextLine);
    if (batch.texts.length > 0) yield batch;
  }
}

/** Unfolds and decodes a region that ends with a LF; returns its logical lines and how many physical lines it held. */
function splitLines(region: Buffer, firstLine: number): { batch: IcsLineBatch; consumed: number } {
  // Pass 1 (bytes): find folds, note how many each logical line had, and copy the region without them.
  const foldsBefore: number[] = [];
  const parts: Buffer[] = [];
  let partStart = 0;
  let logical = 0;
  let physical = 0;
  let folds = 0;
  for (let lf = region.indexOf(LF); lf >= 0; lf = region.indexOf(LF, lf + 1)) {
    physical += 1;
    if (isFoldStart(region[lf + 1])) {
      const cut = lf > 0 && region[lf - 1] === CR ? lf - 1 : lf;
      parts.push(region.subarray(partStart, cut));
      partStart = lf + 2;
      folds += 1;
    } else {
      logical += 1;
      foldsBefore.push(folds);
    }
  }
  parts.push(region.subarray(partStart));
  const unfolded = parts.length === 1 ? region : Buffer.concat(parts);
  const lines: number[] = new Array<number>(logical);
  for (let i = 0; i < logical; i++) lines[i] = firstLine + i + (i === 0 ? 0 : (foldsBefore[i - 1] ?? 0));
  if (isUtf8(unfolded)) {
    const texts = unfolded.toString('utf8').split('\n');
    texts.length = logical;
    return { batch: { texts, lines }, consumed: physical };
  }
  // Slow path only for a region holding invalid bytes: decode line by line to name the bad ones.
  const texts: string[] = [];
  const invalid = new Map<number, string>();
  let start = 0;
  for (let i = 0; i < logical; i++) {
    const lf = unfolded.indexOf(LF, start);
    const bytes = unfolded.subarray(start, lf);
    start = lf + 1;
    if (isUtf8(bytes)) texts.push(bytes.toString('utf8'));
    else {
      texts.push('');
      invalid.set(i, stripCr(bytes.toString('latin1')));
    }
  }
  return { batch: { texts, lines, invalid }, consumed: physical };
}

/** The text without the CR of a CRLF line end. */
export function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
