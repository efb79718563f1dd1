import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  entriesDelete,
  entriesEdit,
  entriesRestore,
  judge,
  log,
} from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, init } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { rebuildRollups } from '../../src/store/rollups.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/** The daily or monthly facets that hold anything, as comparable text. */
async function facetRows(l: TestLedger, period: 'day' | 'month'): Promise<string> {
  const table = period === 'day' ? 'rollup_day_facets' : 'rollup_month_facets';
  const r = await sql<{
    period: string;
    mode: string;
    verdict: string;
    goal_id: number;
    channel: string;
    entries: number;
    minutes: number;
  }>`
    select ${sql.ref(period)} as period, mode, verdict, goal_id, channel, entries, minutes from ${sql.table(table)}
    where entries <> 0 or minutes <> 0 order by 1, mode, verdict, goal_id, channel`.execute(l.store.db);
  return JSON.stringify(
    r.rows.map((x) => [
      x.period,
      x.mode,
      x.verdict,
      Number(x.goal_id),
      x.channel,
      Number(x.entries),
      Number(x.minutes),
    ]),
  );
}

const facets = (l: TestLedger) => facetRows(l, 'day');
const monthFacets = (l: TestLedger) => facetRows(l, 'month');

async function lastDays(l: TestLedger): Promise<string> {
  const r = await sql<{ person_id: number; entries: number; minutes: number; last_day: string | null }>`
    select person_id, entries, minutes, last_day from rollup_people
    where entries <> 0 or minutes <> 0 or last_day is not null order by person_id`.execute(l.store.db);
  return JSON.stringify(
    r.rows.map((x) => [Number(x.person_id), Number(x.entries), Number(x.minutes), x.last_day]),
  );
}

for (const dialect of dialects) {
  describe(`per-day facets rollup on ${dialect}`, () => {
    let l: TestLedger;
    before(async () => {
      l = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      await invoke(init, l.ctx, { purpose: 'Open research tools', timeZone: 'Europe/Berlin' });
    });
    after(async () => l.close());

    test('follows inserts, edits, deletes and restores, and equals a recomputation', async () => {
      const goal = await invoke(goalAdd, l.ctx, { title: 'Close the seed round' });
      await invoke(personAdd, l.ctx, { name: 'Ana Lima', circle: 'network' });
      const a = await invoke(log, l.ctx, {
        duration: '1h',
        title: 'Call',
        with: ['Ana Lima'],
        mode: 'networking',
        verdict: 'forward',
        goal: String(goal.id),
        channel: 'call',
        at: '2026-03-02 10:00',
      });
      const b = await invoke(log, l.ctx, { duration: '30m', title: 'Coffee', at: '2026-03-02 23:45' });
      // 23:45 in Berlin on the 2nd is still the 2nd there, whatever UTC says.
      assert.equal(
        await facets(l),
        JSON.stringify([
          ['2026-03-02', '', '', 0, '', 1, 30],
          ['2026-03-02', 'networking', 'forward', goal.id, 'call', 1, 60],
        ]),
      );
      await invoke(judge, l.ctx, { id: b.id, mode: 'socializing', verdict: 'back' });
      await invoke(entriesEdit, l.ctx, { id: a.id, channel: 'video', duration: '90m' });
      await invoke(entriesEdit, l.ctx, { id: b.id, at: '2026-03-07 20:00', channel: 'in_person' });
      assert.equal(
        await facets(l),
        JSON.stringify([
          ['2026-03-02', 'networking', 'forward', goal.id, 'video', 1, 90],
          ['2026-03-07', 'socializing', 'back', 0, 'in_person', 1, 30],
        ]),
      );
      await invoke(entriesDelete, l.ctx, { id: a.id });
      assert.equal(
        await facets(l),
        JSON.stringify([['2026-03-07', 'socializing', 'back', 0, 'in_person', 1, 30]]),
      );
      await invoke(entriesRestore, l.ctx, { id: a.id });
      await invoke(entriesEdit, l.ctx, { id: a.id, goal: '' });
      const kept = await facets(l);
      assert.equal(
        kept,
        JSON.stringify([
          ['2026-03-02', 'networking', 'forward', 0, 'video', 1, 90],
          ['2026-03-07', 'socializing', 'back', 0, 'in_person', 1, 30],
        ]),
      );
      await rebuildRollups(l.store.db, l.ctx.accountId);
      assert.equal(await facets(l), kept);
      assert.equal(
        await monthFacets(l),
        JSON.stringify([
          ['2026-03', 'networking', 'forward', 0, 'video', 1, 90],
          ['2026-03', 'socializing', 'back', 0, 'in_person', 1, 30],
        ]),
      );

      // Half an hour into April in Berlin is April's, though still March in UTC.
      await invoke(entriesEdit, l.ctx, { id: b.id, at: '2026-04-01 00:30' });
      const months = await monthFacets(l);
      assert.equal(
        months,
        JSON.stringify([
          ['2026-03', 'networking', 'forward', 0, 'video', 1, 90],
          ['2026-04', 'socializing', 'back', 0, 'in_person', 1, 30],
        ]),
      );
      await rebuildRollups(l.store.db, l.ctx.accountId);
      assert.equal(await monthFacets(l), months);
    });

    test('per-person totals and last day follow edits, moves, deletes and restores', async () => {
      const bo = (await invoke(personAdd, l.ctx, { name: 'Bo Berg', circle: 'inner' })).person.id;
      const cy = (await invoke(personAdd, l.ctx, { name: 'Cy Chen', circle: 'social' })).person.id;
      const first = await invoke(log, l.ctx, {
        duration: '1h',
        title: 'Walk',
        with: ['Bo Berg', 'Cy Chen'],
        at: '2026-02-10 18:00',
      });
      const second = await invoke(log, l.ctx, {
        duration: '2h',
        title: 'Dinner',
        with: ['Bo Berg'],
        at: '2026-03-01 19:00',
      });
      const byId = async () =>
        (JSON.parse(await lastDays(l)) as [number, number, number, string | null][]).filter(
          ([id]) => id === bo || id === cy,
        );
      assert.deepEqual(await byId(), [
        [bo, 2, 180, '2026-03-01'],
        [cy, 1, 60, '2026-02-10'],
      ]);
      // Deleting Bo's latest entry brings his last day back to the walk.
      await invoke(entriesDelete, l.ctx, { id: second.id });
      assert.deepEqual(await byId(), [
        [bo, 1, 60, '2026-02-10'],
        [cy, 1, 60, '2026-02-10'],
      ]);
      await invoke(entriesRestore, l.ctx, { id: second.id });
      // Moving the walk later and taking Cy off it: Cy has nobody left, Bo's last day moves.
      await invoke(entriesEdit, l.ctx, { id: first.id, at: '2026-03-05 18:00', with: ['Bo Berg'] });
      // Cy's row is all zero now, which reads as nobody.
      assert.deepEqual(await byId(), [[bo, 2, 180, '2026-03-05']]);
      // Moving it back to before the dinner leaves the dinner as the last day.
      await invoke(entriesEdit, l.ctx, {
        id: first.id,
        at: '2026-01-20 18:00',
        with: ['Bo Berg', 'Cy Chen'],
      });
      assert.deepEqual(await byId(), [
        [bo, 2, 180, '2026-03-01'],
        [cy, 1, 60, '2026-01-20'],
      ]);
      const kept = await lastDays(l);
      await rebuildRollups(l.store.db, l.ctx.accountId);
      assert.equal(await lastDays(l), kept);
    });
  });
}
