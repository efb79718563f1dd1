import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/database.ts';
import { FathomError } from '../../src/domain/errors.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { migrate } from '../../src/store/migrator.ts';
import { defaultDatabasePath, openStore } from '../../src/store/open-store.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';

for (const dialect of dialects) {
  describe(`store on ${dialect}`, () => {
    test('migrates a new database and records every step in order', async () => {
      const t = await freshTarget(dialect);
      try {
        const store = await openStore(t.target);
        const rows = await store.db
          .selectFrom('fathom_migrations')
          .select(['position', 'name'])
          .orderBy('position')
          .execute();
        assert.deepEqual(
          rows.map((r) => r.name),
          migrations.map((m) => m.name),
        );
        await store.close();
        // Opening again applies nothing new.
        const again = await openStore(t.target);
        const count = await again.db
          .selectFrom('fathom_migrations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), migrations.length);
        await again.close();
      } finally {
        await t.cleanup();
      }
    });

    test('refuses a database written by a newer Fathom, and one with a foreign history', async () => {
      const t = await freshTarget(dialect);
      try {
        const store = await openStore(t.target);
        await sql`insert into fathom_migrations (position, name, applied_at) values (${migrations.length + 1}, ${'9999-from-the-future'}, ${'2030-01-01'})`.execute(
          store.db,
        );
        await store.close();
        await assert.rejects(openStore(t.target), (e: unknown) => {
          assert.ok(e instanceof FathomError);
          assert.equal(e.code, 'database_too_new');
          assert.match(e.message, /newer version of Fathom/);
          return true;
        });
        const fix = await openStoreUnchecked(t.target, dialect);
        await sql`delete from fathom_migrations where position > ${migrations.length}`.execute(fix.db);
        await sql`update fathom_migrations set name = ${'0001-something-else'} where position = 1`.execute(
          fix.db,
        );
        await fix.close();
        await assert.rejects(
          openStore(t.target),
          (e: unknown) => e instanceof FathomError && e.code === 'database_unknown_history',
        );
      } finally {
        await t.cleanup();
      }
    });

    test('keeps foreign keys: an entry link to a missing person is refused', async () => {
      const t = await freshTarget(dialect);
      const store = await openStore(t.target);
      try {
        await sql`insert into accounts (id, name, created_at) values ('local', 'Local', '2026-01-01')`.execute(
          store.db,
        );
        await assert.rejects(
          sql`insert into entry_people (account_id, entry_id, person_id) values ('local', 1, 12345)`.execute(
            store.db,
          ),
        );
      } finally {
        await store.close();
        await t.cleanup();
      }
    });

    test('links made before they stopped pointing at their account are kept, and go with their entry', async () => {
      const t = await freshTarget(dialect);
      const before = migrations.findIndex((m) => m.name === '0012-entry-people-unbound');
      const raw = await openStoreUnchecked(t.target, dialect);
      try {
        const db = raw.db as unknown as Kysely<Database>;
        await migrate(db, dialect, migrations.slice(0, before));
        await sql`insert into accounts (id, name, created_at) values ('local', 'Local', '2026-01-01')`.execute(
          db,
        );
        await sql`insert into people (id, account_id, name, name_key, circle, created_at, updated_at)
          values (1, 'local', 'Ada', 'ada', 'network', '2026-01-01', '2026-01-01'),
                 (2, 'local', 'Bo', 'bo', 'network', '2026-01-01', '2026-01-01')`.execute(db);
        await sql`insert into entries (id, account_id, started_at, time_zone, local_date, minutes, title, source, created_at, updated_at)
          values (1, 'local', '2026-01-02T10:00:00.000Z', 'UTC', '2026-01-02', 60, 'Lunch', 'manual', '2026-01-02', '2026-01-02'),
                 (2, 'local', '2026-01-03T10:00:00.000Z', 'UTC', '2026-01-03', 30, 'Call', 'manual', '2026-01-03', '2026-01-03')`.execute(
          db,
        );
        await sql`insert into entry_people (account_id, entry_id, person_id)
          values ('local', 1, 1), ('local', 1, 2), ('local', 2, 2)`.execute(db);
      } finally {
        await raw.close();
      }
      const store = await openStore(t.target);
      try {
        const links = () =>
          store.db
            .selectFrom('entry_people')
            .select(['entry_id', 'person_id'])
            .orderBy('entry_id')
            .orderBy('person_id')
            .execute();
        assert.deepEqual(await links(), [
          { entry_id: 1, person_id: 1 },
          { entry_id: 1, person_id: 2 },
          { entry_id: 2, person_id: 2 },
        ]);
        const parents =
          dialect === 'sqlite'
            ? (
                await sql<{
                  table: string;
                }>`select "table" from pragma_foreign_key_list('entry_people')`.execute(store.db)
              ).rows.map((r) => r.table)
            : (
                await sql<{ table: string }>`select confrelid::regclass::text as table from pg_constraint
                  where conrelid = 'entry_people'::regclass and contype = 'f'`.execute(store.db)
              ).rows.map((r) => r.table);
        assert.deepEqual(parents.sort(), ['entries', 'people']);
        // Still refused: a link to a missing person or entry.
        await assert.rejects(
          sql`insert into entry_people (account_id, entry_id, person_id) values ('local', 1, 12345)`.execute(
            store.db,
          ),
        );
        await assert.rejects(
          sql`insert into entry_people (account_id, entry_id, person_id) values ('local', 999, 1)`.execute(
            store.db,
          ),
        );
        await store.db.deleteFrom('entries').where('id', '=', 1).execute();
        assert.deepEqual(await links(), [{ entry_id: 2, person_id: 2 }]);
        // An account taken away takes its entries, and they their people's links.
        await store.db.deleteFrom('accounts').where('id', '=', 'local').execute();
        assert.deepEqual(await links(), []);
      } finally {
        await store.close();
        await t.cleanup();
      }
    });
  });
}

/** Opens a database without the history check, to simulate damage done by other software. */
async function openStoreUnchecked(target: string, dialect: string) {
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const { Kysely, SqliteDialect } = await import('kysely');
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: new Database(target) }) });
    return { db, close: () => db.destroy() };
  }
  const { default: pg } = await import('pg');
  const { Kysely, PostgresDialect } = await import('kysely');
  const db = new Kysely<never>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target }) }),
  });
  return { db, close: () => db.destroy() };
}

