import type { Selectable } from 'kysely';
import type { Db, ReviewRow } from './database.ts';

/** A stored review: the owner's answers next to the figures of its period as they were that day. */
export interface StoredReview {
  id: number;
  kind: 'week' | 'month';
  from: string;
  to: string;
  createdAt: string;
  answers: Record<string, string>;
  figures: unknown;
}

function toReview(r: Selectable<ReviewRow>): StoredReview {
  return {
    id: Number(r.id),
    kind: r.period_kind as StoredReview['kind'],
    from: r.period_from,
    to: r.period_to,
    createdAt: r.created_at,
    answers: JSON.parse(r.answers) as Record<string, string>,
    figures: JSON.parse(r.figures) as unknown,
  };
}

export async function insertReview(
  db: Db,
  accountId: string,
  r: Omit<StoredReview, 'id'>,
): Promise<StoredReview> {
  const row = await db
    .insertInto('reviews')
    .values({
      account_id: accountId,
      period_kind: r.kind,
      period_from: r.from,
      period_to: r.to,
      created_at: r.createdAt,
      answers: JSON.stringify(r.answers),
      figures: JSON.stringify(r.figures),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReview(row);
}

/** Past reviews, newest first, without their figures (they can be large). */
export async function listReviews(
  db: Db,
  accountId: string,
  limit: number,
): Promise<Omit<StoredReview, 'figures'>[]> {
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'period_kind', 'period_from', 'period_to', 'created_at', 'answers'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const { figures: _figures, ...rest } = toReview({ ...r, account_id: accountId, figures: 'null' });
    return rest;
  });
}

export async function getReview(db: Db, accountId: string, id: number): Promise<StoredReview | undefined> {
  const row = await db
    .selectFrom('reviews')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toReview(row) : undefined;
}
