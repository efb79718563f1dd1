import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { test } from 'node:test';
import { FathomError } from '../domain/errors.ts';
import { readCalendarHere, readCalendarOnThread } from './calendar-reading.ts';
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
