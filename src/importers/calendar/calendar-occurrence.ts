/** A person on an event: an ATTENDEE or the ORGANIZER, merged by email. */
export interface CalendarAttendee {
  /** Lower-cased address with `mailto:` stripped. */
  email: string;
  /** The CN parameter. */
  name?: string;
  partstat?: string;
  role?: string;
  organizer: boolean;
}

/** One occurrence of a calendar event inside the import window. */
export interface CalendarOccurrence {
  uid: string;
  /**
   * Stable key: the UID alone for a single event (so a moved event keeps its key), UID + `/` +
   * original start (RECURRENCE-ID) for an occurrence of a series — re-importing the same file yields the same keys.
   */
  key: string;
  title: string;
  location?: string;
  description?: string;
  /** UTC instant `YYYY-MM-DDTHH:MM:SS.sssZ`; for all-day events the start of the day in the owner's zone. */
  start: string;
  end: string;
  /** VALUE=DATE events: kept as all-day, minutes 0. */
  allDay: boolean;
  /** All-day span in days (DTEND is exclusive). */
  days?: number;
  /** YYYY-MM-DD of the start in the owner's time zone. */
  localDate: string;
  /** The event's own zone (IANA when known), or the owner's for floating and all-day events. */
  timeZone: string;
  /** Duration in minutes (0 for all-day). */
  minutes: number;
  /** Organizer included, DECLINED removed, rooms and resources left out. */
  attendees: CalendarAttendee[];
  /** TRANSP:TRANSPARENT (shown as free). */
  transparent: boolean;
  recurring: boolean;
  /** Line of the VEVENT (or override) that produced it. */
  line: number;
}

/** What readCalendar needs besides the bytes. */
export interface CalendarReadOptions {
  /** IANA zone of the ledger owner: floating times and all-day events are read in it, and the window is in it. */
  ownerTimeZone: string;
  /** First day of the window, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day of the window, YYYY-MM-DD, inclusive. */
  to: string;
  /** File name to put into issues. */
  file?: string;
  /** Whether occurrences carry LOCATION and DESCRIPTION (unless false); a reader that keeps neither skips them. */
  details?: boolean;
  /**
   * Whether every occurrence has an attendee list of its own (unless false). A caller that only
   * reads the lists may let the occurrences of one series share theirs, which spares a copy each.
   */
  ownAttendees?: boolean;
}
