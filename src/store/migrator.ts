import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { FathomError } from '../domain/errors.ts';
import type { Database, Dialect } from './database.ts';
import type { Migration } from './migrations/migration.ts';

/**
 * Applies pending migrations in one transaction and records them. Refuses a database
 * whose applied migrations are not a prefix of `known` (written by a newer or a different Fathom).
 */
export async function migrate(
  db: Kysely<Database>,
  dialect: Dialect,
  known: readonly Migration[],
): Promise<string[]> {
  await sql`create table if not exists fathom_migrations (
    position integer primary key,
    name text not null,
    applied_at text not null
  )`.execute(db);

  // Nothing to apply, as on nearly every start: no transaction, so that a command that only reads
  // does not wait for the write lock another Fathom holds.
  const recorded = await db.selectFrom('fathom_migrations').select('name').orderBy('position').execute();
  checkHistory(
    recorded.map((r) => r.name),
    known,
  );
  if (recorded.length === known.length) return [];

  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      // Two processes starting at once must not both migrate.
      await sql`select pg_advisory_xact_lock(7406351)`.execute(trx);
    }
    const rows = await trx
      .selectFrom('fathom_migrations')
      .select(['position', 'name'])
      .orderBy('position')
      .execute();
    checkHistory(
      rows.map((r) => r.name),
      known,
    );
    for (let i = rows.length; i < known.length; i++) {
      const m = known[i]!;
      await m.up(trx as unknown as Kysely<unknown>, dialect);
      await trx
        .insertInto('fathom_migrations')
        .values({ position: i + 1, name: m.name, applied_at: new Date().toISOString() })
        .execute();
      applied.push(m.name);
    }
  });
  return applied;
}

/** Throws a clear error unless `applied` is a prefix of the known migrations. */
export function checkHistory(applied: readonly string[], known: readonly Migration[]): void {
  for (let i = 0; i < applied.length; i++) {
    const expected = known[i];
    if (!expected) {
      throw new FathomError(
        'database_too_new',
        `This database was written by a newer version of Fathom (schema step "${applied[i]}" is unknown to this one). Upgrade Fathom to open it.`,
      );
    }
    if (expected.name !== applied[i]) {
      throw new FathomError(
        'database_unknown_history',
        `This database's schema history does not match this version of Fathom (step ${i + 1} is "${applied[i]}", expected "${expected.name}"). Refusing to change it.`,
      );
    }
  }
}
