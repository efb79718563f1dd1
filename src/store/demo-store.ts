import type { Db } from './database.ts';
import { rebuildRollups } from './rollups.ts';

/** What taking the demo out of a ledger removed, and what it kept because the owner uses it. */
export interface DemoRemoval {
  entries: number;
  people: number;
  goals: number;
  /** Demo people kept because the owner's own entries name them. */
  keptPeople: number;
  purposeCleared: boolean;
}

/**
 * Removes what `fathom demo` wrote: its entries, its people (known by their demo contact points)
 * and its goals, and its purpose statement. What the owner added is left alone, and a demo person
 * or goal that the owner's own entries refer to is kept.
 */
export async function removeDemoData(
  db: Db,
  accountId: string,
  demo: { source: string; goalTitles: readonly string[]; purpose: string },
): Promise<DemoRemoval> {
  const entries = await db
    .deleteFrom('entries')
    .where('account_id', '=', accountId)
    .where('source', '=', demo.source)
    .executeTakeFirst();

  const demoPeople = db
    .selectFrom('contact_points')
    .select('person_id')
    .where('account_id', '=', accountId)
    .where('source', '=', demo.source);
  const usedByOwner = db.selectFrom('entry_people').select('person_id').where('account_id', '=', accountId);
  const candidates = await db
    .selectFrom('people')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.sum<number>(eb.case().when('id', 'in', usedByOwner).then(1).else(0).end()).as('kept'),
    ])
    .where('account_id', '=', accountId)
    .where('id', 'in', demoPeople)
    .executeTakeFirst();
  const doomed = db
    .selectFrom('people')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', demoPeople)
    .where('id', 'not in', usedByOwner);
  // A person merged into a demo person would point nowhere: let it stand on its own again.
  await db
    .updateTable('people')
    .set({ merged_into: null })
    .where('account_id', '=', accountId)
    .where('merged_into', 'in', doomed)
    .execute();
  const people = await db
    .deleteFrom('people')
    .where('account_id', '=', accountId)
    .where('id', 'in', doomed)
    .executeTakeFirst();

  let goals = 0n;
  if (demo.goalTitles.length > 0) {
    const removed = await db
      .deleteFrom('goals')
      .where('account_id', '=', accountId)
      .where('title', 'in', [...demo.goalTitles])
      .where(
        'id',
        'not in',
        db
          .selectFrom('entries')
          .select('goal_id')
          .where('account_id', '=', accountId)
          .where('goal_id', 'is not', null),
      )
      .executeTakeFirst();
    goals = removed.numDeletedRows;
  }

  const cleared = await db
    .updateTable('settings')
    .set({ purpose: null })
    .where('account_id', '=', accountId)
    .where('purpose', '=', demo.purpose)
    .executeTakeFirst();

  await rebuildRollups(db, accountId);
  return {
    entries: Number(entries.numDeletedRows),
    people: Number(people.numDeletedRows),
    goals: Number(goals),
    keptPeople: Number(candidates?.kept ?? 0),
    purposeCleared: Number(cleared.numUpdatedRows) > 0,
  };
}
