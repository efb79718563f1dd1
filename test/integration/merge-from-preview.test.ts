import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FathomError } from '../../src/domain/errors.ts';
import { buildZip } from '../../src/importers/contacts/build-zip.ts';
import type { ImportReport } from '../../src/ingest/import-contacts.ts';
import { importFile, importList, importUndo } from '../../src/operations/import-operations.ts';
import { log } from '../../src/operations/ledger-operations.ts';
import { personMerge, personMerges, personUnmerge } from '../../src/operations/merge-operations.ts';
import { personAdd, personShow } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { dumpPeople, plain } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

// Ana and Bruno share a name with people already in the ledger; Carla is new; Dev's email is Bruno's.
const vcard = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Ana Lima',
  'EMAIL:ana.lima@studio.example',
  'TEL:+351 912 345 678',
  'TITLE:Partner',
  'NOTE:Met at the design fair',
  'CATEGORIES:design',
  'UID:card-ana',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Bruno Costa',
  'EMAIL:bruno@costa.example',
  'UID:card-bruno',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Carla Dias',
  'UID:card-carla',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Dev Patel',
  'EMAIL:bruno.old@costa.example',
  'UID:card-dev',
  'END:VCARD',
  '',
].join('\r\n');

function importText(ledger: TestLedger, extra: Record<string, unknown> = {}): Promise<ImportReport> {
  return invoke(importFile, ledger.ctx, {
    file: 'phone.vcf',
    content: Buffer.from(vcard).toString('base64'),
    ...extra,
  });
}

/** Everything a run could leave behind: people and their parts, links, merges, runs and changes. */
async function dumpAll(ledger: TestLedger): Promise<Record<string, unknown>> {
  const db = ledger.store.db;
  const accountId = ledger.ctx.accountId;
  return {
    ...(await dumpPeople(db, accountId)),
    merges: plain(
      await db
        .selectFrom('person_merges')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute(),
    ),
    distinct: plain(
      await db.selectFrom('person_distinct').selectAll().where('account_id', '=', accountId).execute(),
    ),
  };
}

/** The ledger the file arrives in: Ana and Bruno, time logged with both, Dev's email on Bruno. */
async function seed(ledger: TestLedger): Promise<{ ana: number; bruno: number }> {
  const ana = await invoke(personAdd, ledger.ctx, {
    name: 'Ana Lima',
    email: ['ana@verde.example'],
    org: 'Verde Capital',
    tag: ['investors'],
  });
  const bruno = await invoke(personAdd, ledger.ctx, {
    name: 'Bruno Costa',
    email: ['bruno.old@costa.example'],
  });
  await invoke(log, ledger.ctx, {
    duration: '1h',
    title: 'Lunch',
    with: [`#${ana.person.id}`, `#${bruno.person.id}`],
    mode: 'networking',
    verdict: 'forward',
    at: '2026-03-02 12:00',
  });
  await invoke(log, ledger.ctx, {
    duration: '45m',
    title: 'Call with Ana',
    with: [`#${ana.person.id}`],
    mode: 'networking',
    verdict: 'forward',
    at: '2026-03-05 09:00',
  });
  return { ana: ana.person.id, bruno: bruno.person.id };
}

