import { FathomError } from '../domain/errors.ts';
import type { LedgerSnapshot } from '../store/ledger-snapshot.ts';
import { readCatalog } from '../store/schema-catalog.ts';
import type { ValueKind } from '../store/schema-catalog.ts';
import type { ArchiveColumn, ArchiveHeader } from './archive-format.ts';
import { ValueError, archiveAbout, archiveFormat, archiveValue, archiveVersion } from './archive-format.ts';
import { archivedTables } from './archive-tables.ts';

/** Text handed on at a time: large enough that writing costs little per row, small enough to stay bounded. */
const chunkChars = 256 * 1024;

/** How many rows of each table an archive holds, in the order written. */
export type ArchiveCounts = Record<string, number>;

/** Converts a column's values only when the driver gives something other than JSON's own. */
function converter(kind: ValueKind): (value: unknown) => unknown {
  switch (kind) {
    case 'integer':
      return (v) =>
        (typeof v === 'number' && Number.isInteger(v)) || v === null ? v : archiveValue(kind, v);
    case 'text':
      return (v) => (typeof v === 'string' || v === null ? v : archiveValue(kind, v));
    default:
      return (v) => archiveValue(kind, v);
  }
}

/**
 * The archive of one account as JSON text, in chunks: the header, then every archived table with
 * its columns and its rows (one a line, sorted by key). Reads from a snapshot, so the archive is
 * the ledger at one instant; `counts` is filled as the tables are written.
 */
export async function* archiveText(
  snapshot: LedgerSnapshot,
  accountId: string,
  exportedAt: Date,
  counts: ArchiveCounts = {},
): AsyncGenerator<string> {
  const { db, dialect } = snapshot;
  const catalog = await readCatalog(db, dialect);
  const tables = archivedTables(catalog);
  const migrations = await db.selectFrom('fathom_migrations').select('name').orderBy('position').execute();
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'created_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw new FathomError('not_found', `No account "${accountId}" in this database.`);
  const header: ArchiveHeader & { about: string } = {
    format: archiveFormat,
    version: archiveVersion,
    about: archiveAbout,
    exportedAt: exportedAt.toISOString(),
    migrations: migrations.map((m) => m.name),
    account: { id: account.id, name: account.name, createdAt: account.created_at },
  };
  let out = `${JSON.stringify(header).slice(0, -1)},\n"tables":[`;
  for (const [t, table] of tables.entries()) {
    const columns: ArchiveColumn[] = table.columns.map((c) => ({ name: c.name, type: c.kind }));
    const key = table.key.map((k) => table.columns.find((c) => c.name === k)!);
    out += `${t === 0 ? '' : ','}\n{"name":${JSON.stringify(table.name)},"columns":${JSON.stringify(columns)},"rows":[`;
    const convert = table.columns.map((c) => converter(c.kind));
    let n = 0;
    for await (const page of snapshot.pages(
      table.name,
      table.columns,
      key.length > 0 ? key : table.columns,
      accountId,
    )) {
      for (const row of page) {
        for (let i = 0; i < row.length; i++) {
          try {
            row[i] = convert[i]!(row[i]);
          } catch (e) {
            if (!(e instanceof ValueError)) throw e;
            throw new FathomError(
              'internal',
              `Table ${table.name}, row ${n + 1}, column ${table.columns[i]!.name}: ${e.message}; the archive cannot hold it.`,
            );
          }
        }
        out += `${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`;
        n++;
        if (out.length >= chunkChars) {
          yield out;
          out = '';
        }
      }
    }
    counts[table.name] = n;
    out += ']}';
  }
  out += '\n]}\n';
  yield out;
}
