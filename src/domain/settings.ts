import type { Weekday } from './vocabulary.ts';

export interface Settings {
  timeZone: string;
  /** Networking minutes a month the owner aims for; 300 (5 hours) unless changed. */
  monthlyTargetMinutes: number;
  /** Soft cap on the inner circle; Fathom warns beyond it. */
  innerCap: number;
  weekStart: Weekday;
  purpose: string | null;
  myEmails: string[];
  phoneRegion: string | null;
  initializedAt: string | null;
}

export const defaultMonthlyTargetMinutes = 300;
export const defaultInnerCap = 5;

/** The zone the machine runs in, used until the owner chooses one. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
