import { CompiledQuery } from 'kysely';
import type { Db, Dialect } from './database.ts';
import type { JsonColumn } from './json-rows.ts';

// SQLite binds at most 32,766 parameters per statement; smaller statements also prepare faster.
const sqliteMaxParams = 16_000;
const sqliteMaxRows = 500;
// PostgreSQL takes one array per column, so only memory bounds a statement.
const postgresRows = 10_000;

const statements = new Map<string, string>();
/** SQLite statement texts by columns (callers keep theirs in constants), table and row count. */
const sqliteStatementTexts = new WeakMap<JsonColumn[], Map<string, string>>();

function sqliteInsert(table: string, columns: JsonColumn[], rows: number): string {
  let texts = sqliteStatementTexts.get(columns);
  if (texts === undefined) {
    texts = new Map();
    sqliteStatementTexts.set(columns, texts);
  }
  const key = `${table}|${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    const one = `(${columns.map(() => '?').join(',')})`;
    text = `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values ${Array<string>(rows).fill(one).join(',')}`;
    texts.set(key, text);
  }
  return text;
}

function postgresInsert(table: string, columns: JsonColumn[]): string {
  const key = `pg|${table}|${columns.map((c) => `${c.name}:${c.type}`).join(',')}`;
  let text = statements.get(key);
  if (text === undefined) {
    const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'integer' ? 'bigint' : 'text'}[]`);
    text = `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) select * from unnest(${arrays.join(', ')})`;
    statements.set(key, text);
  }
  return text;
}

/**
 * Inserts rows (arrays with one value per column, in order) with bound parameters: multi-row
 * statements on SQLite, one array per column through `unnest` on PostgreSQL. Values are bound,
 * never parsed from text, so long values (snapshots, notes) cost no more than short ones.
 */
export async function insertRows(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: JsonColumn[],
  rows: unknown[][],
): Promise<void> {
  await insertCells(db, dialect, table, columns, rows.length, (r, c) => rows[r]![c] ?? null);
}

/**
 * The same as `insertRows` with the rows laid end to end in one array (`columns.length` values a
 * row, nulls as null): a large load makes no array per row.
 */
export async function insertFlatRows(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: JsonColumn[],
  flat: unknown[],
): Promise<void> {
  const width = columns.length;
  const rows = flat.length / width;
  if (dialect === 'postgres') {
    await insertCells(db, dialect, table, columns, rows, (r, c) => flat[r * width + c]);
    return;
  }
  // Each statement's parameters are a slice of the rows as they lie: one copy, no call per value.
  for (const [first, count] of sqliteStatements(rows, width)) {
    const params = flat.slice(first * width, (first + count) * width);
    await db.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, count), params));
  }
}

/**
 * Splits `rows` rows into SQLite statements as [first row, row count]: as many rows as the
 * parameter limit allows, and a power-of-two number of rows for the rest, so that a handful of
 * statement texts serve every batch size and each is prepared once (see the statement cache).
 */
function sqliteStatements(rows: number, width: number): [number, number][] {
  const perStatement = Math.max(1, Math.min(sqliteMaxRows, Math.floor(sqliteMaxParams / width)));
  const out: [number, number][] = [];
  for (let i = 0; i < rows;) {
    let count = 1;
    while (count * 2 <= Math.min(perStatement, rows - i)) count *= 2;
    if (rows - i >= perStatement) count = perStatement;
    out.push([i, count]);
    i += count;
  }
  return out;
}

/** Inserts `rows` rows whose values `cell` gives by row and column, each value copied once into its statement. */
async function insertCells(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: JsonColumn[],
  rows: number,
  cell: (row: number, column: number) => unknown,
): Promise<void> {
  if (rows === 0) return;
  const width = columns.length;
  if (dialect === 'postgres') {
    const text = postgresInsert(table, columns);
    for (let i = 0; i < rows; i += postgresRows) {
      const end = Math.min(rows, i + postgresRows);
      const arrays: unknown[][] = columns.map(() => new Array<unknown>(end - i));
      for (let r = i; r < end; r++) for (let c = 0; c < width; c++) arrays[c]![r - i] = cell(r, c);
      await db.executeQuery(CompiledQuery.raw(text, arrays));
    }
    return;
  }
  for (const [first, count] of sqliteStatements(rows, width)) {
    const params = new Array<unknown>(count * width);
    let p = 0;
    for (let r = first; r < first + count; r++) for (let c = 0; c < width; c++) params[p++] = cell(r, c);
    await db.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, count), params));
  }
}
