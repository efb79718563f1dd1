import type { Circle, Verdict } from '../domain/vocabulary.ts';
import { formatMinutes } from '../domain/duration.ts';
import type { PersonTime } from '../store/insights-queries.ts';

/** Someone who takes much of the owner's time and mostly holds them back, with the figures why. */
export interface HoldingBackPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  entries: number;
  minutes: number;
  /** Of the owner's minutes in the period. */
  share: number;
  forwardMinutes: number;
  backMinutes: number;
  unjudgedMinutes: number;
  /** Back minutes over judged minutes with them (0 when none are judged). */
  backShare: number;
  /** Minutes that count against them: all of them when judged back as a person, else the back ones. */
  minutesAtStake: number;
  reasons: string[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * People with at least `minShare` of the owner's minutes whose entries are mostly judged back, or
 * whom the owner judged back as a person; most minutes at stake first.
 */
export function holdingBack(
  people: readonly PersonTime[],
  ownerMinutes: number,
  minShare: number,
): HoldingBackPerson[] {
  const out: HoldingBackPerson[] = [];
  for (const p of people) {
    const share = ownerMinutes === 0 ? 0 : p.minutes / ownerMinutes;
    if (share < minShare) continue;
    const judged = p.forwardMinutes + p.backMinutes;
    const backShare = judged === 0 ? 0 : p.backMinutes / judged;
    const mostlyBack = judged > 0 && p.backMinutes > p.forwardMinutes;
    if (!mostlyBack && p.verdict !== 'back') continue;
    const reasons = [
      `${formatMinutes(p.minutes)} with them, ${pct(share)} of your time in ${p.entries} ${p.entries === 1 ? 'entry' : 'entries'}`,
    ];
    if (p.backMinutes > 0)
      reasons.push(
        `${formatMinutes(p.backMinutes)} of it judged back (${pct(backShare)} of the judged time)`,
      );
    else if (judged > 0) reasons.push('none of the time itself judged back');
    if (p.verdict === 'back') reasons.push('you judged them as holding you back');
    out.push({
      id: p.id,
      name: p.name,
      circle: p.circle,
      verdict: p.verdict,
      entries: p.entries,
      minutes: p.minutes,
      share,
      forwardMinutes: p.forwardMinutes,
      backMinutes: p.backMinutes,
      unjudgedMinutes: p.unjudgedMinutes,
      backShare,
      minutesAtStake: p.verdict === 'back' ? p.minutes : p.backMinutes,
      reasons,
    });
  }
  return out.sort((a, b) => b.minutesAtStake - a.minutesAtStake || b.minutes - a.minutes || a.id - b.id);
}
