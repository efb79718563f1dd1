import { sql } from 'kysely';
import type { Db, Dialect } from './database.ts';

/** How a column's values are written down, whatever the dialect calls its type. */
export type ValueKind = 'integer' | 'real' | 'text' | 'blob' | 'boolean';

export interface CatalogColumn {
  name: string;
  kind: ValueKind;
  /** The type as the database declares it (`integer`, `double precision`, `bytea`…). */
  declared: string;
  notNull: boolean;
  /** The database fills it when an insert leaves it out (a default or an identity). */
  hasDefault: boolean;
  /** PostgreSQL identity column (its sequence is advanced after rows arrive with their ids). */
  identity: boolean;
}

/** A foreign key of one column: `column` points at `table.column`. */
export interface CatalogReference {
  column: string;
  table: string;
  target: string;
}

export interface CatalogTable {
  name: string;
  /** In the order the database keeps them. */
  columns: CatalogColumn[];
  /** Primary key columns in key order; empty for a table without one. */
  key: string[];
  references: CatalogReference[];
}

/** Every table of the database as its schema stands, by name. */
export type Catalog = Map<string, CatalogTable>;

/** The kind of a declared SQLite type, by SQLite's own affinity rules, with booleans told apart. */
function sqliteKind(declared: string): ValueKind {
  const t = declared.toUpperCase();
  if (t.includes('BOOL')) return 'boolean';
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT') || t.includes('JSON')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  return 'real';
}

/** The kind of a PostgreSQL type as `format_type` names it. */
function postgresKind(declared: string): ValueKind {
  if (/^(smallint|integer|bigint)\b/.test(declared)) return 'integer';
  if (/^(real|double precision|numeric)\b/.test(declared)) return 'real';
  if (declared === 'boolean') return 'boolean';
  if (declared === 'bytea') return 'blob';
  return 'text';
}

interface SqliteColumnRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

interface SqliteReferenceRow {
  id: number;
  table: string;
  from: string;
  to: string | null;
}

async function sqliteCatalog(db: Db): Promise<Catalog> {
  // Ordinary tables only: a virtual table (full-text search) and its shadow tables are built from others.
  const names = await sql<{ name: string }>`select name from pragma_table_list
    where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(
    db,
  );
  const catalog: Catalog = new Map();
  for (const { name } of names.rows) {
    const info = await sql<SqliteColumnRow>`select name, type, "notnull", dflt_value, pk
      from pragma_table_info(${name}) order by cid`.execute(db);
    const keyed = info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    // An `integer primary key` is the row id: SQLite numbers it when an insert leaves it out.
    const rowId = keyed.length === 1 && keyed[0]!.type.toUpperCase() === 'INTEGER' ? keyed[0]!.name : null;
    const columns = info.rows.map((c): CatalogColumn => ({
      name: c.name,
      kind: sqliteKind(c.type),
      declared: c.type.toLowerCase(),
      notNull: c.notnull === 1 || c.name === rowId,
      hasDefault: c.dflt_value !== null || c.name === rowId,
      identity: false,
    }));
    const refs = await sql<SqliteReferenceRow>`select id, "table", "from", "to"
      from pragma_foreign_key_list(${name}) order by id, seq`.execute(db);
    catalog.set(name, {
      name,
      columns,
      key: keyed.map((c) => c.name),
      references: refs.rows.map((r) => ({ column: r.from, table: r.table, target: r.to ?? '' })),
    });
  }
  // A reference written without its column names the other table's primary key.
  for (const table of catalog.values())
    for (const r of table.references) if (r.target === '') r.target = catalog.get(r.table)?.key[0] ?? 'rowid';
  return catalog;
}

interface PostgresColumnRow {
  table_name: string;
  column_name: string;
  declared: string;
  not_null: boolean;
  has_default: boolean;
  identity: boolean;
}

async function postgresCatalog(db: Db): Promise<Catalog> {
  const columns = await sql<PostgresColumnRow>`select c.relname as table_name, a.attname as column_name,
      format_type(a.atttypid, a.atttypmod) as declared, a.attnotnull as not_null,
      a.atthasdef or a.attidentity <> '' as has_default, a.attidentity <> '' as identity
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const catalog: Catalog = new Map();
  for (const r of columns.rows) {
    let table = catalog.get(r.table_name);
    if (!table) {
      table = { name: r.table_name, columns: [], key: [], references: [] };
      catalog.set(r.table_name, table);
    }
    table.columns.push({
      name: r.column_name,
      kind: postgresKind(r.declared),
      declared: r.declared,
      notNull: r.not_null,
      hasDefault: r.has_default,
      identity: r.identity,
    });
  }
  const keys = await sql<{ table_name: string; column_name: string }>`select c.relname as table_name,
      a.attname as column_name
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(con.conkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where con.contype = 'p' and n.nspname = current_schema()
    order by c.relname, k.position`.execute(db);
  for (const r of keys.rows) catalog.get(r.table_name)?.key.push(r.column_name);
  const refs = await sql<{
    table_name: string;
    column_name: string;
    target_table: string;
    target_column: string;
  }>`select c.relname as table_name, a.attname as column_name, rc.relname as target_table,
      ra.attname as target_column
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class rc on rc.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(con.conkey, con.confkey) with ordinality as k(attnum, target_attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    join pg_attribute ra on ra.attrelid = rc.oid and ra.attnum = k.target_attnum
    where con.contype = 'f' and n.nspname = current_schema()
    order by c.relname, con.conname, k.position`.execute(db);
  for (const r of refs.rows)
    catalog
      .get(r.table_name)
      ?.references.push({ column: r.column_name, table: r.target_table, target: r.target_column });
  return catalog;
}

/** Reads the tables, columns, keys and references of the migrated schema from the database itself. */
export async function readCatalog(db: Db, dialect: Dialect): Promise<Catalog> {
  return dialect === 'postgres' ? postgresCatalog(db) : sqliteCatalog(db);
}
