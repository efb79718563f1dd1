import { availableParallelism } from 'node:os';
import { CompiledQuery, sql } from 'kysely';
import type { Db, Dialect } from './database.ts';
import type { CatalogColumn } from './schema-catalog.ts';

// SQLite binds at most 32,766 parameters a statement; a few hundred rows a statement is as fast as more.
const sqliteMaxParams = 16_000;
const sqliteMaxRows = 500;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Statement texts by table and shape, made once: SQLite keeps each text's statement prepared. */
const texts = new Map<string, string>();

function textOf(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    texts.set(key, text);
  }
  return text;
}

/**
 * Writes rows as they are, ids included, to `table`: arrays with one value per column, values
 * already in the form the dialect binds. Multi-row statements on SQLite; on PostgreSQL one array
 * per column through `unnest`, each cast to the column's own type (bytes, booleans, numbers).
 */
export async function insertRowsAsGiven(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: readonly CatalogColumn[],
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => quote(c.name)).join(', ');
  const width = columns.length;
  if (dialect === 'postgres') {
    const text = textOf(`postgres|${table}|${names}`, () => {
      const arrays = columns.map((c, i) => `$${i + 1}::${c.declared}[]`).join(', ');
      return `insert into ${quote(table)} (${names}) select * from unnest(${arrays})`;
    });
    const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
    await db.executeQuery(CompiledQuery.raw(text, arrays));
    return;
  }
  const perStatement = Math.max(1, Math.min(sqliteMaxRows, Math.floor(sqliteMaxParams / width)));
  for (let first = 0; first < rows.length; first += perStatement) {
    const count = Math.min(perStatement, rows.length - first);
    const text = textOf(`sqlite|${table}|${names}|${count}`, () => {
      const one = `(${columns.map(() => '?').join(', ')})`;
      return `insert into ${quote(table)} (${names}) values ${Array<string>(count).fill(one).join(', ')}`;
    });
    const params: unknown[] = [];
    for (let r = first; r < first + count; r++) {
      const row = rows[r]!;
      for (let c = 0; c < width; c++) params.push(row[c] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/** The first of `values` that some row of `table` already holds in `column`, with that row's account. */
export async function firstTaken(
  db: Db,
  table: string,
  column: string,
  values: readonly (string | number)[],
): Promise<{ value: unknown; accountId: string } | undefined> {
  if (values.length === 0) return undefined;
  for (let i = 0; i < values.length; i += 1000) {
    const part = values.slice(i, i + 1000);
    const r = await sql<{ value: unknown; account_id: string }>`select ${sql.ref(column)} as value, account_id
      from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(part)}) limit 1`.execute(db);
    const hit = r.rows[0];
    if (hit) return { value: hit.value, accountId: hit.account_id };
  }
  return undefined;
}

/** Sets `column` of the rows whose single-column key is given: pairs of [key, value]. */
export async function setColumn(
  db: Db,
  table: string,
  key: string,
  column: string,
  pairs: readonly [unknown, unknown][],
): Promise<void> {
  for (const [k, v] of pairs)
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${v} where ${sql.ref(key)} = ${k}`.execute(
      db,
    );
}

/**
 * Moves a PostgreSQL identity's sequence past the largest id in its table, never back: rows written
 * with their own ids leave the sequence where it was, and the next row added would collide.
 */
export async function advanceIdentity(db: Db, table: string, column: string): Promise<void> {
  const seq = await sql<{
    name: string | null;
  }>`select pg_get_serial_sequence(${quote(table)}, ${column}) as name`.execute(db);
  const name = seq.rows[0]?.name;
  if (!name) return;
  await sql`select setval(${name}, greatest(
      (select coalesce(max(${sql.ref(column)}), 0) from ${sql.table(table)}),
      (select last_value from ${sql.raw(name)})), true)
    where exists (select 1 from ${sql.table(table)})`.execute(db);
}

/** How many rows of each table belong to the account, for the tables that hold any. */
export async function accountRowCounts(
  db: Db,
  tables: readonly string[],
  accountId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const any = await sql`select 1 from ${sql.table(table)} where account_id = ${accountId} limit 1`.execute(
      db,
    );
    if (any.rows.length === 0) continue;
    const n = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
      where account_id = ${accountId}`.execute(db);
    counts[table] = Number(n.rows[0]?.n ?? 0);
  }
  return counts;
}

/** Deletes every row of the account from `table`. */
export async function deleteAccountRows(db: Db, table: string, accountId: string): Promise<void> {
  await sql`delete from ${sql.table(table)} where account_id = ${accountId}`.execute(db);
}

/** Helper threads SQLite may sort with while it builds an index: the cores but this one, two to four. */
function sortThreads(): number {
  return Math.min(4, Math.max(2, availableParallelism() - 1));
}

/**
 * Drops the indexes of those `tables` that hold no row at all, of any account, so that a restore
 * fills them alone; the function returned builds every index again, each in one sorted pass.
 * SQLite only, inside the caller's transaction: a failed restore brings them back with the rest.
 * (On PostgreSQL dropping an index would lock the table against every other account.)
 */
export async function setAsideIndexes(
  db: Db,
  dialect: Dialect,
  tables: readonly string[],
): Promise<() => Promise<void>> {
  if (dialect !== 'sqlite') return async () => undefined;
  const empty: string[] = [];
  for (const table of tables) {
    const any = await sql`select 1 from ${sql.table(table)} limit 1`.execute(db);
    if (any.rows.length === 0) empty.push(table);
  }
  if (empty.length === 0) return async () => undefined;
  const found = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'index' and sql is not null and tbl_name in (${sql.join(empty)}) order by name`.execute(db);
  for (const index of found.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return async () => {
    const threads = await sql.raw<{ threads: number }>('pragma threads').execute(db);
    await sql.raw(`pragma threads = ${sortThreads()}`).execute(db);
    try {
      for (const index of found.rows) await sql.raw(index.sql).execute(db);
    } finally {
      await sql.raw(`pragma threads = ${Number(threads.rows[0]?.threads ?? 0)}`).execute(db);
    }
  };
}

/**
 * Has PostgreSQL gather the statistics of tables just filled: its autovacuum would, a while later,
 * but the rollups are rebuilt from them at once, and without statistics the planner joins the
 * entries with their people the slow way (a third of the rebuild's time for 200,000 entries).
 */
export async function analyzeTables(db: Db, dialect: Dialect, tables: readonly string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
}
