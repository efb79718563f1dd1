import { expandRecurrence } from './recurrence-rule.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';
import type { ZoneOffsets } from './zoned-time.ts';

/** One STANDARD or DAYLIGHT block of a VTIMEZONE. */
export interface Observance {
  /** Wall-clock onset (ms as if UTC), read in the offset before it. */
  startLocalMs: number;
  offsetFromMs: number;
  offsetToMs: number;
  rule?: RecurrenceRule;
  rdatesLocalMs: number[];
}

const YEAR_MS = 365.2425 * 86_400_000;

/** Parses a UTC offset such as `+0100`, `-0530`, `+013000` into milliseconds. */
export function parseUtcOffset(raw: string): number | undefined {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(raw.trim());
  if (!match) return undefined;
  const ms = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/** A zone defined only by a file's VTIMEZONE (Outlook's custom zones); transitions are computed per year and cached. */
export function vtimezoneZone(id: string, observances: readonly Observance[]): ZoneOffsets {
  const byYear = new Map<number, { at: number; offset: number }[]>();
  const sorted = [...observances].sort((a, b) => a.startLocalMs - b.startLocalMs);
  const transitionsAround = (year: number): { at: number; offset: number }[] => {
    const known = byYear.get(year);
    if (known) return known;
    const fromLocalMs = Date.UTC(year - 1, 0, 1);
    const toLocalMs = Date.UTC(year + 1, 0, 1);
    const found: { at: number; offset: number }[] = [];
    for (const observance of sorted) {
      const onsets = observance.rule
        ? expandRecurrence(observance.startLocalMs, observance.rule, {
            fromLocalMs,
            toLocalMs,
            isPastUntil: (localMs) => {
              const until = observance.rule?.until;
              if (!until) return false;
              return until.utc ? localMs - observance.offsetFromMs > until.ms : localMs > until.ms;
            },
          })
        : [observance.startLocalMs];
      for (const localMs of [...onsets, ...observance.rdatesLocalMs]) {
        if (localMs >= fromLocalMs && localMs < toLocalMs) {
          found.push({ at: localMs - observance.offsetFromMs, offset: observance.offsetToMs });
        }
      }
    }
    found.sort((a, b) => a.at - b.at);
    byYear.set(year, found);
    return found;
  };
  return {
    id,
    offsetMs(utcMs: number): number {
      const year = 1970 + Math.floor(utcMs / YEAR_MS);
      let offset: number | undefined;
      for (const transition of transitionsAround(year)) {
        if (transition.at <= utcMs) offset = transition.offset;
      }
      if (offset !== undefined) return offset;
      // No onset in the last two years: the latest observance started before this instant still holds.
      let latest: Observance | undefined;
      for (const observance of sorted) {
        if (observance.startLocalMs - observance.offsetFromMs <= utcMs) latest = observance;
      }
      return latest ? latest.offsetToMs : (sorted[0]?.offsetFromMs ?? 0);
    },
  };
}
