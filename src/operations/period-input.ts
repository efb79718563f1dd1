import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import type { Period } from '../domain/period.ts';
import { customPeriod, monthPeriod, trailingMonths } from '../domain/period.ts';
import { ledgerSpan } from '../store/insights-queries.ts';
import { getSettings } from '../store/settings-store.ts';
import { dateField, monthField } from './fields.ts';
import type { Context } from './registry.ts';

/** The ways an insight's period can be chosen; at most one of them at a time. */
export const periodFields = {
  month: monthField.optional().describe('A month, YYYY-MM'),
  from: dateField.optional().describe('First day of a custom range (YYYY-MM-DD)'),
  to: dateField.optional().describe('Last day of a custom range (YYYY-MM-DD)'),
  months: z.number().int().min(1).max(120).optional().describe('The trailing N months, this one included'),
  all: z.boolean().optional().describe('All time'),
};

export interface PeriodInput {
  month?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  months?: number | undefined;
  all?: boolean | undefined;
}

/** Turns the period fields into a period of local days; `fallbackMonths` trailing months when none is chosen. */
export async function resolvePeriod(
  ctx: Context,
  input: PeriodInput,
  fallbackMonths: number,
): Promise<Period> {
  const chosen = [input.month, input.from ?? input.to, input.months, input.all].filter(
    (x) => x !== undefined && x !== false,
  );
  if (chosen.length > 1) {
    throw new FathomError('invalid_input', 'month: choose one of --month, --from/--to, --months or --all.', {
      field: 'month',
    });
  }
  const { timeZone } = await getSettings(ctx.db, ctx.accountId);
  if (input.month) return monthPeriod(input.month);
  if (input.from || input.to) {
    if (!input.from || !input.to) {
      throw new FathomError('invalid_input', `${input.from ? 'to' : 'from'}: give both --from and --to.`, {
        field: input.from ? 'to' : 'from',
      });
    }
    return customPeriod(input.from, input.to);
  }
  if (input.all) {
    const span = await ledgerSpan(ctx.db, ctx.accountId);
    if (span) return { from: span.first, to: span.last, label: 'all time' };
    return { ...trailingMonths(ctx.now(), timeZone, 1), label: 'all time' };
  }
  const months = input.months ?? fallbackMonths;
  const p = trailingMonths(ctx.now(), timeZone, months);
  return months > 1 ? { ...p, label: `the last ${months} months` } : p;
}
