import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db, Dialect } from './database.ts';

/** A column written from a JSON row: rows are arrays with one value per column, in order. */
export interface JsonColumn {
  name: string;
  type: 'text' | 'integer';
}

// Rows per statement: one parameter each, so only the statement's size limits it.
const chunkRows = 5000;

/**
 * The rows as a derived table `j` with the given columns and an ordinal `n`. Passing a whole
 * chunk as one JSON parameter keeps statements small and their compilation cheap on both dialects.
 */
function jsonSource(dialect: Dialect, columns: JsonColumn[], rows: unknown[][]): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  if (dialect === 'postgres') {
    const picks = columns.map((c, i) => sql`(e->>${sql.lit(i)})::${sql.raw(c.type)} as ${sql.ref(c.name)}`);
    return sql`(select ${sql.join(picks)}, n from jsonb_array_elements(${json}::jsonb) with ordinality as x(e, n)) as j`;
  }
  const picks = columns.map((c, i) => sql`value->>${sql.lit(i)} as ${sql.ref(c.name)}`);
  return sql`(select ${sql.join(picks)}, key as n from json_each(${json})) as j`;
}

/** Inserts rows in chunks; with `returnIds`, returns the new ids in row order. */
export async function insertJsonRows(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: JsonColumn[],
  rows: unknown[][],
  returnIds = false,
): Promise<number[]> {
  const ids: number[] = [];
  const names = sql.join(columns.map((c) => sql.ref(c.name)));
  const picked = sql.join(columns.map((c) => sql.ref(`j.${c.name}`)));
  for (let i = 0; i < rows.length; i += chunkRows) {
    const chunk = rows.slice(i, i + chunkRows);
    const source = jsonSource(dialect, columns, chunk);
    if (returnIds) {
      const result = await sql<{ id: number }>`insert into ${sql.table(table)} (${names})
        select ${picked} from ${source} order by j.n returning id`.execute(db);
      if (result.rows.length !== chunk.length)
        throw new Error(`inserted ${result.rows.length} of ${chunk.length} rows into ${table}`);
      for (const r of result.rows) ids.push(Number(r.id));
    } else {
      await sql`insert into ${sql.table(table)} (${names}) select ${picked} from ${source} order by j.n`.execute(
        db,
      );
    }
  }
  return ids;
}

/**
 * Takes `count` new ids of `table` up front, so that rows can be written with their ids (and rows
 * pointing at them in the same statements' batches) without reading ids back. The caller holds
 * the write transaction: on SQLite a concurrent writer makes the transaction fail, never collide.
 */
export async function reserveIds(db: Db, dialect: Dialect, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  if (dialect === 'postgres') {
    const r = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`.execute(
      db,
    );
    return r.rows.map((row) => Number(row.id));
  }
  const r = await sql<{
    top: number | null;
  }>`select max(coalesce((select seq from sqlite_sequence where name = ${table}), 0),
      coalesce((select max(id) from ${sql.table(table)}), 0)) as top`.execute(db);
  const top = Number(r.rows[0]?.top ?? 0);
  return Array.from({ length: count }, (_, i) => top + 1 + i);
}

let scratchTables = 0;

/** Updates rows of `table` whose key (the first column) matches, setting the other columns. */
export async function updateJsonRows(
  db: Db,
  dialect: Dialect,
  table: string,
  accountId: string,
  columns: JsonColumn[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const key = columns[0]!.name;
  const sets = sql.join(columns.slice(1).map((c) => sql`${sql.ref(c.name)} = j.${sql.ref(c.name)}`));
  const where = sql`${sql.table(table)}.${sql.ref(key)} = j.${sql.ref(key)} and ${sql.table(table)}.account_id = ${accountId}`;
  if (dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += chunkRows) {
      const source = jsonSource(dialect, columns, rows.slice(i, i + chunkRows));
      await sql`update ${sql.table(table)} set ${sets} from ${source} where ${where}`.execute(db);
    }
    return;
  }
  // SQLite would join a derived table by scanning it once per target row: stage the rows in a
  // keyed temporary table so that every row is found by its key.
  const scratch = `fathom_update_${++scratchTables}`;
  const defs = columns.map(
    (c, i) => sql`${sql.ref(c.name)} ${sql.raw(c.type)}${sql.raw(i === 0 ? ' primary key' : '')}`,
  );
  await sql`create temp table ${sql.table(scratch)} (${sql.join(defs)})`.execute(db);
  try {
    const names = sql.join(columns.map((c) => sql.ref(c.name)));
    for (let i = 0; i < rows.length; i += chunkRows) {
      const source = jsonSource(dialect, columns, rows.slice(i, i + chunkRows));
      await sql`insert into ${sql.table(scratch)} (${names}) select ${names} from ${source}`.execute(db);
    }
    await sql`update ${sql.table(table)} set ${sets} from ${sql.table(scratch)} as j where ${where}`.execute(
      db,
    );
  } finally {
    await sql`drop table ${sql.table(scratch)}`.execute(db);
  }
}

/** Deletes rows of `table` whose `column` is in `values`, in chunks within both dialects' parameter limits. */
export async function deleteIn(
  db: Db,
  table: string,
  accountId: string,
  column: string,
  values: (string | number)[],
): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    await sql`delete from ${sql.table(table)} where account_id = ${accountId} and ${sql.ref(column)} in (${sql.join(chunk)})`.execute(
      db,
    );
  }
}

/** Deletes rows of `table` that match one of `rows` in every given column, in chunks. */
export async function deleteJsonRows(
  db: Db,
  dialect: Dialect,
  table: string,
  accountId: string,
  columns: JsonColumn[],
  rows: unknown[][],
): Promise<void> {
  const names = sql.join(columns.map((c) => sql.ref(c.name)));
  for (let i = 0; i < rows.length; i += chunkRows) {
    const source = jsonSource(dialect, columns, rows.slice(i, i + chunkRows));
    // PostgreSQL joins the rows to the table. SQLite looks each row value up in the table's keys;
    // the unary plus keeps it from walking an index that leads with the account instead.
    if (dialect === 'postgres') {
      const on = sql.join(
        columns.map((c) => sql`${sql.table(table)}.${sql.ref(c.name)} = j.${sql.ref(c.name)}`),
        sql` and `,
      );
      await sql`delete from ${sql.table(table)} using ${source} where ${on} and ${sql.table(table)}.account_id = ${accountId}`.execute(
        db,
      );
    } else {
      await sql`delete from ${sql.table(table)} where (${names}) in (select ${names} from ${source}) and +account_id = ${accountId}`.execute(
        db,
      );
    }
  }
}
