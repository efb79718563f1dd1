import { setFlagsFromString } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { CalendarOccurrence, CalendarReadOptions } from '../importers/calendar/index.ts';
import { readCalendarRounds } from '../importers/calendar/index.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import type { EmailOwner } from '../store/calendar-entries-store.ts';
import { AttendeePeople } from './calendar-people.ts';
import { maxEntryMinutes } from '../domain/duration.ts';
import {
  cutText,
  earliestYear,
  latestYear,
  plausibleRange,
  singleLine,
  textLimits,
} from '../domain/field-limits.ts';
import { addDays, startOfDay } from '../domain/zoned-time.ts';
import type { NewcomerRef } from './calendar-people.ts';

/** An occurrence as an import takes it: its entry's fields, its people as ids (stand-ins below zero for newcomers). */
export interface ReadOccurrence {
  key: string;
  line: number;
  /** The entry's title: trimmed, never empty. */
  title: string;
  start: string;
  localDate: string;
  timeZone: string;
  minutes: number;
  allDay: boolean;
  /** Sorted, each once. */
  personIds: number[];
}

/** One thing the file held, in file order: an occurrence, a problem, a record left out, or a value changed to fit. */
export interface ReadItem {
  occurrence?: ReadOccurrence;
  error?: ParseIssue;
  skipped?: SkippedRecord;
  warning?: ParseIssue;
}

/** A round of items, with the newcomers first named in it. */
export interface ReadBatch {
  items: ReadItem[];
  newcomers: NewcomerRef[];
}

/** What reading needs besides the bytes: the reader's options and whom the addresses belong to. */
export interface CalendarReading {
  read: CalendarReadOptions;
  /** The owner's own address keys. */
  owner: ReadonlySet<string>;
  emails: ReadonlyMap<string, EmailOwner>;
  /** Occurrences per batch. */
  batchSize: number;
}

const plausibleStart = `${earliestYear}-01-01T00:00:00.000Z`;
const plausibleEnd = `${latestYear + 1}-01-01T00:00:00.000Z`;

/** Events longer than this are left out rather than split: no one spends a fortnight and more with people on end. */
export const longestSplitDays = 14;

/**
 * The entries an occurrence becomes, with what was changed to fit the ledger's limits. A timed
 * event longer than a day is split at the owner's midnights, one entry a day (the first keeps the
 * event's key, the others add their day to it), so no entry passes the 24-hour rule; one longer
 * than two weeks, or starting outside the plausible years, is left out with the reason.
 */
