import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { ControlledTransaction } from 'kysely';
import { FathomError } from '../domain/errors.ts';
import type { Database, Dialect } from './database.ts';
import type { Store } from './open-store.ts';
import type { CatalogColumn } from './schema-catalog.ts';

/** Rows fetched from the database at a time while a table is read through. */
const pageRows = 2000;

/**
 * The ledger as it stood at one instant, for reading while others write: exports read every table
 * from it, so an archive never holds an entry without its people or a link without its entry.
 */
export interface LedgerSnapshot {
  /** Queries see the snapshot only; nothing can be written through it. */
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * An account's rows of one table, as arrays with one value per column of `columns`, sorted by
   * `order` byte by byte (PostgreSQL's collation would sort text differently from SQLite's),
   * a page at a time.
   */
  pages(
    table: string,
    columns: readonly CatalogColumn[],
    order: readonly CatalogColumn[],
    accountId: string,
  ): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The select of an account's rows in order, split around the place of the account parameter. */
function selectParts(
  dialect: Dialect,
  table: string,
  columns: readonly CatalogColumn[],
  order: readonly CatalogColumn[],
): [string, string] {
  const collate = dialect === 'postgres' ? ' collate "C"' : ' collate binary';
  const by = order.map((c) => `${quote(c.name)}${c.kind === 'text' ? collate : ''}`).join(', ');
  // On SQLite `+account_id` keeps the account's index out of it: the table is read in key order
  // as it lies, instead of found through the index and sorted again (twice the time for entries).
  const account = dialect === 'sqlite' ? '+account_id' : 'account_id';
  return [
    `select ${columns.map((c) => quote(c.name)).join(', ')} from ${quote(table)} where ${account} = `,
    ` order by ${by}`,
  ];
}

/**
 * A second connection to the SQLite file, in a read transaction: in WAL mode it sees the ledger as
 * it was when the transaction began, and neither waits for nor holds up the connection that writes,
 * so a server keeps answering while a large export is downloaded slowly.
 */
async function sqliteSnapshot(store: Store): Promise<LedgerSnapshot> {
  let native: BetterSqlite3.Database;
  try {
    native = new BetterSqlite3(store.location, { fileMustExist: true });
    native.pragma('busy_timeout = 5000');
    native.pragma('query_only = ON');
    native.exec('begin');
    // The snapshot is taken at the first read, not at `begin`.
    native.prepare('select count(*) from sqlite_master').get();
  } catch (e) {
    throw new FathomError(
      'database_unreadable',
      `Cannot read the database ${store.location}: ${(e as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
  return {
    db,
    dialect: 'sqlite',
    async *pages(table, columns, order, accountId) {
      const [head, tail] = selectParts('sqlite', table, columns, order);
      const statement = native.prepare(`${head}?${tail}`).raw(true);
      let page: unknown[][] = [];
      for (const row of statement.iterate(accountId) as Iterable<unknown[]>) {
        page.push(row);
        if (page.length === pageRows) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },
    async close() {
      await db.destroy();
    },
  };
}

let cursors = 0;

/** A repeatable-read, read-only transaction on one connection of the pool; tables are read through cursors. */
async function postgresSnapshot(store: Store): Promise<LedgerSnapshot> {
  const trx: ControlledTransaction<Database> = await store.db
    .startTransaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute();
  return {
    db: trx,
    dialect: 'postgres',
    async *pages(table, columns, order, accountId) {
      const cursor = `fathom_snapshot_${++cursors}`;
      const [head, tail] = selectParts('postgres', table, columns, order);
      await sql`declare ${sql.raw(cursor)} no scroll cursor for ${sql.raw(head)}${accountId}${sql.raw(tail)}`.execute(
        trx,
      );
      try {
        for (;;) {
          const r = await sql<
            Record<string, unknown>
          >`fetch forward ${sql.raw(String(pageRows))} from ${sql.raw(cursor)}`.execute(trx);
          if (r.rows.length === 0) break;
          yield r.rows.map((row) => columns.map((c) => row[c.name]));
        }
      } finally {
        await sql`close ${sql.raw(cursor)}`.execute(trx);
      }
    },
    async close() {
      if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    },
  };
}

/** Opens a snapshot of the ledger for reading; close it when done (a generator's `finally` does). */
export async function openSnapshot(store: Store): Promise<LedgerSnapshot> {
  return store.dialect === 'postgres' ? postgresSnapshot(store) : sqliteSnapshot(store);
}
