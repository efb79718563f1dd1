import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readLocalFile } from '../../src/cli/local-file.ts';
import type { Entry } from '../../src/domain/entry.ts';
import { FathomError } from '../../src/domain/errors.ts';
import {
  entriesDelete,
  entriesEdit,
  entriesList,
  entriesUndoEdit,
  judge,
  log,
} from '../../src/operations/ledger-operations.ts';
import { importFile, importUndo } from '../../src/operations/import-operations.ts';
import type { CalendarImportReport } from '../../src/ingest/import-calendar.ts';
import { personMerge } from '../../src/operations/merge-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, init, settingsSet } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { report } from '../../src/operations/report-operations.ts';
import { createApp } from '../../src/server/create-app.ts';
import { rebuildRollups } from '../../src/store/rollups.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { dumpRollups, plain } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/** The entry's own row, its people and its revisions, as plain values. */
async function entryRows(l: TestLedger, id: number): Promise<Record<string, unknown>> {
  const db = l.store.db;
  const [row] = plain(await db.selectFrom('entries').selectAll().where('id', '=', id).execute());
  const people = await db
    .selectFrom('entry_people')
    .select('person_id')
    .where('entry_id', '=', id)
    .orderBy('person_id')
    .execute();
  return { ...row, people: people.map((p) => Number(p.person_id)) };
}

/** Everything an edit or its undo could touch, to prove a refused one changed nothing. */
async function everything(l: TestLedger): Promise<unknown> {
  const db = l.store.db;
  const account = l.ctx.accountId;
  return {
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
    revisions: plain(
      await db
        .selectFrom('entry_revisions')
        .selectAll()
        .where('account_id', '=', account)
        .orderBy('id')
        .execute(),
    ),
    ...(await dumpRollups(db, account)),
  };
}

async function refused(l: TestLedger, work: () => Promise<unknown>, check: (e: FathomError) => void) {
  const before = await everything(l);
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof FathomError, `expected a FathomError, got ${String(e)}`);
    check(e);
    return true;
  });
  assert.deepEqual(await everything(l), before, 'a refused command changes nothing');
}

/** The rollups kept by the write path equal the ones rebuilt from the entries. */
async function assertRollupsExact(l: TestLedger): Promise<void> {
  const kept = await dumpRollups(l.store.db, l.ctx.accountId);
  await l.store.db.transaction().execute((trx) => rebuildRollups(trx, l.ctx.accountId));
  assert.deepEqual(kept, await dumpRollups(l.store.db, l.ctx.accountId));
}

function names(e: Entry): string[] {
  return e.people.map((p) => p.name);
}