describe('embedded database files', () => {
  test('a file that is not a database gets a clear error and is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-corrupt-'));
    const path = join(dir, 'fathom.db');
    writeFileSync(path, 'this is my shopping list, not a database\n');
    await assert.rejects(openStore(path), (e: unknown) => {
      assert.ok(e instanceof FathomError);
      assert.equal(e.code, 'database_unreadable');
      assert.match(e.message, /not a Fathom database/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'this is my shopping list, not a database\n');
  });

  test('a damaged SQLite file gets a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-damaged-'));
    const path = join(dir, 'fathom.db');
    const header = Buffer.from('SQLite format 3\u0000', 'latin1');
    writeFileSync(path, Buffer.concat([header, Buffer.alloc(4096, 0xab)]));
    await assert.rejects(
      openStore(path),
      (e: unknown) => e instanceof FathomError && e.code === 'database_unreadable',
    );
  });

  test('an unreachable PostgreSQL server gets a clear error', async () => {
    await assert.rejects(openStore('postgres://nobody@127.0.0.1:1/none'), (e: unknown) => {
      assert.ok(e instanceof FathomError);
      assert.equal(e.code, 'database_unreadable');
      assert.doesNotMatch(e.message, /password/);
      return true;
    });
  });

  test('the default location follows XDG_DATA_HOME', () => {
    assert.equal(defaultDatabasePath({ XDG_DATA_HOME: '/data/me' }), '/data/me/fathom/fathom.db');
    assert.match(defaultDatabasePath({ HOME: '/home/ana' }), /\/\.local\/share\/fathom\/fathom\.db$/);
  });
});
