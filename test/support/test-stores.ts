import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../../src/store/database.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../../src/store/settings-store.ts';
import type { Context } from '../../src/operations/registry.ts';

export const dialects: readonly Dialect[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the tests use; a missing one is an error, never a silent skip. */
export function postgresUrl(): string {
  const url = process.env.FATHOM_TEST_PG;
  if (!url) {
    throw new Error(
      'FATHOM_TEST_PG is not set: start a server with `bash scripts/pg-start.sh` or run `npm test`.',
    );
  }
  return url;
}

export interface TestTarget {
  dialect: Dialect;
  /** What `--db` takes: a file path or a URL that points at a fresh schema. */
  target: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database of the given dialect: a temporary file, or a new PostgreSQL schema. */
export async function freshTarget(dialect: Dialect): Promise<TestTarget> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-test-'));
    return {
      dialect,
      target: join(dir, 'fathom.db'),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = postgresUrl();
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dialect,
    target: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestLedger {
  store: Store;
  target: TestTarget;
  ctx: Omit<Context, 'db'>;
  /** Moves the test clock. */
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** An open, migrated store with the local account and a fixed clock. */
export async function openTestLedger(dialect: Dialect, now = '2026-03-15T12:00:00Z'): Promise<TestLedger> {
  const target = await freshTarget(dialect);
  const store = await openStore(target.target);
  await ensureAccount(store.db, localAccountId);
  let clock = new Date(now);
  return {
    store,
    target,
    ctx: { store, accountId: localAccountId, now: () => new Date(clock.getTime()) },
    setNow: (iso) => {
      clock = new Date(iso);
    },
    close: async () => {
      await store.close();
      await target.cleanup();
    },
  };
}
