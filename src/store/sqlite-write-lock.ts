import { CompiledQuery, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { FathomError } from '../domain/errors.ts';

/** How long a writer waits for another one to finish before giving up, unless `FATHOM_LOCK_WAIT_MS` says otherwise. */
export const defaultLockWaitMs = 60_000;

/** The wait `FATHOM_LOCK_WAIT_MS` asks for, or the default when it is unset or not a number of milliseconds. */
export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FATHOM_LOCK_WAIT_MS;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return defaultLockWaitMs;
  return Number(raw.trim());
}

/** True for SQLite's "database is locked" in all its forms. */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The error a writer gives when the ledger stayed locked for the whole of its wait. */
export function ledgerBusy(location: string | undefined, waitedMs: number): FathomError {
  const seconds = Math.round(waitedMs / 100) / 10;
  const where = location ? ` (${location})` : '';
  return new FathomError(
    'database_busy',
    `Another Fathom is writing to this ledger${where} and did not finish within ${seconds} s; try again when it is done (FATHOM_LOCK_WAIT_MS sets how long to wait).`,
  );
}

/**
 * How long a single statement outside a transaction waits for the lock (SQLite's own busy handler,
 * which blocks while it waits): such statements are rare and short, as every write is a transaction.
 */
export const statementWaitMs = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every transaction takes the write lock as it begins (BEGIN IMMEDIATE): a transaction that began
 * by reading and then tried to write after another writer committed would fail at once, with no
 * wait, as SQLite cannot let it write over what it did not read. While another process holds the
 * lock the writer waits asynchronously, so a server keeps its event loop, and gives up with a
 * clear error only after `waitMs`.
 */
class WriteFirstSqliteDriver extends SqliteDriver {
  readonly #native: BetterSqlite3.Database;
  readonly #waitMs: number;
  readonly #location: string;

  constructor(config: SqliteDialectConfig, native: BetterSqlite3.Database, waitMs: number, location: string) {
    super(config);
    this.#native = native;
    this.#waitMs = waitMs;
    this.#location = location;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const begin = CompiledQuery.raw('begin immediate');
    const started = Date.now();
    let pause = 5;
    for (;;) {
      // The busy handler would block the whole process while it waits; here the wait is ours.
      this.#native.pragma('busy_timeout = 0');
      try {
        await connection.executeQuery(begin);
        return;
      } catch (e) {
        if (!isSqliteBusy(e)) throw e;
      } finally {
        this.#native.pragma(`busy_timeout = ${statementWaitMs}`);
      }
      const waited = Date.now() - started;
      if (waited >= this.#waitMs) throw ledgerBusy(this.#location, waited);
      await sleep(Math.min(pause, this.#waitMs - waited));
      pause = Math.min(pause * 2, 100);
    }
  }
}

/** The SQLite dialect with transactions that take the write lock first and wait for it. */
export class WriteFirstSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #native: BetterSqlite3.Database;
  readonly #waitMs: number;
  readonly #location: string;

  constructor(config: SqliteDialectConfig, native: BetterSqlite3.Database, waitMs: number, location: string) {
    super(config);
    this.#config = config;
    this.#native = native;
    this.#waitMs = waitMs;
    this.#location = location;
  }

  override createDriver(): Driver {
    return new WriteFirstSqliteDriver(this.#config, this.#native, this.#waitMs, this.#location);
  }
}
