import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLocalFile, streamLocalFile } from '../../src/cli/local-file.ts';
import { importFile } from '../../src/operations/import-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { settingsSet } from '../../src/operations/purpose-operations.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const vcard = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Ana\u0000Lima',
  'N:Lima\u0000;Ana;;;',
  'ORG:Lab\u0000s',
  'NOTE:met at\u0000 the fair',
  'EMAIL:ana@example.org',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'FN;ENCODING=QUOTED-PRINTABLE:Ivo=00Petrov',
  'EMAIL:ivo@example.org',
  'END:VCARD',
  '',
].join('\r\n');

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Fathom tests//EN',
  'BEGIN:VEVENT',
  'UID:nul-1@fathom.test',
  'DTSTAMP:20250101T000000Z',
  'DTSTART:20250110T100000Z',
  'DTEND:20250110T110000Z',
  'SUMMARY:Lunch\u0000 with Bea',
  'DESCRIPTION:notes\u0000here',
  'ORGANIZER;CN=Me:mailto:me@fathom.test',
  'ATTENDEE;CN=Bea\u0000Costa:mailto:bea@example.org',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function importText(
  ledger: TestLedger,
  name: string,
  text: string,
  extra: Record<string, unknown> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-nul-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    const ctx = { ...ledger.ctx, readFile: readLocalFile, streamFile: streamLocalFile };
    return await invoke(importFile, ctx, { file, ...extra });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const dialect of dialects) {
  describe(`NUL bytes in imported text on ${dialect}`, () => {
    test('a vCard with NUL bytes imports, each NUL kept as U+FFFD', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await importText(ledger, 'contacts.vcf', vcard);
        const people = await ledger.store.db
          .selectFrom('people')
          .select(['name', 'organization', 'notes'])
          .orderBy('id')
          .execute();
        assert.deepEqual(people, [
          { name: 'Ana\uFFFDLima', organization: 'Lab\uFFFDs', notes: 'met at\uFFFD the fair' },
          { name: 'Ivo\uFFFDPetrov', organization: null, notes: null },
        ]);
      } finally {
        await ledger.close();
      }
    });

    test('a calendar with NUL bytes imports, each NUL kept as U+FFFD', async () => {
      const ledger = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
      try {
        await invoke(settingsSet, ledger.ctx, { timeZone: 'UTC' });
        await importText(ledger, 'work.ics', calendar, {
          from: '2025-01-01',
          to: '2025-04-30',
          me: ['me@fathom.test'],
        });
        const entries = await ledger.store.db.selectFrom('entries').select(['title', 'notes']).execute();
        assert.equal(entries.length, 1);
        assert.equal(entries[0]!.title, 'Lunch\uFFFD with Bea');
        assert.ok(!(entries[0]!.notes ?? '').includes('\u0000'), 'no NUL in the notes');
        const people = await ledger.store.db.selectFrom('people').select('name').execute();
        assert.deepEqual(people, [{ name: 'Bea\uFFFDCosta' }]);
      } finally {
        await ledger.close();
      }
    });

    test('a LinkedIn CSV and a Facebook JSON with NULs import, each NUL kept as U+FFFD', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const csv = [
          'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
          'Dara,Nu\u0000nes,https://www.linkedin.com/in/dara-nu\u0000nes,dara@example.org,Fjord\u0000Labs,CTO,14 Mar 2021',
          '',
        ].join('\n');
        await importText(ledger, 'Connections.csv', csv);
        // Raw NULs and escaped ones (\u0000 inside a JSON string) are treated alike.
        const json = '{"friends": [{"name": "Eli\\u0000 Soto", "timestamp": 1520000000}]}';
        await importText(ledger, 'friends.json', json);
        const people = await ledger.store.db
          .selectFrom('people')
          .select(['name', 'organization'])
          .orderBy('id')
          .execute();
        assert.deepEqual(people, [
          { name: 'Dara Nu\uFFFDnes', organization: 'Fjord\uFFFDLabs' },
          { name: 'Eli\uFFFD Soto', organization: null },
        ]);
      } finally {
        await ledger.close();
      }
    });
  });
}
