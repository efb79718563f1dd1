import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import { readLocalFile } from '../../src/cli/local-file.ts';
import type { Entry } from '../../src/domain/entry.ts';
import type { FathomError } from '../../src/domain/errors.ts';
import { importCalendar as ingestCalendar } from '../../src/ingest/import-calendar.ts';
import type { CalendarImportInput, CalendarImportReport } from '../../src/ingest/import-calendar.ts';
import type { CalendarUndoResult } from '../../src/ingest/undo-calendar.ts';
import { importFile, importUndo } from '../../src/operations/import-operations.ts';
import { entriesDelete, entriesEdit, entriesList, judge } from '../../src/operations/ledger-operations.ts';
import { personAdd, personList } from '../../src/operations/people-operations.ts';
import { settingsSet, settingsShow } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import type { Context } from '../../src/operations/registry.ts';
import { report } from '../../src/operations/report-operations.ts';
import type { Dialect } from '../../src/store/database.ts';
import { rebuildRollups } from '../../src/store/rollups.ts';
import { dumpRollups, plain } from '../support/ledger-dump.ts';
import { dialects, freshTarget, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'calendar');
const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));
const me = ['me@fathom.test', 'me@home.test'];
const window = { from: '2025-01-01', to: '2025-04-30' };

function fixture(name: string): string {
  return join(fixtures, name);
}

function cliContext(ledger: TestLedger): Omit<Context, 'db'> {
  return { ...ledger.ctx, readFile: readLocalFile };
}

/** A ledger whose owner lives in Berlin, its clock just after the fixtures' window. */
async function berlinLedger(dialect: Dialect): Promise<TestLedger> {
  const ledger = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
  await invoke(settingsSet, ledger.ctx, { timeZone: 'Europe/Berlin' });
  return ledger;
}

