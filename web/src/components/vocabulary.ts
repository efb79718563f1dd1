import type { Circle, Standing, StandingDimension } from '../api/types.ts';

/** The circles in the order people think of them, with a line on what each one means. */
export const circleOptions: readonly { value: Circle; label: string; help: string; key: string }[] = [
  { value: 'inner', label: 'Inner', help: 'true friends, very few', key: 'i' },
  { value: 'network', label: 'Network', help: 'people of common purpose', key: 'n' },
  { value: 'acquaintance', label: 'Acquaintance', help: 'you know each other', key: 'a' },
  { value: 'social', label: 'Social', help: 'mostly socializing', key: 's' },
  { value: 'unsorted', label: 'Unsorted', help: 'not yet triaged', key: 'u' },
];

export const standingDimensions: readonly StandingDimension[] = [
  'mastery',
  'contribution',
  'accomplishment',
  'greatness',
];
export const standingValues: readonly Standing[] = ['ahead', 'alongside', 'behind'];

export function capitalize(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
