import type { Period } from '../domain/period.ts';
import { monthOf, monthPeriod, addMonths } from '../domain/period.ts';
import type { Weekday } from '../domain/vocabulary.ts';
import { weekdays } from '../domain/vocabulary.ts';
import { addDays, parseDate } from '../domain/zoned-time.ts';

export type ReviewKind = 'week' | 'month';

/** A question of the review, with the key its answer is stored under. */
export interface ReviewQuestion {
  key: 'forward' | 'heldBack' | 'aim' | 'commit';
  question: string;
}

/** The review's questions, in our own words; `kind` names the period they ask about. */
export function reviewQuestions(kind: ReviewKind): ReviewQuestion[] {
  const span = kind === 'week' ? 'this week' : 'this month';
  return [
    {
      key: 'forward',
      question: `Which hours ${span} actually moved you toward your aim, and who was in them?`,
    },
    {
      key: 'heldBack',
      question: `Whom did you give time to ${span} who held you back — and what will you change about it?`,
    },
    {
      key: 'aim',
      question: 'Is the network you are building serving your one aim? Where does it fall short?',
    },
    {
      key: 'commit',
      question: 'What do you commit to before the next review: whom will you see, and what will you stop?',
    },
  ];
}

/**
 * The week (starting on `weekStart`) or calendar month that holds `today`, or with `previous` the
 * one before it.
 */
export function reviewPeriod(kind: ReviewKind, today: string, weekStart: Weekday, previous: boolean): Period {
  if (kind === 'month') {
    const month = previous ? addMonths(monthOf(today), -1) : monthOf(today);
    return monthPeriod(month);
  }
  const { year, month, day } = parseDate(today);
  const isoWeekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  const startIso = weekdays.indexOf(weekStart) + 1;
  const back = (isoWeekday - startIso + 7) % 7;
  const from = addDays(today, -back - (previous ? 7 : 0));
  const to = addDays(from, 6);
  return { from, to, label: `week of ${from}` };
}
