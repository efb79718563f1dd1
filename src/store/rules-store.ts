import type { Mode, Verdict } from '../domain/vocabulary.ts';
import type { JudgingRule } from '../suggestions/judging-rule.ts';
import type { Db } from './database.ts';

/** What a new rule says; ids are already resolved. */
export interface RuleWrite {
  title: string | null;
  personId: number | null;
  organization: string | null;
  tag: string | null;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
}

export async function insertRule(
  db: Db,
  accountId: string,
  w: RuleWrite,
  createdAt: string,
): Promise<number> {
  const row = await db
    .insertInto('judging_rules')
    .values({
      account_id: accountId,
      title_text: w.title,
      person_id: w.personId,
      organization: w.organization,
      tag: w.tag,
      mode: w.mode,
      verdict: w.verdict,
      goal_id: w.goalId,
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Deletes a rule; false when the account has no such rule. */
export async function deleteRule(db: Db, accountId: string, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('judging_rules')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The account's rules, oldest first, with the person's and goal's names. A rule about a person who
 * was since merged into another speaks of the survivor, whose entries now carry the merged ones.
 */
export async function listRules(db: Db, accountId: string, ids?: number[]): Promise<JudgingRule[]> {
  let q = db
    .selectFrom('judging_rules as r')
    .leftJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('people as s', 's.id', 'p.merged_into')
    .leftJoin('goals as g', 'g.id', 'r.goal_id')
    .select([
      'r.id',
      'r.title_text',
      'r.person_id',
      'r.organization',
      'r.tag',
      'r.mode',
      'r.verdict',
      'r.goal_id',
      'r.created_at',
      'p.name as person_name',
      's.id as survivor_id',
      's.name as survivor_name',
      'g.title as goal_title',
    ])
    .where('r.account_id', '=', accountId);
  if (ids) q = q.where('r.id', 'in', ids.length > 0 ? ids : [-1]);
  const rows = await q.orderBy('r.id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title_text,
    person:
      r.person_id === null
        ? null
        : r.survivor_id !== null
          ? { id: Number(r.survivor_id), name: r.survivor_name ?? '' }
          : { id: Number(r.person_id), name: r.person_name ?? '' },
    organization: r.organization,
    tag: r.tag,
    mode: r.mode as Mode | null,
    verdict: r.verdict as Verdict | null,
    goal: r.goal_id === null ? null : { id: Number(r.goal_id), title: r.goal_title ?? '' },
    createdAt: r.created_at,
  }));
}
