import { FathomError } from '../domain/errors.ts';
import type { Period } from '../domain/period.ts';
import type { Circle, Verdict } from '../domain/vocabulary.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/database.ts';
import { listGoals } from '../store/goals-store.ts';
import {
  facetTotals,
  pairKey,
  pairsThatMet,
  peopleProfiles,
  peopleTexts,
  peopleTime,
  periodMinutesByPerson,
  tagsByPerson,
} from '../store/insights-queries.ts';
import type { PersonProfile, PersonText } from '../store/insights-queries.ts';
import { getSettings } from '../store/settings-store.ts';
import { holdingBack } from './holding-back.ts';
import type { HoldingBackPerson } from './holding-back.ts';
import { IntroductionIndex, diversePairs, introWeight } from './introductions.ts';
import type { IntroPair } from './introductions.ts';
import { investIn } from './invest.ts';
import type { InvestPerson } from './invest.ts';
import { DayMemo, keepInTouch, touchItem } from './keep-in-touch.ts';
import type { KeepInTouch } from './keep-in-touch.ts';
import { Tokenizer, rankByRelevance } from './text-relevance.ts';
import type { RelevanceDoc, TermMatch, WeightedField } from './text-relevance.ts';

export interface HoldingBackResult {
  period: Period;
  ownerMinutes: number;
  minShare: number;
  people: HoldingBackPerson[];
}

/** People who take at least `minShare` of the owner's time in the period and mostly hold them back. */
export async function findHoldingBack(
  db: Db,
  accountId: string,
  period: Period,
  minShare: number,
): Promise<HoldingBackResult> {
  const facets = await facetTotals(db, accountId, period.from, period.to);
  const ownerMinutes = facets.reduce((s, r) => s + r.minutes, 0);
  // Only people over the share threshold can qualify, so the database returns just those.
  const people =
    ownerMinutes === 0
      ? []
      : await peopleTime(db, accountId, period, {
          minMinutes: Math.max(1, Math.ceil(minShare * ownerMinutes)),
        });
  return { period, ownerMinutes, minShare, people: holdingBack(people, ownerMinutes, minShare) };
}

/** The owner's purpose and open goals: the query every purpose match is scored against. */
export async function purposeQuery(
  db: Db,
  accountId: string,
): Promise<{ purpose: string | null; goals: string[]; text: string }> {
  const [settings, goals] = await Promise.all([getSettings(db, accountId), listGoals(db, accountId, 'open')]);
  const titles = goals.map((g) => g.title);
  return { purpose: settings.purpose, goals: titles, text: [settings.purpose ?? '', ...titles].join('\n') };
}

/** The fields a person is matched on, and how much each counts. */
const purposeFields: readonly WeightedField[] = [
  { name: 'purpose', weight: 2 },
  { name: 'tags', weight: 1.5 },
  { name: 'title', weight: 1 },
  { name: 'organization', weight: 1 },
  { name: 'notes', weight: 1 },
];

/** A person's texts in the order of `purposeFields`. */
function documentOf(
  p: Pick<PersonText, 'id' | 'purpose' | 'notes' | 'organization' | 'title'>,
  tags: readonly string[],
): RelevanceDoc {
  return {
    id: p.id,
    texts: [p.purpose, tags.length > 0 ? tags.join(' ') : null, p.title, p.organization, p.notes],
  };
}

export interface PurposeMatch {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  score: number;
  /** Score over the best score (1 for the best match). */
  relative: number;
  matched: TermMatch[];
  purpose: string | null;
  tags: string[];
}

export interface PurposeMatches {
  query: { purpose: string | null; goals: string[]; terms: string[] };
  /** People scored, and how many share at least one word with the query. */
  scored: number;
  matching: number;
  matches: PurposeMatch[];
}

/** Ranks every person against the owner's purpose and open goals (BM25 over stemmed words). */
export async function findPurposeMatches(db: Db, accountId: string, limit: number): Promise<PurposeMatches> {
  const query = await purposeQuery(db, accountId);
  if (query.text.trim() === '') {
    throw new FathomError(
      'invalid_input',
      'purpose: you have not written down your purpose or any goals yet; set one with: fathom init "your one aim"',
      { field: 'purpose' },
    );
  }
  const texts = await peopleTexts(db, accountId);
  const { hits, queryTerms, matching } = rankByRelevance(
    query.text,
    purposeFields,
    texts.map((t) => documentOf(t, t.tags)),
    { limit },
  );
  const best = hits[0]?.score ?? 0;
  return {
    query: { purpose: query.purpose, goals: query.goals, terms: queryTerms },
    scored: texts.length,
    matching,
    matches: hits.map((h) => {
      const p = texts[h.index]!;
      return {
        id: p.id,
        name: p.name,
        circle: p.circle,
        verdict: p.verdict,
        score: Math.round(h.score * 1000) / 1000,
        relative: best === 0 ? 0 : Math.round((h.score / best) * 1000) / 1000,
        matched: h.matched,
        purpose: p.purpose,
        tags: p.tags,
      };
    }),
  };
}

export interface InvestResult {
  period: Period;
  littleMinutes: number;
  /** How many people the owner has reason to invest in, before the limit. */
  candidates: number;
  people: InvestPerson[];
}

