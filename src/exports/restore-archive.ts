import { FathomError } from '../domain/errors.ts';
import { maxEntryMinutes } from '../domain/duration.ts';
import { isPlausibleInstant, isPlausibleYear, plausibleRange } from '../domain/field-limits.ts';
import type { Db, Dialect } from '../store/database.ts';
import { migrations as knownMigrations } from '../store/migrations/index.ts';
import {
  accountRowCounts,
  advanceIdentity,
  analyzeTables,
  deleteAccountRows,
  setAsideIndexes,
  firstTaken,
  insertRowsAsGiven,
  setColumn,
} from '../store/restore-rows.ts';
import { rebuildRollups } from '../store/rollups.ts';
import { readCatalog } from '../store/schema-catalog.ts';
import type { CatalogColumn, CatalogReference } from '../store/schema-catalog.ts';
import type { ArchiveAccount, ArchiveHeader } from './archive-format.ts';
import { archiveFormat, archiveVersion, databaseValue, shown, valueKinds } from './archive-format.ts';
import { archivedTables, isDerived } from './archive-tables.ts';
import type { ArchivedTable } from './archive-tables.ts';
import { readArchive } from './read-archive.ts';

/** Where a restore writes: an empty ledger of the current account, inside the caller's transaction. */
export interface RestoreTarget {
  db: Db;
  dialect: Dialect;
  accountId: string;
  progress?(phase: string, done: number, total: number): void;
}

export interface RestoreSource {
  chunks: AsyncIterable<Uint8Array>;
  /** As the messages name it. */
  fileName: string;
  /** The file's size, for progress. */
  size?: number;
}

/** What a restore loaded. */
export interface RestoreReport {
  fileName: string;
  exportedAt: string;
  /** The account the archive was made from; its rows now belong to the current account. */
  from: ArchiveAccount;
  accountId: string;
  /** Rows restored per table, in the archive's order. */
  tables: Record<string, number>;
  /** The ledger's settings before the archive's replaced them, when it had a purpose of its own. */
  replacedPurpose: string | null;
}

/**
 * The domain's own bounds, held on restore as on every other write path: an archive edited by hand
 * cannot bring in what typing or an import would refuse.
 */
const valueRules: Record<string, Record<string, (value: unknown) => string | undefined>> = {
  entries: {
    started_at: (v) =>
      typeof v === 'string' && isPlausibleInstant(Date.parse(v))
        ? undefined
        : `${shown(v)} is not a plausible start; entries must start ${plausibleRange}`,
    minutes: (v) =>
      typeof v === 'number' && v >= 0 && v <= maxEntryMinutes
        ? undefined
        : `${shown(v)} is not a duration Fathom keeps (0 to ${maxEntryMinutes} minutes)`,
  },
  people: {
    birthday_year: (v) =>
      typeof v === 'number' && isPlausibleYear(v)
        ? undefined
        : `${shown(v)} is not a plausible year of birth; it must be ${plausibleRange}`,
  },
};

