import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLocalFile } from '../../src/cli/local-file.ts';
import type { FathomError } from '../../src/domain/errors.ts';
import type { ImportReport } from '../../src/ingest/import-contacts.ts';
import { nameKey } from '../../src/domain/contact-keys.ts';
import { makeLinkedInCsv } from '../../src/importers/contacts/contacts-bench.ts';
import { importFile, importList, importUndo } from '../../src/operations/import-operations.ts';
import { personEdit, personShow } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { bulkLoad } from '../../src/store/bulk-load.ts';
import type { BulkEntry, BulkPerson } from '../../src/store/bulk-load.ts';
import type { Context } from '../../src/operations/registry.ts';
import { dumpPeople } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'contacts');

function cliContext(ledger: TestLedger): Omit<Context, 'db'> {
  return { ...ledger.ctx, readFile: readLocalFile };
}

async function importPath(
  ledger: TestLedger,
  path: string,
  extra: Record<string, unknown> = {},
): Promise<ImportReport> {
  return invoke(importFile, cliContext(ledger), { file: path, ...extra });
}

async function importFixture(
  ledger: TestLedger,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<ImportReport> {
  return importPath(ledger, join(fixtures, name), extra);
}

/** Writes `text` to a fresh temporary file named `name` and returns its path. */
function tempFile(name: string, data: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fathom-import-')), name);
  writeFileSync(path, data);
  return path;
}

function contactsOf(p: { contacts: { kind: string; key: string; source: string }[] }): string[] {
  return p.contacts.map((c) => `${c.kind} ${c.key} ${c.source}`).sort();
}

for (const dialect of dialects) {
  describe(`contacts import (${dialect})`, () => {
    test('the same person from a phone vCard, LinkedIn, Google and Facebook ends as one person', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const vcard = await importFixture(ledger, 'phone.vcf');
        assert.deepEqual(
          [vcard.counts.created, vcard.counts.matched, vcard.counts.skipped],
          [2, 0, 1],
          'Ana and Bruno are new; the Fjord Labs card is an organization',
        );
        assert.deepEqual(vcard.skippedReasons, { 'an organization, not a person': 1 });

        const linkedin = await importFixture(ledger, 'Connections.csv');
        assert.deepEqual([linkedin.counts.created, linkedin.counts.matched], [1, 1]);
        assert.equal(linkedin.matched[0]?.name, 'Ana Souza');
        assert.equal(linkedin.matched[0]?.reason, 'same email ana.souza@example.org');
        const anaId = linkedin.matched[0]!.person.id!;
        assert.deepEqual(
          linkedin.changes.map((c) => [c.field, c.from, c.to]),
          [
            ['organization', null, 'Fjord Labs'],
            ['title', null, 'CTO'],
          ],
        );

        const google = await importFixture(ledger, 'google.csv');
        assert.deepEqual([google.counts.created, google.counts.matched], [1, 1]);
        // The work email is new; the phone is the evidence.
        assert.equal(google.matched[0]?.reason, 'same phone +49 170 1234567');
        assert.equal(google.matched[0]?.person.id, anaId);

        const facebook = await importFixture(ledger, 'friends.json');
        assert.deepEqual(
          [facebook.counts.created, facebook.counts.matched, facebook.counts.suggestions],
          [1, 1, 1],
        );
        assert.equal(facebook.matched[0]?.reason, 'same email ana@fjord.example');
        // Bruno has only a name on Facebook: a suggestion, never an automatic merge.
        assert.equal(facebook.suggestions[0]?.name, 'Bruno Lima');

        const ana = await invoke(personShow, ledger.ctx, { person: String(anaId) });
        assert.equal(ana.name, 'Ana Souza');
        assert.equal(ana.organization, 'Fjord Labs');
        assert.equal(ana.title, 'CTO');
        assert.deepEqual(ana.birthday, { year: 1988, month: 4, day: 12 });
        assert.deepEqual(ana.tags, ['climbing', 'investors']);
        assert.equal(ana.circle, 'unsorted');
        assert.deepEqual(contactsOf(ana), [
          'email ana.souza@example.org import:1',
          'email ana@fjord.example import:3',
          'phone +491701234567 import:1',
          'url linkedin.com/in/ana-souza-42 import:2',
        ]);
        const runs = await invoke(importList, ledger.ctx, {});
        assert.deepEqual(
          runs.runs.map((r) => [r.id, r.format, r.status]),
          [
            [4, 'facebook', 'committed'],
            [3, 'google', 'committed'],
            [2, 'linkedin', 'committed'],
            [1, 'vcard', 'committed'],
          ],
        );
      } finally {
        await ledger.close();
      }
    });

    test('re-importing the same file changes nothing', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importFixture(ledger, 'phone.vcf');
        await importFixture(ledger, 'Connections.csv');
        const before = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const again = await importFixture(ledger, 'Connections.csv');
        assert.deepEqual(
          [again.counts.created, again.counts.matched, again.counts.updated, again.counts.unchanged],
          [0, 0, 0, 2],
        );
        const vcardAgain = await importFixture(ledger, 'phone.vcf');
        assert.deepEqual(
          [vcardAgain.counts.created, vcardAgain.counts.unchanged, vcardAgain.counts.skipped],
          [0, 2, 1],
        );
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), before);
      } finally {
        await ledger.close();
      }
    });

    test('a newer export updates what changed and keeps what the owner edited by hand', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importFixture(ledger, 'Connections.csv');
        await invoke(personEdit, ledger.ctx, { person: 'Ana Souza', title: 'Chief Technology Officer' });
        const newer = tempFile(
          'Connections.csv',
          readFileSync(join(fixtures, 'Connections.csv'), 'utf8')
            .replace('Fjord Labs,CTO', 'Fjord Labs AG,CEO')
            .replace('Nordic Labs,Designer', 'Nordic Labs,Lead Designer')
            .concat('Eva,Berg,https://www.linkedin.com/in/eva-berg,,,,03 Mar 2024\n'),
        );
        const preview = await importPath(ledger, newer, { dryRun: true });
        assert.equal(preview.status, 'preview');
        assert.equal(preview.run, null);
        assert.deepEqual(
          [preview.counts.created, preview.counts.updated, preview.counts.unchanged],
          [1, 2, 0],
        );
        assert.deepEqual(
          preview.kept.map((k) => [k.person.name, k.field, k.yours, k.fileValue, k.why]),
          [['Ana Souza', 'title', 'Chief Technology Officer', 'CEO', 'you set it by hand']],
        );
        const beforeCommit = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const run = await importPath(ledger, newer);
        assert.deepEqual(
          run.changes.map((c) => [c.person.name, c.field, c.from, c.to]),
          [
            ['Ana Souza', 'organization', 'Fjord Labs', 'Fjord Labs AG'],
            ['Carla Dias', 'title', 'Designer', 'Lead Designer'],
          ],
        );
        const ana = await invoke(personShow, ledger.ctx, { person: 'Ana Souza' });
        assert.equal(ana.organization, 'Fjord Labs AG');
        assert.equal(ana.title, 'Chief Technology Officer');

        // Undo puts the older export's values back, and leaves the owner's edit alone.
        await invoke(importUndo, ledger.ctx, { run: run.run });
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), beforeCommit);
      } finally {
        await ledger.close();
      }
    });

    // Thousands of cards: more than one batch on either database.
    test('a file read in many parts: later cards fill and add to people earlier parts created', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importPath(
          ledger,
          tempFile(
            'ex.vcf',
            'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Existing One\r\nEMAIL:ex@example.org\r\nEND:VCARD\r\n',
          ),
        );
        const before = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const cards: string[] = [];
        const card = (lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n');
        for (let k = 0; k < 4500; k++)
          cards.push(card([`FN:Person ${k}`, `EMAIL:p${k}@example.org`, `UID:a${k}`]));
        for (let k = 0; k < 4500; k++)
          cards.push(
            card([
              `FN:Person ${k}`,
              `EMAIL:p${k}@example.org`,
              `ORG:Org ${k}`,
              `TITLE:Title ${k}`,
              `TEL:+49 170 ${1000000 + k}`,
              'CATEGORIES:late',
              `UID:b${k}`,
            ]),
          );
        cards.push(card(['FN:Existing One', 'EMAIL:ex@example.org', 'ORG:Acme', 'UID:c0']));
        const path = tempFile('many.vcf', `${cards.join('\r\n')}\r\n`);
        const report = await importPath(ledger, path);
        assert.deepEqual([report.counts.created, report.counts.matched], [4500, 4501]);
        assert.equal(report.created.length, 200);
        assert.ok(report.truncated);
        const db = ledger.store.db;
        for (const k of [0, 2500, 4499]) {
          const person = await db
            .selectFrom('people')
            .select(['id', 'organization', 'title'])
            .where('name', '=', `Person ${k}`)
            .executeTakeFirstOrThrow();
          assert.deepEqual([person.organization, person.title], [`Org ${k}`, `Title ${k}`]);
          const keys = await db
            .selectFrom('contact_points')
            .select('key')
            .where('person_id', '=', person.id)
            .execute();
          assert.deepEqual(keys.map((c) => c.key).sort(), [`+49170${1000000 + k}`, `p${k}@example.org`]);
          const tags = await db
            .selectFrom('person_tags')
            .select('tag')
            .where('person_id', '=', person.id)
            .execute();
          assert.deepEqual(
            tags.map((t) => t.tag),
            ['late'],
          );
        }
        const existing = await db
          .selectFrom('people')
          .select('organization')
          .where('name', '=', 'Existing One')
          .executeTakeFirstOrThrow();
        assert.equal(existing.organization, 'Acme');

        const after = await dumpPeople(db, ledger.ctx.accountId);
        const again = await importPath(ledger, path);
        assert.deepEqual([again.counts.created, again.counts.updated, again.counts.unchanged], [0, 0, 9001]);
        assert.deepEqual(await dumpPeople(db, ledger.ctx.accountId), after);
        await invoke(importUndo, ledger.ctx, { run: again.run });
        await invoke(importUndo, ledger.ctx, { run: report.run });
        assert.deepEqual(await dumpPeople(db, ledger.ctx.accountId), before);
      } finally {
        await ledger.close();
      }
    });

    test('undo restores the database exactly, run by run, newest first', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const empty = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const first = await importFixture(ledger, 'phone.vcf');
        const afterFirst = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const second = await importFixture(ledger, 'google.csv');
        assert.equal(second.counts.matched, 1);

        // The older run created Ana, whom the newer one added to: it must wait.
        await assert.rejects(invoke(importUndo, ledger.ctx, { run: first.run }), (e: FathomError) => {
          assert.equal(e.code, 'conflict');
          assert.match(e.message, /#1 Ana Souza: import run #2 added to them since; undo it first/);
          return true;
        });
        const undone = await invoke(importUndo, ledger.ctx, { run: second.run });
        assert.deepEqual(
          [undone.peopleRemoved, undone.peopleRestored, undone.contactPointsRemoved],
          [1, 1, 3],
        );
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), afterFirst);
        await invoke(importUndo, ledger.ctx, { run: first.run });
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), empty);
        await assert.rejects(invoke(importUndo, ledger.ctx, { run: first.run }), /already undone/);

        // Undone, the file imports afresh.
        const again = await importFixture(ledger, 'phone.vcf');
        assert.equal(again.counts.created, 2);
      } finally {
        await ledger.close();
      }
    });

    test('undoing a large run takes no longer than the import did', { timeout: 60_000 }, async () => {
      const ledger = await openTestLedger(dialect);
      try {
        // Some of the rows match people already there, so undo puts them back as well as removing the rest;
        // and the ledger holds time with people, so removing a person has entries to look through.
        await importPath(ledger, tempFile('Connections.csv', makeLinkedInCsv(2_000)));
        const at = '2026-01-01T00:00:00.000Z';
        const friends: BulkPerson[] = Array.from({ length: 500 }, (_, i) => ({
          person: {
            name: `Friend ${i}`,
            name_key: nameKey(`Friend ${i}`),
            circle: 'network',
            aspire: 0,
            created_at: at,
            updated_at: at,
          },
          tags: [],
          contacts: [],
        }));
        const entries: BulkEntry[] = Array.from({ length: 40_000 }, (_, i) => ({
          entry: {
            started_at: at,
            time_zone: 'UTC',
            local_date: '2026-01-01',
            minutes: 30,
            all_day: 0,
            title: `Call ${i}`,
            source: 'manual',
            created_at: at,
            updated_at: at,
          },
          people: [i % 500, (i * 7) % 500],
        }));
        await ledger.store.db
          .transaction()
          .execute((trx) => bulkLoad(trx, ledger.ctx.accountId, friends, entries));
        const before = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        const file = tempFile('Connections.csv', makeLinkedInCsv(20_000));
        let start = performance.now();
        const report = await importPath(ledger, file);
        const importMs = performance.now() - start;
        assert.ok(report.counts.created > 15_000, `created ${report.counts.created}`);
        start = performance.now();
        const undone = await invoke(importUndo, ledger.ctx, { run: report.run });
        const undoMs = performance.now() - start;
        assert.equal(undone.peopleRemoved, report.counts.created);
        assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), before);
        // Undo grew with the square of the run (20,000 people took 16 s); now it is a fraction of the import.
        assert.ok(
          undoMs <= importMs,
          `undo of ${report.counts.created} people took ${Math.round(undoMs)} ms, the import ${Math.round(importMs)} ms`,
        );
      } finally {
        await ledger.close();
      }
    });

    test('the owner’s own addresses never become people', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await ledger.store.db
          .updateTable('settings')
          .set({ my_emails: JSON.stringify(['ANA.SOUZA@example.org']) })
          .execute();
        const r = await importFixture(ledger, 'Connections.csv');
        assert.equal(r.counts.created, 1);
        assert.deepEqual(r.skippedReasons, { 'this is you': 1 });
      } finally {
        await ledger.close();
      }
    });
  });
}