export function entriesOf(
  o: CalendarOccurrence,
  people: AttendeePeople,
  ownerZone: string,
  file?: string,
): ReadItem[] {
  const at = (extra: { reason?: string; field?: string; message?: string }) => ({
    line: o.line,
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  // Starts are ISO instants from the reader: years 1900 to 2200 compare as their text does, and
  // years before 0 or after 9999 (written with a sign) sort outside them too.
  if (!(o.start >= plausibleStart && o.start < plausibleEnd))
    return [
      { skipped: at({ reason: `starts outside the plausible years (${plausibleRange})` }) as SkippedRecord },
    ];
  if (!o.allDay && o.minutes > longestSplitDays * 24 * 60)
    return [
      {
        skipped: at({
          reason: `lasts ${Math.round(o.minutes / 1440)} days; events longer than ${longestSplitDays} days are left out`,
        }) as SkippedRecord,
      },
    ];
  const items: ReadItem[] = [];
  // Titles must not be empty: an untitled event still took time.
  const clean = singleLine(o.title).trim();
  const title = clean === '' ? '(no title)' : cutText(clean, textLimits.entryTitle);
  if (clean.length > textLimits.entryTitle)
    items.push({
      warning: at({
        field: 'SUMMARY',
        message: `title longer than ${textLimits.entryTitle} characters; cut to fit`,
      }) as ParseIssue,
    });
  const personIds = people.idsOf(o.attendees);
  const base: ReadOccurrence = {
    key: o.key,
    line: o.line,
    title,
    start: o.start,
    localDate: o.localDate,
    timeZone: o.timeZone,
    minutes: o.minutes,
    allDay: o.allDay,
    personIds,
  };
  if (o.allDay || o.minutes <= maxEntryMinutes) {
    items.push({ occurrence: base });
    return items;
  }
  const startMs = Date.parse(o.start);
  const endMs = startMs + o.minutes * 60_000;
  let from = startMs;
  let day = o.localDate;
  while (from < endMs) {
    const next = Math.min(endMs, startOfDay(addDays(day, 1), ownerZone).getTime());
    const minutes = Math.round((next - from) / 60_000);
    if (minutes > 0)
      items.push({
        occurrence: {
          ...base,
          key: from === startMs ? o.key : `${o.key}#${day}`,
          start: from === startMs ? o.start : new Date(from).toISOString(),
          localDate: day,
          minutes: Math.min(minutes, maxEntryMinutes),
          personIds: from === startMs ? personIds : [...personIds],
        },
      });
    from = next;
    day = addDays(day, 1);
  }
  items.push({
    warning: at({
      field: 'DTEND',
      message: `event lasts longer than a day; split into ${items.filter((i) => i.occurrence).length} entries, one a day`,
    }) as ParseIssue,
  });
  return items;
}

/** Reads the file on this thread, in batches of about `batchSize` occurrences. */
export async function* readCalendarHere(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  reading: CalendarReading,
): AsyncGenerator<ReadBatch> {
  const people = new AttendeePeople(reading.owner, reading.emails);
  let items: ReadItem[] = [];
  let occurrences = 0;
  // Entries keep neither place nor description: the reader need not unescape them. Attendees are
  // only turned into ids, so a series may share one list.
  const read = { ...reading.read, details: false, ownAttendees: false };
  for await (const round of readCalendarRounds(chunks, read)) {
    for (const item of round) {
      // One thing per item (the reader never combines them).
      if (item.error) items.push({ error: item.error });
      if (item.skipped) items.push({ skipped: item.skipped });
      if (item.occurrence) {
        for (const entry of entriesOf(
          item.occurrence,
          people,
          reading.read.ownerTimeZone,
          reading.read.file,
        )) {
          items.push(entry);
          if (entry.occurrence) occurrences += 1;
        }
      }
      if (occurrences >= reading.batchSize) {
        yield { items, newcomers: people.takeNewcomers() };
        items = [];
        occurrences = 0;
      }
    }
  }
  if (items.length > 0) yield { items, newcomers: people.takeNewcomers() };
}

/** Marks the thread this module starts, so that the module knows to serve when loaded there. */
const role = 'fathom-calendar-reader';
/** Chunks (a megabyte each) sent ahead of the reader, so it need not wait while this thread writes. */
const chunksAhead = 4;
/** Batches the reader may have waiting; beyond that it waits, so memory stays bounded. */
const batchesAhead = 3;
/**
 * The reading thread's young generation. Reading makes many short-lived strings; with the reader
 * built as its own bundle, an import of 100,000 events took about 0.3 s less at 64 MB than at 32 MB
 * and peaked near 310 MB either way (measured).
 */
const youngGenerationMb = 64;

/** Number slots per packed occurrence: line, minutes, all-day, title, zone, day (into `texts`), first and count of people. */
const slots = 8;

/**
 * A batch packed column by column: a few arrays cross between threads far cheaper than thousands
 * of small objects, and titles, zones and days repeat a lot.
 */
interface PackedBatch {
  /** Per item: 0 an occurrence, 1 an error, 2 a skipped record, 3 a warning. */
  kinds: Uint8Array<ArrayBuffer>;
  errors: ParseIssue[];
  warnings: ParseIssue[];
  skipped: SkippedRecord[];
  keys: string[];
  starts: string[];
  numbers: Float64Array<ArrayBuffer>;
  personIds: Float64Array<ArrayBuffer>;
  texts: string[];
  newcomers: NewcomerRef[];
}

type ToReader = { chunk: Uint8Array } | { end: true } | { ack: true };
type FromReader =
  { ready: true } | { took: true } | { batch: PackedBatch } | { done: true } | { failed: string };

interface ThreadData {
  role: typeof role;
  read: CalendarReadOptions;
  owner: Set<string>;
  emails: Map<string, EmailOwner>;
  batchSize: number;
}

function pack(batch: ReadBatch): PackedBatch {
  const kinds = new Uint8Array(batch.items.length);
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const skipped: SkippedRecord[] = [];
  const keys: string[] = [];
  const starts: string[] = [];
  const numbers: number[] = [];
  const ids: number[] = [];
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const text = (value: string) => {
    let index = textIndex.get(value);
    if (index === undefined) {
      index = texts.length;
      texts.push(value);
      textIndex.set(value, index);
    }
    return index;
  };
  batch.items.forEach((item, i) => {
    const o = item.occurrence;
    if (!o) {
      if (item.error) errors.push(item.error);
      else if (item.skipped) skipped.push(item.skipped);
      else if (item.warning) warnings.push(item.warning);
      kinds[i] = item.error ? 1 : item.skipped ? 2 : 3;
      return;
    }
    keys.push(o.key);
    starts.push(o.start);
    numbers.push(
      o.line,
      o.minutes,
      o.allDay ? 1 : 0,
      text(o.title),
      text(o.timeZone),
      text(o.localDate),
      ids.length,
      o.personIds.length,
    );
    for (const id of o.personIds) ids.push(id);
  });
  return {
    kinds,
    errors,
    warnings,
    skipped,
    keys,
    starts,
    numbers: Float64Array.from(numbers),
    personIds: Float64Array.from(ids),
    texts,
    newcomers: batch.newcomers,
  };
}

function unpack(packed: PackedBatch): ReadBatch {
  const { kinds, numbers, personIds, texts, keys, starts } = packed;
  const items: ReadItem[] = new Array<ReadItem>(kinds.length);
  let o = 0;
  let e = 0;
  let s = 0;
  let w = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === 1) {
      items[i] = { error: packed.errors[e++]! };
      continue;
    }
    if (kind === 2) {
      items[i] = { skipped: packed.skipped[s++]! };
      continue;
    }
    if (kind === 3) {
      items[i] = { warning: packed.warnings[w++]! };
      continue;
    }
    const n = o * slots;
    const first = numbers[n + 6]!;
    const ids = new Array<number>(numbers[n + 7]!);
    for (let k = 0; k < ids.length; k++) ids[k] = personIds[first + k]!;
    items[i] = {
      occurrence: {
        key: keys[o]!,
        start: starts[o]!,
        line: numbers[n]!,
        minutes: numbers[n + 1]!,
        allDay: numbers[n + 2] === 1,
        title: texts[numbers[n + 3]!]!,
        timeZone: texts[numbers[n + 4]!]!,
        localDate: texts[numbers[n + 5]!]!,
        personIds: ids,
      },
    };
    o += 1;
  }
  return { items, newcomers: packed.newcomers };
}

