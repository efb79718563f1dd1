import type { PersonRef } from './person.ts';
import type { Channel, Mode, Verdict } from './vocabulary.ts';

/** One ledger entry: time spent, with whom, of which kind, and the owner's verdict on it. */
export interface Entry {
  id: number;
  startedAt: string;
  timeZone: string;
  localDate: string;
  minutes: number;
  allDay: boolean;
  title: string;
  /** Null until judged (imports arrive unjudged). */
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  goal: string | null;
  channel: Channel | null;
  notes: string | null;
  people: PersonRef[];
  source: string;
  sourceKey: string | null;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** An entry is judged once it has both a mode and a verdict. */
export function isJudged(e: Pick<Entry, 'mode' | 'verdict'>): boolean {
  return e.mode !== null && e.verdict !== null;
}
