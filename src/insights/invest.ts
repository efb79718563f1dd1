import { formatMinutes } from '../domain/duration.ts';
import type { Circle, StandingDimension, Verdict } from '../domain/vocabulary.ts';
import { standingDimensions } from '../domain/vocabulary.ts';
import type { PersonProfile } from '../store/insights-queries.ts';
import type { TouchItem } from './keep-in-touch.ts';

/** Someone worth more of the owner's time, and why. */
export interface InvestPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  aspire: boolean;
  ahead: StandingDimension[];
  /** Words of the owner's purpose and goals their profile shares, best match first. */
  purposeTerms: string[];
  /** Minutes with them in the period looked at. */
  periodMinutes: number;
  lastDay: string | null;
  overdueDays: number;
  score: number;
  reasons: string[];
}

export interface InvestInput {
  people: readonly PersonProfile[];
  /** Minutes per person in the period; people missing had none. */
  periodMinutes: ReadonlyMap<number, number>;
  /** Relevance to the owner's purpose, scaled so the best match is 1, with the matched words. */
  purpose: ReadonlyMap<number, { relative: number; terms: string[] }>;
  /** Keep-in-touch state of a person; none when they have no cadence. Asked only of people with a pull. */
  touch(p: PersonProfile): TouchItem | null;
  /** Below this many minutes in the period a person "gets little time". */
  littleMinutes: number;
  periodLabel: string;
}

/**
 * Ranks people the owner has reason to invest in (aspired-to, ahead, network circle, common
 * purpose) who get little time or are overdue. Score: what draws the owner to them times how
 * neglected they are, so a neglected person one aspires to comes first. Every candidate is scored
 * and counted; only the best `limit` are explained.
 */
export function investIn(
  input: InvestInput,
  limit = Infinity,
): { candidates: number; people: InvestPerson[] } {
  const scored: { p: PersonProfile; pull: number; minutes: number; score: number }[] = [];
  for (const p of input.people) {
    if (p.verdict === 'back') continue;
    const pull = pullOf(p, input.purpose.get(p.id));
    if (pull === 0) continue;
    const minutes = input.periodMinutes.get(p.id) ?? 0;
    const touch = input.touch(p);
    const overdueDays = touch?.overdueDays ?? 0;
    const little = minutes < input.littleMinutes;
    if (!little && overdueDays === 0) continue;
    const neglect =
      (little ? 1 - minutes / input.littleMinutes : 0) +
      (touch && overdueDays > 0 ? Math.min(1, overdueDays / touch.cadenceDays) : 0);
    scored.push({ p, pull, minutes, score: Math.round(pull * neglect * 1000) / 1000 });
  }
  scored.sort((a, b) => b.score - a.score || a.minutes - b.minutes || a.p.id - b.p.id);
  return {
    candidates: scored.length,
    people: scored.slice(0, limit).map(({ p, minutes, score }) => explained(p, minutes, score, input)),
  };
}

/** What draws the owner to a person: aspiration, standing ahead, the network circle, common purpose. */
function pullOf(p: PersonProfile, purpose: { relative: number } | undefined): number {
  let pull = p.aspire ? 3 : 0;
  for (const d of standingDimensions) if (p[d] === 'ahead') pull += 1;
  if (p.circle === 'network') pull += 1;
  if (purpose && purpose.relative > 0) pull += 2 * purpose.relative;
  return pull;
}

function explained(p: PersonProfile, minutes: number, score: number, input: InvestInput): InvestPerson {
  const ahead = standingDimensions.filter((d) => p[d] === 'ahead');
  const purpose = input.purpose.get(p.id);
  const touch = input.touch(p);
  const overdueDays = touch?.overdueDays ?? 0;
  const reasons: string[] = [];
  if (p.aspire) reasons.push('you aspire to be like them');
  if (ahead.length > 0) reasons.push(`ahead of you in ${ahead.join(', ')}`);
  if (p.circle === 'network') reasons.push('in your network circle');
  if (purpose && purpose.relative > 0) reasons.push(`shares your purpose: ${purpose.terms.join(', ')}`);
  reasons.push(
    minutes === 0
      ? `no time together in ${input.periodLabel}`
      : `only ${formatMinutes(minutes)} together in ${input.periodLabel}`,
  );
  if (touch && overdueDays > 0) {
    reasons.push(
      `${overdueDays} ${overdueDays === 1 ? 'day' : 'days'} overdue (every ${touch.cadenceDays} days; ${touch.lastDay ? `last in touch ${touch.lastDay}` : 'never in touch'})`,
    );
  }
  return {
    id: p.id,
    name: p.name,
    circle: p.circle,
    verdict: p.verdict,
    aspire: p.aspire,
    ahead,
    purposeTerms: purpose?.terms ?? [],
    periodMinutes: minutes,
    lastDay: p.lastDay,
    overdueDays,
    score,
    reasons,
  };
}
