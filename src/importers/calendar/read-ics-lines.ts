import { Buffer, isUtf8 } from 'node:buffer';
import { replaceNul } from '../replace-nul.ts';

/**
 * A batch of unfolded content lines held in one decoded string: line `i` (below `count`) is
 * `text.slice(starts[i], ends[i])` (its CR and LF left out) and starts on physical line `lines[i]`.
 * Millions of small line strings would cost more in garbage collection than the parsing itself.
 * The arrays are reused for the next batch, so a batch is read before the next one is asked for.
 */
export interface IcsLineBatch {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  lines: Float64Array;
  /** Lines that are not UTF-8, by index (their text is empty): their bytes read as Latin-1 so an error can still name the property. */
  invalid?: Map<number, string>;
  /** Lines longer than `maxLineBytes` once unfolded, by index (their text is empty): their first bytes, to name the property. */
  tooLong?: Map<number, string>;
}

/**
 * The longest content line read, once unfolded. Real lines are far shorter (an inline attachment
 * of a few MB at most); the limit bounds the memory a line can take, whatever the file's size.
 */
export const maxLineBytes = 10 * 1024 * 1024;
// Measured in the file's bytes, folds included: a line the limit refuses is at most a few bytes
// of folding from one it would allow.

/** Where the lines of a batch lie, in arrays kept from batch to batch. */
class LineTable {
  count = 0;
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  lines = new Float64Array(1024);

  add(start: number, end: number, line: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.lines[this.count] = line;
    this.count += 1;
  }

  batch(text: string): IcsLineBatch {
    return { text, count: this.count, starts: this.starts, ends: this.ends, lines: this.lines };
  }

  private grow(): void {
    const size = 2 * this.starts.length;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const lines = new Float64Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    lines.set(this.lines);
    this.starts = starts;
    this.ends = ends;
    this.lines = lines;
  }
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Bytes taken at a time: a slice's decoded text stays small enough for V8's young generation,
 * where it dies cheaply once its lines are read.
 */
const SLICE = 1 << 15;

function isFoldStart(code: number | undefined): boolean {
  return code === SPACE || code === TAB;
}

/**
 * Cuts a byte stream into batches of content lines: unfolds (a fold may split a multi-byte
 * character), strips a leading BOM, accepts CRLF or LF, and decodes each batch in one go.
 */
export class IcsLineSplitter {
  /** The bytes not yet made into lines, at the front of `work`. */
  private work = Buffer.alloc(2 * SLICE);
  private held = 0;
  /** Every LF before this offset of the held bytes is known to start a fold. */
  private foldsUntil = 0;
  private nextLine = 1;
  private atStart = true;
  private readonly table = new LineTable();
  /** A line over the limit being passed over: where it started, its first bytes, its physical lines so far. */
  private skipping: { line: number; head: string; physical: number; lfAtEnd: boolean } | undefined;
  // A stream decoder is several times faster than Buffer#toString; it only ever sees whole, valid UTF-8 regions.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** Adds bytes; returns the lines they completed, if any. */
  push(bytes: Uint8Array): IcsLineBatch | undefined {
    if (this.skipping) {
      const next = this.passOver(bytes);
      if (next < 0) return undefined;
      // The long line ended: report it now, and keep what follows for the next call to split.
      this.hold(bytes.subarray(next));
      return this.tooLong();
    }
    this.hold(bytes);
    if (this.atStart) {
      if (this.held < 3) return undefined;
      this.dropBom();
    }
    // Held bytes are the start of one line, at most a slice over the limit: is that line too long?
    if (this.held > maxLineBytes) {
      const first = this.firstLineEnd();
      if (first < 0) {
        this.startPassingOver(this.held);
        return undefined;
      }
      const length = this.work[first - 1] === CR ? first - 1 : first;
      if (length > maxLineBytes) {
        this.startPassingOver(first + 1);
        return this.tooLong();
      }
    }
    const end = this.lastLineEnd();
    if (end < 0) {
      this.foldsUntil = Math.max(0, this.held - 1);
      return undefined;
    }
    const batch = this.split(this.work.subarray(0, end + 1));
    this.held -= end + 1;
    if (this.work.length > 4 * SLICE && this.held < SLICE) {
      // Grown for a long line: back to the usual size, so one big line does not keep its memory.
      const usual = Buffer.alloc(2 * SLICE);
      this.work.copy(usual, 0, end + 1, end + 1 + this.held);
      this.work = usual;
    } else this.work.copyWithin(0, end + 1, end + 1 + this.held);
    this.foldsUntil = Math.max(0, this.held - 1);
    return batch;
  }

