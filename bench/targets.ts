import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

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
