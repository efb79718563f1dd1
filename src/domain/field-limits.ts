import { invalid } from './errors.ts';

/**
 * The bounds every value must keep, whichever way it comes in: typed in the CLI or the web app,
 * sent to the API, read from an import or a backup. The operations' schemas and the import write
 * path both read them from here, so a limit is stated once; restoring a backup is one more way in
 * and must hold to them as well.
 */

/** The first and last year an entry may start in, and a birthday may fall in. */
export const earliestYear = 1900;
export const latestYear = 2200;

const earliestMs = Date.UTC(earliestYear, 0, 1);
const afterLatestMs = Date.UTC(latestYear + 1, 0, 1);

/** The plausible range in words, for error messages. */
export const plausibleRange = `between ${earliestYear} and ${latestYear}`;

/** Whether a year is one an entry or a birthday may carry. */
export function isPlausibleYear(year: number): boolean {
  return Number.isInteger(year) && year >= earliestYear && year <= latestYear;
}

/** Whether an instant lies within the plausible years (read in UTC). */
export function isPlausibleInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= earliestMs && ms < afterLatestMs;
}

/** Throws an input error naming the field unless the instant lies within the plausible years. */
export function assertPlausibleInstant(instant: Date, field: string, typed?: string): Date {
  if (!isPlausibleInstant(instant.getTime())) {
    const what = typed === undefined ? 'the time' : `"${typed}"`;
    throw invalid(field, `${what} is not a plausible time; entries must start ${plausibleRange}.`);
  }
  return instant;
}

/** The longest text each field keeps, in characters (UTF-16 code units, as zod counts them). */
export const textLimits = {
  personName: 200,
  /** Each part of a name: prefix, given, middle, family, suffix. */
  namePart: 200,
  nickname: 200,
  organization: 200,
  department: 200,
  jobTitle: 200,
  location: 200,
  notes: 10_000,
  purpose: 2000,
  entryTitle: 300,
  goalTitle: 200,
  tag: 60,
  contactValue: 500,
  contactLabel: 100,
  /** Each part of a postal address (street, town, …). */
  addressPart: 500,
  relatedName: 200,
} as const;

export type LimitedField = keyof typeof textLimits;

/* eslint-disable no-control-regex -- these patterns are there to find control characters */

// C0 controls, DEL and C1 controls; ESC sequences first so that their parameters go with them.
const escapeSequence = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const controlsButLines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const lineBreaks = /\r\n?|[\n\t\u2028\u2029]/g;
// Vertical tab, form feed and the record and unit separators part words: they become spaces.
const separators = /[\u000b\u000c\u001c-\u001f]/g;
// Embeddings, overrides and isolates reorder the text around them; the marks (LRM, RLM, ALM) do not.
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * A single-line value as it is stored: ESC sequences, control characters and bidi overrides
 * removed, line breaks, tabs and separators turned into spaces.
 */
export function singleLine(text: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  return text
    .replace(escapeSequence, '')
    .replace(lineBreaks, ' ')
    .replace(separators, ' ')
    .replace(controlsButLines, '')
    .replace(bidiControls, '');
}

/** A multi-line value (notes, purposes) as it is stored: line breaks and tabs kept, separators as spaces, other controls removed. */
export function multiLine(text: string): string {
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  return text
    .replace(escapeSequence, '')
    .replace(/\r\n?/g, '\n')
    .replace(separators, ' ')
    .replace(controlsButLines, '')
    .replace(bidiControls, '');
}

/* eslint-enable no-control-regex */

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair, and trims the end. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd();
}