/** Waits for messages, or for a wake-up; one waiter at a time. */
class Signal {
  private wake: (() => void) | undefined;

  wait(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The chunks the importer sends, as the async iterable readCalendar takes; each one taken is acknowledged. */
class ChunkInbox {
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private readonly signal = new Signal();

  constructor(private readonly took: () => void) {}

  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
    this.signal.notify();
  }

  end(): void {
    this.ended = true;
    this.signal.notify();
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        this.took();
        yield chunk;
      } else if (this.ended) return;
      else await this.signal.wait();
    }
  }
}

/** The reading thread: reads the chunks it is sent and sends back batches, waiting while too many are unread. */
function serve(port: MessagePort, data: ThreadData): void {
  const inbox = new ChunkInbox(() => port.postMessage({ took: true } satisfies FromReader));
  let credits = batchesAhead;
  const acked = new Signal();
  port.on('message', (message: ToReader) => {
    if ('chunk' in message) inbox.push(message.chunk);
    else if ('end' in message) inbox.end();
    else {
      credits += 1;
      acked.notify();
    }
  });
  const run = async () => {
    const reading = { read: data.read, owner: data.owner, emails: data.emails, batchSize: data.batchSize };
    for await (const batch of readCalendarHere(inbox.chunks(), reading)) {
      while (credits === 0) await acked.wait();
      credits -= 1;
      const packed = pack(batch);
      port.postMessage({ batch: packed } satisfies FromReader, [
        packed.kinds.buffer,
        packed.numbers.buffer,
        packed.personIds.buffer,
      ]);
    }
    port.postMessage({ done: true } satisfies FromReader);
  };
  run().catch((e: unknown) =>
    port.postMessage({ failed: e instanceof Error ? e.message : String(e) } satisfies FromReader),
  );
  port.postMessage({ ready: true } satisfies FromReader);
}

/** Serves reads when this is the thread `startThread` started (see calendar-reader-thread.ts). */
export function serveIfReaderThread(): void {
  if (!isMainThread && parentPort && (workerData as Partial<ThreadData> | null)?.role === role) {
    serve(parentPort, workerData as ThreadData);
  }
}

/**
 * Starts the reading thread. Built, it is a bundle of its own beside this one
 * (`calendar-reader.js`), holding the reader alone, so that it starts in a few milliseconds rather
 * than loading all the program does; run from the TypeScript sources, the thread loads the
 * TypeScript loader first.
 */
