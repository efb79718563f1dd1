import type { Db } from '../store/database.ts';
import { getSettings } from '../store/settings-store.ts';
import { escapeText, foldLine, icsTimestamp } from '../insights/ics-writer.ts';
import { liveEntryPages } from './ledger-pages.ts';
import type { ExportedEntry } from './ledger-pages.ts';

function uidSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** ISO 8601 duration of whole minutes, as RFC 5545 writes it: PT1H30M, PT45M, PT0S. */
function duration(minutes: number): string {
  if (minutes <= 0) return 'PT0S';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
}

/**
 * A parameter value (RFC 5545 §3.2): quoted when it holds `:;,`, with RFC 6868's escapes for what
 * a parameter cannot hold as it is (^' for a double quote, ^n for a line break, ^^ for a caret).
 */
function paramValue(text: string): string {
  let escaped = '';
  for (const ch of text) {
    if (ch === '^') escaped += '^^';
    else if (ch === '"') escaped += "^'";
    else if (ch === '\n') escaped += '^n';
    else escaped += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  }
  return /[:;,]/.test(escaped) ? `"${escaped}"` : escaped;
}

/**
 * An ISO instant as iCalendar's basic UTC form (20260315T120000Z): sliced from the text Fathom
 * stores, which is always `toISOString()`'s; anything else goes through a Date.
 */
function basicUtc(iso: string): string {
  if (iso.length === 24 && iso[10] === 'T' && iso[23] === 'Z')
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return icsTimestamp(new Date(iso));
}

const words: Record<string, string> = {
  networking: 'Networking',
  socializing: 'Socializing',
  forward: 'Forward',
  back: 'Back',
};

/** The event's description: the judgement first, then who was there, then the owner's notes. */
function description(e: ExportedEntry): string {
  const r = e.row;
  const judgement =
    r.mode === null && r.verdict === null
      ? 'Not judged yet'
      : [
          r.mode ? words[r.mode] : 'Kind not set',
          r.verdict ? `moved me ${r.verdict}` : 'no verdict yet',
        ].join(', ');
  const facts = [judgement];
  if (e.goal) facts.push(`Goal: ${e.goal}`);
  if (r.channel) facts.push(`Channel: ${r.channel.replace(/_/g, ' ')}`);
  const parts = [facts.join('. ') + '.'];
  if (e.people.length > 0) parts.push(`With ${e.people.map((p) => p.name).join(', ')}.`);
  if (r.notes) parts.push(r.notes);
  return parts.join('\n\n');
}

function eventLines(e: ExportedEntry, accountId: string): string[] {
  const r = e.row;
  const lines = [
    'BEGIN:VEVENT',
    // The entry's id names the event, so a calendar that subscribes or imports again updates it in place.
    `UID:fathom-entry-${uidSafe(accountId)}-${r.id}@fathom`,
    `DTSTAMP:${basicUtc(r.updated_at)}`,
    `CREATED:${basicUtc(r.created_at)}`,
    `LAST-MODIFIED:${basicUtc(r.updated_at)}`,
  ];
  if (Number(r.all_day) === 1) {
    lines.push(`DTSTART;VALUE=DATE:${r.local_date.replace(/-/g, '')}`, 'DURATION:P1D');
  } else {
    lines.push(`DTSTART:${basicUtc(r.started_at)}`, `DURATION:${duration(Number(r.minutes))}`);
  }
  lines.push(`SUMMARY:${escapeText(r.title)}`, `DESCRIPTION:${escapeText(description(e))}`);
  const categories = [r.mode, r.verdict].flatMap((w) => (w && words[w] ? [words[w]!] : []));
  if (categories.length > 0) lines.push(`CATEGORIES:${categories.join(',')}`);
  for (const p of e.people)
    if (p.email) lines.push(`ATTENDEE;CN=${paramValue(p.name)};ROLE=REQ-PARTICIPANT:mailto:${p.email}`);
  if (r.mode) lines.push(`X-FATHOM-KIND:${r.mode}`);
  if (r.verdict) lines.push(`X-FATHOM-VERDICT:${r.verdict}`);
  if (e.goal) lines.push(`X-FATHOM-GOAL:${escapeText(e.goal)}`);
  if (r.channel) lines.push(`X-FATHOM-CHANNEL:${r.channel}`);
  lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/**
 * The account's live entries as an iCalendar file: one event per entry, at its instant (UTC) for
 * its minutes, its judgement in the description and as categories, its people with an email as
 * attendees. The UID is the entry's own, so exporting again gives the same events.
 */
export async function* entriesIcs(db: Db, accountId: string): AsyncGenerator<string> {
  const { timeZone } = await getSettings(db, accountId);
  const head = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Fathom//Ledger//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Fathom ledger',
    `X-WR-TIMEZONE:${timeZone}`,
  ];
  yield `${head.join('\r\n')}\r\n`;
  for await (const page of liveEntryPages(db, accountId)) {
    let out = '';
    for (const e of page) out += `${eventLines(e, accountId).map(foldLine).join('\r\n')}\r\n`;
    yield out;
  }
  yield 'END:VCALENDAR\r\n';
}