for (const dialect of dialects) {
  describe(`editing entries on ${dialect}`, () => {
    let l: TestLedger;
    const ids: Record<string, number> = {};
    before(async () => {
      l = await openTestLedger(dialect, '2026-04-15T12:00:00Z');
      await invoke(init, l.ctx, {
        purpose: 'Open a bakery that trains young bakers',
        timeZone: 'Europe/Berlin',
      });
      ids.seed = (await invoke(goalAdd, l.ctx, { title: 'Find the first investor' })).id;
      ids.oven = (await invoke(goalAdd, l.ctx, { title: 'Buy the oven' })).id;
      for (const [key, name, email] of [
        ['ana', 'Ana Lima', 'ana@example.org'],
        ['bo', 'Bo Berg', 'bo@example.org'],
        ['cleo', 'Cleo Park', 'cleo@example.org'],
        ['anaM', 'Ana Müller', 'ana.m@example.org'],
      ] as const) {
        ids[key] = (await invoke(personAdd, l.ctx, { name, email: [email], circle: 'network' })).person.id;
      }
    });
    after(async () => l.close());

    test('every field changes, the time moves to another day and month, and undo walks back each edit', async () => {
      // 22:30 on the last day of March in Berlin.
      const entry = await invoke(log, l.ctx, {
        duration: '1h',
        title: 'Dinner with Ana',
        with: ['ana@example.org'],
        mode: 'networking',
        verdict: 'forward',
        goal: 'investor',
        channel: 'in_person',
        at: '2026-03-31 22:30',
        notes: 'She knows a miller',
      });
      ids.dinner = entry.id;
      const rollupsBefore = await dumpRollups(l.store.db, l.ctx.accountId);
      const rowBefore = await entryRows(l, entry.id);
      assert.equal(entry.localDate, '2026-03-31');

      const edited = await invoke(entriesEdit, l.ctx, {
        id: entry.id,
        duration: '2h15',
        title: 'Breakfast with Bo and Cleo',
        with: ['bo@example.org', 'Cleo Park'],
        mode: 'socializing',
        verdict: 'back',
        goal: '',
        channel: 'video',
        at: '2026-04-01 08:00',
        notes: '',
      });
      assert.deepEqual(edited.changed, [
        'when',
        'duration',
        'title',
        'people',
        'mode',
        'verdict',
        'goal',
        'channel',
        'notes',
      ]);
      assert.ok(edited.revision !== null);
      assert.equal(edited.startedAt, '2026-04-01T06:00:00.000Z');
      assert.equal(edited.localDate, '2026-04-01');
      assert.equal(edited.timeZone, 'Europe/Berlin');
      assert.equal(edited.minutes, 135);
      assert.deepEqual(names(edited), ['Bo Berg', 'Cleo Park']);
      assert.deepEqual(
        [edited.mode, edited.verdict, edited.goalId, edited.channel, edited.notes],
        ['socializing', 'back', null, 'video', null],
      );
      assert.equal(edited.editedAt, '2026-04-15T12:00:00.000Z');
      await assertRollupsExact(l);
      const march = await invoke(report, l.ctx, { month: '2026-03' });
      const april = await invoke(report, l.ctx, { month: '2026-04' });
      assert.equal(march.totals.minutes, 0);
      assert.equal(march.target.networkingMinutes, 0);
      assert.equal(april.totals.minutes, 135);
      assert.deepEqual(april.byVerdict.back, { entries: 1, minutes: 135 });
      assert.deepEqual(
        april.topPeople.map((p) => [p.name, p.minutes]),
        [
          ['Bo Berg', 135],
          ['Cleo Park', 135],
        ],
      );

      // Re-judged, then the judgement taken back: the entry waits in the review queue again.
      l.setNow('2026-04-15T12:05:00Z');
      const rejudged = await invoke(entriesEdit, l.ctx, {
        id: entry.id,
        mode: 'networking',
        verdict: 'forward',
      });
      assert.deepEqual(rejudged.changed, ['mode', 'verdict']);
      l.setNow('2026-04-15T12:10:00Z');
      const open = await invoke(entriesEdit, l.ctx, { id: entry.id, mode: 'none', verdict: 'none' });
      assert.deepEqual([open.mode, open.verdict], [null, null]);
      assert.deepEqual(
        (await invoke(entriesList, l.ctx, { unjudged: true })).entries.map((e) => e.id),
        [entry.id],
      );
      assert.equal((await invoke(report, l.ctx, { month: '2026-04' })).totals.unjudgedMinutes, 135);
      await assertRollupsExact(l);

      // Each undo takes back one edit, newest first.
      const first = await invoke(entriesUndoEdit, l.ctx, { id: entry.id });
      assert.deepEqual(
        [first.mode, first.verdict, first.undone, first.kept],
        ['networking', 'forward', ['mode', 'verdict'], []],
      );
      assert.equal(first.editsLeft, 2);
      assert.equal(first.editedAt, '2026-04-15T12:05:00.000Z');
      const second = await invoke(entriesUndoEdit, l.ctx, { id: entry.id });
      assert.deepEqual([second.mode, second.verdict, second.editsLeft], ['socializing', 'back', 1]);
      assert.equal(second.editedAt, '2026-04-15T12:00:00.000Z');
      await assertRollupsExact(l);
      const third = await invoke(entriesUndoEdit, l.ctx, { id: entry.id });
      assert.equal(third.editsLeft, 0);
      assert.equal(third.undone.length, 9);
      assert.equal(third.editedAt, null, 'no longer counted as edited by hand');
      assert.deepEqual(names(third), ['Ana Lima']);

      // Back exactly as logged, and the rollups as they were.
      const rowAfter = await entryRows(l, entry.id);
      assert.deepEqual({ ...rowAfter, updated_at: null }, { ...rowBefore, updated_at: null });
      assert.deepEqual(await dumpRollups(l.store.db, l.ctx.accountId), rollupsBefore);
      await assertRollupsExact(l);
      assert.equal((await invoke(report, l.ctx, { month: '2026-03' })).target.networkingMinutes, 60);

      await refused(
        l,
        () => invoke(entriesUndoEdit, l.ctx, { id: entry.id }),
        (e) => {
          assert.equal(e.code, 'conflict');
          assert.equal(e.message, `Entry #${entry.id} has no edit to undo.`);
        },
      );
      // The three undone edits stay on record.
      const kept = await l.store.db
        .selectFrom('entry_revisions')
        .select(['undone_at'])
        .where('entry_id', '=', entry.id)
        .execute();
      assert.equal(kept.length, 3);
      assert.ok(kept.every((r) => r.undone_at !== null));
    });

    test('an edit that changes nothing records nothing', async () => {
      const before = await everything(l);
      const same = await invoke(entriesEdit, l.ctx, {
        id: ids.dinner,
        duration: '60m',
        with: ['Ana Lima'],
        at: '2026-03-31 22:30',
        mode: 'networking',
      });
      assert.deepEqual([same.changed, same.revision], [[], null]);
      assert.deepEqual(await everything(l), before);
    });

    test('bad input names its field, and changes nothing', async () => {
      const id = ids.dinner!;
      const cases: [string, Record<string, unknown>, string, string, RegExp][] = [
        ['unknown person', { with: ['Zed Nobody'] }, 'not_found', 'with', /no person matches "Zed Nobody"/],
        ['ambiguous person', { with: ['ana'] }, 'ambiguous', 'with', /Ana Lima[\s\S]*Ana Müller/],
        ['bad duration', { duration: '1x' }, 'invalid_input', 'duration', /"1x" is not a duration/],
        ['zero duration', { duration: '0m' }, 'invalid_input', 'duration', /longer than zero/],
        ['too long', { duration: '25h' }, 'invalid_input', 'duration', /longer than a day/],
        ['bad time', { at: 'someday' }, 'invalid_input', 'at', /"someday" is not a time/],
        ['bad date', { at: '2026-02-30 10:00' }, 'invalid_input', 'at', /2026-02-30/],
        ['unknown goal', { goal: 'world peace' }, 'not_found', 'goal', /no goal matches "world peace"/],
        ['bad channel', { channel: 'pigeon' }, 'invalid_input', 'channel', /pigeon/],
        ['bad mode', { mode: 'partying' }, 'invalid_input', 'mode', /partying/],
        ['bad verdict', { verdict: 'sideways' }, 'invalid_input', 'verdict', /sideways/],
        ['empty title', { title: '  ' }, 'invalid_input', 'title', /empty/],
        ['bad zone', { at: 'today 9:00', timeZone: 'Mars/Base' }, 'invalid_input', 'timeZone', /Mars\/Base/],
        ['zone alone', { timeZone: 'Europe/Lisbon' }, 'invalid_input', 'timeZone', /give the time/],
        ['nothing', {}, 'invalid_input', 'input', /nothing to change/],
        // A good field next to a bad one: neither is written.
        ['good and bad', { title: 'Changed', with: ['Zed Nobody'] }, 'not_found', 'with', /Zed Nobody/],
      ];
      for (const [what, input, code, field, pattern] of cases) {
        await refused(
          l,
          () => invoke(entriesEdit, l.ctx, { id, ...input }),
          (e) => {
            assert.equal(e.code, code, `${what}: code`);
            assert.equal(e.field ?? 'input', field, `${what}: field`);
            assert.match(e.message, pattern, `${what}: message`);
          },
        );
      }
      await refused(
        l,
        () => invoke(entriesEdit, l.ctx, { id: 999_999, title: 'x' }),
        (e) => assert.deepEqual([e.code, e.field], ['not_found', 'id']),
      );
    });

    test('an undo keeps a field changed since the edit, and says so', async () => {
      const id = ids.dinner!;
      await invoke(entriesEdit, l.ctx, { id, verdict: 'back', notes: 'Too much wine' });
      // The review queue's judge changes the verdict again, outside the edit.
      await invoke(judge, l.ctx, { id, mode: 'networking', verdict: 'forward' });
      const undone = await invoke(entriesUndoEdit, l.ctx, { id });
      assert.deepEqual([undone.undone, undone.kept], [['notes'], ['verdict']]);
      assert.equal(undone.verdict, 'forward');
      assert.equal(undone.notes, 'She knows a miller');
      const text = entriesUndoEdit.text!(undone, { id });
      assert.match(text, /^Undid the edit of notes: /);
      assert.match(text, /Kept verdict as it is: changed since that edit\./);
      assert.match(text, /No earlier edits to undo\./);

      // When everything the edit changed was changed again since, the undo puts nothing back.
      await invoke(entriesEdit, l.ctx, { id, verdict: 'back' });
      await invoke(judge, l.ctx, { id, verdict: 'forward' });
      const nothing = await invoke(entriesUndoEdit, l.ctx, { id });
      assert.deepEqual([nothing.undone, nothing.kept, nothing.verdict], [[], ['verdict'], 'forward']);
      assert.match(entriesUndoEdit.text!(nothing, { id }), /^Undid the edit, with nothing to put back: /);
      await assertRollupsExact(l);
    });

    test('an undo names the edit it means: a later edit or a second click is refused', async () => {
      const id = ids.dinner!;
      const one = await invoke(entriesEdit, l.ctx, { id, duration: '70m' });
      const two = await invoke(entriesEdit, l.ctx, { id, duration: '80m' });
      await refused(
        l,
        () => invoke(entriesUndoEdit, l.ctx, { id, revision: one.revision }),
        (e) => {
          assert.deepEqual([e.code, e.field], ['conflict', 'revision']);
          assert.match(e.message, /edited again after that edit; undo the later edit first/);
        },
      );
      const undone = await invoke(entriesUndoEdit, l.ctx, { id, revision: two.revision });
      assert.equal(undone.minutes, 70);
      await refused(
        l,
        () => invoke(entriesUndoEdit, l.ctx, { id, revision: two.revision }),
        (e) => assert.match(e.message, /already undone/),
      );
      await refused(
        l,
        () => invoke(entriesUndoEdit, l.ctx, { id, revision: 424_242 }),
        (e) => assert.deepEqual([e.code, e.field], ['not_found', 'revision']),
      );
      assert.equal((await invoke(entriesUndoEdit, l.ctx, { id, revision: one.revision })).minutes, 60);
      await assertRollupsExact(l);
    });

    test('people merged since an edit come back as the person they were merged into', async () => {
      const entry = await invoke(log, l.ctx, {
        duration: '30m',
        title: 'Call',
        with: ['Ana Müller', 'bo@example.org'],
        at: '2026-04-10 10:00',
      });
      await invoke(entriesEdit, l.ctx, { id: entry.id, with: ['Cleo Park'] });
      // Ana Müller turns out to be Ana Lima.
      await invoke(personMerge, l.ctx, { person: String(ids.ana), other: String(ids.anaM) });
      const undone = await invoke(entriesUndoEdit, l.ctx, { id: entry.id });
      assert.deepEqual(names(undone), ['Ana Lima', 'Bo Berg']);
      assert.equal(undone.peopleGone, 0);
      await assertRollupsExact(l);
    });

    test('a deleted entry is restored before its edits are undone', async () => {
      const entry = await invoke(log, l.ctx, { duration: '20m', title: 'Coffee', at: '2026-04-11 09:00' });
      await invoke(entriesEdit, l.ctx, { id: entry.id, duration: '25m' });
      await invoke(entriesDelete, l.ctx, { id: entry.id });
      await refused(
        l,
        () => invoke(entriesUndoEdit, l.ctx, { id: entry.id }),
        (e) => assert.deepEqual([e.code, e.field], ['not_found', 'id']),
      );
    });
  });
}

