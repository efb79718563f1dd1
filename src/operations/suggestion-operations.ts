import { z } from 'zod';
import { formatMinutes } from '../domain/duration.ts';
import type { Entry } from '../domain/entry.ts';
import { FathomError } from '../domain/errors.ts';
import { listEntries, updateEntryRow } from '../store/entries-store.ts';
import { loadSuggestionEvidence } from '../store/suggestion-evidence-store.ts';
import { Suggester } from '../suggestions/suggest.ts';
import type { Suggestion } from '../suggestions/suggest.ts';
import { dateField, idField } from './fields.ts';
import { entryLine } from './ledger-operations.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';

/** An unjudged entry with what Fathom would judge it and why (null: nothing to go on). */
export type SuggestedEntry = Entry & { suggestion: Suggestion | null };

/** Suggestions for a page of entries from one load of evidence. */
export async function suggestFor(ctx: Context, entries: readonly Entry[]): Promise<SuggestedEntry[]> {
  if (entries.length === 0) return [];
  const evidence = await loadSuggestionEvidence(
    ctx.db,
    ctx.accountId,
    entries.flatMap((e) => e.people.map((p) => p.id)),
  );
  const suggester = new Suggester(evidence);
  return entries.map((e) => ({ ...e, suggestion: suggester.suggest(e) }));
}

function checkRange(from: string | undefined, to: string | undefined): void {
  if (from && to && from > to)
    throw new FathomError('invalid_input', `to: ${to} is before from: ${from}.`, { field: 'to' });
}

/** A suggestion as a short line: `networking, forward (0.92) — rule #2: title contains “1:1”`. */
export function suggestionLine(s: Suggestion | null): string {
  if (!s || (s.mode === null && s.verdict === null)) return 'no suggestion';
  const what = [s.mode ?? '?', s.verdict ?? '?', ...(s.goal ? [`“${s.goal}”`] : [])].join(', ');
  return `${what} (${s.confidence.toFixed(2)})${s.reasons.length ? ` — ${s.reasons.join('; ')}` : ''}`;
}

export const suggestionsList = defineOperation({
  name: 'suggestions.list',
  summary: 'List unjudged entries, newest first, each with a suggested judgement and why',
  mutates: false,
  input: z.object({
    from: dateField.optional().describe('First day (YYYY-MM-DD)'),
    to: dateField.optional().describe('Last day (YYYY-MM-DD)'),
    ids: z.array(idField).max(1000).optional().describe('Only these entries (repeatable)'),
    limit: z.number().int().min(1).max(1000).default(50).describe('At most this many (default 50)'),
    offset: z.number().int().min(0).default(0).describe('Skip this many'),
  }),
  cli: { command: 'suggestions' },
  http: { method: 'GET', path: '/entries/suggestions' },
  async run(ctx, input): Promise<{ entries: SuggestedEntry[]; total: number }> {
    checkRange(input.from, input.to);
    const page = await listEntries(ctx.db, ctx.accountId, {
      unjudged: true,
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
      ...(input.ids ? { ids: input.ids } : {}),
      limit: input.limit,
      offset: input.offset,
    });
    return { entries: await suggestFor(ctx, page.entries), total: page.total };
  },
  text: (r) =>
    r.entries.length === 0
      ? 'Nothing to judge.'
      : [
          ...r.entries.map((e) => `${entryLine(e)}\n    → ${suggestionLine(e.suggestion)}`),
          `${r.entries.length} of ${r.total} unjudged entries`,
        ].join('\n'),
});

export interface AcceptedSuggestion {
  id: number;
  title: string;
  localDate: string;
  mode: string;
  verdict: string;
  goal: string | null;
  confidence: number;
  reason: string;
}

export interface AcceptResult {
  dryRun: boolean;
  minConfidence: number;
  /** Entries judged (or, in a dry run, that would be). */
  judged: number;
  /** Unjudged entries in the range left after it. */
  left: number;
  leftMinutes: number;
  entries: AcceptedSuggestion[];
}

export const judgeAcceptSuggestions = defineOperation({
  name: 'judge.accept-suggestions',
  summary: 'Judge every unjudged entry whose suggestion is sure enough, in one transaction',
  mutates: true,
  input: z.object({
    minConfidence: z
      .number()
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .default(0.9)
      .describe('Accept suggestions at least this sure, 0..1 (default 0.9)'),
    from: dateField.optional().describe('First day (YYYY-MM-DD)'),
    to: dateField.optional().describe('Last day (YYYY-MM-DD)'),
    dryRun: z.boolean().optional().describe('Show what would be judged; change nothing'),
  }),
  http: { method: 'POST', path: '/entries/accept-suggestions' },
  async run(ctx, input): Promise<AcceptResult> {
    checkRange(input.from, input.to);
    const { entries } = await listEntries(ctx.db, ctx.accountId, {
      unjudged: true,
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
    });
    // Every suggestion comes from the ledger as it was before this run: accepting one never feeds another.
    const suggested = await suggestFor(ctx, entries);
    const accepted: AcceptedSuggestion[] = [];
    let leftMinutes = 0;
    for (const e of suggested) {
      const s = e.suggestion;
      if (!s || s.mode === null || s.verdict === null || s.confidence < input.minConfidence) {
        leftMinutes += e.minutes;
        continue;
      }
      const goalId = e.goalId === null ? s.goalId : e.goalId;
      if (!input.dryRun) {
        await updateEntryRow(ctx.db, ctx.accountId, e.id, {
          mode: s.mode,
          verdict: s.verdict,
          ...(e.goalId === null && goalId !== null ? { goalId } : {}),
        });
      }
      accepted.push({
        id: e.id,
        title: e.title,
        localDate: e.localDate,
        mode: s.mode,
        verdict: s.verdict,
        goal: e.goalId === null ? s.goal : e.goal,
        confidence: s.confidence,
        reason: s.reasons[0] ?? '',
      });
    }
    return {
      dryRun: input.dryRun ?? false,
      minConfidence: input.minConfidence,
      judged: accepted.length,
      left: suggested.length - accepted.length,
      leftMinutes,
      entries: accepted,
    };
  },
  text: (r) => {
    const lines = r.entries
      .slice(0, r.dryRun ? 50 : 0)
      .map(
        (a) =>
          `#${String(a.id).padEnd(6)} ${a.localDate}  ${a.mode}, ${a.verdict} (${a.confidence.toFixed(2)})  ${a.title} — ${a.reason}`,
      );
    if (r.dryRun && r.entries.length > 50) lines.push(`… and ${r.entries.length - 50} more`);
    const n = (k: number) => `${k} ${k === 1 ? 'entry' : 'entries'}`;
    lines.push(
      `${r.dryRun ? 'Would judge' : 'Judged'} ${n(r.judged)} whose suggestion was at least ${r.minConfidence} sure${r.dryRun ? ' (dry run: nothing changed)' : ''}.`,
      r.left === 0
        ? 'Nothing left to judge.'
        : `${n(r.left)} (${formatMinutes(r.leftMinutes)}) still unjudged — run fathom judge`,
    );
    return lines.join('\n');
  },
});

export const suggestionOperations = [suggestionsList, judgeAcceptSuggestions] as const;
