import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrations } from '../src/store/migrations/index.ts';
import { isPostgresUrl, openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/open-store.ts';

/** A fresh benchmark database: a new SQLite file or a new PostgreSQL database on the private cluster. */
export async function benchTarget(
  dialect: 'sqlite' | 'postgres',
  name: string,
): Promise<{ target: string; cleanup(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `fathom-bench-${name}-`));
    return {
      target: join(dir, 'fathom.db'),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base =
    process.env.FATHOM_BENCH_PG ?? execFileSync('bash', ['scripts/pg-start.sh'], { encoding: 'utf8' }).trim();
  const dbName = `bench_${name.replace(/\W/g, '_')}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return {
    target: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${dbName}`);
      await c.end();
    },
  };
}

/**
 * Fills `target` with a benchmark ledger, from a cached copy when one was made with the same
 * parameters, the same generator and the same schema; otherwise runs `load` and keeps a copy
 * (a file in bench/out for SQLite, a template database for PostgreSQL). Loading 200,000 entries
 * takes half a minute, measuring a read takes seconds. `FATHOM_BENCH_FRESH=1` always loads anew.
 * Returns how long the load took, or null when the copy was used.
 */
export async function cachedLedger(
  target: string,
  params: Record<string, unknown>,
  load: (store: Store) => Promise<void>,
): Promise<{ loadMs: number | null }> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(params));
  hash.update(migrations.map((m) => m.name).join(','));
  // The generator's own source decides what it generates: any change to it makes a new copy.
  for (const file of generatorFiles) hash.update(readFileSync(new URL(file, import.meta.url)));
  const key = hash.digest('hex').slice(0, 16);
  const fresh = process.env.FATHOM_BENCH_FRESH === '1';
  const loadNow = async () => {
    const store = await openStore(target);
    const start = performance.now();
    try {
      await load(store);
    } finally {
      await store.close();
    }
    return performance.now() - start;
  };
  if (!isPostgresUrl(target)) {
    const dir = fileURLToPath(new URL('./out/', import.meta.url));
    const copy = join(dir, `ledger-${key}.db`);
    if (!fresh && existsSync(copy)) {
      copyFileSync(copy, target);
      return { loadMs: null };
    }
    const loadMs = await loadNow();
    mkdirSync(dir, { recursive: true });
    copyFileSync(target, `${copy}.part`);
    renameSync(`${copy}.part`, copy);
    return { loadMs };
  }
  const url = new URL(target);
  const dbName = url.pathname.slice(1);
  const template = `bench_cache_${key}`;
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  // A server's autovacuum gathers planner statistics and marks pages all-visible soon after a
  // load; the copy is read at once, so both are done here, as they would be by the time anyone
  // reads a ledger this large.
  const analyze = async () => {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    await c.query('vacuum analyze');
    await c.end();
  };
  try {
    const known = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (!fresh && known.rowCount) {
      await admin.query(`drop database if exists ${dbName}`);
      await admin.query(`create database ${dbName} template ${template}`);
      await analyze();
      return { loadMs: null };
    }
    const loadMs = await loadNow();
    await analyze();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template} template ${dbName}`);
    return { loadMs };
  } finally {
    await admin.end();
  }
}

const generatorFiles = [
  '../src/demo/scale-ledger.ts',
  '../src/demo/demo-words.ts',
  '../src/demo/random.ts',
  '../src/store/bulk-load.ts',
  '../src/store/rollups.ts',
];
