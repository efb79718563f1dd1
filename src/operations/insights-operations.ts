import { z } from 'zod';
import { formatMinutes } from '../domain/duration.ts';
import { circles, standingDimensions } from '../domain/vocabulary.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { CircleAudit } from '../insights/circle-audit.ts';
import { buildCircleAudit, buildDashboard, buildTarget, targetMonthFor } from '../insights/dashboard.ts';
import type { Dashboard } from '../insights/dashboard.ts';
import type { KeepInTouch, TouchItem } from '../insights/keep-in-touch.ts';
import {
  findHoldingBack,
  findInvest,
  findIntroductions,
  findKeepInTouch,
  findPurposeMatches,
} from '../insights/people-guidance.ts';
import type {
  HoldingBackResult,
  IntroductionsResult,
  InvestResult,
  PurposeMatches,
} from '../insights/people-guidance.ts';
import { reminderEvent, reminderHorizonDays, remindersIcs } from '../insights/reminders-ics.ts';
import type { TargetFigures } from '../insights/target.ts';
import type { TimeSplit } from '../insights/time-split.ts';
import { getSettings } from '../store/settings-store.ts';
import { monthField } from './fields.ts';
import { periodFields, resolvePeriod } from './period-input.ts';
import { defineOperation } from './registry.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const h = formatMinutes;

