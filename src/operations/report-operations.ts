import { z } from 'zod';
import { formatMinutes } from '../domain/duration.ts';
import { FathomError } from '../domain/errors.ts';
import type { Period } from '../domain/period.ts';
import { customPeriod, monthPeriod, trailingMonths } from '../domain/period.ts';
import { circles } from '../domain/vocabulary.ts';
import { buildReport } from '../insights/report.ts';
import type { Report } from '../insights/report.ts';
import { getSettings } from '../store/settings-store.ts';
import { dateField, monthField } from './fields.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';

async function allTime(ctx: Context): Promise<Period> {
  const row = await ctx.db
    .selectFrom('rollup_days')
    .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
    .where('account_id', '=', ctx.accountId)
    .where('entries', '>', 0)
    .executeTakeFirst();
  const first = (row?.first as string | null) ?? null;
  const last = (row?.last as string | null) ?? null;
  if (!first || !last)
    return {
      ...trailingMonths(ctx.now(), (await getSettings(ctx.db, ctx.accountId)).timeZone, 1),
      label: 'all time',
    };
  return { from: first, to: last, label: 'all time' };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The warning under the networking figure: unjudged time counts as neither networking nor
 * socializing, so a period full of unjudged entries must not read as one without networking.
 */
export function unjudgedLines(entries: number, minutes: number, indent = '            '): string[] {
  const what = `${entries} ${entries === 1 ? 'entry' : 'entries'} (${formatMinutes(minutes)})`;
  return [
    `${indent}${what} still unjudged — run fathom judge`,
    `${indent}(the networking figure counts judged entries only; fathom judge --accept-suggestions --dry-run shows what could be judged at once)`,
  ];
}

/** The report as a readable page for the terminal. */
export function reportText(r: Report): string {
  const out: string[] = [];
  const t = r.target;
  out.push(`Fathom report — ${r.period.label} (${r.period.from} to ${r.period.to}, ${r.timeZone})`, '');
  out.push(
    `Networking  ${formatMinutes(t.networkingMinutes)} of ${formatMinutes(t.periodMinutes)} target  ${bar(t.progress)} ${pct(t.progress)}${t.met ? '  target met' : ''}`,
  );
  if (r.totals.unjudgedEntries > 0)
    out.push(...unjudgedLines(r.totals.unjudgedEntries, r.totals.unjudgedMinutes));
  out.push('', `Total       ${formatMinutes(r.totals.minutes)} in ${r.totals.entries} entries`, '');
  const row = (label: string, b: { entries: number; minutes: number }) =>
    `  ${label.padEnd(14)} ${formatMinutes(b.minutes).padStart(8)}  ${String(b.entries).padStart(5)} entries  ${r.totals.minutes ? pct(b.minutes / r.totals.minutes).padStart(4) : ''}`;
  out.push('By mode', row('networking', r.byMode.networking), row('socializing', r.byMode.socializing));
  if (r.byMode.unjudged.entries) out.push(row('not yet judged', r.byMode.unjudged));
  out.push('', 'By verdict', row('forward', r.byVerdict.forward), row('back', r.byVerdict.back));
  if (r.byVerdict.unjudged.entries) out.push(row('unjudged', r.byVerdict.unjudged));
  out.push('', 'By circle (time with people; an entry with several people counts for each)');
  for (const c of circles) {
    const b = r.byCircle[c];
    if (b.entries === 0) continue;
    out.push(
      `  ${c.padEnd(14)} ${formatMinutes(b.minutes).padStart(8)}  ${String(b.people).padStart(5)} people`,
    );
  }
  if (r.topPeople.length > 0) {
    out.push('', 'Top people by time');
    for (const p of r.topPeople) {
      out.push(
        `  ${p.name.padEnd(26).slice(0, 26)} ${formatMinutes(p.minutes).padStart(8)} ${pct(p.share).padStart(4)}  ${p.circle.padEnd(12)} ${(p.verdict ?? 'unjudged').padEnd(8)} net ${formatMinutes(p.networkingMinutes)}, fwd ${formatMinutes(p.forwardMinutes)}, back ${formatMinutes(p.backMinutes)}`,
      );
    }
  }
  return out.join('\n');
}

function bar(progress: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round(progress * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export const report = defineOperation({
  name: 'report',
  summary: 'Report a month or any range: networking against the target, modes, verdicts, circles, top people',
  mutates: false,
  input: z.object({
    month: monthField.optional().describe('A month, YYYY-MM (default: this month)'),
    from: dateField.optional().describe('First day of a custom range'),
    to: dateField.optional().describe('Last day of a custom range'),
    months: z.number().int().min(1).max(120).optional().describe('The trailing N months, this one included'),
    all: z.boolean().optional().describe('All time'),
    top: z.number().int().min(0).max(1000).default(10).describe('How many top people to list'),
  }),
  cli: { command: 'report' },
  http: { method: 'GET', path: '/report' },
  async run(ctx, input): Promise<Report> {
    const chosen = [input.month, input.from ?? input.to, input.months, input.all].filter(
      (x) => x !== undefined && x !== false,
    );
    if (chosen.length > 1) {
      throw new FathomError(
        'invalid_input',
        'report: choose one of --month, --from/--to, --months or --all.',
        { field: 'month' },
      );
    }
    const { timeZone } = await getSettings(ctx.db, ctx.accountId);
    let period: Period;
    if (input.month) period = monthPeriod(input.month);
    else if (input.from || input.to) {
      if (!input.from || !input.to)
        throw new FathomError('invalid_input', 'report: give both --from and --to.', {
          field: input.from ? 'to' : 'from',
        });
      period = customPeriod(input.from, input.to);
    } else if (input.months) period = trailingMonths(ctx.now(), timeZone, input.months);
    else if (input.all) period = await allTime(ctx);
    else period = trailingMonths(ctx.now(), timeZone, 1);
    return buildReport(ctx.db, ctx.accountId, period, input.top);
  },
  text: reportText,
});
