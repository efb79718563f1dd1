import { z } from 'zod';
import { parseDuration } from '../domain/duration.ts';
import { canonicalTimeZone, suggestTimeZone } from '../domain/zoned-time.ts';
import { parseDate } from '../domain/zoned-time.ts';
import { FathomError } from '../domain/errors.ts';
import { isPlausibleYear, multiLine, plausibleRange, singleLine } from '../domain/field-limits.ts';

/** A trimmed line of text with a length limit; control characters and bidi overrides are left out. */
export const line = (max = 200) =>
  z
    .string()
    .transform(singleLine)
    .pipe(z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** A single line that may be empty (to clear a field), with a length limit. */
export const shortText = (max = 200) =>
  z
    .string()
    .transform(singleLine)
    .pipe(z.string().trim().max(max, `must be at most ${max} characters`));

/** Longer free text (notes, purposes): line breaks and tabs kept, other control characters left out. */
export const prose = (max = 10_000) =>
  z
    .string()
    .transform(multiLine)
    .pipe(z.string().trim().max(max, `must be at most ${max} characters`));

/** A known time zone, stored in its canonical IANA spelling; an unknown one is refused with the closest name. */
export const timeZoneField = z
  .string()
  .trim()
  .transform((name, ctx) => {
    const zone = canonicalTimeZone(name);
    if (zone !== undefined) return zone;
    const near = suggestTimeZone(name);
    ctx.addIssue({
      code: 'custom',
      message: near
        ? `is not a known time zone; did you mean ${near}?`
        : 'is not a known time zone (use a name like Europe/Berlin)',
    });
    return z.NEVER;
  });

export const dateField = z
  .string()
  .trim()
  .refine((s) => {
    try {
      parseDate(s);
      return true;
    } catch {
      return false;
    }
  }, 'is not a date; write YYYY-MM-DD');

/** A day entries may fall on: a date within the plausible years. */
export const entryDateField = dateField.refine(
  (s) => isPlausibleYear(Number(s.trim().slice(0, 4))),
  `is outside the plausible years (entries fall ${plausibleRange})`,
);

export const monthField = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'is not a month; write YYYY-MM');

/** A duration as people type it (`1h30`), or whole minutes as a number. */
export const durationField = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  try {
    return parseDuration(String(v));
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      message: e instanceof FathomError ? e.message.replace(/^duration: /, '') : 'is not a duration',
    });
    return z.NEVER;
  }
});

export const idField = z
  .union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^#?\d+$/, 'is not an id')
      .transform((s) => Number(s.replace('#', ''))),
  ])
  .pipe(z.number().int().positive('is not an id'));

export const stringList = z.array(z.string());