/** Imports a calendar fixture over the window January to April 2025 unless told otherwise. */
async function importCalendar(
  ledger: TestLedger,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<CalendarImportReport> {
  const result = await invoke(importFile, cliContext(ledger), { file: fixture(name), ...window, ...extra });
  return result as CalendarImportReport;
}

/** The ingest path itself, for what the operation does not expose (rounds of a given size). */
async function ingest(
  ledger: TestLedger,
  name: string,
  extra: Partial<CalendarImportInput>,
): Promise<CalendarImportReport> {
  return ingestBytes(ledger, readFileSync(fixture(name)), name, extra);
}

/** The ingest path on bytes made in the test, over the fixtures' window unless told otherwise. */
async function ingestBytes(
  ledger: TestLedger,
  bytes: Buffer,
  fileName: string,
  extra: Partial<CalendarImportInput> = {},
): Promise<CalendarImportReport> {
  return ledger.store.db
    .transaction()
    .execute((db) =>
      ingestCalendar(
        { db, dialect: ledger.store.dialect, accountId: ledger.ctx.accountId, now: ledger.ctx.now },
        { chunks: [bytes], fileName, ...window, ...extra },
      ),
    );
}

/** A small calendar: each event a UID, a day (an hour from 10:00 Berlin time) and one attendee. */
function icsFile(name: string | null, events: [uid: string, day: string, attendee: string][]): Buffer {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...(name ? [`X-WR-CALNAME:${name}`] : [])];
  for (const [uid, day, attendee] of events)
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTART;TZID=Europe/Berlin:${day}T100000`,
      `DTEND;TZID=Europe/Berlin:${day}T110000`,
      `SUMMARY:Talk ${uid}`,
      `ATTENDEE;CN=Ana Lima:mailto:${attendee}`,
      'END:VEVENT',
    );
  lines.push('END:VCALENDAR', '');
  return Buffer.from(lines.join('\r\n'));
}

async function undo(ledger: TestLedger, run: number | null, force?: boolean): Promise<CalendarUndoResult> {
  assert.notEqual(run, null);
  const result = await invoke(importUndo, ledger.ctx, { run, ...(force ? { force } : {}) });
  assert.ok('entriesRemoved' in result, 'a calendar run is undone as one');
  return result;
}

/** Wall-clock time of an instant in a zone, `YYYY-MM-DD HH:MM`. */
function wallTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** An entry as one line: start in Berlin (or its day when all-day), minutes, title, people. */
function entryText(e: Entry): string {
  const when = e.allDay ? `${e.localDate} all-day` : wallTime(e.startedAt, 'Europe/Berlin');
  const people = e.people
    .map((p) => p.name)
    .sort()
    .join(', ');
  return `${when} ${e.minutes} ${e.title} [${people}]`;
}

async function entries(ledger: TestLedger, deleted = false): Promise<Entry[]> {
  const { entries: list } = await invoke(entriesList, ledger.ctx, { deleted });
  return list.slice().sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id - b.id);
}

/** The live entries, oldest first, as lines. */
async function ledgerLines(ledger: TestLedger): Promise<string[]> {
  return (await entries(ledger)).map(entryText);
}

async function entryAt(ledger: TestLedger, berlinStart: string, title: string): Promise<Entry> {
  const found = (await entries(ledger)).find(
    (e) =>
      e.title === title && (e.allDay ? e.localDate : wallTime(e.startedAt, 'Europe/Berlin')) === berlinStart,
  );
  assert.ok(found, `an entry ${title} at ${berlinStart}`);
  return found;
}

/** The people of the ledger as `name <email> circle`, sorted. */
async function peopleLines(ledger: TestLedger): Promise<string[]> {
  const { people } = await invoke(personList, ledger.ctx, { limit: 1000 });
  return people.map((p) => `${p.name} <${p.contacts.map((c) => c.value).join(', ')}> ${p.circle}`).sort();
}

/** Everything an import can touch, in a stable order; rollup rows that sum to nothing are left out. */
async function dumpLedger(ledger: TestLedger): Promise<Record<string, unknown>> {
  const db = ledger.store.db;
  const account = ledger.ctx.accountId;
  return {
    settings: plain(await db.selectFrom('settings').selectAll().where('account_id', '=', account).execute()),
    people: plain(
      await db.selectFrom('people').selectAll().where('account_id', '=', account).orderBy('id').execute(),
    ),
    contactPoints: plain(
      await db
        .selectFrom('contact_points')
        .select(['person_id', 'kind', 'value', 'key', 'source'])
        .where('account_id', '=', account)
        .orderBy('person_id')
        .orderBy('key')
        .execute(),
    ),
    entries: plain(
      await db.selectFrom('entries').selectAll().where('account_id', '=', account).orderBy('id').execute(),
    ),
    entryPeople: plain(
      await db
        .selectFrom('entry_people')
        .selectAll()
        .where('account_id', '=', account)
        .orderBy('entry_id')
        .orderBy('person_id')
        .execute(),
    ),
    ...(await dumpRollups(db, account)),
  };
}

/** The rollups an import kept up to date equal the ones computed afresh from the entries. */
async function assertRollupsExact(ledger: TestLedger): Promise<void> {
  const kept = await dumpRollups(ledger.store.db, ledger.ctx.accountId);
  await ledger.store.db.transaction().execute((trx) => rebuildRollups(trx, ledger.ctx.accountId));
  assert.deepEqual(kept, await dumpRollups(ledger.store.db, ledger.ctx.accountId));
}

/** The entries of a run's report as `start title` lines, in the order the report lists them. */
function occurrences(list: { start: string; name: string }[]): string[] {
  return list.map((o) => `${wallTime(o.start, 'Europe/Berlin')} ${o.name}`);
}

/** The occurrences of work-v1.ics from January to April 2025, worked out by hand from the file. */
const workV1 = [
  // Weekly on Mondays from 6 January, UNTIL 2025-02-24T08:00Z (09:00 in Berlin: the last one counts),
  // 13 and 20 January excluded, 3 February moved to the 4th, 17 February cancelled.
  // Cleo has no PARTSTAT and counts; Bo declined; the organizer Ana counts like an attendee.
  '2025-01-06 09:00 30 Standup [Ana Alves, Cleo Okafor]',
  '2025-01-27 09:00 30 Standup [Ana Alves, Cleo Okafor]',
  '2025-02-04 10:00 60 Standup (moved) [Ana Alves, Dan Berg]',
  // DTEND;VALUE=DATE is exclusive: 5 to 7 February, kept as all-day with no minutes.
  '2025-02-05 all-day 0 Offsite [Ana Alves, Cleo Okafor]',
  '2025-02-10 09:00 30 Standup [Ana Alves, Cleo Okafor]',
  '2025-02-24 09:00 30 Standup [Ana Alves, Cleo Okafor]',
  // 10:00 in New York every week: 16:00 in Berlin before the US change on 9 March, 15:00 after.
  '2025-03-03 16:00 45 NY sync [Finn García]',
  '2025-03-10 15:00 45 NY sync [Finn García]',
  // "W. Europe Standard Time" is Berlin's zone; the room is not a person, the owner organizes.
  '2025-03-12 14:00 105 Budget review [Müller, Jörg]',
  '2025-03-17 15:00 45 NY sync [Finn García]',
  // 12:30 in Berlin on both sides of the European change on 30 March.
  '2025-03-20 12:30 60 Lunch with Eva [Eva Lind]',
  '2025-03-27 12:30 60 Lunch with Eva [Eva Lind]',
  '2025-04-03 12:30 60 Lunch with Eva [Eva Lind]',
  // Organized from the owner's second address; Hana has no CN, so her address is her name.
  '2025-04-10 10:00 40 Coffee with Hana [hana@example.com]',
];

/** work-v2.ics after work-v1.ics, by hand: the standups take 45 minutes and 10 February is excluded,
 * the budget review moves a day, one NY sync moves to Tuesday, the coffee is gone, an intro call is new. */
const workV2 = [
  '2025-01-06 09:00 45 Standup [Ana Alves, Cleo Okafor]',
  '2025-01-27 09:00 45 Standup [Ana Alves, Cleo Okafor]',
  '2025-02-04 10:00 60 Standup (moved) [Ana Alves, Dan Berg]',
  '2025-02-05 all-day 0 Offsite [Ana Alves, Cleo Okafor]',
  '2025-02-24 09:00 45 Standup [Ana Alves, Cleo Okafor]',
  '2025-03-03 16:00 45 NY sync [Finn García]',
  '2025-03-11 15:00 45 NY sync [Finn García]',
  '2025-03-13 14:00 105 Budget review [Müller, Jörg]',
  '2025-03-17 15:00 45 NY sync [Finn García]',
  '2025-03-20 12:30 60 Lunch with Eva [Eva Lind]',
  '2025-03-27 12:30 60 Lunch with Eva [Eva Lind]',
  '2025-04-03 12:30 60 Lunch with Eva [Eva Lind]',
  '2025-04-15 14:00 30 Intro call [Ivan Petrov]',
];

const workV1People = [
  'Ana Alves <ana@example.com> unsorted',
  'Cleo Okafor <cleo@example.com> unsorted',
  'Dan Berg <dan@example.com> unsorted',
  'Eva Lind <eva@example.de> unsorted',
  'Finn García <finn@example.com> unsorted',
  'Müller, Jörg <joerg@example.de> unsorted',
  'hana@example.com <hana@example.com> unsorted',
];

for (const dialect of dialects) {
  describe(`calendar import (${dialect})`, () => {
    test('work-v1.ics: the occurrences of the window, in the owner’s time, with their people', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const run = await importCalendar(ledger, 'work-v1.ics', { me });
        assert.equal(run.status, 'committed');
        assert.equal(run.run, 1);
        assert.deepEqual(run.window, window);
        assert.equal(run.timeZone, 'Europe/Berlin');
        assert.deepEqual(
          [
            run.counts.created,
            run.counts.updated,
            run.counts.unchanged,
            run.counts.removed,
            run.counts.skipped,
            run.counts.errors,
            run.counts.peopleCreated,
            run.counts.peopleMatched,
          ],
          [14, 0, 0, 0, 4, 0, 7, 0],
        );
        assert.deepEqual(run.skippedReasons, {
          'cancelled event': 1,
          'cancelled occurrence': 1,
          'no one but you on it (keep with --keep-solo)': 2,
        });
        assert.deepEqual(
          run.skipped.map((s) => [s.line, s.reason]).sort((a, b) => Number(a[0]) - Number(b[0])),
          [
            [51, 'cancelled occurrence standup@calendar.test/2025-02-17T08:00:00.000Z'],
            [95, 'no one but you on it (keep with --keep-solo)'],
            [101, 'no one but you on it (keep with --keep-solo)'],
            [108, 'cancelled event'],
          ],
        );
        assert.deepEqual(await ledgerLines(ledger), workV1);
        assert.deepEqual(await peopleLines(ledger), workV1People);

        const list = await entries(ledger);
        assert.ok(list.every((e) => e.mode === null && e.verdict === null && e.source === 'calendar'));
        // Keys: the UID alone for a single event, UID and original start for an occurrence of a series.
        const moved = await entryAt(ledger, '2025-02-04 10:00', 'Standup (moved)');
        assert.equal(moved.sourceKey, 'standup@calendar.test/2025-02-03T08:00:00.000Z');
        const budget = await entryAt(ledger, '2025-03-12 14:00', 'Budget review');
        assert.equal(budget.sourceKey, '040000008200E00074C5B7101A82E00800000000budget');
        assert.equal(budget.timeZone, 'Europe/Berlin');
        assert.equal(budget.startedAt, '2025-03-12T13:00:00.000Z');

        // Wall time kept across the change to summer time: New York's, then Berlin's.
        const ny = list.filter((e) => e.title === 'NY sync');
        assert.deepEqual(
          ny.map((e) => [e.startedAt, e.timeZone, wallTime(e.startedAt, 'America/New_York'), e.localDate]),
          [
            ['2025-03-03T15:00:00.000Z', 'America/New_York', '2025-03-03 10:00', '2025-03-03'],
            ['2025-03-10T14:00:00.000Z', 'America/New_York', '2025-03-10 10:00', '2025-03-10'],
            ['2025-03-17T14:00:00.000Z', 'America/New_York', '2025-03-17 10:00', '2025-03-17'],
          ],
        );
        const lunch = list.filter((e) => e.title === 'Lunch with Eva');
        assert.deepEqual(
          lunch.map((e) => e.startedAt),
          ['2025-03-20T11:30:00.000Z', '2025-03-27T11:30:00.000Z', '2025-04-03T10:30:00.000Z'],
        );
        const offsite = await entryAt(ledger, '2025-02-05', 'Offsite');
        assert.deepEqual(
          [offsite.allDay, offsite.minutes, offsite.startedAt, offsite.timeZone],
          [true, 0, '2025-02-04T23:00:00.000Z', 'Europe/Berlin'],
        );
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('report: minutes per person as counted by hand, all of it unjudged', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        const whole = await invoke(report, ledger.ctx, { ...window, top: 20 });
        const json = JSON.parse(JSON.stringify(whole)) as typeof whole;
        assert.deepEqual(json.period, {
          from: '2025-01-01',
          to: '2025-04-30',
          label: '2025-01-01 – 2025-04-30',
        });
        // 4 × 30 + 60 + 0 + 3 × 45 + 105 + 3 × 60 + 40 minutes in 14 entries.
        assert.deepEqual(json.totals, {
          entries: 14,
          minutes: 640,
          unjudgedEntries: 14,
          unjudgedMinutes: 640,
        });
        assert.deepEqual(json.byMode.unjudged, { entries: 14, minutes: 640 });
        assert.deepEqual(json.byMode.networking, { entries: 0, minutes: 0 });
        assert.equal(json.target.networkingMinutes, 0);
        assert.deepEqual(
          json.topPeople.map((p) => [p.name, p.minutes, p.entries, p.circle, p.verdict]),
          [
            ['Ana Alves', 180, 6, 'unsorted', null],
            ['Eva Lind', 180, 3, 'unsorted', null],
            ['Finn García', 135, 3, 'unsorted', null],
            ['Cleo Okafor', 120, 5, 'unsorted', null],
            ['Müller, Jörg', 105, 1, 'unsorted', null],
            ['Dan Berg', 60, 1, 'unsorted', null],
            ['hana@example.com', 40, 1, 'unsorted', null],
          ],
        );
        assert.deepEqual(json.byCircle.unsorted, { people: 7, entries: 20, minutes: 820 });

        // Days inside months: 10 to 20 March holds two NY syncs, the budget review and a lunch.
        const part = await invoke(report, ledger.ctx, { from: '2025-03-10', to: '2025-03-20' });
        assert.deepEqual(part.totals, { entries: 4, minutes: 255, unjudgedEntries: 4, unjudgedMinutes: 255 });
        assert.deepEqual(
          part.topPeople.map((p) => [p.name, p.minutes]),
          [
            ['Müller, Jörg', 105],
            ['Finn García', 90],
            ['Eva Lind', 60],
          ],
        );

        const coffee = await entryAt(ledger, '2025-04-10 10:00', 'Coffee with Hana');
        await invoke(judge, ledger.ctx, { id: coffee.id, mode: 'networking', verdict: 'forward' });
        const april = await invoke(report, ledger.ctx, { from: '2025-04-01', to: '2025-04-30' });
        assert.deepEqual(april.totals, { entries: 2, minutes: 100, unjudgedEntries: 1, unjudgedMinutes: 60 });
        assert.deepEqual(april.byMode.networking, { entries: 1, minutes: 40 });
        assert.equal(april.target.networkingMinutes, 40);
      } finally {
        await ledger.close();
      }
    });

    test('the owner’s addresses are remembered and never become people; people are matched by email', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const eva = await invoke(personAdd, ledger.ctx, {
          name: 'Eva Lind-Berg',
          email: ['Eva@Example.DE'],
          circle: 'network',
        });
        const first = await importCalendar(ledger, 'work-v1.ics', { me });
        assert.deepEqual([first.counts.peopleCreated, first.counts.peopleMatched], [6, 1]);
        assert.ok(!first.newPeople.some((p) => p.email.startsWith('me@')));
        assert.deepEqual((await invoke(settingsShow, ledger.ctx, {})).myEmails, me);
        const lunch = await entryAt(ledger, '2025-03-20 12:30', 'Lunch with Eva');
        assert.deepEqual(lunch.people, [{ id: eva.person.id, name: 'Eva Lind-Berg' }]);
        assert.ok((await peopleLines(ledger)).includes('Eva Lind-Berg <Eva@Example.DE> network'));

        // The next import is given no --me: the intro call names only Ivan, the organizer.
        const next = await importCalendar(ledger, 'work-v2.ics');
        assert.deepEqual(
          next.newPeople.map((p) => `${p.name} <${p.email}>`),
          ['Ivan Petrov <ivan@example.com>'],
        );
        const names = await peopleLines(ledger);
        assert.equal(names.length, 8);
        assert.ok(!names.some((n) => n.includes('me@') || n.startsWith('Me ')));
        assert.deepEqual((await invoke(settingsShow, ledger.ctx, {})).myEmails, me);

        // Without --me the first time, the owner's address on a shared event would be a person.
        const other = await berlinLedger(dialect);
        try {
          await importCalendar(other, 'work-v1.ics');
          assert.ok((await peopleLines(other)).includes('Me <me@fathom.test> unsorted'));
        } finally {
          await other.close();
        }
      } finally {
        await ledger.close();
      }
    });

    test('solo events are skipped unless keepSolo; a later import without it leaves them alone', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const run = await importCalendar(ledger, 'work-v1.ics', { me, keepSolo: true });
        assert.deepEqual([run.counts.created, run.counts.skipped], [16, 2]);
        assert.deepEqual(await ledgerLines(ledger), [
          ...workV1.slice(0, 5),
          // 08:00–10:00 UTC; the dentist is organized from ME@fathom.test, the owner's address.
          '2025-02-12 09:00 120 Focus time []',
          '2025-02-19 16:00 60 Dentist []',
          ...workV1.slice(5),
        ]);
        const before = await dumpLedger(ledger);
        const again = await importCalendar(ledger, 'work-v1.ics');
        assert.deepEqual(
          [again.counts.created, again.counts.updated, again.counts.removed, again.counts.unchanged],
          [0, 0, 0, 16],
        );
        assert.deepEqual(await dumpLedger(ledger), before);
      } finally {
        await ledger.close();
      }
    });

    test('re-importing the same file changes nothing', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        const before = await dumpLedger(ledger);
        const again = await importCalendar(ledger, 'work-v1.ics', { me });
        assert.deepEqual(
          [
            again.counts.created,
            again.counts.updated,
            again.counts.unchanged,
            again.counts.removed,
            again.counts.skipped,
            again.counts.peopleCreated,
            again.counts.peopleMatched,
          ],
          [0, 0, 14, 0, 4, 0, 7],
        );
        assert.deepEqual(await dumpLedger(ledger), before);
      } finally {
        await ledger.close();
      }
    });

    test('work-v2.ics moves, changes and removes what changed in the calendar', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        // Another calendar takes nothing away from this one.
        const team = await importCalendar(ledger, 'team-v1.ics');
        assert.deepEqual([team.counts.created, team.counts.removed], [6, 0]);

        const run = await importCalendar(ledger, 'work-v2.ics');
        assert.deepEqual(
          [
            run.counts.created,
            run.counts.updated,
            run.counts.unchanged,
            run.counts.removed,
            run.counts.kept,
            run.counts.peopleCreated,
          ],
          [1, 5, 7, 2, 0, 1],
        );
        assert.deepEqual(occurrences(run.created), ['2025-04-15 14:00 Intro call']);
        assert.deepEqual(
          run.updated
            .map((u) => `${wallTime(u.start, 'Europe/Berlin')} ${u.name} (${u.fields.join(', ')})`)
            .sort(),
          [
            '2025-01-06 09:00 Standup (minutes)',
            '2025-01-27 09:00 Standup (minutes)',
            '2025-02-24 09:00 Standup (minutes)',
            '2025-03-11 15:00 NY sync (time)',
            '2025-03-13 14:00 Budget review (time)',
          ],
        );
        assert.deepEqual(occurrences(run.removed).sort(), [
          '2025-02-10 09:00 Standup',
          '2025-04-10 10:00 Coffee with Hana',
        ]);
        const work = (await entries(ledger)).filter((e) => !e.sourceKey?.includes('@team.test'));
        assert.deepEqual(work.map(entryText), workV2);
        // The entries that moved are the same entries, under the same keys.
        const ny = await entryAt(ledger, '2025-03-11 15:00', 'NY sync');
        assert.equal(ny.sourceKey, 'nysync@calendar.test/2025-03-10T14:00:00.000Z');
        assert.equal(wallTime(ny.startedAt, 'America/New_York'), '2025-03-11 10:00');
        assert.deepEqual(
          (await entries(ledger, true)).map(
            (e) => `${entryText(e)} ${e.deletedAt === null ? '' : 'deleted'}`,
          ),
          [
            '2025-02-10 09:00 30 Standup [Ana Alves, Cleo Okafor] deleted',
            '2025-04-10 10:00 40 Coffee with Hana [hana@example.com] deleted',
          ],
        );

        const after = await invoke(report, ledger.ctx, { ...window, top: 20 });
        // 3 × 45 + 60 + 0 + 3 × 45 + 105 + 3 × 60 + 30 work minutes, 60 + 4 × 30 + 180 for the team.
        assert.deepEqual(after.totals.minutes, 645 + 360);
        assert.deepEqual(
          after.topPeople.filter((p) => !p.name.match(/Kai|Lea|Mo /)).map((p) => [p.name, p.minutes]),
          [
            ['Ana Alves', 195],
            ['Eva Lind', 180],
            ['Cleo Okafor', 135],
            ['Finn García', 135],
            ['Müller, Jörg', 105],
            ['Dan Berg', 60],
            ['Ivan Petrov', 30],
          ],
        );
        await assertRollupsExact(ledger);

        // The newer export again: nothing more to do.
        const again = await importCalendar(ledger, 'work-v2.ics');
        assert.deepEqual(
          [again.counts.created, again.counts.updated, again.counts.removed, again.counts.unchanged],
          [0, 0, 0, 13],
        );
      } finally {
        await ledger.close();
      }
    });

    test('a newer export changes titles and people and removes cancelled events', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const first = await importCalendar(ledger, 'team-v1.ics', { me });
        assert.deepEqual(await ledgerLines(ledger), [
          '2025-03-04 10:00 30 Team sync [Kai Berg]',
          '2025-03-05 10:00 60 Retro [Kai Berg, Lea Vogt]',
          '2025-03-08 19:00 180 Party [Mo Said]',
          '2025-03-11 10:00 30 Team sync [Kai Berg]',
          '2025-03-18 10:00 30 Team sync [Kai Berg]',
          '2025-03-25 10:00 30 Team sync [Kai Berg]',
        ]);
        // KAI@team.test and kai@team.test are one person.
        assert.equal(first.counts.peopleCreated, 3);
        const before = await dumpLedger(ledger);
        const run = await importCalendar(ledger, 'team-v2.ics');
        assert.deepEqual(
          [
            run.counts.created,
            run.counts.updated,
            run.counts.unchanged,
            run.counts.removed,
            run.counts.skipped,
          ],
          [0, 1, 2, 3, 1],
        );
        assert.deepEqual(
          run.updated.map((u) => [u.name, u.fields]),
          [['Sprint retro', ['title', 'people']]],
        );
        assert.deepEqual(run.newPeople, [{ name: 'Nia Holm', email: 'nia@team.test' }]);
        assert.deepEqual(await ledgerLines(ledger), [
          '2025-03-04 10:00 30 Team sync [Kai Berg]',
          '2025-03-05 10:00 60 Sprint retro [Kai Berg, Nia Holm]',
          '2025-03-11 10:00 30 Team sync [Kai Berg]',
        ]);
        await assertRollupsExact(ledger);

        const undone = await undo(ledger, run.run);
        assert.deepEqual([undone.entriesRemoved, undone.entriesRestored, undone.peopleRemoved], [0, 4, 1]);
        assert.deepEqual(withoutTimes(await dumpLedger(ledger)), withoutTimes(before));
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('what the owner judged, edited or deleted stays as the owner made it', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        const coffee = await entryAt(ledger, '2025-04-10 10:00', 'Coffee with Hana');
        await invoke(judge, ledger.ctx, { id: coffee.id, mode: 'networking', verdict: 'forward' });
        const tenth = await entryAt(ledger, '2025-02-10 09:00', 'Standup');
        await invoke(entriesEdit, ledger.ctx, { id: tenth.id, notes: 'Ran long, worth it' });
        const long = await entryAt(ledger, '2025-01-27 09:00', 'Standup');
        await invoke(entriesEdit, ledger.ctx, { id: long.id, duration: 50 });
        const budget = await entryAt(ledger, '2025-03-12 14:00', 'Budget review');
        await invoke(judge, ledger.ctx, { id: budget.id, mode: 'networking', verdict: 'back' });
        const ny = await entryAt(ledger, '2025-03-10 15:00', 'NY sync');
        await invoke(entriesEdit, ledger.ctx, { id: ny.id, title: 'NY sync with Finn' });
        const retitled = await entryAt(ledger, '2025-01-06 09:00', 'Standup');
        await invoke(entriesEdit, ledger.ctx, { id: retitled.id, title: 'Standup, first of the year' });
        const feb24 = await entryAt(ledger, '2025-02-24 09:00', 'Standup');
        const lunch = await entryAt(ledger, '2025-03-27 12:30', 'Lunch with Eva');
        await invoke(entriesDelete, ledger.ctx, { id: lunch.id });
        // An entry keeps a copy of what the import wrote only once the owner changed one of those
        // fields: a note or a judgement leaves it without one.
        const withSnapshot = await ledger.store.db
          .selectFrom('entries')
          .select('id')
          .where('imported', 'is not', null)
          .execute();
        assert.deepEqual(
          withSnapshot.map((r) => Number(r.id)).sort((a, b) => a - b),
          [long.id, ny.id, retitled.id].sort((a, b) => a - b),
        );

        const same = await importCalendar(ledger, 'work-v1.ics');
        assert.deepEqual(
          [same.counts.created, same.counts.updated, same.counts.removed, same.counts.unchanged],
          [0, 0, 0, 13],
        );
        assert.deepEqual(same.skippedReasons[`you deleted this entry (#${lunch.id})`], 1);

        const run = await importCalendar(ledger, 'work-v2.ics');
        assert.deepEqual(
          [run.counts.created, run.counts.updated, run.counts.unchanged, run.counts.removed, run.counts.kept],
          [1, 4, 7, 0, 5],
        );
        assert.deepEqual(
          run.updated.map((u) => `${u.entry} ${u.name} (${u.fields.join(', ')})`).sort(),
          [
            `${budget.id} Budget review (time)`,
            `${ny.id} NY sync with Finn (time)`,
            `${retitled.id} Standup, first of the year (minutes)`,
            `${feb24.id} Standup (minutes)`,
          ].sort(),
        );
        assert.deepEqual(
          run.keptEntries
            .map((k) => [k.entry, k.name, k.fields, k.why])
            .sort((a, b) => Number(a[0]) - Number(b[0])),
          [
            // The calendar says 45 minutes, the owner said 50.
            [long.id, 'Standup', ['minutes'], 'you changed it by hand'],
            // The owner's own title differs from the calendar's, which is left alone.
            [retitled.id, 'Standup, first of the year', ['title'], 'you changed it by hand'],
            [ny.id, 'NY sync with Finn', ['title'], 'you changed it by hand'],
            [tenth.id, 'Standup', [], 'no longer in the calendar; kept because you changed it'],
            [coffee.id, 'Coffee with Hana', [], 'no longer in the calendar; kept because you judged it'],
          ].sort((a, b) => Number(a[0]) - Number(b[0])),
        );
        assert.deepEqual(run.skippedReasons[`you deleted this entry (#${lunch.id})`], 1);
        assert.deepEqual(await ledgerLines(ledger), [
          '2025-01-06 09:00 45 Standup, first of the year [Ana Alves, Cleo Okafor]',
          '2025-01-27 09:00 50 Standup [Ana Alves, Cleo Okafor]',
          '2025-02-04 10:00 60 Standup (moved) [Ana Alves, Dan Berg]',
          '2025-02-05 all-day 0 Offsite [Ana Alves, Cleo Okafor]',
          '2025-02-10 09:00 30 Standup [Ana Alves, Cleo Okafor]',
          '2025-02-24 09:00 45 Standup [Ana Alves, Cleo Okafor]',
          '2025-03-03 16:00 45 NY sync [Finn García]',
          '2025-03-11 15:00 45 NY sync with Finn [Finn García]',
          '2025-03-13 14:00 105 Budget review [Müller, Jörg]',
          '2025-03-17 15:00 45 NY sync [Finn García]',
          '2025-03-20 12:30 60 Lunch with Eva [Eva Lind]',
          '2025-04-03 12:30 60 Lunch with Eva [Eva Lind]',
          '2025-04-10 10:00 40 Coffee with Hana [hana@example.com]',
          '2025-04-15 14:00 30 Intro call [Ivan Petrov]',
        ]);
        const judged = (await entries(ledger)).filter((e) => e.mode !== null);
        assert.deepEqual(
          judged.map((e) => [e.id, e.mode, e.verdict]),
          [
            [budget.id, 'networking', 'back'],
            [coffee.id, 'networking', 'forward'],
          ],
        );
        assert.equal((await entries(ledger)).find((e) => e.id === tenth.id)?.notes, 'Ran long, worth it');
        assert.deepEqual(
          (await entries(ledger, true)).map((e) => e.id),
          [lunch.id],
        );
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('the window is read in the owner’s zone; floating times are the owner’s', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const run = await importCalendar(ledger, 'edges.ics', { me });
        // 23:30 UTC on 31 December is 00:30 on New Year's Day in Berlin; 22:30 UTC on 30 April is
        // 00:30 on 1 May (summer time), after the window. DURATION stands in for DTEND.
        assert.deepEqual([run.counts.records, run.counts.created, run.counts.skipped], [3, 3, 0]);
        assert.deepEqual(await ledgerLines(ledger), [
          '2025-01-01 00:30 60 New year call [Pia Lund]',
          '2025-04-15 09:00 75 Breakfast [Pia Lund]',
          '2025-04-30 23:30 30 Late call [Pia Lund]',
        ]);
        const breakfast = await entryAt(ledger, '2025-04-15 09:00', 'Breakfast');
        assert.deepEqual(
          [breakfast.timeZone, breakfast.startedAt],
          ['Europe/Berlin', '2025-04-15T07:00:00.000Z'],
        );
      } finally {
        await ledger.close();
      }
    });

    test('a newer export read over a shorter window changes only that window', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        const february = await importCalendar(ledger, 'work-v2.ics', {
          from: '2025-02-01',
          to: '2025-02-28',
        });
        assert.deepEqual(
          [
            february.counts.created,
            february.counts.updated,
            february.counts.unchanged,
            february.counts.removed,
            february.counts.skipped,
          ],
          [0, 1, 2, 1, 4],
        );
        assert.deepEqual(occurrences(february.removed), ['2025-02-10 09:00 Standup']);
        assert.deepEqual(await ledgerLines(ledger), [
          ...workV1.slice(0, 4),
          '2025-02-24 09:00 45 Standup [Ana Alves, Cleo Okafor]',
          ...workV1.slice(6),
        ]);
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('the older export again puts back what the newer one changed', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        await importCalendar(ledger, 'work-v2.ics');
        const older = await importCalendar(ledger, 'work-v1.ics');
        assert.deepEqual(
          [older.counts.created, older.counts.updated, older.counts.unchanged, older.counts.removed],
          [0, 7, 7, 1],
        );
        assert.deepEqual(occurrences(older.removed), ['2025-04-15 14:00 Intro call']);
        assert.deepEqual(await ledgerLines(ledger), workV1);
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('read in small rounds, an import does exactly what it does in one', async () => {
      const whole = await berlinLedger(dialect);
      const rounds = await berlinLedger(dialect);
      try {
        for (const [name, extra] of [
          ['work-v1.ics', { me }],
          ['work-v2.ics', {}],
        ] as const) {
          const expected = await ingest(whole, name, { ...extra, dryRun: true });
          const preview = await ingest(rounds, name, { ...extra, dryRun: true, batchSize: 1 });
          assert.deepEqual(preview.counts, expected.counts);
          assert.deepEqual(preview.newPeople, expected.newPeople);
          const run = await ingest(rounds, name, { ...extra, batchSize: 1 });
          assert.deepEqual(run.counts, (await ingest(whole, name, extra)).counts);
          assert.deepEqual(await ledgerLines(rounds), await ledgerLines(whole));
        }
        assert.deepEqual(await ledgerLines(rounds), workV2);
        await assertRollupsExact(rounds);
      } finally {
        await whole.close();
        await rounds.close();
      }
    });

    test('read on a second thread, an import does exactly what it does on this one', async () => {
      const here = await berlinLedger(dialect);
      const thread = await berlinLedger(dialect);
      try {
        for (const [name, extra] of [
          ['work-v1.ics', { me }],
          ['broken.ics', { skipErrors: true }],
          ['work-v2.ics', {}],
        ] as const) {
          const preview = await ingest(thread, name, { ...extra, dryRun: true, thread: true, batchSize: 2 });
          assert.deepEqual(
            preview,
            await ingest(here, name, { ...extra, dryRun: true, thread: false, batchSize: 2 }),
          );
          const run = await ingest(thread, name, { ...extra, thread: true, batchSize: 2 });
          assert.deepEqual(run, await ingest(here, name, { ...extra, thread: false, batchSize: 2 }));
          // Everything but the settings, which carry the wall-clock time they were saved at.
          const { settings: _threadSettings, ...threadRows } = await dumpLedger(thread);
          const { settings: _hereSettings, ...hereRows } = await dumpLedger(here);
          assert.deepEqual(threadRows, hereRows);
        }
        await assert.rejects(ingest(thread, 'broken.ics', { thread: true }), (e: FathomError) => {
          assert.match(e.message, /broken\.ics:13: DTSTART: bad date-time "2025-03-04 09:00"/);
          return true;
        });
        await assertRollupsExact(thread);
      } finally {
        await here.close();
        await thread.close();
      }
    });

    test('a load that builds the indexes at the end leaves the same ledger and the same indexes', async () => {
      const rowByRow = await berlinLedger(dialect);
      const bulk = await berlinLedger(dialect);
      const indexes = async (ledger: TestLedger) =>
        dialect === 'sqlite'
          ? (
              await sql<{
                sql: string;
              }>`select sql from sqlite_master where type = 'index' and sql is not null order by name`.execute(
                ledger.store.db,
              )
            ).rows.map((r) => r.sql)
          : [];
      try {
        const expected = await indexes(rowByRow);
        for (const [name, extra] of [
          ['work-v1.ics', { me }],
          ['work-v2.ics', {}],
        ] as const) {
          const run = await ingest(bulk, name, { ...extra, bulkFrom: 1, batchSize: 3 });
          assert.deepEqual(run, await ingest(rowByRow, name, { ...extra, batchSize: 3 }));
          const { settings: _bulkSettings, ...bulkRows } = await dumpLedger(bulk);
          const { settings: _rowSettings, ...rowRows } = await dumpLedger(rowByRow);
          assert.deepEqual(bulkRows, rowRows);
          assert.deepEqual(await indexes(bulk), expected);
          // The settings the builds sort with are the connection's own again.
          if (dialect === 'sqlite') {
            const settings = async (ledger: TestLedger) => {
              const values: unknown[] = [];
              for (const name of ['threads', 'cache_size'])
                values.push(
                  (await sql.raw<Record<string, number>>(`pragma ${name}`).execute(ledger.store.db))
                    .rows[0]?.[name],
                );
              return values;
            };
            assert.deepEqual(await settings(bulk), await settings(rowByRow));
          }
        }
        await assertRollupsExact(bulk);
      } finally {
        await rowByRow.close();
        await bulk.close();
      }
    });

    test('an event that comes twice is written once, in a first calendar and after others', async () => {
      const file = icsFile(null, [
        ['a', '20250303', 'ana@twice.test'],
        ['b', '20250304', 'ana@twice.test'],
        ['a', '20250303', 'ana@twice.test'],
      ]);
      // One occurrence a round: the repeat comes in a round of its own, and the load sets indexes aside.
      const load = (ledger: TestLedger) =>
        ingestBytes(ledger, file, 'twice.ics', { batchSize: 1, bulkFrom: 1 });
      const first = await berlinLedger(dialect);
      const later = await berlinLedger(dialect);
      try {
        await importCalendar(later, 'team-v1.ics', { me });
        for (const ledger of [first, later]) {
          const run = await load(ledger);
          assert.deepEqual([run.counts.created, run.counts.skipped], [2, 1]);
          assert.deepEqual(
            run.skipped.map((k) => [k.line, k.reason]),
            [[17, 'the same event twice in the file (a)']],
          );
          const again = await load(ledger);
          assert.deepEqual([again.counts.created, again.counts.unchanged, again.counts.skipped], [0, 2, 1]);
          await assertRollupsExact(ledger);
        }
      } finally {
        await first.close();
        await later.close();
      }
    });

    test('a person’s months add up when the file goes back and forth between months', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const file = icsFile(null, [
          ['m1', '20250110', 'ana@months.test'],
          ['m2', '20250212', 'ana@months.test'],
          ['m3', '20250115', 'ana@months.test'],
          ['m4', '20250303', 'bo@months.test'],
          ['m5', '20250220', 'ana@months.test'],
          ['m6', '20250116', 'ana@months.test'],
        ]);
        const run = await ingestBytes(ledger, file, 'months.ics');
        assert.equal(run.counts.created, 6);
        const months = await ledger.store.db
          .selectFrom('rollup_person_months')
          .innerJoin('contact_points', 'contact_points.person_id', 'rollup_person_months.person_id')
          .select(['contact_points.key', 'month', 'entries', 'minutes'])
          .where('rollup_person_months.account_id', '=', ledger.ctx.accountId)
          .orderBy('contact_points.key')
          .orderBy('month')
          .execute();
        assert.deepEqual(
          months.map((m) => `${m.key} ${m.month} ${Number(m.entries)} ${Number(m.minutes)}`),
          ['ana@months.test 2025-01 3 180', 'ana@months.test 2025-02 2 120', 'bo@months.test 2025-03 1 60'],
        );
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('another calendar of the same name takes nothing out; a newer export of it does', async () => {
      const ledger = await berlinLedger(dialect);
      const load = (file: Buffer) => ingestBytes(ledger, file, 'calendar.ics');
      try {
        // Two accounts' default calendars, both "Calendar" in files of the same name.
        const home = await load(
          icsFile('Calendar', [
            ['h1', '20250303', 'ana@home.example'],
            ['h2', '20250310', 'ana@home.example'],
          ]),
        );
        assert.equal(home.counts.created, 2);
        const work = await load(icsFile('Calendar', [['w1', '20250305', 'bo@work.example']]));
        assert.deepEqual([work.counts.created, work.counts.removed], [1, 0]);
        const live = await invoke(entriesList, ledger.ctx, { from: '2025-03-01', to: '2025-03-31' });
        assert.deepEqual(live.entries.map((e) => e.title).sort(), ['Talk h1', 'Talk h2', 'Talk w1']);

        // The home calendar again, without h2: that one is gone from it.
        const newer = await load(icsFile('Calendar', [['h1', '20250303', 'ana@home.example']]));
        assert.deepEqual([newer.counts.unchanged, newer.counts.removed], [1, 1]);
        assert.deepEqual(
          newer.removed.map((r) => r.name),
          ['Talk h2'],
        );
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('a dry run reports what an import would do and writes nothing', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const empty = await dumpLedger(ledger);
        const preview = await importCalendar(ledger, 'work-v1.ics', { me, dryRun: true });
        assert.equal(preview.status, 'preview');
        assert.equal(preview.run, null);
        assert.deepEqual(
          [preview.counts.created, preview.counts.skipped, preview.counts.peopleCreated],
          [14, 4, 7],
        );
        assert.deepEqual(
          preview.created.map((c) => c.entry),
          new Array(14).fill(null),
        );
        assert.deepEqual(await dumpLedger(ledger), empty);
        assert.deepEqual(await runCount(ledger), 0);

        await importCalendar(ledger, 'work-v1.ics', { me });
        const afterV1 = await dumpLedger(ledger);
        const newer = await importCalendar(ledger, 'work-v2.ics', { dryRun: true });
        assert.deepEqual(
          [newer.counts.created, newer.counts.updated, newer.counts.unchanged, newer.counts.removed],
          [1, 5, 7, 2],
        );
        assert.deepEqual(occurrences(newer.removed).sort(), [
          '2025-02-10 09:00 Standup',
          '2025-04-10 10:00 Coffee with Hana',
        ]);
        assert.deepEqual(await dumpLedger(ledger), afterV1);
        assert.deepEqual(await runCount(ledger), 1);
      } finally {
        await ledger.close();
      }
    });

    test('broken.ics is refused naming the file and line; skipErrors imports what could be read', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const empty = await dumpLedger(ledger);
        await assert.rejects(
          importCalendar(ledger, 'broken.ics', { me: ['me@broken.test'] }),
          (e: FathomError) => {
            assert.equal(e.code, 'invalid_input');
            assert.equal(e.field, 'file');
            assert.match(e.message, /^file: broken\.ics has 1 problem; nothing was imported\./);
            assert.match(e.message, /broken\.ics:13: DTSTART: bad date-time "2025-03-04 09:00"/);
            return true;
          },
        );
        assert.deepEqual(await dumpLedger(ledger), empty);
        assert.equal(await runCount(ledger), 0);

        const preview = await importCalendar(ledger, 'broken.ics', { dryRun: true });
        assert.deepEqual([preview.counts.created, preview.counts.errors], [1, 1]);
        assert.deepEqual(await dumpLedger(ledger), empty);

        const run = await importCalendar(ledger, 'broken.ics', { skipErrors: true });
        assert.deepEqual([run.counts.created, run.counts.errors], [1, 1]);
        assert.deepEqual(
          run.errors.map((e) => [e.file, e.line, e.field]),
          [['broken.ics', 13, 'DTSTART']],
        );
        assert.deepEqual(await ledgerLines(ledger), ['2025-03-03 10:00 60 Fine [zoe@example.com]']);
      } finally {
        await ledger.close();
      }
    });

    test('undo takes a run back: v2 to the v1 state exactly, v1 to an empty ledger', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const empty = await dumpLedger(ledger);
        const v1 = await importCalendar(ledger, 'work-v1.ics', { me });
        const afterV1 = await dumpLedger(ledger);
        const v2 = await importCalendar(ledger, 'work-v2.ics');

        await assert.rejects(undo(ledger, v1.run), (e: FathomError) => {
          assert.equal(e.code, 'conflict');
          assert.match(e.message, /import run #1 cannot be undone: #2 changed its entries since/);
          return true;
        });
        const undone2 = await undo(ledger, v2.run);
        assert.deepEqual([undone2.entriesRemoved, undone2.entriesRestored, undone2.peopleRemoved], [1, 7, 1]);
        assert.deepEqual(withoutTimes(await dumpLedger(ledger)), withoutTimes(afterV1));
        assert.deepEqual(await ledgerLines(ledger), workV1);
        await assertRollupsExact(ledger);

        const undone1 = await undo(ledger, v1.run);
        assert.deepEqual(
          [undone1.entriesRemoved, undone1.entriesRestored, undone1.peopleRemoved],
          [14, 0, 7],
        );
        const now = await dumpLedger(ledger);
        // The owner's addresses stay remembered; everything else is as before the first import.
        assert.deepEqual({ ...now, settings: empty.settings }, empty);
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('undo leaves alone an entry the owner changed after the run', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        await importCalendar(ledger, 'work-v1.ics', { me });
        const v2 = await importCalendar(ledger, 'work-v2.ics');
        const budget = await entryAt(ledger, '2025-03-13 14:00', 'Budget review');
        await invoke(entriesEdit, ledger.ctx, { id: budget.id, title: 'Budget review Q1' });
        const undone = await undo(ledger, v2.run);
        assert.deepEqual(undone.keptEdits, [{ personId: 0, field: `entry #${budget.id}` }]);
        assert.equal(undone.entriesRestored, 6);
        assert.deepEqual(await ledgerLines(ledger), [
          ...workV1.slice(0, 8),
          '2025-03-13 14:00 105 Budget review Q1 [Müller, Jörg]',
          ...workV1.slice(9),
        ]);
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('undo refuses to drop entries the owner judged unless forced', async () => {
      const ledger = await berlinLedger(dialect);
      try {
        const run = await importCalendar(ledger, 'work-v1.ics', { me });
        const coffee = await entryAt(ledger, '2025-04-10 10:00', 'Coffee with Hana');
        await invoke(judge, ledger.ctx, { id: coffee.id, mode: 'socializing', verdict: 'forward' });
        await assert.rejects(undo(ledger, run.run), /you judged or edited 1 of the entries/);
        assert.equal((await entries(ledger)).length, 14);
        const undone = await undo(ledger, run.run, true);
        assert.equal(undone.entriesRemoved, 14);
        assert.deepEqual(await ledgerLines(ledger), []);
        assert.deepEqual(await peopleLines(ledger), []);
        await assertRollupsExact(ledger);
      } finally {
        await ledger.close();
      }
    });

    test('the CLI imports a calendar and prints the report as JSON', async () => {
      const t = await freshTarget(dialect);
      try {
        const fathom = (...args: string[]) => {
          const r = spawnSync(process.execPath, [bin, '--db', t.target, ...args], {
            encoding: 'utf8',
            env: { ...process.env, TZ: 'UTC', FATHOM_DB: '' },
          });
          assert.equal(r.status, 0, `fathom ${args.join(' ')}: ${r.stderr}`);
          return JSON.parse(r.stdout) as unknown;
        };
        fathom('init', '--time-zone', 'Europe/Berlin', '--json');
        const run = fathom(
          'import',
          fixture('work-v1.ics'),
          '--from',
          window.from,
          '--to',
          window.to,
          '--me',
          me[0] ?? '',
          '--me',
          me[1] ?? '',
          '--json',
        ) as CalendarImportReport;
        assert.equal(run.status, 'committed');
        assert.deepEqual([run.counts.created, run.counts.skipped, run.counts.peopleCreated], [14, 4, 7]);
        assert.deepEqual(occurrences(run.created).sort(), workV1Starts());
        // Each occurrence says how long it is; an all-day one says so instead of a time of day.
        assert.deepEqual(
          run.created
            .map((o) => {
              const wall = wallTime(o.start, 'Europe/Berlin');
              return `${o.allDay ? `${wall.slice(0, 10)} all-day` : wall} ${o.minutes} ${o.name}`;
            })
            .sort(),
          workV1.map((line) => line.replace(/ \[.*\]$/, '')).sort(),
        );
        const settings = fathom('settings', 'show', '--json') as { myEmails: string[] };
        assert.deepEqual(settings.myEmails, me);
        const r = fathom('report', '--from', window.from, '--to', window.to, '--json') as {
          totals: { entries: number; minutes: number; unjudgedEntries: number };
        };
        assert.deepEqual([r.totals.entries, r.totals.minutes, r.totals.unjudgedEntries], [14, 640, 14]);
      } finally {
        await t.cleanup();
      }
    });
  });
}

/** The starts and titles of workV1, sorted, as the report lists them. */
function workV1Starts(): string[] {
  const titled = workV1.map((line) => {
    const m = /^(\S+ \S+) \d+ (.*) \[/.exec(line);
    const when = m?.[1] ?? '';
    // All-day entries start at midnight in the owner's zone.
    return `${when.endsWith('all-day') ? `${when.slice(0, 10)} 00:00` : when} ${m?.[2] ?? ''}`;
  });
  return titled.sort();
}

async function runCount(ledger: TestLedger): Promise<number> {
  const row = await ledger.store.db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', ledger.ctx.accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A dump without the moments rows were last written, which an undo sets anew. */
function withoutTimes(dump: Record<string, unknown>): Record<string, unknown> {
  const strip = (rows: unknown) =>
    (rows as Record<string, unknown>[]).map(({ updated_at: _u, ...rest }) => rest);
  return { ...dump, entries: strip(dump.entries) };
}