  /** The last line, which needs no line end. */
  end(): IcsLineBatch | undefined {
    // The file ended inside a long line; a batch it completed is read before this is asked for.
    if (this.skipping) return this.tooLong();
    if (this.held === 0) return undefined;
    if (this.atStart) this.dropBom();
    if (this.work[this.held - 1] !== LF) this.hold(Buffer.from([LF]));
    const batch = this.split(this.work.subarray(0, this.held));
    this.held = 0;
    this.foldsUntil = 0;
    return batch;
  }

  /** The LF that ends the first held line, or -1 when it is not known to end yet. */
  private firstLineEnd(): number {
    const work = this.work;
    for (let lf = work.indexOf(LF); lf >= 0 && lf < this.held; lf = work.indexOf(LF, lf + 1)) {
      if (lf + 1 === this.held) return -1;
      if (!isFoldStart(work[lf + 1])) return lf;
    }
    return -1;
  }

  /**
   * The first `length` held bytes are (the start of) a line over the limit: keep its first bytes
   * to name it and let the rest of it go, so that memory stays bounded by the limit.
   */
  private startPassingOver(length: number): void {
    const line = this.work.subarray(0, length);
    let physical = 0;
    for (let lf = line.indexOf(LF); lf >= 0; lf = line.indexOf(LF, lf + 1)) physical += 1;
    // A line that has not ended may go on after an LF held last.
    const lfAtEnd = length === this.held && line[length - 1] === LF;
    this.skipping = { line: this.nextLine, head: line.toString('latin1', 0, 200), physical, lfAtEnd };
    const rest = this.held - length;
    const usual = Buffer.alloc(Math.max(2 * SLICE, rest));
    this.work.copy(usual, 0, length, this.held);
    this.work = usual;
    this.held = rest;
    this.foldsUntil = 0;
  }

  /** Passes over bytes of the long line; returns where the next line starts in `bytes`, or -1 when all of them belong to it. */
  private passOver(bytes: Uint8Array): number {
    const skipping = this.skipping!;
    if (bytes.length === 0) return -1;
    if (skipping.lfAtEnd) {
      skipping.lfAtEnd = false;
      if (!isFoldStart(bytes[0])) return 0;
    }
    for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) {
      skipping.physical += 1;
      if (lf + 1 === bytes.length) {
        skipping.lfAtEnd = true;
        return -1;
      }
      if (!isFoldStart(bytes[lf + 1])) return lf + 1;
    }
    return -1;
  }

  /** A batch of the one line passed over, its text left empty. */
  private tooLong(): IcsLineBatch {
    const skipping = this.skipping!;
    this.skipping = undefined;
    // A line that ended with its LF took that many physical lines; one the file ended in, one more.
    this.nextLine = skipping.line + Math.max(1, skipping.physical);
    this.table.count = 0;
    this.table.add(0, 0, skipping.line);
    const batch = this.table.batch('');
    batch.tooLong = new Map([[0, stripCr(skipping.head.split('\n')[0] ?? '')]]);
    return batch;
  }

  private hold(bytes: Uint8Array): void {
    const needed = this.held + bytes.byteLength;
    if (needed > this.work.length) {
      // Doubling keeps a line much longer than a slice (a big ATTACH) from being copied once per slice.
      const grown = Buffer.alloc(Math.max(needed, 2 * this.work.length));
      this.work.copy(grown, 0, 0, this.held);
      this.work = grown;
    }
    this.work.set(bytes, this.held);
    this.held = needed;
  }

  private dropBom(): void {
    const work = this.work;
    if (this.held >= 3 && work[0] === 0xef && work[1] === 0xbb && work[2] === 0xbf) {
      work.copyWithin(0, 3, this.held);
      this.held -= 3;
    }
    this.atStart = false;
  }

  /** The LF ending the last complete line held, or -1: a line is complete once the byte after its LF is known not to start a fold. */
  private lastLineEnd(): number {
    const from = this.foldsUntil;
    const fresh = this.work.subarray(from, this.held);
    let at = fresh.lastIndexOf(LF);
    if (at === fresh.length - 1) at = at <= 0 ? -1 : fresh.lastIndexOf(LF, at - 1);
    while (at >= 0 && isFoldStart(fresh[at + 1])) at = at <= 0 ? -1 : fresh.lastIndexOf(LF, at - 1);
    return at < 0 ? -1 : from + at;
  }

