import { z } from 'zod';
import { formatMinutes } from '../domain/duration.ts';
import type { Goal } from '../domain/goal.ts';
import type { Settings } from '../domain/settings.ts';
import { weekdays } from '../domain/vocabulary.ts';
import { insertGoal, listGoals, setGoalStatus } from '../store/goals-store.ts';
import { getSettings, updateSettings } from '../store/settings-store.ts';
import { emailKey, isEmail } from '../domain/contact-keys.ts';
import { line, prose, timeZoneField } from './fields.ts';
import { defineOperation } from './registry.ts';
import { resolveGoal } from './resolve.ts';
import { FathomError } from '../domain/errors.ts';
import { textLimits } from '../domain/field-limits.ts';
import { isSupportedCountry } from 'libphonenumber-js';

const targetField = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  // The monthly target may exceed a day, so it is read without the single-entry cap.
  const m = /^(\d+(?:\.\d+)?)\s*h(?:ours?)?$|^(\d+)\s*m(?:in)?$|^(\d+)$/i.exec(String(v).trim());
  const minutes = m ? (m[1] ? Math.round(Number(m[1]) * 60) : Number(m[2] ?? m[3])) : NaN;
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > 744 * 60) {
    ctx.addIssue({ code: 'custom', message: 'is not a monthly target; write it like 5h or 300m' });
    return z.NEVER;
  }
  return minutes;
});

const settingsFields = {
  timeZone: timeZoneField.optional().describe('Your time zone, e.g. Europe/Berlin'),
  target: targetField.optional().describe('Monthly networking target, e.g. 5h'),
  innerCap: z.number().int().min(1).max(50).optional().describe('Soft cap on the inner circle'),
  weekStart: z.enum(weekdays).optional().describe('First day of the week'),
  myEmail: z
    .array(z.string().trim().refine(isEmail, 'is not an email address'))
    .optional()
    .describe('Your own email addresses (never turned into people)'),
  phoneRegion: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .refine(
      (s) => isSupportedCountry(s),
      'is not a country code Fathom knows phone numbers for (use a two-letter code like DE or US)',
    )
    .optional()
    .describe('Country for local phone numbers, e.g. DE'),
};

function settingsPatch(input: {
  timeZone?: string;
  target?: number;
  innerCap?: number;
  weekStart?: Settings['weekStart'];
  myEmail?: string[];
  phoneRegion?: string;
}): Partial<Settings> {
  const patch: Partial<Settings> = {};
  if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
  if (input.target !== undefined) patch.monthlyTargetMinutes = input.target;
  if (input.innerCap !== undefined) patch.innerCap = input.innerCap;
  if (input.weekStart !== undefined) patch.weekStart = input.weekStart;
  if (input.myEmail !== undefined) patch.myEmails = [...new Set(input.myEmail.map(emailKey))];
  if (input.phoneRegion !== undefined) patch.phoneRegion = input.phoneRegion;
  return patch;
}

export function settingsText(s: Settings): string {
  return [
    `Purpose:        ${s.purpose ?? '(not set — fathom init --purpose "…")'}`,
    `Time zone:      ${s.timeZone}`,
    `Monthly target: ${formatMinutes(s.monthlyTargetMinutes)} of networking`,
    `Inner circle:   at most ${s.innerCap}`,
    `Week starts:    ${s.weekStart}`,
    `My emails:      ${s.myEmails.join(', ') || '—'}`,
    `Phone region:   ${s.phoneRegion ?? '—'}`,
  ].join('\n');
}