for (const dialect of dialects) {
  describe(`merges chosen in an import preview (${dialect})`, () => {
    test('the preview offers each same-name newcomer; the chosen merges happen in the run, and its undo puts everything back', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const { ana, bruno } = await seed(ledger);
        const before = await dumpAll(ledger);

        const preview = await importText(ledger, { dryRun: true });
        assert.equal(preview.status, 'preview');
        assert.deepEqual(
          preview.suggestions.map((s) => [s.line, s.name, s.email, s.candidates]),
          [
            [
              1,
              'Ana Lima',
              'ana.lima@studio.example',
              [
                {
                  id: ana,
                  name: 'Ana Lima',
                  organization: 'Verde Capital',
                  title: null,
                  email: 'ana@verde.example',
                },
              ],
            ],
            [
              11,
              'Bruno Costa',
              'bruno@costa.example',
              [
                {
                  id: bruno,
                  name: 'Bruno Costa',
                  organization: null,
                  title: null,
                  email: 'bruno.old@costa.example',
                },
              ],
            ],
          ],
        );
        const brunoKey = preview.suggestions[1]!.recordKey;
        assert.ok(brunoKey.length > 0);

        // The same choices in a preview show what the commit will do, and write nothing.
        const chosen = await importText(ledger, {
          dryRun: true,
          mergeInto: [`1=${ana}`, { recordKey: brunoKey, personId: bruno }],
        });
        assert.deepEqual(
          [chosen.counts.created, chosen.counts.matched, chosen.counts.merged, chosen.counts.suggestions],
          [1, 1, 2, 0],
        );
        assert.deepEqual(await dumpAll(ledger), before);

        const run = await importText(ledger, {
          mergeInto: [`1=${ana}`, { recordKey: brunoKey, personId: bruno }],
        });
        assert.equal(run.status, 'committed');
        assert.deepEqual(
          run.merged.map((m) => [m.line, m.name, m.person]),
          [
            [1, 'Ana Lima', { id: ana, name: 'Ana Lima' }],
            [11, 'Bruno Costa', { id: bruno, name: 'Bruno Costa' }],
          ],
        );
        assert.deepEqual(run.suggestions, []);
        // Dev's email is Bruno's: he is matched to Bruno, and only Carla is a new person of her own.
        assert.deepEqual(
          run.matched.map((m) => [m.name, m.person.id]),
          [['Dev Patel', bruno]],
        );
        const [listed] = (await invoke(importList, ledger.ctx, {})).runs;
        assert.deepEqual(listed?.counts, {
          records: 4,
          created: 1,
          matched: 1,
          updated: 0,
          unchanged: 0,
          merged: 2,
          skipped: 0,
          errors: 0,
          warnings: 0,
          suggestions: 0,
        });

        // Ana keeps her own values and gains what the card adds: its email, phone, title, note and tag.
        const anaAfter = await invoke(personShow, ledger.ctx, { person: `#${ana}` });
        assert.deepEqual(
          anaAfter.contacts.map((c) => `${c.kind} ${c.value} ${c.source}`),
          [
            'email ana@verde.example manual',
            `email ana.lima@studio.example import:${run.run}`,
            `phone +351 912 345 678 import:${run.run}`,
          ],
        );
        assert.deepEqual(
          [anaAfter.organization, anaAfter.title, anaAfter.notes, anaAfter.tags],
          ['Verde Capital', 'Partner', 'Met at the design fair', ['design', 'investors']],
        );
        // The time logged stays where it was: both entries still name Ana, the lunch names Bruno too.
        assert.deepEqual([anaAfter.totals.entries, anaAfter.totals.minutes], [2, 105]);
        const merges = await invoke(personMerges, ledger.ctx, { person: String(ana) });
        assert.deepEqual(
          merges.from.map((m) => [m.merged.name, m.importRun]),
          [['Ana Lima', run.run]],
        );
        const anaCard = merges.from[0]!.merged.id;
        assert.equal(
          (await invoke(personMerges, ledger.ctx, { person: String(anaCard) })).into?.survivor.id,
          ana,
        );
        const entryPeople = (await dumpPeople(ledger.store.db, ledger.ctx.accountId)).entryPeople;
        assert.deepEqual(entryPeople, before.entryPeople);

        // The same file again adds nothing: every record is known, through the merge, to its person.
        const afterRun = await dumpAll(ledger);
        const again = await importText(ledger);
        assert.deepEqual(
          [again.counts.created, again.counts.matched, again.counts.updated, again.counts.merged],
          [0, 0, 0, 0],
        );
        assert.equal(again.counts.unchanged, 4);
        assert.deepEqual(await dumpAll(ledger), afterRun);

        const undone = await invoke(importUndo, ledger.ctx, { run: run.run! });
        assert.deepEqual([undone.unmerged, undone.peopleRemoved], [2, 3]);
        assert.deepEqual(await dumpAll(ledger), before);
        const runs = (await invoke(importList, ledger.ctx, {})).runs;
        assert.deepEqual(
          runs.map((r) => [r.id, r.status]),
          [
            [again.run, 'committed'],
            [run.run, 'undone'],
          ],
        );
      } finally {
        await ledger.close();
      }
    });

    test('a merge taken back by hand is left alone by the undo; one under a later merge refuses it, saying why', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const { ana, bruno } = await seed(ledger);
        const before = await dumpAll(ledger);
        const run = await importText(ledger, { mergeInto: [`1=${ana}`, `11=${bruno}`] });
        const anaCard = (await invoke(personMerges, ledger.ctx, { person: String(ana) })).from[0]!.merged.id;
        await invoke(personUnmerge, ledger.ctx, { person: String(anaCard) });

        // Bruno merged into Ana by hand: the merge the run made into Bruno cannot be taken back under it.
        await invoke(personMerge, ledger.ctx, { person: `#${ana}`, other: `#${bruno}` });
        await assert.rejects(invoke(importUndo, ledger.ctx, { run: run.run! }), (e: FathomError) => {
          assert.equal(e.code, 'conflict');
          assert.equal(e.field, 'run');
          assert.match(
            e.message,
            new RegExp(`^run: import run #${run.run} cannot be undone: it merged #\\d+ into #${bruno}`),
          );
          assert.match(e.message, new RegExp(`unmerge #${bruno} first`));
          return true;
        });
        await invoke(personUnmerge, ledger.ctx, { person: String(bruno) });

        const undone = await invoke(importUndo, ledger.ctx, { run: run.run! });
        assert.deepEqual([undone.unmerged, undone.peopleRemoved], [1, 3]);
        const after = await dumpAll(ledger);
        // The merges made and undone by hand stay on record as undone; all else is as before.
        assert.deepEqual({ ...after, merges: [] }, { ...before, merges: [] });
        assert.deepEqual(
          (after.merges as { survivor_id: number; merged_id: number; undone_at: string | null }[]).map(
            (m) => [m.survivor_id, m.merged_id, m.undone_at !== null],
          ),
          [[ana, bruno, true]],
        );
      } finally {
        await ledger.close();
      }
    });

    test('inside a ZIP a choice names the file and line; a line alone is refused with the way to say it', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const { ana } = await seed(ledger);
        const card = (uid: string, email: string) =>
          ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ana Lima', `EMAIL:${email}`, `UID:${uid}`, 'END:VCARD', ''].join(
            '\r\n',
          );
        const zip = await buildZip([
          { path: 'work/a.vcf', data: card('a1', 'ana@work.example') },
          { path: 'home/b.vcf', data: card('b1', 'ana@home.example') },
        ]);
        const send = (mergeInto: string[]) =>
          invoke(importFile, ledger.ctx, {
            file: 'contacts.zip',
            content: zip.toString('base64'),
            mergeInto,
          });
        await assert.rejects(send([`1=${ana}`]), (e: FathomError) => {
          assert.equal(e.field, 'mergeInto.0');
          assert.equal(
            e.message,
            'mergeInto.0: no record starts at line 1 in contacts.zip (in a ZIP, name the file too: FILE:LINE=PERSON).',
          );
          return true;
        });
        const run = await send([`home/b.vcf:1=${ana}`]);
        assert.deepEqual(
          run.merged.map((m) => [m.file, m.line, m.person.id]),
          [['home/b.vcf', 1, ana]],
        );
        assert.deepEqual(
          run.suggestions.map((x) => [x.file, x.line]),
          [['work/a.vcf', 1]],
        );
        const anaAfter = await invoke(personShow, ledger.ctx, { person: `#${ana}` });
        assert.deepEqual(
          anaAfter.contacts.map((c) => c.value),
          ['ana@verde.example', 'ana@home.example'],
        );
      } finally {
        await ledger.close();
      }
    });

    test('a choice that names no new person, or nobody to merge into, is refused by its field and nothing is written', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const { ana, bruno } = await seed(ledger);
        const before = await dumpAll(ledger);
        const refused = async (mergeInto: unknown[], field: string, message: RegExp) => {
          await assert.rejects(importText(ledger, { mergeInto }), (e: FathomError) => {
            assert.equal(e.code, 'invalid_input');
            assert.equal(e.field, field);
            assert.match(e.message, message);
            return true;
          });
          assert.deepEqual(await dumpAll(ledger), before);
        };
        await refused(
          [`1=${ana}`, `22=${ana}`],
          'mergeInto.1',
          /^mergeInto\.1: line 22 \(Dev Patel\) is not a new person: it already goes to #\d+ \(same email bruno\.old@costa\.example\)\.$/,
        );
        await refused(['99=1'], 'mergeInto.0', /^mergeInto\.0: no record starts at line 99 in phone\.vcf\.$/);
        await refused(
          ['card-nobody=1'],
          'mergeInto.0',
          /^mergeInto\.0: no record "card-nobody" in phone\.vcf\.$/,
        );
        await refused(['1=999'], 'mergeInto.0', /^mergeInto\.0: no person #999\.$/);
        await refused(
          [`1=${ana}`, `1=${bruno}`],
          'mergeInto.1',
          /the same record is already chosen by mergeInto\.0/,
        );
        await refused(['Ana Lima'], 'mergeInto.0', /write LINE=PERSON/);
        await invoke(personMerge, ledger.ctx, { person: `#${ana}`, other: `#${bruno}` });
        await assert.rejects(importText(ledger, { mergeInto: [`11=${bruno}`] }), (e: FathomError) => {
          assert.equal(e.field, 'mergeInto.0');
          assert.match(e.message, new RegExp(`#${bruno} Bruno Costa is merged into #${ana}; choose #${ana}`));
          return true;
        });
        assert.equal((await invoke(importList, ledger.ctx, {})).runs.length, 0);
      } finally {
        await ledger.close();
      }
    });
  });
}
