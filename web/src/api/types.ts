// The web app shares the server's result types; it imports types only, never code, from src.
export type { Entry } from '../../../src/domain/entry.ts';
export type { Goal } from '../../../src/domain/goal.ts';
export type {
  ContactPoint,
  NetworkConnection,
  Person,
  PersonPhoto,
  PersonRef,
  PostalAddress,
  RelatedName,
} from '../../../src/domain/person.ts';
export type { Settings } from '../../../src/domain/settings.ts';
export type {
  Channel,
  Circle,
  ContactKind,
  Mode,
  Standing,
  StandingDimension,
  Verdict,
  Weekday,
} from '../../../src/domain/vocabulary.ts';
export type { Bucket, Report, ReportPerson } from '../../../src/insights/report.ts';
export type { PersonDetail, PersonResult } from '../../../src/operations/people-operations.ts';
export type { DemoResult } from '../../../src/operations/demo-operations.ts';
export type { EditedEntry, UndoneEdit } from '../../../src/operations/ledger-operations.ts';

import type { Entry } from '../../../src/domain/entry.ts';
import type { Person } from '../../../src/domain/person.ts';

export interface EntryPage {
  entries: Entry[];
  total: number;
}

export interface PeoplePage {
  people: Person[];
  total: number;
}

export type { Dashboard } from '../../../src/insights/dashboard.ts';
export type { TargetFigures, TargetMonth } from '../../../src/insights/target.ts';
export type { TimeSplit, TopPerson } from '../../../src/insights/time-split.ts';
export type { AuditWarning, CircleAudit, Part, StandingMix } from '../../../src/insights/circle-audit.ts';
export type { HoldingBackPerson } from '../../../src/insights/holding-back.ts';
export type { KeepInTouch, TouchItem } from '../../../src/insights/keep-in-touch.ts';
export type { InvestPerson } from '../../../src/insights/invest.ts';
export type {
  HoldingBackResult,
  IntroductionsResult,
  InvestResult,
  PurposeMatch,
  PurposeMatches,
} from '../../../src/insights/people-guidance.ts';

import type { KeepInTouch } from '../../../src/insights/keep-in-touch.ts';

/** What GET /insights/keep-in-touch answers: the lists cut at the limit, with their full lengths. */
export type KeepInTouchResult = KeepInTouch & { overdueTotal: number; upcomingTotal: number };

export type { ReviewPrompt } from '../../../src/operations/review-operations.ts';
export type { ReviewKind, ReviewQuestion } from '../../../src/insights/review-questions.ts';
export type { StoredReview } from '../../../src/store/reviews-store.ts';
