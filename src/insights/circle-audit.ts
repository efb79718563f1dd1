import type { Circle, Standing, StandingDimension, Verdict } from '../domain/vocabulary.ts';
import { standingDimensions } from '../domain/vocabulary.ts';
import type { MixRow, PeopleCounts, PersonTime } from '../store/insights-queries.ts';

/** Person-minutes with one kind of people, and their share of all person-minutes in the period. */
export interface Part {
  minutes: number;
  people: number;
  share: number;
}

export type StandingMix = Record<Standing | 'unknown', Part>;

export interface AuditWarning {
  code: 'inner_over_cap' | 'mostly_behind' | 'mostly_back_people' | 'mostly_back_entries';
  message: string;
  share?: number;
  dimension?: StandingDimension;
}

export interface UnsortedPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  minutes: number;
}

/** Who the owner's time goes to, weighted by minutes, and what looks wrong about it. */
export interface CircleAudit {
  inner: { size: number; cap: number; over: boolean; people: { id: number; name: string }[] };
  personMinutes: number;
  /** Per dimension: time with people ahead of, alongside, behind the owner, or not yet placed. */
  standing: Record<StandingDimension, StandingMix>;
  /** Time by the verdict the owner gave the people themselves. */
  personVerdict: Record<Verdict | 'unjudged', Part>;
  warnings: AuditWarning[];
  unsorted: {
    unsortedCircle: number;
    noVerdict: number;
    either: number;
    /** Unsorted or unjudged people who took time in the period, most first. */
    withTime: UnsortedPerson[];
  };
}

const part = (): Part => ({ minutes: 0, people: 0, share: 0 });
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The circle audit from the period's person-minute mix. `entryVerdict` is the owner's own minutes
 * judged forward and back, for the warning about time judged back.
 */
export function circleAudit(input: {
  mix: readonly MixRow[];
  counts: PeopleCounts;
  innerCap: number;
  entryVerdict: { forward: number; back: number };
  unsortedWithTime: readonly PersonTime[];
}): CircleAudit {
  const standing = Object.fromEntries(
    standingDimensions.map((d) => [d, { ahead: part(), alongside: part(), behind: part(), unknown: part() }]),
  ) as Record<StandingDimension, StandingMix>;
  const personVerdict = { forward: part(), back: part(), unjudged: part() };
  let personMinutes = 0;
  for (const r of input.mix) {
    personMinutes += r.minutes;
    for (const d of standingDimensions) {
      const p = standing[d][r[d] ?? 'unknown'];
      p.minutes += r.minutes;
      p.people += r.people;
    }
    const v = personVerdict[r.verdict ?? 'unjudged'];
    v.minutes += r.minutes;
    v.people += r.people;
  }
  const share = (p: Part) => {
    p.share = personMinutes === 0 ? 0 : p.minutes / personMinutes;
  };
  for (const d of standingDimensions) Object.values(standing[d]).forEach(share);
  Object.values(personVerdict).forEach(share);

  const warnings: AuditWarning[] = [];
  const size = input.counts.inner.length;
  if (size > input.innerCap) {
    warnings.push({
      code: 'inner_over_cap',
      message: `Your inner circle holds ${size} people, more than the ${input.innerCap} you allow yourself. True friends are few; move someone to the network circle.`,
    });
  }
  for (const d of standingDimensions) {
    const behind = standing[d].behind.share;
    if (behind > 0.5) {
      warnings.push({
        code: 'mostly_behind',
        dimension: d,
        share: behind,
        message: `${pct(behind)} of your time with people went to people behind you in ${d}.`,
      });
    }
  }
  if (personVerdict.back.share > 0.5) {
    warnings.push({
      code: 'mostly_back_people',
      share: personVerdict.back.share,
      message: `${pct(personVerdict.back.share)} of your time with people went to people you judged as holding you back.`,
    });
  }
  const judged = input.entryVerdict.forward + input.entryVerdict.back;
  if (judged > 0 && input.entryVerdict.back / judged > 0.5) {
    const s = input.entryVerdict.back / judged;
    warnings.push({
      code: 'mostly_back_entries',
      share: s,
      message: `${pct(s)} of your judged time was judged back: it held you back more than it moved you forward.`,
    });
  }
  return {
    inner: { size, cap: input.innerCap, over: size > input.innerCap, people: input.counts.inner },
    personMinutes,
    standing,
    personVerdict,
    warnings,
    unsorted: {
      unsortedCircle: input.counts.unsortedCircle,
      noVerdict: input.counts.noVerdict,
      either: input.counts.unsortedOrNoVerdict,
      withTime: input.unsortedWithTime.map((p) => ({
        id: p.id,
        name: p.name,
        circle: p.circle,
        verdict: p.verdict,
        minutes: p.minutes,
      })),
    },
  };
}
