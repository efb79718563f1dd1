import { sql } from 'kysely';
import { FathomError } from '../domain/errors.ts';
import type { Db, Dialect } from './database.ts';

export interface TransactionOptions {
  /**
   * On SQLite, check the foreign keys once, over the whole database, just before the commit,
   * rather than row by row as each row is written. Worth it for a load that is large next to the
   * database: a row's own check costs about three times its share of the one pass. PostgreSQL
   * always checks row by row.
   */
  referencesAtEnd?: boolean;
}

/** A row `pragma foreign_key_check` found pointing at nothing. */
interface BrokenReference {
  table: string;
  rowid: number | null;
  parent: string;
}

/** Runs `work` in one transaction: all of it is committed, or none of it when it throws. */
export async function inTransaction<T>(
  db: Db,
  dialect: Dialect,
  work: (trx: Db) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (!options.referencesAtEnd || dialect !== 'sqlite') return db.transaction().execute(work);
  // The setting is the connection's and cannot change inside a transaction: it is switched off
  // before, and on again after, on the one connection held throughout, so nothing else runs unchecked.
  return db.connection().execute(async (connection) => {
    await sql`pragma foreign_keys = off`.execute(connection);
    try {
      return await connection.transaction().execute(async (trx) => {
        const result = await work(trx);
        const broken = await sql<BrokenReference>`pragma foreign_key_check`.execute(trx);
        const first = broken.rows[0];
        if (first) {
          throw new FathomError(
            'internal',
            `Nothing was written: ${broken.rows.length} ${broken.rows.length === 1 ? 'row' : 'rows'} of ${first.table} would point at a missing ${first.parent} row.`,
          );
        }
        return result;
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(connection);
    }
  });
}
