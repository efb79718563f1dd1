import { CompiledQuery } from 'kysely';
import type { Db, Dialect } from './database.ts';
import type { JsonColumn } from './json-rows.ts';

// SQLite binds at most 32,766 parameters per statement; smaller statements also prepare faster.
const sqliteMaxParams = 16_000;
const sqliteMaxRows = 500;
// PostgreSQL takes one array per column, so only memory bounds a statement.
const postgresRows = 10_000;

/** Values every row of a load shares (its account, its run), bound once per statement. */
export interface SharedValues {
  columns: JsonColumn[];
  values: unknown[];
}

const noneShared: SharedValues = { columns: [], values: [] };

/** Statement texts by their row columns (callers keep theirs in constants), then by the rest of their shape. */
const statementTexts = new WeakMap<JsonColumn[], Map<string, string>>();

/** The text of a statement of the given shape, made once. */
function statementText(columns: JsonColumn[], shape: string, make: () => string): string {
  let texts = statementTexts.get(columns);
  if (texts === undefined) {
    texts = new Map();
    statementTexts.set(columns, texts);
  }
  let text = texts.get(shape);
  if (text === undefined) {
    text = make();
    texts.set(shape, text);
  }
  return text;
}

const quoted = (columns: JsonColumn[]) => columns.map((c) => `"${c.name}"`).join(', ');

function sqliteInsert(table: string, columns: JsonColumn[], rows: number, shared: JsonColumn[]): string {
  return statementText(columns, `sqlite|${table}|${rows}|${quoted(shared)}`, () => {
    const one = `(${columns.map(() => '?').join(',')})`;
    const values = Array<string>(rows).fill(one).join(',');
    if (shared.length === 0) return `insert into "${table}" (${quoted(columns)}) values ${values}`;
    // The shared values come first, once; the rows' own follow as a table of values.
    const own = columns.map((_, i) => `r.column${i + 1}`).join(', ');
    const theirs = shared.map((c) => `shared."${c.name}"`).join(', ');
    return `with shared(${quoted(shared)}) as (select ${shared.map(() => '?').join(', ')})
        insert into "${table}" (${quoted(columns)}, ${quoted(shared)})
        select ${own}, ${theirs} from shared, (values ${values}) as r`;
  });
}

const postgresType = (c: JsonColumn) => (c.type === 'integer' ? 'bigint' : 'text');

function postgresInsert(table: string, columns: JsonColumn[], shared: JsonColumn[]): string {
  const types = shared.map((c) => `${c.name}:${c.type}`).join(',');
  return statementText(columns, `postgres|${table}|${types}`, () => {
    const arrays = columns.map((c, i) => `$${i + 1}::${postgresType(c)}[]`);
    const scalars = shared.map((c, i) => `, $${columns.length + i + 1}::${postgresType(c)}`).join('');
    const into = shared.length === 0 ? quoted(columns) : `${quoted(columns)}, ${quoted(shared)}`;
    return `insert into "${table}" (${into}) select u.*${scalars} from unnest(${arrays.join(', ')}) as u`;
  });
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
 * row, nulls as null): a large load makes no array per row. Values every row shares are given
 * once, in `shared`, and bound once per statement.
 */
export async function insertFlatRows(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: JsonColumn[],
  flat: unknown[],
  shared: SharedValues = noneShared,
): Promise<void> {
  const width = columns.length;
  const rows = flat.length / width;
  if (dialect === 'postgres') {
    await insertCells(db, dialect, table, columns, rows, (r, c) => flat[r * width + c], shared);
    return;
  }
  // Each statement's parameters are a slice of the rows as they lie: one copy, no call per value.
  for (const [first, count] of sqliteStatements(rows, width)) {
    const own = flat.slice(first * width, (first + count) * width);
    const params = shared.values.length === 0 ? own : [...shared.values, ...own];
    await db.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, count, shared.columns), params));
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
  shared: SharedValues = noneShared,
): Promise<void> {
  if (rows === 0) return;
  const width = columns.length;
  if (dialect === 'postgres') {
    const text = postgresInsert(table, columns, shared.columns);
    for (let i = 0; i < rows; i += postgresRows) {
      const end = Math.min(rows, i + postgresRows);
      const arrays: unknown[][] = columns.map(() => new Array<unknown>(end - i));
      for (let r = i; r < end; r++) for (let c = 0; c < width; c++) arrays[c]![r - i] = cell(r, c);
      await db.executeQuery(CompiledQuery.raw(text, [...arrays, ...shared.values]));
    }
    return;
  }
  for (const [first, count] of sqliteStatements(rows, width)) {
    const params = [...shared.values];
    for (let r = first; r < first + count; r++) for (let c = 0; c < width; c++) params.push(cell(r, c));
    await db.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, count, shared.columns), params));
  }
}
