import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { FathomError } from '../../src/domain/errors.ts';
import {
  entriesDelete,
  entriesEdit,
  entriesList,
  entriesRestore,
  judge,
  log,
} from '../../src/operations/ledger-operations.ts';
import {
  personAdd,
  personEdit,
  personJudge,
  personList,
  personShow,
} from '../../src/operations/people-operations.ts';
import { goalAdd, goalDone, goalList, init, settingsSet } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { report } from '../../src/operations/report-operations.ts';
import { rebuildRollups } from '../../src/store/rollups.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/** Everything a user could have changed, to prove that a failed command changed nothing. */
async function snapshot(l: TestLedger): Promise<string> {
  const db = l.store.db;
  const tables = [
    'settings',
    'goals',
    'people',
    'person_tags',
    'contact_points',
    'entries',
    'entry_people',
    'rollup_days',
    'rollup_person_months',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const t of tables)
    out[t] = await db
      .selectFrom(t)
      .selectAll()
      .execute()
      .then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return JSON.stringify(out);
}

async function rejects(
  l: TestLedger,
  work: () => Promise<unknown>,
  check: (e: FathomError) => void,
): Promise<void> {
  const before = await snapshot(l);
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof FathomError, `expected a FathomError, got ${String(e)}`);
    check(e);
    return true;
  });
  assert.equal(await snapshot(l), before, 'a rejected command must leave the database unchanged');
}

/** The rollups must always equal a recomputation from the live entries. */
async function assertRollupsExact(l: TestLedger): Promise<void> {
  const read = async () =>
    JSON.stringify({
      days: (
        await sql`select day, mode, verdict, entries, minutes from rollup_days where entries <> 0 or minutes <> 0 order by day, mode, verdict`.execute(
          l.store.db,
        )
      ).rows,
      people: (
        await sql`select person_id, month, mode, verdict, entries, minutes from rollup_person_months where entries <> 0 or minutes <> 0 order by person_id, month, mode, verdict`.execute(
          l.store.db,
        )
      ).rows,
    });
  const kept = await read();
  await rebuildRollups(l.store.db, l.ctx.accountId);
  assert.equal(kept, await read());
}

