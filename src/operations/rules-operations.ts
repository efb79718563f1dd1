import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import { modes, verdicts } from '../domain/vocabulary.ts';
import { foldText } from '../suggestions/title-words.ts';
import { describeMatchers, describeOutcome } from '../suggestions/judging-rule.ts';
import type { JudgingRule } from '../suggestions/judging-rule.ts';
import { deleteRule, insertRule, listRules } from '../store/rules-store.ts';
import { idField, line } from './fields.ts';
import { modeSwitches } from './ledger-operations.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';
import { resolveGoal, resolvePerson } from './resolve.ts';

/** One rule as a line: `#2  title contains “1:1” → networking, forward`. */
export function ruleLine(r: JudgingRule): string {
  return `#${String(r.id).padEnd(4)} ${describeMatchers(r)} → ${describeOutcome(r)}`;
}

async function requireRule(ctx: Context, id: number): Promise<JudgingRule> {
  const [rule] = await listRules(ctx.db, ctx.accountId, [id]);
  if (!rule) throw new FathomError('not_found', `No rule #${id}; see fathom rule list.`, { field: 'id' });
  return rule;
}

const sameText = (a: string | null, b: string | null) =>
  (a === null ? null : foldText(a)) === (b === null ? null : foldText(b));

export const ruleAdd = defineOperation({
  name: 'rule.add',
  summary: 'Add a judging rule: entries that match get its mode, verdict and goal as a suggestion',
  mutates: true,
  input: z.object({
    title: line(200).optional().describe('The title contains this text (ignoring case and accents)'),
    with: line(200).optional().describe('The entry is with this person (id, email or name)'),
    org: line(200).optional().describe('Someone on the entry works at this organization'),
    tag: line(60)
      .transform((t) => t.toLowerCase())
      .optional()
      .describe('Someone on the entry carries this tag'),
    mode: z.enum(modes).optional().describe('networking or socializing'),
    verdict: z.enum(verdicts).optional().describe('forward or back'),
    goal: line(200).optional().describe('The goal such entries serve (id or title)'),
  }),
  cli: { command: 'rule add', switches: modeSwitches },
  http: { method: 'POST', path: '/rules' },
  async run(ctx, input): Promise<JudgingRule> {
    if (
      input.title === undefined &&
      input.with === undefined &&
      input.org === undefined &&
      input.tag === undefined
    ) {
      throw new FathomError(
        'invalid_input',
        'title: a rule needs at least one matcher: --title, --with, --org or --tag.',
        { field: 'title' },
      );
    }
    if (input.mode === undefined && input.verdict === undefined) {
      throw new FathomError(
        'invalid_input',
        'mode: a rule must suggest a mode (--networking or --socializing), a verdict (--forward or --back), or both.',
        { field: 'mode' },
      );
    }
    const personId =
      input.with === undefined ? null : await resolvePerson(ctx.db, ctx.accountId, input.with, 'with');
    const goalId = input.goal === undefined ? null : await resolveGoal(ctx.db, ctx.accountId, input.goal);
    const write = {
      title: input.title ?? null,
      personId,
      organization: input.org ?? null,
      tag: input.tag ?? null,
      mode: input.mode ?? null,
      verdict: input.verdict ?? null,
      goalId,
    };
    const twin = (await listRules(ctx.db, ctx.accountId)).find(
      (r) =>
        sameText(r.title, write.title) &&
        (r.person?.id ?? null) === personId &&
        sameText(r.organization, write.organization) &&
        r.tag === write.tag,
    );
    if (twin) {
      throw new FathomError(
        'conflict',
        `Rule #${twin.id} already matches the same entries (${describeMatchers(twin)} → ${describeOutcome(twin)}). Remove it first: fathom rule remove ${twin.id}`,
        { field: 'title' },
      );
    }
    const id = await insertRule(ctx.db, ctx.accountId, write, ctx.now().toISOString());
    return requireRule(ctx, id);
  },
  text: (r) => `Added rule ${ruleLine(r)}`,
});

export const ruleList = defineOperation({
  name: 'rule.list',
  summary: 'List your judging rules',
  mutates: false,
  input: z.object({}),
  cli: { command: 'rule list' },
  http: { method: 'GET', path: '/rules' },
  run: async (ctx): Promise<JudgingRule[]> => listRules(ctx.db, ctx.accountId),
  text: (rules) =>
    rules.length === 0
      ? 'No rules yet. Add one: fathom rule add --title "1:1" --networking --forward'
      : rules.map(ruleLine).join('\n'),
});

export const ruleRemove = defineOperation({
  name: 'rule.remove',
  summary: 'Remove a judging rule (judgements it suggested stay as they are)',
  mutates: true,
  input: z.object({ id: idField.describe('Rule id') }),
  cli: { command: 'rule remove', args: ['id'] },
  http: { method: 'DELETE', path: '/rules/{id}' },
  async run(ctx, input): Promise<JudgingRule> {
    const rule = await requireRule(ctx, input.id);
    await deleteRule(ctx.db, ctx.accountId, input.id);
    return rule;
  },
  text: (r) => `Removed rule ${ruleLine(r)}`,
});

export const ruleOperations = [ruleAdd, ruleList, ruleRemove] as const;
