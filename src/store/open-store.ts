import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import pg from 'pg';
import { FathomError } from '../domain/errors.ts';
import type { Database, Dialect } from './database.ts';
import { migrate } from './migrator.ts';
import { migrations } from './migrations/index.ts';
import { lockWaitMs, statementWaitMs, WriteFirstSqliteDialect } from './sqlite-write-lock.ts';

/** An open database: the typed query layer plus what callers need to know about it. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** File path or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

/** Where the embedded database lives unless `--db` or `FATHOM_DB` say otherwise. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/')
      ? env.XDG_DATA_HOME
      : join(homedir(), '.local', 'share');
  return join(base, 'fathom', 'fathom.db');
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

const sqliteHeader = 'SQLite format 3\u0000';

/** Write statements kept prepared; the oldest goes when there are more. */
const keptStatements = 200;

/**
 * The database as Kysely sees it, with its write statements kept prepared: Kysely prepares every
 * query anew, and preparing a multi-row insert costs about as much as running it. Statements that
 * return rows are prepared each time, as Kysely expects (a statement being iterated is busy).
 */
function preparedOnce(native: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => native.close(),
    prepare(text: string): SqliteStatement {
      const known = kept.get(text);
      if (known) return known;
      const statement = native.prepare(text);
      if (!statement.reader) {
        if (kept.size >= keptStatements) kept.delete(kept.keys().next().value!);
        kept.set(text, statement);
      }
      return statement;
    },
  };
}

function openSqlite(path: string, waitMs: number): Kysely<Database> {
  const full = resolve(path);
  if (existsSync(full)) {
    // Check the header ourselves so a stray file gets a clear message instead of SQLITE_NOTADB later.
    const head = Buffer.alloc(16);
    let read = 0;
    try {
      const fd = openSync(full, 'r');
      read = readSync(fd, head, 0, 16, 0);
      closeSync(fd);
    } catch (e) {
      throw new FathomError(
        'database_unreadable',
        `Cannot read the database file ${full}: ${(e as Error).message}`,
      );
    }
    if (read > 0 && head.subarray(0, read).toString('latin1') !== sqliteHeader) {
      throw new FathomError(
        'database_unreadable',
        `${full} is not a Fathom database (it is not an SQLite file, or it is damaged).`,
      );
    }
  } else {
    mkdirSync(dirname(full), { recursive: true });
  }
  let native: BetterSqlite3.Database;
  try {
    native = new BetterSqlite3(full);
    native.pragma('journal_mode = WAL');
    native.pragma('foreign_keys = ON');
    native.pragma(`busy_timeout = ${statementWaitMs}`);
    native.pragma('synchronous = NORMAL');
    native.prepare('select count(*) from sqlite_master').get();
  } catch (e) {
    throw new FathomError('database_unreadable', `Cannot open the database ${full}: ${(e as Error).message}`);
  }
  return new Kysely<Database>({
    dialect: new WriteFirstSqliteDialect({ database: preparedOnce(native) }, native, waitMs, full),
  });
}

function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Opens (and migrates) the database named by `target`: a `postgres://` URL or a file path.
 * Without a target, `FATHOM_DB` and then the platform's user data folder decide.
 */
export async function openStore(target?: string, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  const chosen = target || env.FATHOM_DB || defaultDatabasePath(env);
  const dialect: Dialect = isPostgresUrl(chosen) ? 'postgres' : 'sqlite';
  const db = dialect === 'postgres' ? openPostgres(chosen) : openSqlite(chosen, lockWaitMs(env));
  const location = dialect === 'postgres' ? redact(chosen) : resolve(chosen);
  try {
    await migrate(db, dialect, migrations);
  } catch (e) {
    await db.destroy();
    if (e instanceof FathomError) throw e;
    const message = (e as Error).message;
    throw new FathomError('database_unreadable', `Cannot use the database ${location}: ${message}`);
  }
  return { db, dialect, location, close: () => db.destroy() };
}