function bar(progress: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round(progress * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** The target as lines for the terminal. */
export function targetText(t: TargetFigures): string[] {
  const out = [
    `Networking in ${t.month}: ${h(t.networkingMinutes)} of ${h(t.targetMinutes)}  ${bar(t.progress)} ${pct(t.progress)}${t.met ? '  target met' : `  ${h(t.remainingMinutes)} to go`}`,
  ];
  if (t.pace) {
    out.push(
      `  At this rate you will reach ${h(t.pace.projectedMinutes)} by the end of the month (day ${t.pace.elapsedDays} of ${t.pace.daysInMonth})${t.pace.onTrack ? '' : ' — short of the target'}.`,
    );
  }
  const marks = t.trailing
    .map((m) => ({ met: '●', missed: '○', in_progress: '◐', future: '·' })[m.state])
    .join('');
  out.push(
    `  Last 12 months ${marks}  (● met ○ missed ◐ this month)  streak: ${t.streak} ${t.streak === 1 ? 'month' : 'months'}`,
  );
  if (t.unjudged.entries > 0) {
    out.push(
      `  ${t.unjudged.entries} ${t.unjudged.entries === 1 ? 'entry' : 'entries'} (${h(t.unjudged.minutes)}) this month still unjudged — run fathom judge (networking counts judged entries only)`,
    );
  }
  return out;
}

/** Where the time went, as lines for the terminal. */
export function timeText(t: TimeSplit): string[] {
  const row = (label: string, minutes: number, share: number, extra = '') =>
    `  ${label.padEnd(24)} ${h(minutes).padStart(8)} ${pct(share).padStart(5)}${extra}`;
  const out = [`Where the time went: ${h(t.totals.minutes)} in ${t.totals.entries} entries`];
  out.push(' By mode');
  out.push(row('networking', t.byMode.networking.minutes, t.byMode.networking.share));
  out.push(row('socializing', t.byMode.socializing.minutes, t.byMode.socializing.share));
  if (t.byMode.unjudged.entries > 0)
    out.push(row('not judged', t.byMode.unjudged.minutes, t.byMode.unjudged.share));
  out.push(' By verdict');
  out.push(row('forward', t.byVerdict.forward.minutes, t.byVerdict.forward.share));
  out.push(row('back', t.byVerdict.back.minutes, t.byVerdict.back.share));
  if (t.byVerdict.unjudged.entries > 0)
    out.push(row('unjudged', t.byVerdict.unjudged.minutes, t.byVerdict.unjudged.share));
  if (t.byGoal.length > 0) {
    out.push(' Networking by goal');
    for (const g of t.byGoal) out.push(row(g.title.slice(0, 24), g.minutes, g.share));
  }
  out.push(' By channel');
  for (const [c, s] of Object.entries(t.byChannel))
    if (s.entries > 0) out.push(row(c.replace('_', ' '), s.minutes, s.share));
  out.push(
    ` Weekdays ${h(t.weekdays.minutes)} (${h(t.weekdays.socializingMinutes)} socializing) · weekends ${h(t.weekends.minutes)} (${h(t.weekends.socializingMinutes)} socializing)`,
  );
  if (t.weekendSocializing.packed) {
    out.push(`  Most of your socializing (${pct(t.weekendSocializing.share)}) is packed into weekends.`);
  }
  out.push(' By circle (time with people; an entry with three people counts three times)');
  for (const c of circles) {
    const s = t.byCircle[c];
    if (s.minutes > 0)
      out.push(row(c, s.minutes, s.share, `  ${s.people} ${s.people === 1 ? 'person' : 'people'}`));
  }
  if (t.topPeople.length > 0) {
    out.push(' Top people by time');
    for (const p of t.topPeople) {
      out.push(
        `  ${p.name.slice(0, 24).padEnd(24)} ${h(p.minutes).padStart(8)} ${pct(p.share).padStart(5)}  ${p.circle.padEnd(12)} ${(p.verdict ?? 'unjudged').padEnd(8)} fwd ${h(p.forwardMinutes)}, back ${h(p.backMinutes)}`,
      );
    }
  }
  return out;
}

/** The circle audit as lines for the terminal. */
export function auditText(a: CircleAudit): string[] {
  const out = [
    `Inner circle: ${a.inner.size} of at most ${a.inner.cap}${a.inner.people.length > 0 ? ` (${a.inner.people.map((p) => p.name).join(', ')})` : ''}`,
  ];
  if (a.personMinutes > 0) {
    out.push(
      `Standing of the people you spend time with (share of ${h(a.personMinutes)} of time with people)`,
    );
    out.push(
      `  ${''.padEnd(15)} ${'ahead'.padStart(7)} ${'alongside'.padStart(10)} ${'behind'.padStart(7)} ${'unknown'.padStart(8)}`,
    );
    for (const d of standingDimensions) {
      const s = a.standing[d];
      out.push(
        `  ${d.padEnd(15)} ${pct(s.ahead.share).padStart(7)} ${pct(s.alongside.share).padStart(10)} ${pct(s.behind.share).padStart(7)} ${pct(s.unknown.share).padStart(8)}`,
      );
    }
    const v = a.personVerdict;
    out.push(
      `  People you judged forward ${pct(v.forward.share)}, back ${pct(v.back.share)}, not yet judged ${pct(v.unjudged.share)}`,
    );
  }
  for (const w of a.warnings) out.push(`! ${w.message}`);
  const u = a.unsorted;
  if (u.either > 0) {
    out.push(
      `${u.either} people still need sorting (${u.unsortedCircle} without a circle, ${u.noVerdict} without a verdict)${u.withTime.length > 0 ? '; with time in this period:' : '.'}`,
    );
    for (const p of u.withTime)
      out.push(
        `  ${p.name.slice(0, 28).padEnd(28)} ${h(p.minutes).padStart(8)}  ${p.circle}, ${p.verdict ?? 'no verdict'}`,
      );
  }
  return out;
}

export function dashboardText(d: Dashboard): string {
  return [
    `Fathom — ${d.period.label} (${d.period.from} to ${d.period.to}, ${d.timeZone})`,
    '',
    ...targetText(d.target),
    '',
    ...timeText(d.time),
    '',
    ...auditText(d.audit),
  ].join('\n');
}

const topField = z.number().int().min(0).max(1000).default(10).describe('How many top people to list');

export const insightsDashboard = defineOperation({
  name: 'insights.dashboard',
  summary: 'The dashboard: networking against the target, where the time went, and the circle audit',
  mutates: false,
  input: z.object({ ...periodFields, top: topField }),
  cli: { command: 'insights' },
  http: { method: 'GET', path: '/insights/dashboard' },
  async run(ctx, input): Promise<Dashboard> {
    const period = await resolvePeriod(ctx, input, 1);
    return buildDashboard(ctx.db, ctx.accountId, period, ctx.now(), input.top);
  },
  text: dashboardText,
});

export const insightsTarget = defineOperation({
  name: 'insights.target',
  summary: 'Networking this month against your monthly target, the trailing year and your streak',
  mutates: false,
  input: z.object({ month: monthField.optional().describe('A month, YYYY-MM (default: this month)') }),
  cli: { command: 'target' },
  http: { method: 'GET', path: '/insights/target' },
  async run(ctx, input): Promise<TargetFigures> {
    const { timeZone } = await getSettings(ctx.db, ctx.accountId);
    const today = localDateOf(ctx.now(), timeZone);
    return buildTarget(ctx.db, ctx.accountId, input.month ?? targetMonthFor({ to: today }, today), ctx.now());
  },
  text: (t) => targetText(t).join('\n'),
});

export const insightsAudit = defineOperation({
  name: 'insights.audit',
  summary: 'Circle audit: inner-circle size, the standing of the people you spend time with, who is unsorted',
  mutates: false,
  input: z.object({ ...periodFields }),
  cli: { command: 'audit' },
  http: { method: 'GET', path: '/insights/audit' },
  async run(ctx, input): Promise<CircleAudit & { period: { from: string; to: string; label: string } }> {
    const period = await resolvePeriod(ctx, input, 3);
    return { period, ...(await buildCircleAudit(ctx.db, ctx.accountId, period)) };
  },
  text: (a) =>
    [`Circle audit — ${a.period.label} (${a.period.from} to ${a.period.to})`, '', ...auditText(a)].join('\n'),
});

export const insightsHoldingBack = defineOperation({
  name: 'insights.holdingBack',
  summary: 'People who take much of your time and mostly hold you back, with the figures',
  mutates: false,
  input: z.object({
    ...periodFields,
    minShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.03)
      .describe('Only people with at least this share of your time (0.03 = 3%)'),
  }),
  cli: { command: 'holding-back' },
  http: { method: 'GET', path: '/insights/holding-back' },
  async run(ctx, input): Promise<HoldingBackResult> {
    const period = await resolvePeriod(ctx, input, 3);
    return findHoldingBack(ctx.db, ctx.accountId, period, input.minShare);
  },
  text: (r) => {
    const head = `Holding you back — ${r.period.label} (${r.period.from} to ${r.period.to}), people with at least ${pct(r.minShare)} of your ${h(r.ownerMinutes)}`;
    if (r.people.length === 0)
      return `${head}\n\nNobody who takes that much of your time mostly holds you back.`;
    return [head, '', ...r.people.map((p) => `${p.name} (${p.circle})\n  ${p.reasons.join('; ')}`)].join(
      '\n',
    );
  },
});

export const insightsInvest = defineOperation({
  name: 'insights.invest',
  summary:
    'People worth more of your time: ahead of you, aspired to, in your network or sharing your purpose, but neglected',
  mutates: false,
  input: z.object({
    ...periodFields,
    little: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .describe('Minutes in the period below which someone gets little time (default: 1h a month)'),
    limit: z.number().int().min(1).max(1000).default(20).describe('How many people to list'),
  }),
  cli: { command: 'invest' },
  http: { method: 'GET', path: '/insights/invest' },
  async run(ctx, input): Promise<InvestResult> {
    const period = await resolvePeriod(ctx, input, 3);
    const months = Math.max(
      1,
      Math.round(((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1) / 30.44),
    );
    return findInvest(ctx.db, ctx.accountId, period, ctx.now(), {
      littleMinutes: input.little ?? 60 * months,
      limit: input.limit,
    });
  },
  text: (r) => {
    const head = `Invest in — ${r.period.label} (${r.period.from} to ${r.period.to}); little time means under ${h(r.littleMinutes)}`;
    if (r.people.length === 0)
      return `${head}\n\nNobody you have reason to invest in is neglected. Mark people you aspire to, or who are ahead of you, to get suggestions.`;
    return [
      head,
      `${r.people.length} of ${r.candidates} people, best first`,
      '',
      ...r.people.map(
        (p, i) => `${String(i + 1).padStart(2)}. ${p.name} (${p.circle})\n    ${p.reasons.join('; ')}`,
      ),
    ].join('\n');
  },
});

function touchLine(t: TouchItem): string {
  const last = t.lastDay ? `last ${t.lastDay}` : 'never in touch';
  const due = t.overdueDays > 0 ? `${t.overdueDays} days overdue` : `due ${t.dueDate}`;
  return `  ${t.name.slice(0, 28).padEnd(28)} ${t.circle.padEnd(12)} every ${String(t.cadenceDays).padStart(3)} d  ${last.padEnd(16)} ${due}`;
}

type TouchResult = KeepInTouch & { overdueTotal: number; upcomingTotal: number };

function touchText(r: TouchResult): string {
  const out = [
    `Keep in touch — ${r.today}: ${r.overdueTotal} overdue, ${r.upcomingTotal} coming due, ${r.tracked} people with a cadence`,
  ];
  if (r.overdue.length > 0) out.push('', 'Overdue', ...r.overdue.map(touchLine));
  if (r.overdueTotal > r.overdue.length)
    out.push(`  … and ${r.overdueTotal - r.overdue.length} more (--limit)`);
  if (r.upcoming.length > 0) out.push('', 'Coming due', ...r.upcoming.map(touchLine));
  if (r.overdueTotal === 0 && r.upcomingTotal === 0)
    out.push(
      '',
      'Nobody is due. Cadences come from circles (inner 14 days, network 30, acquaintance 90) or person edit --cadence.',
    );
  return out.join('\n');
}

const touchInput = z.object({
  days: z
    .number()
    .int()
    .min(0)
    .max(366)
    .default(14)
    .describe('Also list who comes due within this many days'),
  limit: z.number().int().min(1).max(100_000).default(50).describe('At most this many people per list'),
});

async function runTouch(
  ctx: Parameters<typeof insightsDashboard.run>[0],
  input: z.output<typeof touchInput>,
): Promise<TouchResult> {
  const r = await findKeepInTouch(ctx.db, ctx.accountId, ctx.now(), input.days);
  return {
    ...r,
    overdue: r.overdue.slice(0, input.limit),
    upcoming: r.upcoming.slice(0, input.limit),
    overdueTotal: r.overdue.length,
    upcomingTotal: r.upcoming.length,
  };
}

export const insightsKeepInTouch = defineOperation({
  name: 'insights.keepInTouch',
  summary: 'Who is overdue for contact by their cadence, and who comes due soon',
  mutates: false,
  input: touchInput,
  cli: { command: 'keep-in-touch' },
  http: { method: 'GET', path: '/insights/keep-in-touch' },
  run: runTouch,
  text: touchText,
});

/** The same list under the name people reach for first; the CLI only. */
export const insightsOverdue = defineOperation({
  name: 'insights.overdue',
  summary: 'Who is overdue for contact (same as keep-in-touch)',
  mutates: false,
  input: touchInput,
  cli: { command: 'overdue' },
  run: runTouch,
  text: touchText,
});

export interface RemindersResult {
  /** The iCalendar feed, when asked for with `ics`. */
  ics: string | null;
  events: { uid: string; date: string; summary: string; description?: string }[];
}

export const insightsReminders = defineOperation({
  name: 'insights.reminders',
  summary: `Keep-in-touch reminders for the next ${reminderHorizonDays} days; --ics writes an iCalendar feed`,
  mutates: false,
  input: z.object({
    ics: z
      .boolean()
      .optional()
      .describe('Print an iCalendar (.ics) feed: fathom reminders --ics > reminders.ics'),
  }),
  cli: { command: 'reminders' },
  http: { method: 'GET', path: '/insights/reminders' },
  async run(ctx, input): Promise<RemindersResult> {
    if (input.ics) return { ics: await remindersIcs(ctx.db, ctx.accountId, ctx.now()), events: [] };
    const { timeZone } = await getSettings(ctx.db, ctx.accountId);
    const today = localDateOf(ctx.now(), timeZone);
    const r = await findKeepInTouch(ctx.db, ctx.accountId, ctx.now(), reminderHorizonDays);
    return {
      ics: null,
      events: [...r.overdue, ...r.upcoming].map((item) => reminderEvent(item, today, ctx.accountId)),
    };
  },
  text: (r) => {
    // The feed must end with CRLF; the terminal printer adds the final LF itself.
    if (r.ics !== null) return r.ics.endsWith('\r\n') ? r.ics.slice(0, -1) : r.ics;
    if (r.events.length === 0) return 'No reminders: nobody is due in the coming weeks.';
    return r.events.map((e) => `${e.date}  ${e.summary}`).join('\n');
  },
});

export const purposeMatches = defineOperation({
  name: 'purpose.matches',
  summary: 'People whose purpose, tags, notes or work match your purpose and goals, with the matched words',
  mutates: false,
  input: z.object({
    limit: z.number().int().min(1).max(100_000).default(20).describe('How many people to list'),
  }),
  cli: { command: 'purpose matches' },
  http: { method: 'GET', path: '/insights/purpose-matches' },
  run: (ctx, input): Promise<PurposeMatches> => findPurposeMatches(ctx.db, ctx.accountId, input.limit),
  text: (r) => {
    const head = `Common purpose — ${r.matching} of ${r.scored} people share words with your purpose and goals (${r.query.terms.join(', ')})`;
    if (r.matches.length === 0)
      return `${head}\n\nNobody yet. Write people's purposes and tags: fathom person edit NAME --purpose "…"`;
    return [
      head,
      '',
      ...r.matches.map(
        (m, i) =>
          `${String(i + 1).padStart(2)}. ${m.name} (${m.circle})  ${m.score.toFixed(2)}\n    matched ${m.matched.map((t) => `${t.term} [${t.fields.join(', ')}]`).join('; ')}${m.purpose ? `\n    purpose: ${m.purpose}` : ''}`,
      ),
    ].join('\n');
  },
});

export const introductions = defineOperation({
  name: 'insights.introductions',
  summary: 'Pairs of people who share a purpose and have never been in an entry together: introduce them',
  mutates: false,
  input: z.object({
    limit: z.number().int().min(1).max(500).default(10).describe('How many pairs'),
    minSimilarity: z.number().min(0).max(1).default(0.3).describe('Least purpose similarity, 0..1'),
    perPerson: z.number().int().min(1).max(50).default(2).describe('At most this many pairs per person'),
  }),
  cli: { command: 'introductions' },
  http: { method: 'GET', path: '/insights/introductions' },
  run: (ctx, input): Promise<IntroductionsResult> => findIntroductions(ctx.db, ctx.accountId, input),
  text: (r) => {
    const head = `Introductions — from ${r.pool} people with a purpose of their own`;
    if (r.pairs.length === 0)
      return `${head}\n\nNo pairs share enough of a purpose. Give people purposes and tags to find some.`;
    return [
      head,
      '',
      ...r.pairs.map(
        (p, i) =>
          `${String(i + 1).padStart(2)}. ${p.a.name} (${p.a.circle}) + ${p.b.name} (${p.b.circle})\n    ${p.reason}`,
      ),
    ].join('\n');
  },
});

/** Every insights operation, in the order the CLI lists them. */
export const insightsOperations = [
  insightsDashboard,
  insightsTarget,
  insightsAudit,
  insightsHoldingBack,
  insightsInvest,
  insightsKeepInTouch,
  insightsOverdue,
  insightsReminders,
  purposeMatches,
  introductions,
];