for (const dialect of dialects) {
  describe(`ledger on ${dialect}`, () => {
    let l: TestLedger;
    before(async () => {
      l = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      await invoke(init, l.ctx, {
        purpose: 'Build affordable research tools for small labs',
        timeZone: 'Europe/Berlin',
      });
    });
    after(async () => l.close());

    test('people: add, find, edit, judge', async () => {
      const ana = await invoke(personAdd, l.ctx, {
        name: 'Ana Lima',
        email: ['Ana.Lima@Example.com'],
        phone: ['+49 151 2345 6789'],
        url: ['linkedin.com/in/ana-lima'],
        org: 'Helix Ventures',
        title: 'Partner',
        circle: 'network',
        birthday: '--05-01',
        tag: ['Investor'],
        mastery: 'ahead',
        aspire: true,
      });
      assert.equal(ana.person.name, 'Ana Lima');
      assert.deepEqual(ana.person.birthday, { month: 5, day: 1 });
      assert.deepEqual(ana.person.tags, ['investor']);
      assert.deepEqual(ana.person.standing, { mastery: 'ahead' });
      assert.equal(ana.person.contacts.find((c) => c.kind === 'email')?.key, 'ana.lima@example.com');
      assert.equal(ana.person.contacts.find((c) => c.kind === 'phone')?.key, '+4915123456789');
      await invoke(personAdd, l.ctx, { name: 'Ana Müller', circle: 'social', email: ['ana.m@example.org'] });
      await invoke(personAdd, l.ctx, { name: 'Björn Berg', circle: 'inner' });

      const found = await invoke(personList, l.ctx, { search: 'helix' });
      assert.deepEqual(
        found.people.map((p) => p.name),
        ['Ana Lima'],
      );
      const accentless = await invoke(personList, l.ctx, { search: 'muller' });
      assert.deepEqual(
        accentless.people.map((p) => p.name),
        ['Ana Müller'],
      );
      assert.deepEqual(
        (await invoke(personList, l.ctx, { tag: 'investor' })).people.map((p) => p.name),
        ['Ana Lima'],
      );
      assert.deepEqual(
        (await invoke(personList, l.ctx, { circle: 'inner' })).people.map((p) => p.name),
        ['Björn Berg'],
      );

      const edited = await invoke(personEdit, l.ctx, {
        person: 'ana.lima@example.com',
        title: 'General Partner',
        addTag: ['mentor'],
        removeContact: ['+4915123456789'],
      });
      assert.equal(edited.person.title, 'General Partner');
      assert.deepEqual(edited.person.tags, ['investor', 'mentor']);
      assert.equal(
        edited.person.contacts.some((c) => c.kind === 'phone'),
        false,
      );

      const judged = await invoke(personJudge, l.ctx, { person: 'björn', verdict: 'back' });
      assert.equal(judged.person.verdict, 'back');
    });

    test('an ambiguous or unknown name is an error listing the candidates, and changes nothing', async () => {
      await rejects(
        l,
        () => invoke(log, l.ctx, { duration: '1h', title: 'Lunch', with: ['ana'] }),
        (e) => {
          assert.equal(e.code, 'ambiguous');
          assert.equal(e.field, 'with');
          assert.match(e.message, /Ana Lima/);
          assert.match(e.message, /Ana Müller/);
        },
      );
      await rejects(
        l,
        () => invoke(log, l.ctx, { duration: '1h', title: 'Lunch', with: ['Zed Nobody'] }),
        (e) => {
          assert.equal(e.code, 'not_found');
          assert.match(e.message, /Zed Nobody/);
        },
      );
    });

    test('bad input names the field and value, and changes nothing', async () => {
      const cases: [string, () => Promise<unknown>, string, RegExp][] = [
        ['duration', () => invoke(log, l.ctx, { duration: '1x', title: 'x' }), 'duration', /1x/],
        ['zero duration', () => invoke(log, l.ctx, { duration: '0m', title: 'x' }), 'duration', /0m/],
        ['long duration', () => invoke(log, l.ctx, { duration: '30h', title: 'x' }), 'duration', /30h/],
        ['time', () => invoke(log, l.ctx, { duration: '1h', title: 'x', at: 'someday' }), 'at', /someday/],
        ['empty title', () => invoke(log, l.ctx, { duration: '1h', title: '  ' }), 'title', /empty/],
        [
          'mode',
          () => invoke(log, l.ctx, { duration: '1h', title: 'x', mode: 'partying' }),
          'mode',
          /partying/,
        ],
        [
          'goal',
          () => invoke(log, l.ctx, { duration: '1h', title: 'x', goal: 'world peace' }),
          'goal',
          /world peace/,
        ],
        [
          'email',
          () => invoke(personAdd, l.ctx, { name: 'X', email: ['not-an-email'] }),
          'email',
          /not-an-email/,
        ],
        [
          'url',
          () => invoke(personAdd, l.ctx, { name: 'X', url: ['javascript:alert(1)'] }),
          'url',
          /javascript/,
        ],
        ['url words', () => invoke(personAdd, l.ctx, { name: 'X', url: ['not a url'] }), 'url', /not a url/],
        [
          'phone',
          () => invoke(personAdd, l.ctx, { name: 'X', phone: ['call me maybe'] }),
          'phone',
          /call me maybe/,
        ],
        [
          'birthday',
          () => invoke(personAdd, l.ctx, { name: 'X', birthday: '1990-02-30' }),
          'birthday',
          /1990-02-30/,
        ],
        ['circle', () => invoke(personAdd, l.ctx, { name: 'X', circle: 'besties' }), 'circle', /besties/],
        ['time zone', () => invoke(settingsSet, l.ctx, { timeZone: 'Mars/Base' }), 'timeZone', /Mars\/Base/],
        ['target', () => invoke(settingsSet, l.ctx, { target: 'lots' }), 'target', /lots/],
        ['entry id', () => invoke(judge, l.ctx, { id: 'abc', mode: 'networking' }), 'id', /abc/],
        ['missing entry', () => invoke(entriesDelete, l.ctx, { id: 999_999 }), 'id', /999999/],
        ['date range', () => invoke(entriesList, l.ctx, { from: '2026-02-31' }), 'from', /2026-02-31/],
      ];
      for (const [what, work, field, pattern] of cases) {
        await rejects(l, work, (e) => {
          assert.equal(e.field, field, `${what}: field`);
          assert.match(e.message, pattern, `${what}: message`);
        });
      }
    });

    test('log, list, edit, judge, delete and restore keep the report exact', async () => {
      const goal = await invoke(goalAdd, l.ctx, { title: 'Close the seed round' });
      await invoke(goalAdd, l.ctx, { title: 'Ship the beta' });
      // 2026-03-14 12:30 Berlin = 11:30Z.
      const lunch = await invoke(log, l.ctx, {
        duration: '1h30',
        title: 'Lunch with Ana',
        with: ['ana lima'],
        mode: 'networking',
        verdict: 'forward',
        goal: 'seed',
        at: 'yesterday 12:30',
      });
      assert.equal(lunch.startedAt, '2026-03-14T11:30:00.000Z');
      assert.equal(lunch.localDate, '2026-03-14');
      assert.equal(lunch.minutes, 90);
      assert.equal(lunch.goalId, goal.id);
      assert.deepEqual(
        lunch.people.map((p) => p.name),
        ['Ana Lima'],
      );

      // Late evening in Berlin on the last day of February stays on that day.
      const drinks = await invoke(log, l.ctx, {
        duration: '2h',
        title: 'Drinks',
        with: ['björn', 'ana.m@example.org'],
        mode: 'socializing',
        verdict: 'back',
        at: '2026-02-28 23:30',
      });
      assert.equal(drinks.localDate, '2026-02-28');
      // Just after midnight in Berlin on March 1st is still February in UTC; the owner's day decides.
      const call = await invoke(log, l.ctx, {
        duration: '45m',
        title: 'Late call',
        with: ['Björn Berg'],
        at: '2026-03-01 00:15',
      });
      assert.equal(call.startedAt, '2026-02-28T23:15:00.000Z');
      assert.equal(call.localDate, '2026-03-01');
      assert.equal(call.mode, null);

      const march = await invoke(report, l.ctx, { month: '2026-03' });
      assert.equal(march.totals.entries, 2);
      assert.equal(march.totals.minutes, 135);
      assert.equal(march.target.networkingMinutes, 90);
      assert.equal(march.target.periodMinutes, 300);
      assert.equal(march.target.met, false);
      assert.equal(march.totals.unjudgedEntries, 1);
      assert.equal(march.totals.unjudgedMinutes, 45);
      assert.deepEqual(march.byMode.unjudged, { entries: 1, minutes: 45 });
      assert.deepEqual(march.byVerdict.forward, { entries: 1, minutes: 90 });
      assert.deepEqual(march.byCircle.network, { entries: 1, minutes: 90, people: 1 });
      assert.deepEqual(march.byCircle.inner, { entries: 1, minutes: 45, people: 1 });
      assert.deepEqual(
        march.topPeople.map((p) => [p.name, p.minutes]),
        [
          ['Ana Lima', 90],
          ['Björn Berg', 45],
        ],
      );

      const feb = await invoke(report, l.ctx, { month: '2026-02' });
      // Two people on one entry: each gets its minutes, the owner's total counts it once.
      assert.equal(feb.totals.minutes, 120);
      assert.equal(feb.byCircle.inner.minutes + feb.byCircle.social.minutes, 240);
      assert.deepEqual(feb.byVerdict.back, { entries: 1, minutes: 120 });

      // A custom range across the month boundary mixes rollups and edge scans.
      const range = await invoke(report, l.ctx, { from: '2026-02-28', to: '2026-03-01' });
      assert.equal(range.totals.minutes, 165);
      assert.deepEqual(
        range.topPeople.map((p) => [p.name, p.minutes]),
        [
          ['Björn Berg', 165],
          ['Ana Müller', 120],
        ],
      );

      const judged = await invoke(judge, l.ctx, {
        id: call.id,
        mode: 'networking',
        verdict: 'forward',
        goal: 'beta',
      });
      assert.equal(judged.mode, 'networking');
      assert.equal(judged.goal, 'Ship the beta');
      assert.equal((await invoke(report, l.ctx, { month: '2026-03' })).target.networkingMinutes, 135);
      assert.equal((await invoke(entriesList, l.ctx, { unjudged: true })).total, 0);

      const edited = await invoke(entriesEdit, l.ctx, {
        id: lunch.id,
        duration: '2h',
        with: ['ana lima', 'björn'],
      });
      assert.equal(edited.minutes, 120);
      assert.notEqual(edited.editedAt, null);
      assert.equal((await invoke(report, l.ctx, { month: '2026-03' })).target.networkingMinutes, 165);
      await assertRollupsExact(l);

      await invoke(entriesDelete, l.ctx, { id: lunch.id });
      const afterDelete = await invoke(report, l.ctx, { month: '2026-03' });
      assert.equal(afterDelete.totals.entries, 1);
      assert.equal(afterDelete.target.networkingMinutes, 45);
      assert.equal((await invoke(entriesList, l.ctx, { deleted: true })).entries[0]?.id, lunch.id);
      await rejects(
        l,
        () => invoke(entriesEdit, l.ctx, { id: lunch.id, title: 'x' }),
        (e) => assert.equal(e.code, 'not_found'),
      );
      await invoke(entriesRestore, l.ctx, { id: lunch.id });
      assert.equal((await invoke(report, l.ctx, { month: '2026-03' })).target.networkingMinutes, 165);
      await assertRollupsExact(l);

      const withAna = await invoke(entriesList, l.ctx, { person: 'Ana Lima' });
      assert.deepEqual(
        withAna.entries.map((e) => e.title),
        ['Lunch with Ana'],
      );
      const shown = await invoke(personShow, l.ctx, { person: 'Björn Berg' });
      assert.equal(shown.totals.minutes, 120 + 120 + 45);
      assert.equal(shown.totals.lastDate, '2026-03-14');

      await invoke(goalDone, l.ctx, { goal: 'beta' });
      assert.deepEqual(
        (await invoke(goalList, l.ctx, {})).map((g) => g.title),
        ['Close the seed round'],
      );
    });

    test('the monthly target follows the settings', async () => {
      await invoke(settingsSet, l.ctx, { target: '2h' });
      const march = await invoke(report, l.ctx, { month: '2026-03' });
      assert.equal(march.target.periodMinutes, 120);
      assert.equal(march.target.met, true);
      const quarter = await invoke(report, l.ctx, { from: '2026-01-01', to: '2026-03-31' });
      assert.equal(quarter.target.periodMinutes, 360);
    });

    test('part of a month counts only its own days, whatever lies outside them', async () => {
      await invoke(personAdd, l.ctx, { name: 'Cleo Park', circle: 'network' });
      const early = await invoke(log, l.ctx, {
        duration: '30m',
        title: 'Early call',
        with: ['cleo'],
        at: '2026-05-03 09:00',
      });
      await invoke(log, l.ctx, { duration: '50m', title: 'Mid', with: ['cleo'], at: '2026-05-12 09:00' });
      await invoke(log, l.ctx, { duration: '70m', title: 'Late', with: ['cleo'], at: '2026-05-28 09:00' });
      const figures = async (from: string, to: string) => {
        const r = await invoke(report, l.ctx, { from, to });
        const cleo = r.topPeople.find((p) => p.name === 'Cleo Park');
        return [r.totals.minutes, cleo?.minutes ?? 0, r.byCircle.network.minutes, r.byCircle.network.people];
      };
      // Entries on both sides of the range, then on one side only, then none outside it.
      assert.deepEqual(await figures('2026-05-10', '2026-05-20'), [50, 50, 50, 1]);
      assert.deepEqual(await figures('2026-05-01', '2026-05-20'), [80, 80, 80, 1]);
      assert.deepEqual(await figures('2026-05-10', '2026-05-31'), [120, 120, 120, 1]);
      assert.deepEqual(await figures('2026-05-02', '2026-05-30'), [150, 150, 150, 1]);
      assert.deepEqual(await figures('2026-05-04', '2026-05-11'), [0, 0, 0, 0]);
      // A deleted entry outside the range no longer keeps the range from reading the whole month.
      await invoke(entriesDelete, l.ctx, { id: early.id });
      assert.deepEqual(await figures('2026-05-04', '2026-05-31'), [120, 120, 120, 1]);
      assert.deepEqual(await figures('2026-05-01', '2026-05-11'), [0, 0, 0, 0]);
    });
  });
}
