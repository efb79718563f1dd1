export { parseCalendar, readCalendar, readCalendarRounds } from './read-calendar.ts';
export type { CalendarItem } from './read-calendar.ts';
export type { CalendarAttendee, CalendarOccurrence, CalendarReadOptions } from './calendar-occurrence.ts';
export { localDateOf, utcToZoned, zonedToUtc } from './zoned-time.ts';
export type { LocalDateTime } from './zoned-time.ts';
export { windowsToIana } from './windows-zones.ts';
