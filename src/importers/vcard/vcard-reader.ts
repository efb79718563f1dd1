import type { ContactRecord } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { ContactBuilder } from './contact-builder.ts';
import { LineUnfolder } from './line-unfolder.ts';
import type { LineSink } from './line-unfolder.ts';
import { parsePropertyLine } from './property-line.ts';

/** Options shared by the vCard readers. */
export interface VcardReadOptions {
  /** File name (or ZIP entry) to put on records and issues. */
  file?: string;
}

/** One thing read from a vCard stream: a record, an issue, or a card left out. */
export interface VcardEvent {
  record?: ContactRecord;
  error?: ParseIssue;
  skipped?: SkippedRecord;
}

/** Whether a line is `marker` (upper-case ASCII), ignoring case and surrounding white space. */
function isMarker(text: string, marker: string): boolean {
  let start = 0;
  let end = text.length;
  // Most lines are neither BEGIN:VCARD nor END:VCARD: the first letter settles it without allocating.
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  if (end - start !== marker.length) return false;
  for (let k = 0; k < marker.length; k++) {
    const c = text.charCodeAt(start + k);
    const want = marker.charCodeAt(k);
    if (c !== want && !(want >= 65 && want <= 90 && c === want + 32)) return false;
  }
  return true;
}

/** Splits logical lines into cards and hands each card's properties to a ContactBuilder. */
class CardSplitter implements LineSink {
  readonly events: VcardEvent[] = [];
  private readonly file: string | undefined;
  private card: ContactBuilder | undefined;
  private cardLine = 0;
  /** After a 2.1 base64 property, its unindented body lines carry no colon: they continue its value. */
  private inBinary = false;
  private inGarbage = false;
  private readonly report = (issue: ParseIssue): void => {
    this.events.push({ error: issue });
  };

  constructor(file: string | undefined) {
    this.file = file;
  }

  line(lineNumber: number, text: string, dropped?: number): void {
    if (this.card === undefined) {
      this.outsideCard(lineNumber, text);
      return;
    }
    if (isMarker(text, 'END:VCARD')) {
      this.finishCard();
      return;
    }
    if (isMarker(text, 'BEGIN:VCARD')) {
      this.unterminated();
      this.startCard(lineNumber);
      return;
    }
    const property = parsePropertyLine(text);
    if ('value' in property) {
      const encoding = property.params.encoding;
      this.inBinary = encoding === 'BASE64' || encoding === 'B';
      this.card.add(property, lineNumber, dropped);
      return;
    }
    if (this.inBinary && text.indexOf(':') < 0) {
      this.card.continueBinary(text, dropped);
      return;
    }
    if (text.trim() === '') return;
    this.issue(lineNumber, property.name, property.message);
  }

  invalid(lineNumber: number, field: string | undefined, message: string): void {
    if (this.card === undefined && field === undefined) {
      this.outsideCard(lineNumber, '?');
      return;
    }
    this.issue(lineNumber, field, message);
  }

  end(): void {
    if (this.card !== undefined) this.unterminated();
  }

  private outsideCard(lineNumber: number, text: string): void {
    if (isMarker(text, 'BEGIN:VCARD')) {
      this.startCard(lineNumber);
      return;
    }
    if (text.trim() === '') return;
    // One issue per run of stray lines is enough to point at the damage.
    if (this.inGarbage) return;
    this.inGarbage = true;
    this.issue(
      lineNumber,
      undefined,
      isMarker(text, 'END:VCARD')
        ? 'END:VCARD without BEGIN:VCARD'
        : 'text outside a BEGIN:VCARD … END:VCARD card',
    );
  }

  private startCard(lineNumber: number): void {
    this.card = new ContactBuilder(lineNumber, this.file, this.report);
    this.cardLine = lineNumber;
    this.inBinary = false;
    this.inGarbage = false;
  }

