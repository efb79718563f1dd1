import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import type { Period } from '../domain/period.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { buildDashboard } from '../insights/dashboard.ts';
import type { Dashboard } from '../insights/dashboard.ts';
import { reviewPeriod, reviewQuestions } from '../insights/review-questions.ts';
import type { ReviewKind, ReviewQuestion } from '../insights/review-questions.ts';
import { getReview, insertReview, listReviews } from '../store/reviews-store.ts';
import type { StoredReview } from '../store/reviews-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { idField, prose } from './fields.ts';
import { dashboardText } from './insights-operations.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';

const kindField = z.enum(['week', 'month']).default('week').describe('week or month');
const previousField = z.boolean().optional().describe('Review the period before the current one');

async function periodFor(ctx: Context, kind: ReviewKind, previous: boolean): Promise<Period> {
  const settings = await getSettings(ctx.db, ctx.accountId);
  return reviewPeriod(kind, localDateOf(ctx.now(), settings.timeZone), settings.weekStart, previous);
}

/** What a review shows before asking: the period, its figures, and the questions. */
export interface ReviewPrompt {
  kind: ReviewKind;
  period: Period;
  figures: Dashboard;
  questions: ReviewQuestion[];
}

export const reviewStart = defineOperation({
  name: 'review.questions',
  summary: "The period's figures and the review questions, before you answer them",
  mutates: false,
  input: z.object({ period: kindField, previous: previousField }),
  cli: { command: 'review questions' },
  http: { method: 'GET', path: '/reviews/questions' },
  async run(ctx, input): Promise<ReviewPrompt> {
    const period = await periodFor(ctx, input.period, input.previous ?? false);
    return {
      kind: input.period,
      period,
      figures: await buildDashboard(ctx.db, ctx.accountId, period, ctx.now(), 5),
      questions: reviewQuestions(input.period),
    };
  },
  text: (r) =>
    [dashboardText(r.figures), '', ...r.questions.map((q, i) => `${i + 1}. ${q.question}`)].join('\n'),
});

const answerFields = {
  forward: prose(10_000).optional().describe('What moved you forward'),
  heldBack: prose(10_000).optional().describe('Whom you spent time with who held you back'),
  aim: prose(10_000).optional().describe('Whether your network serves your one aim'),
  commit: prose(10_000).optional().describe('What you commit to next'),
};
const answersSchema = z.object(answerFields).strict();

/** Reads a JSON file of answers keyed like the questions; only the command line can name a file. */
async function answersFromFile(ctx: Context, path: string): Promise<z.output<typeof answersSchema>> {
  if (!ctx.readFile) {
    throw new FathomError(
      'invalid_input',
      'answersFile: files can only be named on the command line; send the answers instead.',
      {
        field: 'answersFile',
      },
    );
  }
  const text = new TextDecoder().decode(await ctx.readFile(path, 1_000_000));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FathomError('invalid_input', `answersFile: ${path} is not JSON (${(e as Error).message}).`, {
      field: 'answersFile',
    });
  }
  const result = answersSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FathomError(
      'invalid_input',
      `answersFile: ${path}: ${issue?.path.join('.') || 'answers'} ${issue?.message ?? 'is not valid'}; write an object with forward, heldBack, aim and commit.`,
      { field: 'answersFile' },
    );
  }
  return result.data;
}

export const reviewSave = defineOperation({
  name: 'review',
  summary:
    'Review your week or month: answer a few questions, stored with the figures (review list, review show)',
  mutates: true,
  input: z.object({
    period: kindField,
    previous: previousField,
    ...answerFields,
    answersFile: z
      .string()
      .optional()
      .describe('A JSON file with the answers: {"forward": "…", "heldBack": "…", "aim": "…", "commit": "…"}'),
  }),
  cli: { command: 'review' },
  http: { method: 'POST', path: '/reviews' },
  async run(ctx, input): Promise<StoredReview> {
    const fromFile = input.answersFile ? await answersFromFile(ctx, input.answersFile) : {};
    const answers: Record<string, string> = {};
    for (const q of reviewQuestions(input.period)) {
      const value = (input[q.key] ?? fromFile[q.key] ?? '').trim();
      if (value !== '') answers[q.key] = value;
    }
    if (Object.keys(answers).length === 0) {
      throw new FathomError(
        'invalid_input',
        'forward: answer at least one question (--forward, --held-back, --aim, --commit or --answers-file; in a terminal, fathom review asks).',
        { field: 'forward' },
      );
    }
    const period = await periodFor(ctx, input.period, input.previous ?? false);
    const figures = await buildDashboard(ctx.db, ctx.accountId, period, ctx.now(), 5);
    return insertReview(ctx.db, ctx.accountId, {
      kind: input.period,
      from: period.from,
      to: period.to,
      createdAt: ctx.now().toISOString(),
      answers,
      figures,
    });
  },
  text: (r) =>
    `Saved review #${r.id} of the ${r.kind} ${r.from} to ${r.to}. See it again: fathom review show ${r.id}`,
});

function answersText(r: Pick<StoredReview, 'kind' | 'answers'>): string[] {
  return reviewQuestions(r.kind).flatMap((q) =>
    r.answers[q.key] ? [q.question, `  ${r.answers[q.key]!.replace(/\n/g, '\n  ')}`] : [],
  );
}

export const reviewList = defineOperation({
  name: 'review.list',
  summary: 'List past reviews, newest first',
  mutates: false,
  input: z.object({ limit: z.number().int().min(1).max(10_000).default(50).describe('At most this many') }),
  cli: { command: 'review list' },
  http: { method: 'GET', path: '/reviews' },
  run: (ctx, input) => listReviews(ctx.db, ctx.accountId, input.limit),
  text: (rows) =>
    rows.length === 0
      ? 'No reviews yet. Start one: fathom review'
      : rows
          .map((r) => {
            const first = Object.values(r.answers)[0] ?? '';
            return `#${String(r.id).padEnd(5)} ${r.kind.padEnd(5)} ${r.from} to ${r.to}  ${first.slice(0, 60)}${first.length > 60 ? '…' : ''}`;
          })
          .join('\n'),
});

export const reviewShow = defineOperation({
  name: 'review.show',
  summary: 'Show a past review with the figures of its period as they were',
  mutates: false,
  input: z.object({ id: idField.describe('Review id') }),
  cli: { command: 'review show', args: ['id'] },
  http: { method: 'GET', path: '/reviews/{id}' },
  async run(ctx, input): Promise<StoredReview> {
    const review = await getReview(ctx.db, ctx.accountId, input.id);
    if (!review)
      throw new FathomError('not_found', `id: no review #${input.id}; see fathom review list.`, {
        field: 'id',
      });
    return review;
  },
  text: (r) =>
    [
      `Review #${r.id} — ${r.kind} ${r.from} to ${r.to}, written ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      ...answersText(r),
      '',
      'Figures as they were then',
      '',
      dashboardText(r.figures as Dashboard),
    ].join('\n'),
});

/** The review operations, in the order the CLI lists them. */
export const reviewOperations = [reviewSave, reviewStart, reviewList, reviewShow];
