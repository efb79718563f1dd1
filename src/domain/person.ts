import type { Birthday } from './birthday.ts';
import type { Circle, ContactKind, Standing, StandingDimension, Verdict } from './vocabulary.ts';

export interface ContactPoint {
  id: number;
  kind: ContactKind;
  value: string;
  key: string;
  label: string | null;
  /** Where this fact came from: `manual`, `demo`, or `import:RUN`. */
  source: string;
}

/** A person in the owner's network, as every face shows them. */
export interface Person {
  id: number;
  name: string;
  organization: string | null;
  title: string | null;
  location: string | null;
  birthday: Birthday | null;
  notes: string | null;
  purpose: string | null;
  circle: Circle;
  verdict: Verdict | null;
  aspire: boolean;
  /** Days between contacts the owner wants; null uses the circle's default. */
  cadenceDays: number | null;
  standing: Partial<Record<StandingDimension, Standing>>;
  tags: string[];
  contacts: ContactPoint[];
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  mergedInto: number | null;
}

/** The people an entry was with, as lists show them. */
export interface PersonRef {
  id: number;
  name: string;
}