function invalid(fileName: string, message: string, field = 'file'): FathomError {
  return new FathomError('invalid_input', `${fileName}: ${message}`, { field });
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Checks the header and returns it typed, or says what is wrong with it. */
function checkHeader(fields: Record<string, unknown>, fileName: string): ArchiveHeader {
  if (fields.format !== archiveFormat)
    throw invalid(
      fileName,
      fields.format === undefined
        ? 'this is not a Fathom archive (it has no "format": "fathom-archive").'
        : `this is not a Fathom archive (its format is ${shown(fields.format)}, not "${archiveFormat}").`,
    );
  const version = fields.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw invalid(fileName, `the archive's version ${shown(version)} is not a version Fathom writes.`);
  if (version > archiveVersion)
    throw invalid(
      fileName,
      `the archive was written by a newer Fathom (archive version ${version}; this Fathom reads version ${archiveVersion}). Upgrade Fathom to restore it.`,
    );
  const steps = fields.migrations;
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string'))
    throw invalid(fileName, 'the archive\'s "migrations" must be a list of schema step names.');
  for (const [i, step] of (steps as string[]).entries()) {
    const known = knownMigrations[i];
    if (!known)
      throw invalid(
        fileName,
        `the archive was written by a newer Fathom (its schema step "${step}" is unknown to this one). Upgrade Fathom to restore it.`,
      );
    if (known.name !== step)
      throw invalid(
        fileName,
        `the archive's schema history does not match this Fathom's (step ${i + 1} is "${step}", expected "${known.name}").`,
      );
  }
  const account = fields.account as Record<string, unknown> | null | undefined;
  if (
    typeof account !== 'object' ||
    account === null ||
    typeof account.id !== 'string' ||
    account.id === '' ||
    typeof account.name !== 'string' ||
    typeof account.createdAt !== 'string'
  )
    throw invalid(fileName, 'the archive\'s "account" must give the id, name and createdAt of its account.');
  if (typeof fields.exportedAt !== 'string')
    throw invalid(fileName, 'the archive\'s "exportedAt" must say when it was written.');
  return {
    format: archiveFormat,
    version,
    exportedAt: fields.exportedAt,
    migrations: steps as string[],
    account: { id: account.id, name: account.name, createdAt: account.createdAt },
  };
}

/** What the rows of a table are, as a person would count them. */
const rowNames: Record<string, [string, string]> = {
  people: ['person', 'people'],
  entries: ['entry', 'entries'],
  goals: ['goal', 'goals'],
  contact_points: ['contact point', 'contact points'],
  person_tags: ['tag', 'tags'],
  person_addresses: ['address', 'addresses'],
  person_related: ['related name', 'related names'],
  person_connections: ['network connection', 'network connections'],
  person_photos: ['photo', 'photos'],
  entry_revisions: ['revision of an entry', 'revisions of entries'],
  entry_people: ['link of a person to an entry', 'links of people to entries'],
  reviews: ['review', 'reviews'],
  import_runs: ['import run', 'import runs'],
  import_changes: ['change recorded by an import', 'changes recorded by imports'],
  import_records: ['imported record', 'imported records'],
  person_merges: ['merge', 'merges'],
  person_distinct: ['pair marked as different people', 'pairs marked as different people'],
  judging_rules: ['judging rule', 'judging rules'],
};

/** The ledger must hold nothing of its own: a restore never mixes an archive into existing data. */
async function checkEmpty(target: RestoreTarget, tables: readonly ArchivedTable[]): Promise<void> {
  const counts = await accountRowCounts(
    target.db,
    tables.filter((t) => !t.perAccount).map((t) => t.name),
    target.accountId,
  );
  // People and entries first: what a person recognizes their ledger by.
  const rank = (table: string) => {
    const i = Object.keys(rowNames).indexOf(table);
    return i < 0 ? Infinity : i;
  };
  const held = Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b));
  if (held.length === 0) return;
  const list = held.map(([table, n]) => {
    const [one, many] = rowNames[table] ?? [
      `${table.replace(/_/g, ' ')} row`,
      `${table.replace(/_/g, ' ')} rows`,
    ];
    return plural(n, one, many);
  });
  const demo = await target.db
    .selectFrom('entries')
    .select('id')
    .where('account_id', '=', target.accountId)
    .where('source', '=', 'demo')
    .limit(1)
    .executeTakeFirst();
  throw new FathomError(
    'conflict',
    `This ledger is not empty: it holds ${list.join(', ')}. A restore loads an archive only into an empty ledger, so nothing of yours is mixed with it or lost; restore into a new database (fathom --db new.db restore FILE)${demo ? ', or take the demo data out first (fathom demo remove)' : ''}.`,
  );
}

/** One table being restored: its columns as the archive lists them and what its rows must satisfy. */
interface TableState {
  table: ArchivedTable;
  /** The database's column for each archive column, in the archive's order. */
  columns: CatalogColumn[];
  accountColumn: number;
  keyColumn: number;
  references: { index: number; ref: CatalogReference }[];
  /** References to the table itself, written once the whole table is in. */
  selfReferences: { index: number; ref: CatalogReference; pending: [unknown, unknown][] }[];
  /** The key values written so far (a repeat is an error). */
  keys: Set<unknown>;
  /** Columns other tables refer to, by index, with the values seen in them so far. */
  referred: { index: number; values: Set<unknown> }[];
  rows: number;
}