  private finishCard(): void {
    const card = this.card!;
    this.card = undefined;
    const outcome = card.finish();
    if ('record' in outcome) {
      this.events.push({ record: outcome.record });
      return;
    }
    const skipped: SkippedRecord = { line: this.cardLine, reason: outcome.skipped };
    if (this.file !== undefined) skipped.file = this.file;
    this.events.push({ skipped });
  }

  private unterminated(): void {
    // The card may be cut short; leaving it out is safer than importing half a person.
    this.card = undefined;
    this.issue(this.cardLine, undefined, 'card has no END:VCARD; it was not imported');
  }

  private issue(line: number, field: string | undefined, message: string): void {
    const issue: ParseIssue = { line, message };
    if (this.file !== undefined) issue.file = this.file;
    if (field !== undefined) issue.field = field;
    this.events.push({ error: issue });
  }
}

function toBytes(input: Uint8Array | string): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** Bytes handed to the line reader at a time when a file in memory is read in parts. */
const sliceBytes = 64 * 1024;

/**
 * Reads a vCard file (2.1, 3.0 or 4.0, mixed) already in memory a part at a time, yielding the
 * records, issues and skipped cards of each part once it holds `batchRecords` records, and the
 * share of the file read so far.
 */
export function* readVcardBatches(
  input: Uint8Array | string,
  options: VcardReadOptions & { batchRecords?: number } = {},
): Generator<ParseResult<ContactRecord> & { read: number }> {
  const bytes = toBytes(input);
  // A few hundred cards at a time: what they become is gone before the next part is read.
  const batchRecords = options.batchRecords ?? 300;
  const splitter = new CardSplitter(options.file);
  const unfolder = new LineUnfolder(splitter);
  let batch: ParseResult<ContactRecord> = { records: [], errors: [], skipped: [] };
  const drain = (): void => {
    for (const event of splitter.events) {
      if (event.record !== undefined) batch.records.push(event.record);
      else if (event.error !== undefined) batch.errors.push(event.error);
      else if (event.skipped !== undefined) batch.skipped.push(event.skipped);
    }
    splitter.events.length = 0;
  };
  for (let at = 0; at < bytes.length; at += sliceBytes) {
    unfolder.push(bytes.subarray(at, Math.min(bytes.length, at + sliceBytes)));
    drain();
    if (batch.records.length >= batchRecords) {
      yield { ...batch, read: Math.min(1, (at + sliceBytes) / bytes.length) };
      batch = { records: [], errors: [], skipped: [] };
    }
  }
  unfolder.end();
  splitter.end();
  drain();
  yield { ...batch, read: 1 };
}

/** Reads a whole vCard file (2.1, 3.0 or 4.0, mixed) into records, issues and skipped cards. */
export function parseVcard(
  input: Uint8Array | string,
  options: VcardReadOptions = {},
): ParseResult<ContactRecord> {
  const splitter = new CardSplitter(options.file);
  const unfolder = new LineUnfolder(splitter);
  unfolder.push(toBytes(input));
  unfolder.end();
  splitter.end();
  const result: ParseResult<ContactRecord> = { records: [], errors: [], skipped: [] };
  for (const event of splitter.events) {
    if (event.record !== undefined) result.records.push(event.record);
    else if (event.error !== undefined) result.errors.push(event.error);
    else if (event.skipped !== undefined) result.skipped.push(event.skipped);
  }
  return result;
}

/** Streams a vCard file chunk by chunk, yielding each record, issue and skipped card as it is read. */
export async function* readVcards(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: VcardReadOptions = {},
): AsyncGenerator<VcardEvent> {
  const splitter = new CardSplitter(options.file);
  const unfolder = new LineUnfolder(splitter);
  const events = splitter.events;
  for await (const chunk of chunks) {
    unfolder.push(chunk);
    if (events.length > 0) {
      yield* events.splice(0, events.length);
    }
  }
  unfolder.end();
  splitter.end();
  yield* events.splice(0, events.length);
}