  /** Unfolds and decodes a region that ends with a LF. */
  private split(region: Buffer): IcsLineBatch | undefined {
    const first = this.nextLine;
    this.table.count = 0;
    let found: { batch: IcsLineBatch; physical: number };
    // Valid UTF-8 stays valid when folds (ASCII) are cut out, so the text can be unfolded after decoding.
    if (isUtf8(region)) found = unfoldText(this.decoder.decode(region, { stream: true }), first, this.table);
    else found = this.splitBytes(region, first);
    this.nextLine += found.physical;
    found.batch.text = replaceNul(found.batch.text);
    return found.batch.count > 0 ? found.batch : undefined;
  }

  /** The slow path for a region holding bytes that are not UTF-8: unfolds the bytes first, as a fold may split a character. */
  private splitBytes(region: Buffer, firstLine: number): { batch: IcsLineBatch; physical: number } {
    const parts: Buffer[] = [];
    const lines: number[] = [];
    let partStart = 0;
    let physical = 0;
    let lineStart = firstLine;
    for (let lf = region.indexOf(LF); lf >= 0; lf = region.indexOf(LF, lf + 1)) {
      physical += 1;
      if (isFoldStart(region[lf + 1])) {
        const cut = lf > 0 && region[lf - 1] === CR ? lf - 1 : lf;
        parts.push(region.subarray(partStart, cut));
        partStart = lf + 2;
      } else {
        lines.push(lineStart);
        lineStart = firstLine + physical;
      }
    }
    parts.push(region.subarray(partStart));
    const unfolded = Buffer.concat(parts);
    if (isUtf8(unfolded)) {
      const batch = lineBounds(this.decoder.decode(unfolded, { stream: true }), lines, this.table);
      return { batch, physical };
    }
    // Decoded line by line to name the bad ones; the good ones are joined into one text again.
    const texts: string[] = [];
    const invalid = new Map<number, string>();
    let start = 0;
    for (let i = 0; i < lines.length; i++) {
      const lf = unfolded.indexOf(LF, start);
      const bytes = unfolded.subarray(start, lf);
      start = lf + 1;
      if (isUtf8(bytes)) texts.push(bytes.toString('utf8'));
      else {
        texts.push('');
        invalid.set(i, stripCr(bytes.toString('latin1')));
      }
    }
    const batch = lineBounds(texts.join('\n') + '\n', lines, this.table);
    batch.invalid = invalid;
    return { batch, physical };
  }
}

/** Finds the lines of decoded text that ends with a LF and holds no folds. */
function lineBounds(text: string, lines: number[], table: LineTable): IcsLineBatch {
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const lf = text.indexOf('\n', start);
    table.add(start, lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf, lines[i] ?? 0);
    start = lf + 1;
  }
  return table.batch(text);
}

/** Unfolds decoded text that ends with a LF into the table, noting where each logical line starts and on which physical line. */
function unfoldText(
  folded: string,
  firstLine: number,
  table: LineTable,
): { batch: IcsLineBatch; physical: number } {
  const pieces: string[] = [];
  let pieceStart = 0;
  /** Characters of folds cut out before `pieceStart`: positions in the unfolded text are this much smaller. */
  let removed = 0;
  let lineStart = 0;
  let physical = 0;
  let physicalStart = firstLine;
  for (let lf = folded.indexOf('\n'); lf >= 0; lf = folded.indexOf('\n', lf + 1)) {
    physical += 1;
    if (isFoldStart(folded.charCodeAt(lf + 1))) {
      const cut = lf > 0 && folded.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
      pieces.push(folded.slice(pieceStart, cut));
      removed += lf + 2 - cut;
      pieceStart = lf + 2;
      continue;
    }
    // The line's LF for now; its CR is cut off once the text is whole.
    table.add(lineStart, lf - removed, physicalStart);
    lineStart = lf + 1 - removed;
    physicalStart = firstLine + physical;
  }
  let text = folded;
  if (pieces.length > 0) {
    pieces.push(folded.slice(pieceStart));
    text = pieces.join('');
  }
  // The CR before a line's LF is looked up in the unfolded text: a fold may have brought it there.
  const { starts, ends, count } = table;
  for (let i = 0; i < count; i++) {
    const lf = ends[i] ?? 0;
    if (lf > (starts[i] ?? 0) && text.charCodeAt(lf - 1) === CR) ends[i] = lf - 1;
  }
  return { batch: table.batch(text), physical };
}

/** Reads content lines from byte chunks, a batch per slice of bytes. */
export async function* readIcsLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<IcsLineBatch> {
  const splitter = new IcsLineSplitter();
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.byteLength; offset += SLICE) {
      const batch = splitter.push(chunk.subarray(offset, offset + SLICE));
      if (batch) yield batch;
    }
  }
  const last = splitter.end();
  if (last) yield last;
}

/** The text without the CR of a CRLF line end. */
export function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
