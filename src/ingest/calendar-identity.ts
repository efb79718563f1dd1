import { parseProperty, propertyName, unescapeText } from '../importers/calendar/parse-property.ts';

/**
 * Which calendar a file is an export of, as the file says it: Outlook's and Apple's calendar id
 * (X-WR-RELCALID) and the calendar's name (X-WR-CALNAME), with the file name for files without them.
 * A newer export of a calendar often has another file name ("Work (1).ics"), so the name alone
 * would never see that an event disappeared.
 */
export interface CalendarIdentity {
  id: string | null;
  name: string | null;
  fileName: string;
}

/**
 * The identity a run stored, and its family: the first run of the line of imports it continues (a
 * run continues those whose entries its file still held), its own id when it continued none.
 */
export interface StoredCalendar extends CalendarIdentity {
  family: number | null;
}

/** What two imports share that says they read the same calendar, or null when they do not. */
export type CalendarMatch = 'id' | 'name' | 'file' | null;

/** Whether two imports read the same calendar: by id when both have one, else by name, else by file name. */
export function calendarMatch(a: CalendarIdentity, b: CalendarIdentity): CalendarMatch {
  if (a.id !== null && b.id !== null) return a.id === b.id ? 'id' : null;
  if (a.name !== null && b.name !== null) return a.name === b.name ? 'name' : null;
  return a.fileName === b.fileName ? 'file' : null;
}

/** The identity stored with a run (in its counts), or the file name alone for runs that stored none. */
export function storedIdentity(counts: string, fileName: string): StoredCalendar {
  let stored: unknown;
  try {
    stored = (JSON.parse(counts) as { calendar?: unknown }).calendar;
  } catch {
    stored = undefined;
  }
  const value = (key: 'id' | 'name' | 'family'): unknown =>
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)[key] : undefined;
  const text = (key: 'id' | 'name'): string | null => {
    const v = value(key);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const family = value('family');
  return {
    id: text('id'),
    name: text('name'),
    fileName,
    family: typeof family === 'number' && Number.isInteger(family) ? family : null,
  };
}

/** How much of a file is searched for its calendar-level properties before its first event. */
const headLimit = 1 << 20;

/**
 * Reads the calendar-level X-WR-RELCALID and X-WR-CALNAME from the chunks of a file as they stream
 * by: only the part before the first event, at most a megabyte, is kept.
 */
export class CalendarHeadReader {
  private readonly decoder = new TextDecoder();
  private text = '';
  private done = false;
  private id: string | null = null;
  private name: string | null = null;

  take(chunk: Uint8Array): void {
    if (this.done) return;
    this.text += this.decoder.decode(chunk, { stream: true });
    const firstEvent = this.text.search(/^BEGIN:VEVENT/im);
    if (firstEvent >= 0) this.read(this.text.slice(0, firstEvent));
    else if (this.text.length > headLimit) this.read(this.text);
  }

  identity(fileName: string): CalendarIdentity {
    if (!this.done) this.read(this.text + this.decoder.decode());
    return { id: this.id, name: this.name, fileName };
  }

  private read(head: string): void {
    this.done = true;
    this.text = '';
    let depth = 0;
    const unfolded = head.replace(/^\uFEFF/, '').replace(/\r?\n[ \t]/g, '');
    for (const line of unfolded.split(/\r?\n/)) {
      const name = propertyName(line);
      if (name === 'BEGIN') depth += 1;
      else if (name === 'END') depth -= 1;
      else if (depth === 1 && (name === 'X-WR-CALNAME' || name === 'X-WR-RELCALID')) {
        const value = unescapeText(parseProperty(line, name, name.length)?.value ?? '').trim();
        if (value === '') continue;
        if (name === 'X-WR-CALNAME') this.name ??= value;
        else this.id ??= value;
      }
    }
  }
}
