import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { test } from 'node:test';
import { FathomError } from '../domain/errors.ts';
import type { CalendarOccurrence } from '../importers/calendar/index.ts';
import { AttendeePeople } from './calendar-people.ts';
import { entriesOf, readCalendarHere, readCalendarOnThread } from './calendar-reading.ts';
import type { CalendarReading, ReadBatch } from './calendar-reading.ts';
import type { EmailOwner } from '../store/calendar-entries-store.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'calendar');

function reading(file: string, batchSize: number): CalendarReading {
  return {
    read: { ownerTimeZone: 'Europe/Berlin', from: '2025-01-01', to: '2025-04-30', file },
    owner: new Set(['me@fathom.test']),
    // One known person and one whose person was deleted: the reader names them as the ledger does.
    emails: new Map<string, EmailOwner>([
      ['zoe@example.com', 7],
      ['hana@example.com', 'ignored'],
    ]),
    batchSize,
  };
}

async function all(batches: AsyncIterable<ReadBatch>): Promise<ReadBatch[]> {
  const list: ReadBatch[] = [];
  for await (const batch of batches) list.push(batch);
  return list;
}

/** The file in chunks of a few hundred bytes, so that lines and characters are split between them. */
function* chunked(bytes: Uint8Array, size = 333): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

test('a second thread yields the same batches, newcomers and problems as this one', async () => {
  for (const name of ['work-v1.ics', 'broken.ics', 'edges.ics']) {
    const bytes = readFileSync(join(fixtures, name));
    for (const size of [1, 2000]) {
      const here = await all(readCalendarHere(chunked(bytes), reading(name, size)));
      const there = await all(readCalendarOnThread(chunked(bytes), reading(name, size)));
      assert.deepEqual(there, here, `${name} in batches of ${size}`);
      assert.ok(here.length > 0);
    }
  }
});

test('the thread leaves the caller’s chunks as they were', async () => {
  const bytes = readFileSync(join(fixtures, 'work-v1.ics'));
  const copy = Buffer.from(bytes);
  await all(readCalendarOnThread(chunked(bytes), reading('work-v1.ics', 2)));
  assert.deepEqual(bytes, copy);
});

test('a failing read of the file reaches the caller as it is, and the thread stops', async () => {
  const bytes = readFileSync(join(fixtures, 'work-v1.ics'));
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield bytes.subarray(0, 500);
    throw new FathomError('too_large', 'file: work-v1.ics grew past the limit while being read.');
  }
  await assert.rejects(all(readCalendarOnThread(failing(), reading('work-v1.ics', 2))), (e: unknown) => {
    assert.ok(e instanceof FathomError);
    assert.equal(e.code, 'too_large');
    return true;
  });
});

test('a caller that stops early closes the file', async () => {
  const bytes = readFileSync(join(fixtures, 'work-v1.ics'));
  let closed = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunked(bytes, 50);
    } finally {
      closed = true;
    }
  }
  for await (const batch of readCalendarOnThread(source(), reading('work-v1.ics', 1))) {
    assert.ok(batch.items.length > 0);
    break;
  }
  assert.equal(closed, true);
});

test('built, the reading thread is a bundle of its own holding the reader alone', async () => {
  // Built as `npm run build` builds the program: the module in one bundle, the thread's entry beside it.
  // Inside the project, so that the bundle finds the packages it leaves out.
  const cache = join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'fathom-reader-bundle-'));
  try {
    buildSync({
      entryPoints: {
        'calendar-reading': join(import.meta.dirname, 'calendar-reading.ts'),
        'calendar-reader': join(import.meta.dirname, 'calendar-reader-thread.ts'),
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outdir: dir,
      logLevel: 'silent',
    });
    const thread = readFileSync(join(dir, 'calendar-reader.js'), 'utf8');
    for (const heavy of ['better-sqlite3', 'kysely', 'hono', 'commander', 'libphonenumber-js'])
      assert.ok(!thread.includes(heavy), `the thread's bundle loads ${heavy}`);
    const built = (await import(pathToFileURL(join(dir, 'calendar-reading.js')).href)) as {
      readCalendarOnThread: typeof readCalendarOnThread;
    };
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const bytes = readFileSync(join(fixtures, 'work-v1.ics'));
      const here = await all(readCalendarHere(chunked(bytes), reading('work-v1.ics', 3)));
      const there = await all(built.readCalendarOnThread(chunked(bytes), reading('work-v1.ics', 3)));
      assert.deepEqual(there, here);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.map((w) => w.message),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a thread that cannot start says so and the file is read on this one', async () => {
  const bytes = readFileSync(join(fixtures, 'work-v1.ics'));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const here = await all(readCalendarHere(chunked(bytes), reading('work-v1.ics', 3)));
    // Data a thread cannot be given (a function does not cross) stops it before it starts.
    const unsendable = { ...reading('work-v1.ics', 3), emails: new Map([['a@b.c', (() => 1) as never]]) };
    const there = await all(readCalendarOnThread(chunked(bytes), unsendable));
    assert.equal(there.length, here.length);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /calendar reading thread could not start/);
  } finally {
    process.off('warning', onWarning);
  }
});

