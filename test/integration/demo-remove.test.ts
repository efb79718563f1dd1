import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demo, demoRemove } from '../../src/operations/demo-operations.ts';
import { entriesList, log } from '../../src/operations/ledger-operations.ts';
import { personAdd, personList } from '../../src/operations/people-operations.ts';
import { goalAdd, goalList } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { report } from '../../src/operations/report-operations.ts';
import { getSettings } from '../../src/store/settings-store.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

for (const dialect of dialects) {
  describe(`taking the demo out again, on ${dialect}`, () => {
    let l: TestLedger;
    before(async () => {
      l = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
    });
    after(async () => l.close());

    test('removes what the demo wrote and keeps what the owner added', async () => {
      const made = await invoke(demo, l.ctx, { people: 40, months: 3, seed: 3 });
      assert.equal(made.created, true);
      const before = await invoke(personList, l.ctx, { limit: 1000 });
      const demoPerson = before.people[0]!;
      const mine = await invoke(personAdd, l.ctx, { name: 'Rui Costa', circle: 'inner' });
      await invoke(goalAdd, l.ctx, { title: 'Hire a first engineer' });
      await invoke(log, l.ctx, {
        duration: '1h',
        title: 'Coffee with Rui and an old demo friend',
        with: [String(mine.person.id), String(demoPerson.id)],
        at: '2026-03-14 09:00',
      });

      const r = await invoke(demoRemove, l.ctx, {});
      assert.equal(r.entries, made.entries);
      assert.equal(r.people, made.people - 1, 'the demo person named by my entry stays');
      assert.equal(r.keptPeople, 1);
      assert.equal(r.goals, made.goals);
      assert.equal(r.purposeCleared, true);

      const people = await invoke(personList, l.ctx, { limit: 1000 });
      assert.deepEqual(people.people.map((p) => p.name).sort(), [demoPerson.name, 'Rui Costa'].sort());
      const goals = await invoke(goalList, l.ctx, {});
      assert.deepEqual(
        goals.map((g) => g.title),
        ['Hire a first engineer'],
      );
      const entries = await invoke(entriesList, l.ctx, {});
      assert.equal(entries.entries.length, 1);
      assert.equal((await getSettings(l.store.db, l.ctx.accountId)).purpose, null);
      const all = await invoke(report, l.ctx, { all: true });
      assert.equal(all.totals.minutes, 60, 'the rollups now hold only my own hour');

      const again = await invoke(demoRemove, l.ctx, {});
      assert.deepEqual(again, { entries: 0, people: 0, goals: 0, keptPeople: 1, purposeCleared: false });
    });
  });
}
