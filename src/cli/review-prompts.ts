import { createInterface } from 'node:readline';
import { invoke } from '../operations/registry.ts';
import type { Context } from '../operations/registry.ts';
import { reviewSave, reviewStart } from '../operations/review-operations.ts';

const answerKeys = ['forward', 'heldBack', 'aim', 'commit', 'answersFile'] as const;

/** True when `fathom review` was given no answers, so a terminal should ask for them. */
export function wantsReviewPrompts(raw: Record<string, unknown>, json: boolean): boolean {
  return !json && process.stdin.isTTY === true && answerKeys.every((k) => raw[k] === undefined);
}

/**
 * Shows the period's figures, asks each question in turn (an empty line skips one) and saves the
 * answers through the same `review` operation the web app and scripts use.
 */
export async function runReviewPrompts(
  ctx: Omit<Context, 'db'>,
  raw: Record<string, unknown>,
): Promise<string> {
  const prompt = await invoke(reviewStart, ctx, { period: raw.period, previous: raw.previous });
  process.stdout.write(
    `${reviewStart.text!(prompt, { period: prompt.kind })}\n\nAnswer in a line or two; an empty line skips a question.\n\n`,
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  // Reading through the iterator keeps lines typed ahead (or pasted) for the next question.
  const lines = rl[Symbol.asyncIterator]();
  const answers: Record<string, string> = {};
  try {
    for (const q of prompt.questions) {
      process.stdout.write(`${q.question}\n> `);
      const next = await lines.next();
      if (next.done) break;
      const answer = String(next.value).trim();
      if (answer !== '') answers[q.key] = answer;
      process.stdout.write('\n');
    }
  } finally {
    rl.close();
  }
  const saved = await invoke(reviewSave, ctx, { ...raw, ...answers });
  return reviewSave.text!(saved, { period: saved.kind });
}
