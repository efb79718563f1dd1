import BetterSqlite3 from 'better-sqlite3';
import { FathomError } from '../domain/errors.ts';

/** What a backup copied. */
export interface SqliteBackup {
  pages: number;
  /** `ok` when SQLite's quick check of the copy found nothing wrong. */
  check: string;
}

/**
 * Copies the SQLite database at `source` to `destination` with SQLite's online backup, through a
 * connection of its own: in WAL mode a writer (a running server) is never held up, and the copy is
 * the database as it stood at one commit. All pages go in one step, so no write in between can
 * make the copy start over. The copy is checked before it is handed back.
 */
export async function backupSqlite(source: string, destination: string): Promise<SqliteBackup> {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    throw new FathomError(
      'database_unreadable',
      `Cannot open the database ${source}: ${(e as Error).message}`,
    );
  }
  let pages: number;
  try {
    // The first step only starts the backup; the largest step the binding allows copies the rest at once.
    const progress = await db.backup(destination, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } finally {
    db.close();
  }
  const copy = new BetterSqlite3(destination, { fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok')
      throw new FathomError(
        'database_unreadable',
        `The copy of ${source} does not pass SQLite's check: ${check}`,
      );
    // A copy of a WAL database is one too; leave it as one self-contained file.
    copy.pragma('journal_mode = DELETE');
    return { pages, check };
  } finally {
    copy.close();
  }
}
