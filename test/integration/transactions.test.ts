import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { FathomError } from '../../src/domain/errors.ts';
import { checkReferencesAtEnd } from '../../src/ingest/import-calendar.ts';
import type { Db } from '../../src/store/database.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../../src/store/settings-store.ts';
import { inTransaction } from '../../src/store/transactions.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';

const at = '2026-11-26T18:00:00.000Z';

async function addEntry(db: Db, title: string): Promise<number> {
  const row = await db
    .insertInto('entries')
    .values({
      account_id: localAccountId,
      started_at: at,
      time_zone: 'UTC',
      local_date: '2026-11-26',
      minutes: 30,
      all_day: 0,
      title,
      source: 'manual',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A link from an entry to a person who does not exist. */
async function linkNobody(db: Db, entryId: number): Promise<void> {
  await db
    .insertInto('entry_people')
    .values({ account_id: localAccountId, entry_id: entryId, person_id: 999_999 })
    .execute();
}

async function titles(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('entries').select('title').orderBy('id').execute();
  return rows.map((r) => r.title);
}

for (const dialect of dialects) {
  describe(`transactions on ${dialect}`, () => {
    test('references checked at the end refuse a broken one and write nothing', async () => {
      const t = await freshTarget(dialect);
      const store = await openStore(t.target);
      try {
        await ensureAccount(store.db, localAccountId);
        await addEntry(store.db, 'before');
        const broken = inTransaction(
          store.db,
          dialect,
          async (trx) => {
            const id = await addEntry(trx, 'in the load');
            await linkNobody(trx, id);
            await addEntry(trx, 'after the broken link');
          },
          { referencesAtEnd: true },
        );
        await assert.rejects(broken, (e: unknown) => {
          if (dialect === 'sqlite') {
            // Found by the one pass before the commit, and named.
            assert.ok(e instanceof FathomError);
            assert.equal(e.code, 'internal');
            assert.match(e.message, /1 row of entry_people would point at a missing people row/);
          }
          // PostgreSQL checks each row as it is written.
          return true;
        });
        assert.deepEqual(await titles(store.db), ['before']);

        // A sound load commits; afterwards every row is checked as it is written again.
        await inTransaction(store.db, dialect, (trx) => addEntry(trx, 'sound'), { referencesAtEnd: true });
        assert.deepEqual(await titles(store.db), ['before', 'sound']);
        const id = (await store.db.selectFrom('entries').select('id').executeTakeFirstOrThrow()).id;
        await assert.rejects(
          inTransaction(store.db, dialect, (trx) => linkNobody(trx, id)),
          /FOREIGN KEY|foreign key/,
        );
        if (dialect === 'sqlite') {
          const on = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
          assert.equal(on.rows[0]?.foreign_keys, 1);
        }
      } finally {
        await store.close();
        await t.cleanup();
      }
    });

    test('a calendar import checks references at the end only when large next to the ledger', async () => {
      const t = await freshTarget(dialect);
      const store = await openStore(t.target);
      try {
        await ensureAccount(store.db, localAccountId);
        const mb = 1024 * 1024;
        const large = await checkReferencesAtEnd(store.db, dialect, 8 * mb);
        assert.equal(large, dialect === 'sqlite');
        assert.equal(await checkReferencesAtEnd(store.db, dialect, 2 * mb), false);
        assert.equal(await checkReferencesAtEnd(store.db, dialect, undefined), false);
        // 8 MB brings some 8,000 entries at least: not against a ledger holding 16,384.
        await addEntry(store.db, 'one');
        for (let i = 0; i < 14; i++) {
          await sql`insert into entries (account_id, started_at, time_zone, local_date, minutes, all_day, title, source, created_at, updated_at)
            select account_id, started_at, time_zone, local_date, minutes, all_day, title, source, created_at, updated_at from entries`.execute(
            store.db,
          );
        }
        assert.equal(await checkReferencesAtEnd(store.db, dialect, 8 * mb), false);
        assert.equal(await checkReferencesAtEnd(store.db, dialect, 17 * mb), dialect === 'sqlite');
      } finally {
        await store.close();
        await t.cleanup();
      }
    });
  });
}