/**
 * Loads an archive into the current account's empty ledger, in the caller's transaction: every
 * table in the archive's order, ids as they were, each row checked first (its table and columns
 * known, its values of the right kind, its account the archive's own, what it refers to present).
 * The first problem throws, naming the table, row and column, and the transaction leaves the
 * ledger as it was. The rollups are rebuilt from the restored entries at the end.
 */
export async function restoreArchive(target: RestoreTarget, source: RestoreSource): Promise<RestoreReport> {
  const { db, dialect, accountId } = target;
  const { fileName } = source;
  const catalog = await readCatalog(db, dialect);
  const tables = archivedTables(catalog);
  const byName = new Map(tables.map((t) => [t.name, t]));
  await checkEmpty(target, tables);
  // Tables empty in the whole database fill faster without their indexes, built again at the end.
  const rebuildIndexes = await setAsideIndexes(db, dialect, [
    ...tables.map((t) => t.name),
    ...[...catalog.keys()].filter(isDerived),
  ]);
  const before = await db
    .selectFrom('settings')
    .select('purpose')
    .where('account_id', '=', accountId)
    .executeTakeFirst();

  let readBytes = 0;
  const total = source.size ?? 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source.chunks) {
      readBytes += chunk.length;
      if (total > 0) target.progress?.('Restoring', Math.min(readBytes, total), total);
      yield chunk;
    }
  }

  let header: ArchiveHeader | undefined;
  const restored: Record<string, number> = {};
  /** Values present so far of every column some reference points at, by table and column. */
  const present = new Map<string, Map<string, Set<unknown>>>();
  for (const t of tables)
    for (const r of t.references) {
      let columns = present.get(r.table);
      if (!columns) present.set(r.table, (columns = new Map()));
      if (!columns.has(r.target)) columns.set(r.target, new Set());
    }
  /** Tables already referred to by an earlier table: one of them arriving later is out of order. */
  const awaited = new Map<string, string>();
  let state: TableState | undefined;

  const where = (s: TableState, row: number, values?: unknown[]) => {
    const key =
      s.keyColumn >= 0 && values ? ` (${s.columns[s.keyColumn]!.name} ${shown(values[s.keyColumn])})` : '';
    return `table ${s.table.name}, row ${row.toLocaleString('en')}${key}`;
  };

  for await (const piece of readArchive(counted(), fileName)) {
    if (piece.kind === 'header') {
      header = checkHeader(piece.fields, fileName);
      continue;
    }
    if (!header) throw invalid(fileName, 'the archive has no header.');
    if (piece.kind === 'table') {
      state = await startTable(piece.name, piece.columns);
      continue;
    }
    if (!state) throw invalid(fileName, 'rows come before their table.');
    if (piece.kind === 'rows') {
      await writeRows(state, piece.rows, piece.first);
      continue;
    }
    await finishTable(state);
    restored[state.table.name] = state.rows;
    state = undefined;
  }
  if (!header) throw invalid(fileName, 'the archive has no header.');

  async function startTable(name: unknown, columns: unknown): Promise<TableState> {
    if (typeof name !== 'string') throw invalid(fileName, `a table's name must be text, not ${shown(name)}.`);
    if (isDerived(name))
      throw invalid(fileName, `table ${name} is rebuilt from the entries and never archived; remove it.`);
    const table = byName.get(name);
    if (!table) throw invalid(fileName, `the archive has a table "${name}" that this Fathom does not know.`);
    if (name in restored) throw invalid(fileName, `table ${name} appears twice.`);
    const after = awaited.get(name);
    if (after)
      throw invalid(
        fileName,
        `table ${name} comes after table ${after}, which refers to it; tables must come in the order Fathom writes them.`,
      );
    for (const r of table.references)
      if (r.table !== name && !(r.table in restored)) awaited.set(r.table, name);
    if (!Array.isArray(columns)) throw invalid(fileName, `table ${name}: "columns" must be a list.`);
    const known = new Map(table.columns.map((c) => [c.name, c]));
    const chosen: CatalogColumn[] = [];
    for (const [i, c] of columns.entries()) {
      const column = c as { name?: unknown; type?: unknown } | null;
      if (typeof column !== 'object' || column === null || typeof column.name !== 'string')
        throw invalid(fileName, `table ${name}: column ${i + 1} must be {"name": …, "type": …}.`);
      const mine = known.get(column.name);
      if (!mine)
        throw invalid(
          fileName,
          `table ${name} has a column "${column.name}" that this Fathom does not know.`,
        );
      if (chosen.includes(mine)) throw invalid(fileName, `table ${name} lists column ${column.name} twice.`);
      if (typeof column.type !== 'string' || !valueKinds.includes(column.type as never))
        throw invalid(
          fileName,
          `table ${name}, column ${column.name}: ${shown(column.type)} is not a type of value.`,
        );
      if (column.type !== mine.kind)
        throw invalid(
          fileName,
          `table ${name}, column ${column.name} holds ${column.type} values in the archive, but ${mine.kind} values in this Fathom.`,
        );
      chosen.push(mine);
    }
    for (const c of table.columns)
      if (c.notNull && !c.hasDefault && !chosen.includes(c))
        throw invalid(fileName, `table ${name} lacks its column ${c.name}, which every row must have.`);
    const accountColumn = chosen.findIndex((c) => c.name === 'account_id');
    if (accountColumn < 0) throw invalid(fileName, `table ${name} lacks its column account_id.`);
    const keyColumn =
      table.key.length === 1 && table.key[0] !== 'account_id'
        ? chosen.findIndex((c) => c.name === table.key[0])
        : -1;
    const references = table.references
      .filter((r) => r.table !== name)
      .map((ref) => ({ index: chosen.findIndex((c) => c.name === ref.column), ref }))
      .filter((r) => r.index >= 0);
    const selfReferences = table.references
      .filter((r) => r.table === name)
      .map((ref) => ({
        index: chosen.findIndex((c) => c.name === ref.column),
        ref,
        pending: [] as [unknown, unknown][],
      }))
      .filter((r) => r.index >= 0);
    if (selfReferences.length > 0 && keyColumn < 0)
      throw new FathomError('internal', `Table ${name} refers to itself but has no single-column key.`);
    const referredHere = present.get(name) ?? new Map<string, Set<unknown>>();
    const keyName = keyColumn >= 0 ? chosen[keyColumn]!.name : undefined;
    const referred = [...referredHere]
      .filter(([column]) => column !== keyName)
      .map(([column, values]) => ({ index: chosen.findIndex((c) => c.name === column), values }))
      .filter((r) => r.index >= 0);
    // The account's one row (its settings) is replaced by the archive's.
    if (table.perAccount) await deleteAccountRows(db, name, accountId);
    return {
      table,
      columns: chosen,
      accountColumn,
      keyColumn,
      references,
      selfReferences,
      keys: (keyName !== undefined ? referredHere.get(keyName) : undefined) ?? new Set(),
      referred,
      rows: 0,
    };
  }

  async function writeRows(s: TableState, rows: unknown[], first: number): Promise<void> {
    const width = s.columns.length;
    const rules = s.columns.map((c) => valueRules[s.table.name]?.[c.name]);
    const out: unknown[][] = [];
    const keys: (string | number)[] = [];
    for (const [i, raw] of rows.entries()) {
      const n = first + i;
      if (!Array.isArray(raw))
        throw invalid(fileName, `${where(s, n)} must be a list of values, not ${shown(raw)}.`);
      if (raw.length !== width)
        throw invalid(fileName, `${where(s, n, raw)} has ${raw.length} values for ${width} columns.`);
      const values = new Array<unknown>(width);
      for (let c = 0; c < width; c++) {
        const column = s.columns[c]!;
        const v = raw[c] as unknown;
        if (v === null && column.notNull)
          throw invalid(
            fileName,
            `${where(s, n, raw)}, column ${column.name}: must have a value, found null.`,
          );
        const decoded = databaseValue(column.kind, v, dialect);
        if (!decoded.ok)
          throw invalid(fileName, `${where(s, n, raw)}, column ${column.name}: ${decoded.why}.`);
        const why = decoded.value === null ? undefined : rules[c]?.(decoded.value);
        if (why) throw invalid(fileName, `${where(s, n, raw)}, column ${column.name}: ${why}.`);
        values[c] = decoded.value;
      }
      if (raw[s.accountColumn] !== header!.account.id)
        throw invalid(
          fileName,
          `${where(s, n, raw)} belongs to account ${shown(raw[s.accountColumn])}, but the archive is of account ${shown(header!.account.id)}: it was edited or mixed from two archives.`,
        );
      values[s.accountColumn] = accountId;
      for (const { index, ref } of s.references) {
        const v = values[index];
        if (v === null) continue;
        if (!present.get(ref.table)?.get(ref.target)?.has(v))
          throw invalid(
            fileName,
            `${where(s, n, raw)}, column ${s.columns[index]!.name}: refers to ${ref.table} ${shown(v)}, ${
              ref.table in restored
                ? 'which is not in the archive'
                : `but table ${ref.table} has not come yet: tables must come in the order Fathom writes them, each after the tables it refers to`
            }.`,
          );
      }
      for (const self of s.selfReferences) {
        const v = values[self.index];
        if (v === null) continue;
        self.pending.push([values[s.keyColumn], v]);
        values[self.index] = null;
      }
      if (s.keyColumn >= 0) {
        const k = values[s.keyColumn] as string | number;
        if (s.keys.has(k))
          throw invalid(
            fileName,
            `${where(s, n, raw)}: ${s.columns[s.keyColumn]!.name} ${shown(k)} appears twice.`,
          );
        s.keys.add(k);
        keys.push(k);
      }
      for (const r of s.referred) r.values.add(values[r.index]);
      out.push(values);
    }
    if (keys.length > 0) {
      const taken = await firstTaken(db, s.table.name, s.columns[s.keyColumn]!.name, keys);
      if (taken)
        throw new FathomError(
          'conflict',
          `${fileName}: ${s.table.name} ${s.columns[s.keyColumn]!.name} ${shown(taken.value)} is already used by another account in this database. An archive keeps its ids so that everything it refers to stays exact, so it can only be restored where its ids are free: into a new database.`,
        );
    }
    try {
      await insertRowsAsGiven(db, dialect, s.table.name, s.columns, out);
    } catch (e) {
      throw invalid(
        fileName,
        `${s.table.name} rows ${first.toLocaleString('en')}–${(first + rows.length - 1).toLocaleString('en')} cannot be written: ${(e as Error).message}.`,
      );
    }
    s.rows += rows.length;
  }

  async function finishTable(s: TableState): Promise<void> {
    const keyName = s.columns[s.keyColumn]?.name ?? '';
    for (const self of s.selfReferences) {
      const set = present.get(s.table.name)?.get(self.ref.target);
      for (const [k, v] of self.pending)
        if (!set?.has(v))
          throw invalid(
            fileName,
            `table ${s.table.name} (${keyName} ${shown(k)}), column ${self.ref.column}: refers to ${s.table.name} ${shown(v)}, which is not in the archive.`,
          );
      await setColumn(db, s.table.name, keyName, self.ref.column, self.pending);
    }
  }

  if (dialect === 'postgres')
    for (const t of tables)
      for (const c of t.columns)
        if (c.identity && restored[t.name]) await advanceIdentity(db, t.name, c.name);
  await db
    .updateTable('accounts')
    .set({ name: header.account.name, created_at: header.account.createdAt })
    .where('id', '=', accountId)
    .execute();
  target.progress?.('Rollups', 0, 1);
  await analyzeTables(
    db,
    dialect,
    tables.filter((t) => restored[t.name]).map((t) => t.name),
  );
  await rebuildRollups(db, accountId);
  try {
    await rebuildIndexes();
  } catch (e) {
    // A unique index that cannot be built again: two rows the archive holds break one of its rules.
    throw invalid(fileName, `the archive's rows break a rule of the ledger: ${(e as Error).message}.`);
  }
  target.progress?.('Rollups', 1, 1);
  const after = await db
    .selectFrom('settings')
    .select('purpose')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const replaced = before?.purpose ?? null;
  return {
    fileName,
    exportedAt: header.exportedAt,
    from: header.account,
    accountId,
    tables: restored,
    // Said only when the ledger had a purpose of its own that the archive's took the place of.
    replacedPurpose: replaced !== null && replaced !== (after?.purpose ?? null) ? replaced : null,
  };
}