export const init = defineOperation({
  name: 'init',
  summary: 'State your purpose and set up your ledger',
  mutates: true,
  input: z.object({
    purpose: prose(textLimits.purpose).optional().describe('Your one central aim, in a sentence'),
    ...settingsFields,
    force: z.boolean().optional().describe('Replace the purpose your ledger already has'),
  }),
  cli: { command: 'init', args: ['purpose'] },
  http: { method: 'POST', path: '/init' },
  async run(ctx, input) {
    const patch = settingsPatch(input);
    if (input.purpose !== undefined) patch.purpose = input.purpose === '' ? null : input.purpose;
    const current = await getSettings(ctx.db, ctx.accountId);
    // Setting up again must not quietly throw away the aim everything is measured against.
    if (
      patch.purpose !== undefined &&
      current.purpose !== null &&
      patch.purpose !== current.purpose &&
      !input.force
    ) {
      throw new FathomError(
        'conflict',
        `init: your ledger already has a purpose ("${current.purpose}"); change it with settings set --purpose, or give --force to replace it.`,
        { field: 'purpose' },
      );
    }
    if (!current.initializedAt) patch.initializedAt = ctx.now().toISOString();
    return updateSettings(ctx.db, ctx.accountId, patch);
  },
  text: (s) => `Ready.\n${settingsText(s)}`,
});

export const settingsShow = defineOperation({
  name: 'settings.show',
  summary: 'Show your purpose and settings',
  mutates: false,
  input: z.object({}),
  cli: { command: 'settings show' },
  http: { method: 'GET', path: '/settings' },
  run: (ctx) => getSettings(ctx.db, ctx.accountId),
  text: settingsText,
});

export const settingsSet = defineOperation({
  name: 'settings.set',
  summary: 'Change settings: target, inner-circle cap, time zone, week start, your emails',
  mutates: true,
  input: z.object({
    ...settingsFields,
    purpose: prose(textLimits.purpose).optional().describe('Your one central aim'),
  }),
  cli: { command: 'settings set' },
  http: { method: 'PATCH', path: '/settings' },
  async run(ctx, input) {
    const patch = settingsPatch(input);
    if (input.purpose !== undefined) patch.purpose = input.purpose === '' ? null : input.purpose;
    if (Object.keys(patch).length === 0) {
      throw new FathomError(
        'invalid_input',
        'settings: nothing to change; give at least one option (see --help).',
      );
    }
    return updateSettings(ctx.db, ctx.accountId, patch);
  },
  text: settingsText,
});

function goalLine(g: Goal): string {
  return `#${g.id}  ${g.status === 'done' ? '[done] ' : ''}${g.title}`;
}

export const goalAdd = defineOperation({
  name: 'goal.add',
  summary: 'Add a concrete goal under your purpose',
  mutates: true,
  input: z.object({ title: line(textLimits.goalTitle).describe('What you want to achieve') }),
  cli: { command: 'goal add', args: ['title'] },
  http: { method: 'POST', path: '/goals' },
  run: (ctx, input) => insertGoal(ctx.db, ctx.accountId, input.title),
  text: (g) => `Added goal ${goalLine(g)}`,
});

export const goalList = defineOperation({
  name: 'goal.list',
  summary: 'List your goals',
  mutates: false,
  input: z.object({ all: z.boolean().optional().describe('Include goals that are done') }),
  cli: { command: 'goal list' },
  http: { method: 'GET', path: '/goals' },
  run: (ctx, input) => listGoals(ctx.db, ctx.accountId, input.all ? undefined : 'open'),
  text: (goals) =>
    goals.length === 0 ? 'No goals yet. Add one: fathom goal add "…"' : goals.map(goalLine).join('\n'),
});

export const goalDone = defineOperation({
  name: 'goal.done',
  summary: 'Mark a goal as done',
  mutates: true,
  input: z.object({ goal: line(200).describe('Goal id or title') }),
  cli: { command: 'goal done', args: ['goal'] },
  http: { method: 'POST', path: '/goals/done' },
  async run(ctx, input) {
    const id = await resolveGoal(ctx.db, ctx.accountId, input.goal);
    return (await setGoalStatus(ctx.db, ctx.accountId, id, 'done'))!;
  },
  text: (g) => `Done: ${goalLine(g)}`,
});
