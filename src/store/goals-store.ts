import type { Goal } from '../domain/goal.ts';
import type { Db, GoalRow } from './database.ts';
import type { Selectable } from 'kysely';

function toGoal(r: Selectable<GoalRow>): Goal {
  return {
    id: Number(r.id),
    title: r.title,
    status: r.status as Goal['status'],
    createdAt: r.created_at,
    doneAt: r.done_at,
  };
}

export async function insertGoal(db: Db, accountId: string, title: string): Promise<Goal> {
  const row = await db
    .insertInto('goals')
    .values({
      account_id: accountId,
      title,
      status: 'open',
      created_at: new Date().toISOString(),
      done_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toGoal(row);
}

export async function listGoals(db: Db, accountId: string, status?: Goal['status']): Promise<Goal[]> {
  let q = db.selectFrom('goals').selectAll().where('account_id', '=', accountId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('id').execute()).map(toGoal);
}

export async function setGoalStatus(
  db: Db,
  accountId: string,
  id: number,
  status: Goal['status'],
): Promise<Goal | undefined> {
  const row = await db
    .updateTable('goals')
    .set({ status, done_at: status === 'done' ? new Date().toISOString() : null })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toGoal(row) : undefined;
}