function startThread(reading: CalendarReading): Worker {
  const data: ThreadData = {
    role,
    read: reading.read,
    owner: new Set(reading.owner),
    emails: new Map(reading.emails),
    batchSize: reading.batchSize,
  };
  const options = { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } };
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./calendar-reader.js', self), options);
  const entry = new URL('./calendar-reader-thread.ts', self).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true, execArgv: [] });
}

/**
 * How much V8 lets a heap grow between full collections while a file is read on a thread, in
 * percent. Reading and writing make much short-lived garbage; with V8's own growth the two heaps
 * of an import of 100,000 events came to about 500 MB, with this about 380 MB, for some 5% more
 * time spent collecting (measured on the calendar benchmark).
 */
const heapGrowingPercent = 25;
let tightReads = 0;

/** Whether the process was started with its own heap growth, which is then left alone. */
function ownHeapGrowth(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
    a.includes('heap-growing-percent'),
  );
}

/**
 * Keeps the heaps growing in small steps until the function returned is called. The setting is
 * the process's (V8 has one for all threads): it is put back when the last such read ends.
 */
function tightenHeap(): () => void {
  if (ownHeapGrowth()) return () => undefined;
  if (tightReads++ === 0) setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    // 0 is V8's default: the growth it picks itself.
    if (--tightReads === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}

/** Messages from the thread, taken one at a time; a thread that fails or exits ends the wait with an error. */
class ThreadInbox {
  private readonly queue: FromReader[] = [];
  private failure: Error | undefined;
  private readonly signal = new Signal();

  put(message: FromReader): void {
    this.queue.push(message);
    this.signal.notify();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.signal.notify();
  }

  async next(): Promise<FromReader> {
    for (;;) {
      const message = this.queue.shift();
      if (message) return message;
      if (this.failure) throw this.failure;
      await this.signal.wait();
    }
  }
}

/** Says that the file is read on this thread after all, and why. */
function warnReadingHere(why: string): void {
  process.emitWarning(`The calendar reading thread could not start (${why}); reading on this one.`);
}

/**
 * Reads the file on a second thread and yields the same batches as `readCalendarHere`, so that
 * the caller's work on one batch overlaps the reading of the next. Memory stays bounded: a few
 * chunks go ahead of the reader, a few batches wait for the caller. Where no thread can be
 * started, the file is read on this one.
 */
export async function* readCalendarOnThread(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  reading: CalendarReading,
): AsyncGenerator<ReadBatch> {
  let thread: Worker;
  try {
    thread = startThread(reading);
  } catch (e) {
    warnReadingHere((e as Error).message);
    yield* readCalendarHere(chunks, reading);
    return;
  }
  const loosen = tightenHeap();
  const inbox = new ThreadInbox();
  let inFlight = 0;
  let stopped = false;
  const took = new Signal();
  thread.on('message', (message: FromReader) => {
    if ('took' in message) {
      inFlight -= 1;
      took.notify();
    } else inbox.put(message);
  });
  thread.on('error', (e: Error) => inbox.fail(e));
  thread.on('exit', (code) => inbox.fail(new Error(`the calendar reader stopped (exit code ${code})`)));
  try {
    // A thread that cannot load (no TypeScript loader, say) fails before it is ready: read here instead.
    const first = await inbox.next().catch((e: unknown) => e);
    if (!first || !(typeof first === 'object' && 'ready' in first)) {
      warnReadingHere(first instanceof Error ? first.message : 'it did not start');
      yield* readCalendarHere(chunks, reading);
      return;
    }
    const pump = (async () => {
      for await (const chunk of chunks) {
        if (stopped) return;
        // A copy the thread may own: the caller's buffer stays the caller's.
        const copy = new Uint8Array(chunk);
        inFlight += 1;
        thread.postMessage({ chunk: copy } satisfies ToReader, [copy.buffer]);
        while (inFlight >= chunksAhead && !stopped) await took.wait();
      }
      if (!stopped) thread.postMessage({ end: true } satisfies ToReader);
    })();
    // A failing read of the file (it grew past the limit, say) is the caller's error as it is.
    pump.catch((e: unknown) => inbox.fail(e instanceof Error ? e : new Error(String(e))));
    try {
      for (;;) {
        const message = await inbox.next();
        if ('batch' in message) {
          yield unpack(message.batch);
          thread.postMessage({ ack: true } satisfies ToReader);
        } else if ('done' in message) break;
        else if ('failed' in message) throw new Error(message.failed);
      }
    } finally {
      stopped = true;
      took.notify();
      // The file is closed before the caller goes on, whether the read ended or failed.
      await pump.catch(() => undefined);
    }
  } finally {
    thread.removeAllListeners('exit');
    await thread.terminate();
    loosen();
  }
}
