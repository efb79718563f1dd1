import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { FathomError } from '../../src/domain/errors.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { settingsSet } from '../../src/operations/purpose-operations.ts';
import { restore } from '../../src/operations/export-operations.ts';
import type { RestoreReport } from '../../src/exports/restore-archive.ts';
import { invoke } from '../../src/operations/registry.ts';
import type { Dialect } from '../../src/store/database.ts';
import { ensureAccount } from '../../src/store/settings-store.ts';
import {
  addLaterTable,
  allBytes,
  archiveOf,
  fileContext,
  richLedger,
  tempFile,
  withoutExportTime,
} from '../support/archive-ledger.ts';
import { dumpRollups } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/** Restores the archive file `path` into the ledger through the operation the CLI runs. */
function restoreFile(ledger: TestLedger, path: string): Promise<RestoreReport> {
  return invoke(restore, fileContext(ledger), { file: path });
}

/** An empty ledger that can take the rich ledger's archive (it has the later table too). */
async function emptyLedger(dialect: Dialect): Promise<TestLedger> {
  const ledger = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
  await addLaterTable(ledger.store);
  return ledger;
}

type Archive = {
  format: string;
  version: number;
  migrations: string[];
  account: { id: string; name: string; createdAt: string };
  tables: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[];
};

function parsed(archive: Buffer): Archive {
  return JSON.parse(withoutExportTime(archive)) as Archive;
}

function tableOf(archive: Archive, name: string) {
  const table = archive.tables.find((t) => t.name === name);
  assert.ok(table, `the archive has table ${name}`);
  const column = (c: string) => table.columns.findIndex((x) => x.name === c);
  return { table, column };
}

for (const [from, to] of [
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
] as const) {
  test(`an archive made on ${from} restores on ${to}, and exporting again gives the same archive`, async () => {
    const source = await richLedger(from);
    const target = await emptyLedger(to);
    try {
      const first = await archiveOf(source, from === 'sqlite');
      const archive = parsed(first);
      assert.equal(archive.format, 'fathom-archive');
      assert.equal(archive.version, 1);
      // Every table that holds the ledger is there, the derived ones are not.
      const names = archive.tables.map((t) => t.name);
      for (const t of [
        'people',
        'entries',
        'entry_people',
        'import_runs',
        'person_merges',
        'reviews',
        'person_photos',
        'person_addresses',
        'person_related',
        'person_connections',
        'entry_revisions',
        'person_sketches',
      ])
        assert.ok(names.includes(t), `${t} is archived`);
      assert.ok(!names.some((n) => n.startsWith('rollup_')), 'rollups are rebuilt, not archived');
      for (const t of archive.tables)
        assert.ok(
          t.rows.length > 0,
          `${t.name} has rows (a table added later needs some in richLedger, test/support/archive-ledger.ts, for the round trip to cover it)`,
        );

      const report = await restoreFile(
        target,
        tempFile(from === 'sqlite' ? 'ledger.fathom' : 'ledger.json', first),
      );
      assert.equal(report.tables.people, tableOf(archive, 'people').table.rows.length);
      assert.equal(report.from.id, 'local');

      const second = await archiveOf(target);
      assert.equal(withoutExportTime(second), withoutExportTime(first));
      assert.deepEqual(
        await dumpRollups(target.store.db, 'local'),
        await dumpRollups(source.store.db, 'local'),
        'the rollups rebuilt from the restored entries equal the ones kept while writing',
      );
      const sketches = tableOf(archive, 'person_sketches');
      assert.deepEqual(sketches.table.rows[0]![sketches.column('sketch')], {
        $base64: allBytes.toString('base64'),
      });

      // New rows get ids past the restored ones (PostgreSQL's identities were moved on).
      const people = tableOf(archive, 'people');
      const top = Math.max(...people.table.rows.map((r) => r[people.column('id')] as number));
      const added = await invoke(personAdd, target.ctx, { name: 'Someone New' });
      assert.ok(added.person.id > top, `new person #${added.person.id} comes after #${top}`);
    } finally {
      await source.close();
      await target.close();
    }
  });
}

/** The indexes of the schema: a restore sets some aside while it writes, and a failed one must bring them back. */
async function indexes(ledger: TestLedger): Promise<string[]> {
  const r =
    ledger.store.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' order by name`.execute(ledger.store.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() order by indexname`.execute(ledger.store.db);
  return r.rows.map((row) => row.name);
}

