import { FathomError } from '../domain/errors.ts';
import type { Catalog, CatalogColumn, CatalogReference, CatalogTable } from '../store/schema-catalog.ts';

/** Tables that describe the database rather than an account's ledger: the archive's header carries them. */
const outsideLedger = new Set(['fathom_migrations', 'accounts']);

/** Sums kept for speed, rebuilt from the entries after a restore, so never archived. */
export function isDerived(table: string): boolean {
  return table.startsWith('rollup_');
}

/**
 * References the schema does not declare (columns added after their table, where a constraint
 * would have meant rebuilding it), checked on restore all the same.
 */
const undeclared: readonly (CatalogReference & { from: string })[] = [
  { from: 'entries', column: 'import_run_id', table: 'import_runs', target: 'id' },
];

/** One table as the archive holds it. */
export interface ArchivedTable {
  name: string;
  /** The key's columns first, in key order, then the others by name: the same in every dialect. */
  columns: CatalogColumn[];
  key: string[];
  /** References to other archived tables (the account is the header's), declared or not. */
  references: CatalogReference[];
  /** Keyed by the account alone (the settings): one row, which a restore replaces. */
  perAccount: boolean;
}

function archiveColumns(table: CatalogTable): CatalogColumn[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const keyed = table.key.map((k) => byName.get(k)!);
  const rest = table.columns
    .filter((c) => !table.key.includes(c.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...keyed, ...rest];
}

/**
 * The tables an account's archive holds, each after every table it refers to (so a restore can
 * write them as they arrive), ties broken by name: the same order from SQLite and PostgreSQL.
 * A table without an `account_id` column cannot be placed in an account's archive: that is a
 * schema mistake, reported rather than silently left out.
 */
export function archivedTables(catalog: Catalog): ArchivedTable[] {
  const tables = new Map<string, ArchivedTable>();
  for (const table of catalog.values()) {
    if (outsideLedger.has(table.name) || isDerived(table.name)) continue;
    if (!table.columns.some((c) => c.name === 'account_id'))
      throw new FathomError(
        'internal',
        `Table ${table.name} has no account_id column, so no account's archive can hold it.`,
      );
    const references = table.references.filter((r) => !outsideLedger.has(r.table));
    for (const u of undeclared)
      if (
        u.from === table.name &&
        table.columns.some((c) => c.name === u.column) &&
        !references.some((r) => r.column === u.column)
      )
        references.push({ column: u.column, table: u.table, target: u.target });
    tables.set(table.name, {
      name: table.name,
      columns: archiveColumns(table),
      key: table.key,
      references,
      perAccount: table.key.length === 1 && table.key[0] === 'account_id',
    });
  }
  const ordered: ArchivedTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.size) {
    const ready = [...tables.values()]
      .filter(
        (t) =>
          !placed.has(t.name) &&
          t.references.every((r) => r.table === t.name || placed.has(r.table) || !tables.has(r.table)),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const next = ready[0];
    if (!next) {
      const left = [...tables.keys()].filter((n) => !placed.has(n)).join(', ');
      throw new FathomError('internal', `The tables ${left} refer to each other in a circle; no order fits.`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