/** The start of an entry in Berlin, `YYYY-MM-DD HH:MM`, or its day when it lasts all day. */
function berlin(e: Entry): string {
  if (e.allDay) return `${e.localDate} all day`;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(e.startedAt));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

for (const dialect of dialects) {
  describe(`edited calendar entries and newer exports on ${dialect}`, () => {
    const calendars = join(import.meta.dirname, '..', 'fixtures', 'calendar');
    let l: TestLedger;
    before(async () => {
      l = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
      await invoke(settingsSet, l.ctx, { timeZone: 'Europe/Berlin' });
    });
    after(async () => l.close());

    const importWork = async (version: 'v1' | 'v2') =>
      (await invoke(
        importFile,
        { ...l.ctx, readFile: readLocalFile },
        {
          file: join(calendars, `work-${version}.ics`),
          from: '2025-01-01',
          to: '2025-04-30',
          me: ['me@fathom.test', 'me@home.test'],
        },
      )) as CalendarImportReport;
    const find = async (start: string, title: string): Promise<Entry> => {
      const { entries } = await invoke(entriesList, l.ctx, {});
      const found = entries.find((e) => berlin(e) === start && e.title === title);
      assert.ok(found, `an entry ${title} at ${start}`);
      return found;
    };
    const current = async (id: number): Promise<Entry | undefined> =>
      (await invoke(entriesList, l.ctx, {})).entries.find((e) => e.id === id);

    test('an edit survives a newer export; once undone, the next import updates the entry again', async () => {
      // The web app's route: the same operation behind PATCH /api/entries/{id} and the CLI.
      const app = createApp({
        store: l.store,
        resolveAccount: () => localAccountId,
        now: l.ctx.now,
        allowedHosts: ['fathom.test'],
        webRoot: null,
        log: () => undefined,
      });
      const send = async <T>(method: string, path: string, body: unknown): Promise<T> => {
        const res = await app.request(`http://fathom.test/api${path}`, {
          method,
          headers: { 'content-type': 'application/json', origin: 'http://fathom.test' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        return JSON.parse(text) as T;
      };

      await importWork('v1');
      const budget = await find('2025-03-12 14:00', 'Budget review');
      const standup = await find('2025-01-27 09:00', 'Standup');
      const coffee = await find('2025-04-10 10:00', 'Coffee with Hana');
      const offsite = await find('2025-02-05 all day', 'Offsite');

      // The owner moves the budget review two hours later over HTTP, says the standup ran 50
      // minutes, notes something on the coffee, and moves the offsite a day (it stays all day).
      const refusedPatch = await app.request(`http://fathom.test/api/entries/${budget.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', origin: 'http://fathom.test' },
        body: JSON.stringify({ duration: '90m', with: ['Nobody Here'] }),
      });
      assert.equal(refusedPatch.status, 404);
      assert.deepEqual(((await refusedPatch.json()) as { error: { field: string } }).error.field, 'with');
      assert.equal((await current(budget.id))?.minutes, 105, 'the refused edit changed nothing');
      const moved = await send<Entry & { revision: number }>('PATCH', `/entries/${budget.id}`, {
        at: '2025-03-12 16:00',
        timeZone: 'Europe/Berlin',
      });
      assert.equal(berlin(moved), '2025-03-12 16:00');
      await invoke(entriesEdit, l.ctx, { id: standup.id, duration: '50m' });
      await invoke(entriesEdit, l.ctx, { id: coffee.id, notes: 'Talked about the oven' });
      const day = await invoke(entriesEdit, l.ctx, { id: offsite.id, at: '2025-02-06' });
      assert.deepEqual(
        [day.allDay, day.localDate, day.startedAt],
        [true, '2025-02-06', '2025-02-05T23:00:00.000Z'],
      );
      await assertRollupsExact(l);

      // work-v2 moves the budget review to the 13th, makes standups 45 minutes, drops the coffee.
      const v2 = await importWork('v2');
      assert.deepEqual(
        v2.keptEntries.map((k) => [k.entry, k.fields]).sort((a, b) => Number(a[0]) - Number(b[0])),
        [
          [standup.id, ['minutes']],
          [offsite.id, ['time']],
          [budget.id, ['time']],
          [coffee.id, []],
        ].sort((a, b) => Number(a[0]) - Number(b[0])),
      );
      assert.equal(berlin((await current(budget.id))!), '2025-03-12 16:00');
      assert.equal((await current(standup.id))?.minutes, 50);
      assert.equal((await current(coffee.id))?.notes, 'Talked about the oven');
      assert.equal((await current(offsite.id))?.localDate, '2025-02-06');
      await assertRollupsExact(l);

      // Undone over HTTP and by the operation: each entry is as the import wrote it, not the owner's.
      const back = await send<Entry & { undone: string[] }>('POST', `/entries/${budget.id}/undo-edit`, {
        revision: moved.revision,
      });
      assert.deepEqual([berlin(back), back.editedAt, back.undone], ['2025-03-12 14:00', null, ['when']]);
      for (const id of [standup.id, coffee.id, offsite.id]) {
        const undone = await invoke(entriesUndoEdit, l.ctx, { id });
        assert.equal(undone.editedAt, null);
      }
      const snapshots = await l.store.db
        .selectFrom('entries')
        .select('id')
        .where('imported', 'is not', null)
        .where('id', 'in', [budget.id, standup.id, coffee.id, offsite.id])
        .execute();
      assert.deepEqual(snapshots, [], 'none keeps a copy of the import: none differs from it');
      await assertRollupsExact(l);

      // The same newer export now moves, shortens and removes them like any other entry.
      const again = await importWork('v2');
      assert.deepEqual(again.keptEntries, []);
      assert.equal(berlin((await current(budget.id))!), '2025-03-13 14:00');
      assert.equal((await current(standup.id))?.minutes, 45);
      assert.equal(await current(coffee.id), undefined, 'gone from the calendar, gone from the ledger');
      assert.equal((await current(offsite.id))?.localDate, '2025-02-05');
      await assertRollupsExact(l);
    });

    test('undoing the import that made an edited entry takes its edits with it', async () => {
      const fresh = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
      try {
        await invoke(settingsSet, fresh.ctx, { timeZone: 'Europe/Berlin' });
        const run = (await invoke(
          importFile,
          { ...fresh.ctx, readFile: readLocalFile },
          {
            file: join(calendars, 'work-v1.ics'),
            from: '2025-01-01',
            to: '2025-04-30',
            me: ['me@fathom.test'],
          },
        )) as CalendarImportReport;
        const [first] = (await invoke(entriesList, fresh.ctx, {})).entries;
        assert.ok(first);
        await invoke(entriesEdit, fresh.ctx, { id: first.id, duration: '2h', notes: 'Kept going' });
        await invoke(entriesEdit, fresh.ctx, { id: first.id, mode: 'networking' });
        // Edited by hand, the run's entries are dropped only when the owner insists.
        await assert.rejects(
          invoke(importUndo, fresh.ctx, { run: run.run }),
          /you judged or edited 1 of the entries/,
        );
        await invoke(importUndo, fresh.ctx, { run: run.run, force: true });
        assert.equal((await invoke(entriesList, fresh.ctx, {})).total, 0);
        const revisions = await fresh.store.db.selectFrom('entry_revisions').select('id').execute();
        assert.deepEqual(revisions, []);
        await assertRollupsExact(fresh);
      } finally {
        await fresh.close();
      }
    });
  });
}
