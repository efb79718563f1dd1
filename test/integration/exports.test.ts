import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Papa from 'papaparse';
import { exportBytes } from '../../src/exports/export-formats.ts';
import type { ExportFormat } from '../../src/exports/export-formats.ts';
import type { CalendarImportReport } from '../../src/ingest/import-calendar.ts';
import { importFile } from '../../src/operations/import-operations.ts';
import { entriesDelete, entriesList, log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, settingsSet } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { join } from 'node:path';
import { fileContext, tempFile } from '../support/archive-ledger.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const vcards = join(import.meta.dirname, '..', '..', 'src', 'importers', 'vcard', 'fixtures');
const contacts = join(import.meta.dirname, 'fixtures', 'contacts');

async function exported(ledger: TestLedger, format: ExportFormat): Promise<string> {
  const parts: Buffer[] = [];
  const stream = exportBytes(ledger.store, 'local', format, { now: ledger.ctx.now(), compress: false });
  for await (const chunk of stream.bytes) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

function rows(csv: string): Record<string, string>[] {
  assert.ok(csv.startsWith('\uFEFF'), 'a byte order mark tells spreadsheets the file is UTF-8');
  const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  return parsed.data;
}

/** A ledger in Berlin with people whose fields start like formulas, and entries of every kind. */
async function hostileLedger(dialect: (typeof dialects)[number]): Promise<TestLedger> {
  const ledger = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
  const ctx = ledger.ctx;
  await invoke(settingsSet, ctx, { timeZone: 'Europe/Berlin' });
  await invoke(goalAdd, ctx, { title: 'Close the seed round' });
  await invoke(personAdd, ctx, {
    name: '=HYPERLINK("http://evil.example","Ana")',
    email: ['ana@example.com'],
    phone: ['+49 170 1234567'],
    org: '@corp',
    title: '+cmd',
    notes: '-',
    circle: 'network',
  });
  await invoke(personAdd, ctx, {
    name: 'Zoë Ørsted-Łukasiewicz',
    email: ['zoe@example.org'],
    tag: ['climate'],
  });
  await invoke(personAdd, ctx, { name: 'Bruno Costa' });
  await invoke(log, ctx, {
    duration: '1h30',
    title: 'Lunch with Zoë, "the investor"',
    with: ['zoe@example.org', 'ana@example.com'],
    mode: 'networking',
    verdict: 'forward',
    goal: 'Close the seed round',
    channel: 'in_person',
    at: '2026-03-10 09:30',
    notes: 'Talked about the round.\nFollow up next week; bring the deck',
  });
  await invoke(log, ctx, {
    duration: '45m',
    title: '@everyone call',
    with: ['Bruno Costa'],
    at: '2026-03-11 18:00',
  });
  const gone = await invoke(log, ctx, { duration: '20m', title: 'Deleted coffee', at: '2026-03-12 08:00' });
  await invoke(entriesDelete, ctx, { id: gone.id });
  return ledger;
}

for (const dialect of dialects) {
  describe(`exports on ${dialect}`, () => {
    test('people as CSV: every field, accents intact, nothing a spreadsheet would run', async () => {
      const ledger = await hostileLedger(dialect);
      try {
        const people = rows(await exported(ledger, 'people-csv'));
        assert.deepEqual(
          people.map((p) => p.Name),
          ['Bruno Costa', `'=HYPERLINK("http://evil.example","Ana")`, 'Zoë Ørsted-Łukasiewicz'],
          'by name, the formula quoted',
        );
        const ana = people[1]!;
        assert.equal(ana.Organization, "'@corp");
        assert.equal(ana.Title, "'+cmd");
        assert.equal(ana.Notes, "'-");
        assert.equal(ana.Phones, "'+49 170 1234567");
        assert.equal(ana.Emails, 'ana@example.com');
        assert.equal(ana.Circle, 'network');
        assert.equal(ana['Last in touch'], '2026-03-10');
        assert.equal(ana['Minutes together'], '90');
        assert.equal(people[2]!.Tags, 'climate');
        assert.equal(people[0]!['Added from'], 'by hand');
        for (const p of people)
          for (const cell of Object.values(p)) assert.ok(!/^[=+\-@\t\r]/.test(cell), cell);
      } finally {
        await ledger.close();
      }
    });

    test('people as CSV carry what address books hold: name parts, department, addresses, related names', async () => {
      const ledger = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      try {
        await invoke(importFile, fileContext(ledger), { file: join(vcards, 'apple-30.vcf') });
        await invoke(importFile, fileContext(ledger), { file: join(contacts, 'Connections.csv') });
        await invoke(importFile, fileContext(ledger), {
          file: tempFile(
            'family.vcf',
            'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Marta Quist\r\nNICKNAME:Mo\r\nRELATED;TYPE=spouse;VALUE=text:Jonas Quist\r\nEND:VCARD\r\n',
          ),
        });
        const people = rows(await exported(ledger, 'people-csv'));
        const zoe = people.find((p) => p['Family name'] === 'Ångström')!;
        assert.deepEqual(
          [zoe.Name, zoe.Prefix, zoe['Given name'], zoe['Middle name'], zoe.Organization, zoe.Department],
          ['Dr. Zoë Ångström', 'Dr.', 'Zoë', 'Maria', 'Fjord Labs', 'Research'],
        );
        assert.equal(zoe.Addresses, 'home: Storgatan 1, 111 22 Stockholm, Sweden');
        assert.equal(
          zoe.Birthday,
          "'--05-01",
          'a birthday without its year starts like a formula, so it is quoted too',
        );
        const marta = people.find((p) => p.Name === 'Marta Quist')!;
        assert.deepEqual([marta.Nickname, marta['Related names']], ['Mo', 'Jonas Quist (spouse)']);
        assert.ok(
          people.some((p) => /^linkedin \d{4}-\d{2}-\d{2}$/.test(p.Connected ?? '')),
          'LinkedIn connection dates',
        );
      } finally {
        await ledger.close();
      }
    });

    test("entries as CSV: start in the owner's zone, judgement, goal and people; deleted ones left out", async () => {
      const ledger = await hostileLedger(dialect);
      try {
        const entries = rows(await exported(ledger, 'entries-csv'));
        assert.deepEqual(
          entries.map((e) => [e.Date, e['Start (Europe/Berlin)'], e.Minutes, e.Title]),
          [
            ['2026-03-10', '09:30', '90', 'Lunch with Zoë, "the investor"'],
            ['2026-03-11', '18:00', '45', "'@everyone call"],
          ],
        );
        const lunch = entries[0]!;
        assert.equal(lunch.Kind, 'networking');
        assert.equal(lunch.Verdict, 'forward');
        assert.equal(lunch.Goal, 'Close the seed round');
        assert.equal(lunch.Channel, 'in person');
        assert.equal(lunch.People, `'=HYPERLINK("http://evil.example","Ana"); Zoë Ørsted-Łukasiewicz`);
        assert.equal(lunch.Notes, 'Talked about the round.\nFollow up next week; bring the deck');
        assert.equal(entries[1]!.Verdict, '', 'unjudged is blank');
      } finally {
        await ledger.close();
      }
    });

    test("entries as ICS: stable events that Fathom's own calendar import reads back", async () => {
      const ledger = await hostileLedger(dialect);
      const other = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      try {
        const ics = await exported(ledger, 'ics');
        assert.equal(await exported(ledger, 'ics'), ics, 'the same ledger gives the same file');
        assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
        assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 2);
        assert.match(ics, /UID:fathom-entry-local-1@fathom/);
        assert.match(ics, /DTSTART:20260310T083000Z\r\nDURATION:PT1H30M/);
        assert.match(ics, /X-FATHOM-VERDICT:forward/);
        assert.match(
          ics.replace(/\r\n /g, ''),
          /DESCRIPTION:Networking\\, moved me forward\. Goal: Close the seed round\. Channel: in person\./,
        );
        assert.ok(
          ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75),
          'lines are folded',
        );

        await invoke(settingsSet, other.ctx, { timeZone: 'Europe/Berlin' });
        const read = (await invoke(importFile, fileContext(other), {
          file: tempFile('fathom.ics', ics),
          from: '2026-03-01',
          to: '2026-03-31',
          me: ['me@fathom.test'],
          keepSolo: true,
        })) as CalendarImportReport;
        assert.equal(read.counts.errors, 0);
        assert.equal(read.counts.created, 2);
        const back = (await invoke(entriesList, other.ctx, {})).entries.sort((a, b) =>
          a.startedAt < b.startedAt ? -1 : 1,
        );
        assert.deepEqual(
          back.map((e) => [e.startedAt, e.minutes, e.title, e.people.map((p) => p.name).sort()]),
          [
            [
              '2026-03-10T08:30:00.000Z',
              90,
              'Lunch with Zoë, "the investor"',
              ['=HYPERLINK("http://evil.example","Ana")', 'Zoë Ørsted-Łukasiewicz'].sort(),
            ],
            ['2026-03-11T17:00:00.000Z', 45, '@everyone call', []],
          ],
        );
      } finally {
        await ledger.close();
        await other.close();
      }
    });
  });
}
