// What the merge and duplicate operations answer; the types come from the server, as in types.ts.
export type {
  DuplicatePair,
  MergeSummary,
  PairEvidence,
  PersonMatch,
} from '../../../src/store/merge-store.ts';
export type { MergeResult } from '../../../src/operations/merge-operations.ts';
export type { PersonAddResult } from '../../../src/operations/people-operations.ts';

import type { Person } from '../../../src/domain/person.ts';
import type { DuplicatePair, MergeSummary } from '../../../src/store/merge-store.ts';

/** GET /people/duplicates. */
export interface DuplicatesResult {
  pairs: DuplicatePair[];
  commonNames: number;
}

/** GET /people/{person}/merges. */
export interface PersonMerges {
  person: { id: number; name: string };
  into: MergeSummary | null;
  from: MergeSummary[];
}

/** POST /people/{person}/unmerge. */
export interface UnmergeResult {
  restored: Person;
  survivor: Person;
}
