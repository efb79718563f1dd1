import { z } from 'zod';
import { parseDuration } from '../domain/duration.ts';
import { isTimeZone } from '../domain/zoned-time.ts';
import { parseDate } from '../domain/zoned-time.ts';
import { FathomError } from '../domain/errors.ts';

/** A trimmed line of text with a length limit. */
export const line = (max = 200) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Longer free text (notes, purposes). */
export const prose = (max = 10_000) => z.string().trim().max(max, `must be at most ${max} characters`);

export const timeZoneField = z
  .string()
  .trim()
  .refine(isTimeZone, 'is not a known time zone (use a name like Europe/Berlin)');

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