/**
 * People worth more time: aspired-to, ahead, in the network circle or sharing the owner's purpose,
 * who got little time in the period (under `littleMinutes`) or are overdue for contact.
 */
export async function findInvest(
  db: Db,
  accountId: string,
  period: Period,
  now: Date,
  options: { littleMinutes: number; limit: number; purposeMatches?: number },
): Promise<InvestResult> {
  const settings = await getSettings(db, accountId);
  const today = localDateOf(now, settings.timeZone);
  const query = await purposeQuery(db, accountId);
  // One read of the pool: everyone the owner has sorted into a circle (the unsorted wait for
  // triage) or marked as ahead or aspired to, and did not judge as holding them back.
  const [people, minutes, tags] = await Promise.all([
    peopleProfiles(db, accountId, 'invest_pool'),
    periodMinutesByPerson(db, accountId, period),
    query.text.trim() === '' ? Promise.resolve(new Map<number, string[]>()) : tagsByPerson(db, accountId),
  ]);
  const purpose = new Map<number, { relative: number; terms: string[] }>();
  if (query.text.trim() !== '') {
    const docs = people.map((p) => documentOf(p, tags.get(p.id) ?? []));
    const { hits } = rankByRelevance(query.text, purposeFields, docs, {
      limit: options.purposeMatches ?? 500,
    });
    const best = hits[0]?.score ?? 0;
    // Only strong matches count as common purpose: a single shared common word is not enough.
    for (const h of hits) {
      const relative = best === 0 ? 0 : h.score / best;
      if (relative < 0.35) break;
      purpose.set(h.id, { relative, terms: h.matched.map((m) => m.term) });
    }
  }
  const memo = new DayMemo(today, settings.timeZone);
  const touch = (p: PersonProfile) => touchItem(p, today, settings.timeZone, memo);
  const ranked = investIn(
    {
      people,
      periodMinutes: minutes,
      purpose,
      touch,
      littleMinutes: options.littleMinutes,
      periodLabel: period.label,
    },
    options.limit,
  );
  return { period, littleMinutes: options.littleMinutes, ...ranked };
}

/** Who is overdue for contact and who comes due within `horizonDays`. */
export async function findKeepInTouch(
  db: Db,
  accountId: string,
  now: Date,
  horizonDays: number,
): Promise<KeepInTouch> {
  const settings = await getSettings(db, accountId);
  const people = await peopleProfiles(db, accountId, 'with_cadence');
  return keepInTouch(people, localDateOf(now, settings.timeZone), settings.timeZone, horizonDays);
}

export interface IntroductionsResult {
  /** People with a purpose of their own, the pool pairs come from. */
  pool: number;
  minSimilarity: number;
  pairs: (IntroPair & { sharedTerms: string[]; reason: string })[];
}

/**
 * Pairs of people who share a purpose (similar purpose words and tags) and have never been in an
 * entry together, best first, no one more than `perPerson` times.
 */
export async function findIntroductions(
  db: Db,
  accountId: string,
  options: { limit: number; minSimilarity: number; perPerson: number },
): Promise<IntroductionsResult> {
  // A pair must share a purpose, so only people with a purpose of their own take part.
  const texts = await peopleTexts(db, accountId, { purposeOnly: true, withMinutes: true });
  const tokenizer = new Tokenizer();
  const index = new IntroductionIndex(
    texts.map((t) => ({
      id: t.id,
      name: t.name,
      circle: t.circle,
      verdict: t.verdict,
      stems: tokenizer.tokens(t.purpose),
      tags: t.tags,
      weight: introWeight(t.circle, t.verdict, t.totalMinutes),
    })),
  );
  const exclude = new Set<string>();
  let pool = Math.max(options.limit * 5, 20);
  let chosen: IntroPair[] = [];
  // Pairs who already met are only known after asking the ledger; ask about the best candidates
  // and widen the search until enough unmet pairs remain.
  for (let round = 0; round < 6; round++) {
    const candidates = index.top(pool, options.minSimilarity, exclude);
    const ids = [...new Set(candidates.flatMap((c) => [c.a.id, c.b.id]))];
    const met = await pairsThatMet(db, accountId, ids);
    const fresh = candidates.filter((c) => {
      const key = pairKey(c.a.id, c.b.id);
      if (met.has(key)) {
        exclude.add(key);
        return false;
      }
      return true;
    });
    chosen = diversePairs(fresh, options.limit, options.perPerson);
    if (chosen.length >= options.limit || candidates.length < pool) break;
    pool *= 4;
  }
  return {
    pool: index.size,
    minSimilarity: options.minSimilarity,
    pairs: chosen.map((p) => {
      const sharedTerms = p.sharedStems.map((s) => tokenizer.surface.get(s) ?? s);
      const parts = [];
      if (sharedTerms.length > 0) parts.push(`purposes share ${sharedTerms.join(', ')}`);
      if (p.sharedTags.length > 0) parts.push(`both tagged ${p.sharedTags.join(', ')}`);
      parts.push('never in an entry together');
      return {
        ...p,
        sharedTerms,
        reason: `${parts.join('; ')} (purpose similarity ${Math.round(p.similarity * 100)}%)`,
      };
    }),
  };
}
