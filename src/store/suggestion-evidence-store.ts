import type { Circle, Mode, Verdict } from '../domain/vocabulary.ts';
import type {
  PastJudgements,
  PersonFacts,
  SuggestionEvidence,
  TitleJudgements,
} from '../suggestions/suggest.ts';
import type { Db } from './database.ts';
import { listRules } from './rules-store.ts';

const chunk = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk));
  return out;
}

/**
 * Loads what suggestions for entries with these people are made from, in a handful of queries
 * whatever the number of entries: the rules, the people's circles, verdicts, organizations and
 * tags, how entries with each of them were judged, how every past title was judged, the open goals.
 */
export async function loadSuggestionEvidence(
  db: Db,
  accountId: string,
  personIds: readonly number[],
): Promise<SuggestionEvidence> {
  const ids = [...new Set(personIds)];
  const people = new Map<number, PersonFacts>();
  const history = new Map<number, PastJudgements & { goals: Map<number, number> }>();
  for (const part of chunks(ids)) {
    const [rows, tags, counts] = await Promise.all([
      db
        .selectFrom('people')
        .select(['id', 'name', 'circle', 'verdict', 'organization'])
        .where('account_id', '=', accountId)
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('person_tags')
        .select(['person_id', 'tag'])
        .where('account_id', '=', accountId)
        .where('person_id', 'in', part)
        .execute(),
      db
        .selectFrom('entry_people as ep')
        .innerJoin('entries as e', 'e.id', 'ep.entry_id')
        .select((eb) => [
          'ep.person_id',
          'e.mode',
          'e.verdict',
          'e.goal_id',
          eb.fn.countAll<number>().as('n'),
        ])
        .where('ep.account_id', '=', accountId)
        .where('ep.person_id', 'in', part)
        .where('e.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('e.mode', 'is not', null), eb('e.verdict', 'is not', null)]))
        .groupBy(['ep.person_id', 'e.mode', 'e.verdict', 'e.goal_id'])
        .execute(),
    ]);
    const tagsOf = new Map<number, string[]>();
    for (const t of tags) {
      const list = tagsOf.get(Number(t.person_id)) ?? [];
      list.push(t.tag);
      tagsOf.set(Number(t.person_id), list);
    }
    for (const r of rows) {
      const id = Number(r.id);
      people.set(id, {
        id,
        name: r.name,
        circle: r.circle as Circle,
        verdict: r.verdict as Verdict | null,
        organization: r.organization,
        tags: tagsOf.get(id) ?? [],
      });
    }
    for (const c of counts) {
      const id = Number(c.person_id);
      let h = history.get(id);
      if (!h) {
        h = { networking: 0, socializing: 0, forward: 0, back: 0, goals: new Map() };
        history.set(id, h);
      }
      const n = Number(c.n);
      if (c.mode === 'networking' || c.mode === 'socializing') h[c.mode] += n;
      if (c.verdict === 'forward' || c.verdict === 'back') h[c.verdict] += n;
      if (c.mode === 'networking' && c.goal_id !== null)
        h.goals.set(Number(c.goal_id), (h.goals.get(Number(c.goal_id)) ?? 0) + n);
    }
  }
  const [titleRows, goalRows, rules] = await Promise.all([
    db
      .selectFrom('entries')
      .select((eb) => ['title', 'mode', 'verdict', 'goal_id', eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('mode', 'is not', null), eb('verdict', 'is not', null)]))
      .groupBy(['title', 'mode', 'verdict', 'goal_id'])
      .execute(),
    db
      .selectFrom('goals')
      .select(['id', 'title'])
      .where('account_id', '=', accountId)
      .where('status', '=', 'open')
      .execute(),
    listRules(db, accountId),
  ]);
  const titles: TitleJudgements[] = titleRows.map((r) => ({
    title: r.title,
    mode: r.mode as Mode | null,
    verdict: r.verdict as Verdict | null,
    goalId: r.goal_id === null ? null : Number(r.goal_id),
    entries: Number(r.n),
  }));
  return {
    rules,
    people,
    history,
    titles,
    goals: new Map(goalRows.map((g) => [Number(g.id), g.title])),
  };
}
