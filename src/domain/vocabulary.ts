/** The fixed words of the product: circles, modes, verdicts, channels, standing. */

export const circles = ['inner', 'network', 'acquaintance', 'social', 'unsorted'] as const;
export type Circle = (typeof circles)[number];

export const modes = ['networking', 'socializing'] as const;
export type Mode = (typeof modes)[number];

/** There is no neutral verdict; an entry or person without one is *unjudged*, a state, not a verdict. */
export const verdicts = ['forward', 'back'] as const;
export type Verdict = (typeof verdicts)[number];

export const channels = ['in_person', 'call', 'video', 'message', 'event'] as const;
export type Channel = (typeof channels)[number];

export const standingDimensions = ['mastery', 'contribution', 'accomplishment', 'greatness'] as const;
export type StandingDimension = (typeof standingDimensions)[number];

export const standings = ['ahead', 'alongside', 'behind'] as const;
export type Standing = (typeof standings)[number];

export const contactKinds = ['email', 'phone', 'url', 'handle'] as const;
export type ContactKind = (typeof contactKinds)[number];

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

/** How often the owner wants to be in touch, by circle, unless set per person (days; null: no cadence). */
export const defaultCadenceDays: Record<Circle, number | null> = {
  inner: 14,
  network: 30,
  acquaintance: 90,
  social: null,
  unsorted: null,
};