function occurrence(start: string, minutes: number, title = 'Offsite'): CalendarOccurrence {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    uid: 'u1',
    key: 'u1',
    title,
    start,
    end,
    allDay: false,
    localDate: start.slice(0, 10),
    timeZone: 'Europe/Berlin',
    minutes,
    attendees: [{ email: 'ana@example.com', name: 'Ana', organizer: false }],
    transparent: false,
    recurring: false,
    line: 3,
  };
}

test('an event longer than a day becomes one entry a day at the owner’s midnights, DST included', () => {
  const people = new AttendeePeople(new Set(), new Map());
  // Saturday 20:00 to Monday 10:00 in Berlin, across the night the clocks go forward (a 23-hour Sunday).
  const items = entriesOf(
    occurrence('2025-03-29T19:00:00.000Z', 37 * 60),
    people,
    'Europe/Berlin',
    'work.ics',
  );
  const pieces = items.flatMap((i) => (i.occurrence ? [i.occurrence] : []));
  assert.deepEqual(
    pieces.map((o) => [o.key, o.localDate, o.start, o.minutes]),
    [
      ['u1', '2025-03-29', '2025-03-29T19:00:00.000Z', 240],
      ['u1#2025-03-30', '2025-03-30', '2025-03-29T23:00:00.000Z', 23 * 60],
      ['u1#2025-03-31', '2025-03-31', '2025-03-30T22:00:00.000Z', 600],
    ],
  );
  assert.ok(pieces.every((o) => o.personIds.length === 1 && o.personIds[0] === -1));
  assert.deepEqual(
    items.flatMap((i) => (i.warning ? [i.warning] : [])),
    [
      {
        line: 3,
        file: 'work.ics',
        field: 'DTEND',
        message: 'event lasts longer than a day; split into 3 entries, one a day',
      },
    ],
  );
  // A day exactly is one entry.
  assert.equal(entriesOf(occurrence('2025-03-10T23:00:00.000Z', 1440), people, 'Europe/Berlin').length, 1);
});

test('an event longer than two weeks, or starting outside the plausible years, is left out with its reason', () => {
  const people = new AttendeePeople(new Set(), new Map());
  const giant = entriesOf(occurrence('2025-03-10T10:00:00.000Z', 100_000 * 7 * 1440), people, 'UTC', 'a.ics');
  assert.deepEqual(giant, [
    {
      skipped: {
        line: 3,
        file: 'a.ics',
        reason: 'lasts 700000 days; events longer than 14 days are left out',
      },
    },
  ]);
  const ancient = entriesOf(occurrence('1601-01-01T10:00:00.000Z', 60), people, 'UTC');
  assert.deepEqual(ancient, [
    { skipped: { line: 3, reason: 'starts outside the plausible years (between 1900 and 2200)' } },
  ]);
});

test('what was changed to fit crosses to this thread as it was made on the reading one', async () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:long',
    `SUMMARY:${'t'.repeat(400)}`,
    'DTSTART:20250310T100000Z',
    'DTEND:20250312T100000Z',
    'ATTENDEE;CN=Zoe:mailto:zoe@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const bytes = Buffer.from(ics);
  const here = await all(readCalendarHere(chunked(bytes), reading('long.ics', 2)));
  const there = await all(readCalendarOnThread(chunked(bytes), reading('long.ics', 2)));
  assert.deepEqual(there, here);
  const items = here.flatMap((b) => b.items);
  assert.equal(items.filter((i) => i.warning).length, 2);
  assert.equal(items.filter((i) => i.occurrence).length, 3);
});
