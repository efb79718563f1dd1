import type { Db } from '../store/database.ts';
import { getSettings } from '../store/settings-store.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { icsCalendar } from './ics-writer.ts';
import type { AllDayEvent } from './ics-writer.ts';
import { findKeepInTouch } from './people-guidance.ts';
import type { TouchItem } from './keep-in-touch.ts';

/** How far ahead the reminder feed reaches, in days. */
export const reminderHorizonDays = 60;

function uidSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * One all-day reminder per person. Overdue ones sit on today, so they show up where the owner
 * looks; the UID names the person and the due date, so it stays the same until they are in touch.
 */
export function reminderEvent(item: TouchItem, today: string, accountId: string): AllDayEvent {
  const last = item.lastDay ? `Last in touch on ${item.lastDay}.` : 'No entry with them yet.';
  const cadence = `You want to be in touch every ${item.cadenceDays} days (${item.cadenceSource === 'person' ? 'their own cadence' : `${item.circle} circle`}).`;
  const overdue =
    item.overdueDays > 0
      ? ` Overdue by ${item.overdueDays} ${item.overdueDays === 1 ? 'day' : 'days'} (due ${item.dueDate}).`
      : '';
  return {
    uid: `keep-in-touch-${uidSafe(accountId)}-${item.id}-${item.dueDate.replace(/-/g, '')}@fathom`,
    date: item.dueDate < today ? today : item.dueDate,
    summary: `Get in touch with ${item.name}`,
    description: `${last} ${cadence}${overdue}`,
    categories: ['Fathom', 'Keep in touch'],
  };
}

/** The keep-in-touch reminders as an iCalendar feed: overdue people today, the rest on their due dates. */
export async function remindersIcs(db: Db, accountId: string, now: Date): Promise<string> {
  const settings = await getSettings(db, accountId);
  const today = localDateOf(now, settings.timeZone);
  const touch = await findKeepInTouch(db, accountId, now, reminderHorizonDays);
  const events = [...touch.overdue, ...touch.upcoming].map((item) => reminderEvent(item, today, accountId));
  return icsCalendar({ name: 'Fathom: keep in touch', stamp: now, events });
}
