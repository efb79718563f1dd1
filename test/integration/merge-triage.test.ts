import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLocalFile } from '../../src/cli/local-file.ts';
import type { FathomError } from '../../src/domain/errors.ts';
import { log } from '../../src/operations/ledger-operations.ts';
import { importFile, importUndo } from '../../src/operations/import-operations.ts';
import {
  personDistinct,
  personDuplicates,
  personMerge,
  personUnmerge,
} from '../../src/operations/merge-operations.ts';
import { personAdd, personShow } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { personArchive, personCircle, triage } from '../../src/operations/triage-operations.ts';
import { dumpPeople } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'contacts');

async function importAll(ledger: TestLedger, ...names: string[]): Promise<void> {
  for (const name of names)
    await invoke(importFile, { ...ledger.ctx, readFile: readLocalFile }, { file: join(fixtures, name) });
}

for (const dialect of dialects) {
  describe(`merge and triage (${dialect})`, () => {
    test('duplicates name the evidence; merge moves everything and keeps rollups exact; unmerge restores exactly', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        // Bruno arrives twice: with a phone from the vCard, by name only from Facebook.
        await importAll(ledger, 'phone.vcf', 'friends.json');
        const anaS = await invoke(personAdd, ledger.ctx, {
          name: 'Ana S.',
          email: ['ana@fjord.example'],
          tag: ['climbing', 'friends'],
          notes: 'Met at the gym',
        });
        assert.equal(anaS.person.id, 5);
        // #1 Ana and #2 Bruno from the vCard, #3 Ana (with ana@fjord.example) and #4 Bruno from Facebook.
        const dups = await invoke(personDuplicates, ledger.ctx, {});
        assert.deepEqual(
          dups.pairs.map((p) => [p.a.id, p.b.id, p.evidence]),
          [
            [3, 5, ['same email ana@fjord.example']],
            [1, 3, ['same name']],
            [2, 4, ['same name']],
          ],
        );

        await invoke(log, ledger.ctx, {
          duration: '1h',
          title: 'Coffee',
          with: ['#2'],
          mode: 'networking',
          verdict: 'forward',
          at: '2026-03-02 10:00',
        });
        await invoke(log, ledger.ctx, {
          duration: '30m',
          title: 'Call',
          with: ['#4'],
          mode: 'socializing',
          verdict: 'back',
          at: '2026-03-03 10:00',
        });
        await invoke(log, ledger.ctx, {
          duration: '2h',
          title: 'Dinner',
          with: ['#2', '#4'],
          mode: 'socializing',
          verdict: 'forward',
          at: '2026-02-10 19:00',
        });
        const before = await dumpPeople(ledger.store.db, ledger.ctx.accountId);

        const first = await invoke(personMerge, ledger.ctx, { person: '#1', other: '#3' });
        assert.deepEqual(first.moved, { contactPoints: 1, tags: 0, entries: 0, fields: [] });
        const second = await invoke(personMerge, ledger.ctx, { person: '#1', other: '#5' });
        // The same email is already there; 'climbing' too; the notes fill an empty field.
        assert.deepEqual(second.moved, { contactPoints: 0, tags: 1, entries: 0, fields: ['notes'] });
        assert.deepEqual(second.survivor.tags, ['climbing', 'friends']);
        assert.equal(second.survivor.notes, 'Met at the gym');
        assert.deepEqual(
          second.survivor.contacts.map((c) => `${c.key} ${c.source}`),
          ['ana.souza@example.org import:1', '+491701234567 import:1', 'ana@fjord.example import:2'],
        );

        const bruno = await invoke(personMerge, ledger.ctx, { person: '#2', other: '#4' });
        assert.equal(bruno.moved.entries, 2, 'the call moves; the dinner named both and keeps one link');
        const show = await invoke(personShow, ledger.ctx, { person: '#2' });
        // 1h + 30m + 2h, the dinner counted once.
        assert.deepEqual(
          [show.totals.entries, show.totals.minutes, show.totals.forwardMinutes, show.totals.backMinutes],
          [3, 210, 180, 30],
        );
        // A reference to the merged person finds the survivor.
        assert.equal((await invoke(personShow, ledger.ctx, { person: '#4' })).id, 2);
        assert.deepEqual((await invoke(personDuplicates, ledger.ctx, {})).pairs, []);
        await assert.rejects(
          invoke(personMerge, ledger.ctx, { person: '#2', other: '#4' }),
          /already merged into #2/,
        );

        await invoke(personUnmerge, ledger.ctx, { person: '4' });
        await invoke(personUnmerge, ledger.ctx, { person: '#5' });
        await invoke(personUnmerge, ledger.ctx, { person: '3' });
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), before);
        await assert.rejects(invoke(personUnmerge, ledger.ctx, { person: '3' }), /not merged into anyone/);

        await invoke(personDistinct, ledger.ctx, { person: '#2', other: '#4' });
        assert.deepEqual(
          (await invoke(personDuplicates, ledger.ctx, {})).pairs.map((p) => [p.a.id, p.b.id]),
          [
            [3, 5],
            [1, 3],
          ],
        );
      } finally {
        await ledger.close();
      }
    });

    test('an import whose people were merged or logged cannot be undone until that is taken back', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importAll(ledger, 'phone.vcf', 'friends.json');
        await invoke(personMerge, ledger.ctx, { person: '#2', other: '#4' });
        await assert.rejects(invoke(importUndo, ledger.ctx, { run: 2 }), (e: FathomError) => {
          assert.equal(e.code, 'conflict');
          assert.match(e.message, /#4 Bruno Lima: merged into #2; unmerge first/);
          return true;
        });
        await invoke(personUnmerge, ledger.ctx, { person: '4' });
        const undone = await invoke(importUndo, ledger.ctx, { run: 2 });
        assert.equal(undone.peopleRemoved, 2);
      } finally {
        await ledger.close();
      }
    });

    test('triage rules move unsorted people by tag, source or organization; archive hides them', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importAll(ledger, 'phone.vcf', 'Connections.csv', 'google.csv');
        const waiting = await invoke(triage, ledger.ctx, {});
        assert.deepEqual(
          waiting.people.map((p) => p.name),
          ['Ana Souza', 'Bruno Lima', 'Carla Dias', 'Dev Patel'],
        );
        await assert.rejects(invoke(triage, ledger.ctx, { to: 'network' }), /give a rule/);

        const preview = await invoke(triage, ledger.ctx, {
          source: 'linkedin',
          to: 'acquaintance',
          dryRun: true,
        });
        assert.deepEqual(
          preview.people.map((p) => p.name),
          ['Ana Souza', 'Carla Dias'],
        );
        assert.equal((await invoke(personShow, ledger.ctx, { person: 'Carla Dias' })).circle, 'unsorted');

        const investors = await invoke(triage, ledger.ctx, { tag: 'Investors', to: 'network' });
        assert.deepEqual([investors.matched, investors.people.map((p) => p.name)], [1, ['Ana Souza']]);
        const acme = await invoke(triage, ledger.ctx, { org: 'acme', to: 'archive' });
        assert.deepEqual(
          acme.people.map((p) => p.name),
          ['Dev Patel'],
        );
        assert.ok((await invoke(personShow, ledger.ctx, { person: 'Dev Patel' })).archivedAt);

        await invoke(personCircle, ledger.ctx, { person: 'Carla Dias', circle: 'inner' });
        await invoke(personArchive, ledger.ctx, { person: 'Dev Patel', restore: true });
        const left = await invoke(triage, ledger.ctx, {});
        assert.deepEqual(
          left.people.map((p) => p.name),
          ['Bruno Lima', 'Dev Patel'],
        );
      } finally {
        await ledger.close();
      }
    });
  });
}