/** Runs `work` expecting a FathomError, and checks the ledger is exactly as it was. */
async function refused(
  ledger: TestLedger,
  work: () => Promise<unknown>,
  message: RegExp,
  code = 'invalid_input',
): Promise<void> {
  const before = withoutExportTime(await archiveOf(ledger));
  const indexed = await indexes(ledger);
  await assert.rejects(work, (e: FathomError) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
  assert.equal(withoutExportTime(await archiveOf(ledger)), before, 'the ledger is untouched');
  assert.deepEqual(await indexes(ledger), indexed, 'every index is there');
}

for (const dialect of dialects) {
  describe(`restoring on ${dialect}`, () => {
    test('bad archives are refused with the table, row and column, and the ledger is untouched', async () => {
      const source = await richLedger(dialect);
      const target = await emptyLedger(dialect);
      try {
        const good = await archiveOf(source);
        const text = good.toString('utf8');
        const edited = (change: (a: Archive) => void) => {
          const archive = parsed(good);
          change(archive);
          return tempFile('edited.json', JSON.stringify(archive, null, 1));
        };
        const tryFile = (path: string, message: RegExp, code?: string) =>
          refused(target, () => restoreFile(target, path), message, code);

        await tryFile(
          tempFile('cut.json', text.slice(0, Math.floor(text.length * 0.6))),
          /ends early \(truncated\?\).*table /,
        );
        const packed = gzipSync(good);
        await tryFile(
          tempFile('cut.fathom', packed.subarray(0, packed.length - 200)),
          /ends early \(truncated\?\)/,
        );
        await tryFile(tempFile('people.csv', 'Name,Email\nAna,ana@example.com\n'), /not a Fathom archive/);
        await tryFile(tempFile('empty.json', ''), /empty/);
        await tryFile(
          tempFile('other.json', '{"format":"something-else","version":1,"tables":[]}'),
          /not a Fathom archive/,
        );
        await tryFile(
          edited((a) => (a.version = 2)),
          /written by a newer Fathom \(archive version 2; this Fathom reads version 1\)/,
        );
        await tryFile(
          edited((a) => a.migrations.push('0099-from-the-future')),
          /newer Fathom \(its schema step "0099-from-the-future"/,
        );
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entries');
            e.table.rows[4]![e.column('id')] = 'abc';
          }),
          /table entries, row 5 \(id "abc"\), column id: expected a whole number, found "abc"/,
        );
        // The domain's bounds hold on restore as on every other path.
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entries');
            e.table.rows[1]![e.column('started_at')] = '0001-01-01T10:00:00.000Z';
          }),
          /table entries, row 2 \(id \d+\), column started_at: "0001-01-01T10:00:00.000Z" is not a plausible start; entries must start between 1900 and 2200/,
        );
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entries');
            e.table.rows[3]![e.column('minutes')] = 16_800_000;
          }),
          /table entries, row 4 \(id \d+\), column minutes: 16800000 is not a duration Fathom keeps \(0 to 1440 minutes\)/,
        );
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entry_people');
            e.table.rows[2]![e.column('entry_id')] = 999_999;
          }),
          /table entry_people, row 3, column entry_id: refers to entries 999999, which is not in the archive/,
        );
        await tryFile(
          edited((a) => {
            const p = tableOf(a, 'people');
            p.table.rows[7]![p.column('account_id')] = 'someone-else';
          }),
          /table people, row 8 \(id \d+\) belongs to account "someone-else", but the archive is of account "local"/,
        );
        await tryFile(
          edited((a) => {
            const p = tableOf(a, 'people');
            p.table.rows[1]![p.column('id')] = p.table.rows[0]![p.column('id')];
          }),
          /table people, row 2 \(id \d+\): id \d+ appears twice/,
        );
        await tryFile(
          edited((a) => {
            const p = tableOf(a, 'people');
            p.table.rows[0]![p.column('name')] = null;
          }),
          /table people, row 1 \(id \d+\), column name: must have a value, found null/,
        );
        await tryFile(
          edited((a) => {
            const p = tableOf(a, 'person_sketches');
            p.table.rows[0]![p.column('sketch')] = 'not bytes';
          }),
          /table person_sketches, row 1 \(id 1\), column sketch: expected bytes written as \{"\$base64": "…"\}/,
        );
        await tryFile(
          edited((a) => tableOf(a, 'goals').table.columns.push({ name: 'colour', type: 'text' })),
          /table goals has a column "colour" that this Fathom does not know/,
        );
        await tryFile(
          edited((a) => a.tables.push({ name: 'secrets', columns: [], rows: [] })),
          /a table "secrets" that this Fathom does not know/,
        );
        await tryFile(
          edited((a) => a.tables.reverse()),
          /table \w+, row 1.*: refers to \w+ .*, but table \w+ has not come yet: tables must come in the order Fathom writes them/,
        );
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entries');
            e.table.rows[0]!.pop();
          }),
          /table entries, row 1 \(id \d+\) has \d+ values for \d+ columns/,
        );
        await tryFile(
          edited((a) => {
            const e = tableOf(a, 'entries');
            const [first, second] = e.table.rows.filter((r) => r[e.column('source_key')] !== null);
            second![e.column('source_key')] = first![e.column('source_key')];
          }),
          /UNIQUE constraint failed: entries\.account_id, entries\.source, entries\.source_key|"entries_source_key"/,
        );
        // A hand-edited archive that is still valid restores, however it is laid out.
        await restoreFile(
          target,
          edited(() => undefined),
        );
        assert.equal(withoutExportTime(await archiveOf(target)), withoutExportTime(good));
      } finally {
        await source.close();
        await target.close();
      }
    });

    test('a ledger that holds anything is refused, and so are ids another account holds', async () => {
      const source = await richLedger(dialect);
      const target = await emptyLedger(dialect);
      try {
        const path = tempFile('ledger.json', await archiveOf(source));
        await invoke(personAdd, target.ctx, { name: 'Already Here' });
        await refused(target, () => restoreFile(target, path), /not empty: it holds 1 person/, 'conflict');
        await refused(
          source,
          () => restoreFile(source, path),
          /not empty: it holds .*people, .*entries.*fathom demo remove/,
          'conflict',
        );

        // Another account of the same database holds person #1: the archive's ids cannot be kept.
        const shared = await emptyLedger(dialect);
        try {
          await ensureAccount(shared.store.db, 'other');
          await invoke(personAdd, { ...shared.ctx, accountId: 'other' }, { name: 'Someone Else' });
          const fresh = { ...shared, ctx: { ...shared.ctx, accountId: 'fresh' } };
          await ensureAccount(shared.store.db, 'fresh');
          await refused(
            fresh,
            () => restoreFile(fresh, path),
            /people id 1 is already used by another account/,
            'conflict',
          );
          const held = await sql<{
            n: number;
          }>`select count(*) as n from people where account_id = 'fresh'`.execute(shared.store.db);
          assert.equal(Number(held.rows[0]!.n), 0);
        } finally {
          await shared.close();
        }
      } finally {
        await source.close();
        await target.close();
      }
    });

    test('an archive restores under the current account, whatever account made it', async () => {
      const source = await richLedger(dialect);
      const target = await emptyLedger(dialect);
      try {
        await ensureAccount(target.store.db, 'server-account', 'Ana on the server');
        const moved = { ...target, ctx: { ...target.ctx, accountId: 'server-account' } };
        await invoke(settingsSet, moved.ctx, { purpose: 'Typed on the server before the restore' });
        const report = await restoreFile(moved, tempFile('laptop.fathom', await archiveOf(source, true)));
        assert.equal(report.accountId, 'server-account');
        assert.equal(
          report.replacedPurpose,
          'Typed on the server before the restore',
          'the restore says what it replaced',
        );
        const counts = await sql<{
          account_id: string;
          n: number;
        }>`select account_id, count(*) as n from entries
          group by account_id`.execute(target.store.db);
        assert.deepEqual(
          counts.rows.map((r) => [r.account_id, Number(r.n)]),
          [['server-account', report.tables.entries]],
        );
        const again = parsed(await archiveOf(moved));
        assert.equal(again.account.id, 'server-account');
        const original = parsed(await archiveOf(source));
        const people = tableOf(again, 'people');
        const before = tableOf(original, 'people');
        assert.deepEqual(
          people.table.rows.map((r) => r[people.column('name')]),
          before.table.rows.map((r) => r[before.column('name')]),
        );
      } finally {
        await source.close();
        await target.close();
      }
    });
  });
}
