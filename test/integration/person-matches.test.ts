import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FathomError } from '../../src/domain/errors.ts';
import {
  personDistinct,
  personEvidence,
  personMerge,
  personMerges,
  personUnmerge,
} from '../../src/operations/merge-operations.ts';
import { personAdd, personList } from '../../src/operations/people-operations.ts';
import { personMatches } from '../../src/operations/person-matches.ts';
import { settingsSet } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { personArchive } from '../../src/operations/triage-operations.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';

for (const dialect of dialects) {
  describe(`people who may already be in the ledger (${dialect})`, () => {
    test('adding a person reports those who share the name, an email or a phone, and still adds them', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await invoke(settingsSet, ledger.ctx, { phoneRegion: 'PT' });
        const ana = await invoke(personAdd, ledger.ctx, {
          name: 'Ana Lima',
          email: ['Ana@Verde.example'],
          org: 'Verde Capital',
          title: 'Partner',
        });
        assert.deepEqual(ana.matches, []);
        const bruno = await invoke(personAdd, ledger.ctx, { name: 'Bruno Costa', phone: ['912 345 678'] });
        const archived = await invoke(personAdd, ledger.ctx, { name: 'Ana Lima' });
        await invoke(personArchive, ledger.ctx, { person: `#${archived.person.id}` });

        // Same email (in another case) and the same phone written the international way: both found,
        // contact points first, then the name alone.
        const added = await invoke(personAdd, ledger.ctx, {
          name: 'Ana Lima',
          email: ['ana@verde.example'],
          phone: ['+351 912 345 678'],
        });
        assert.deepEqual(
          added.matches.map((m) => [m.id, m.name, m.organization, m.title, m.archived, m.reasons]),
          [
            [
              ana.person.id,
              'Ana Lima',
              'Verde Capital',
              'Partner',
              false,
              [
                { kind: 'email', value: 'Ana@Verde.example' },
                { kind: 'name', value: 'Ana Lima' },
              ],
            ],
            [bruno.person.id, 'Bruno Costa', null, null, false, [{ kind: 'phone', value: '912 345 678' }]],
            [archived.person.id, 'Ana Lima', null, null, true, [{ kind: 'name', value: 'Ana Lima' }]],
          ],
        );
        // Saving anyway worked: the new person is there, with what was typed.
        const list = await invoke(personList, ledger.ctx, { search: 'ana', archived: true });
        assert.equal(list.total, 3);
        assert.ok(list.people.some((p) => p.id === added.person.id));

        // The same lookup before saving (the web app asks it as you type) finds the same people, and
        // a value still being typed finds nobody rather than failing.
        const looked = await invoke(personMatches, ledger.ctx, {
          name: '  ANA LIMA ',
          email: ['ana@verde.example', 'ana@'],
          phone: ['12'],
        });
        assert.deepEqual(
          looked.matches.map((m) => [m.id, m.reasons.map((r) => r.kind)]),
          [
            [ana.person.id, ['email', 'name']],
            [added.person.id, ['email', 'name']],
            [archived.person.id, ['name']],
          ],
        );
        assert.deepEqual(
          (await invoke(personMatches, ledger.ctx, { name: 'Carla Dias', email: ['carla@x.example'] }))
            .matches,
          [],
        );

        // A merged person is no longer a match of their own: their survivor is.
        await invoke(personMerge, ledger.ctx, { person: `#${ana.person.id}`, other: `#${added.person.id}` });
        const afterMerge = await invoke(personMatches, ledger.ctx, { email: ['ana@verde.example'] });
        assert.deepEqual(
          afterMerge.matches.map((m) => m.id),
          [ana.person.id],
        );
      } finally {
        await ledger.close();
      }
    });

    test('two people are compared with their evidence; merges are listed from both sides until unmerged', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const a = await invoke(personAdd, ledger.ctx, {
          name: 'Zoë Ångström',
          email: ['zoe@lab.example'],
          url: ['https://www.linkedin.com/in/zoe-a'],
        });
        const b = await invoke(personAdd, ledger.ctx, {
          name: 'Zoe Angstrom',
          email: ['ZOE@lab.example'],
          url: ['linkedin.com/in/zoe-a/'],
        });
        const c = await invoke(personAdd, ledger.ctx, { name: 'Carla Dias' });

        const evidence = await invoke(personEvidence, ledger.ctx, {
          person: `#${a.person.id}`,
          other: `#${b.person.id}`,
        });
        assert.deepEqual(evidence, {
          a: { id: a.person.id, name: 'Zoë Ångström' },
          b: { id: b.person.id, name: 'Zoe Angstrom' },
          evidence: [
            'same email zoe@lab.example',
            'same profile URL https://www.linkedin.com/in/zoe-a',
            'same name',
          ],
          strong: true,
          distinct: false,
        });
        const none = await invoke(personEvidence, ledger.ctx, {
          person: `#${a.person.id}`,
          other: `#${c.person.id}`,
        });
        assert.deepEqual([none.evidence, none.strong], [[], false]);
        await invoke(personDistinct, ledger.ctx, { person: `#${a.person.id}`, other: `#${c.person.id}` });
        assert.equal(
          (await invoke(personEvidence, ledger.ctx, { person: `#${c.person.id}`, other: `#${a.person.id}` }))
            .distinct,
          true,
        );
        await assert.rejects(
          invoke(personEvidence, ledger.ctx, { person: `#${a.person.id}`, other: `${a.person.id}` }),
          (e: FathomError) => e.code === 'invalid_input' && e.field === 'other',
        );

        const merged = await invoke(personMerge, ledger.ctx, {
          person: `#${a.person.id}`,
          other: `#${b.person.id}`,
        });
        const fromA = await invoke(personMerges, ledger.ctx, { person: String(a.person.id) });
        assert.deepEqual(fromA, {
          person: { id: a.person.id, name: 'Zoë Ångström' },
          into: null,
          from: [
            {
              merge: merged.merge,
              survivor: { id: a.person.id, name: 'Zoë Ångström' },
              merged: { id: b.person.id, name: 'Zoe Angstrom' },
              createdAt: '2026-03-15T12:00:00.000Z',
              importRun: null,
            },
          ],
        });
        const ofB = await invoke(personMerges, ledger.ctx, { person: `#${b.person.id}` });
        assert.deepEqual(
          [ofB.person.name, ofB.into?.survivor.id, ofB.from],
          ['Zoe Angstrom', a.person.id, []],
        );
        // A merged person can no longer be compared: the reference names the survivor.
        await assert.rejects(
          invoke(personEvidence, ledger.ctx, { person: `#${b.person.id}`, other: `#${c.person.id}` }),
          /already merged into/,
        );

        await invoke(personUnmerge, ledger.ctx, { person: String(b.person.id) });
        assert.deepEqual(await invoke(personMerges, ledger.ctx, { person: String(a.person.id) }), {
          person: { id: a.person.id, name: 'Zoë Ångström' },
          into: null,
          from: [],
        });
        await assert.rejects(invoke(personMerges, ledger.ctx, { person: '999' }), /No person #999/);
      } finally {
        await ledger.close();
      }
    });
  });
}
