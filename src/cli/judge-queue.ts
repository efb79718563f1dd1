import { emitKeypressEvents } from 'node:readline';
import { FathomError } from '../domain/errors.ts';
import type { Entry } from '../domain/entry.ts';
import { entriesEdit, entriesList, entryLine, judge } from '../operations/ledger-operations.ts';
import { goalList } from '../operations/purpose-operations.ts';
import { invoke } from '../operations/registry.ts';
import type { Context } from '../operations/registry.ts';

interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

function nextKey(): Promise<Key> {
  return new Promise((resolve) => {
    process.stdin.once('keypress', (_s: string, key: Key | undefined) => resolve(key ?? {}));
  });
}

const help =
  '  n networking · s socializing · f forward · b back · 1-9 goal · enter save · x skip · u undo · q quit';

/**
 * Walks the unjudged entries newest first, one key per decision. Every decision goes through the
 * same `judge` operation as the non-interactive command; `u` puts the previous entry back.
 */
export async function runJudgeQueue(ctx: Omit<Context, 'db'>, options: { json: boolean }): Promise<void> {
  if (!process.stdin.isTTY || options.json) {
    throw new FathomError(
      'invalid_input',
      'judge: the review queue needs a terminal. To judge one entry: fathom judge ID --networking --forward',
    );
  }
  const { entries } = await invoke(entriesList, ctx, { unjudged: true, limit: 500 });
  if (entries.length === 0) {
    process.stdout.write('Nothing to judge. Every entry has a mode and a verdict.\n');
    return;
  }
  const goals = await invoke(goalList, ctx, {});
  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  const history: Entry[] = [];
  let i = 0;
  let judged = 0;
  try {
    process.stdout.write(
      `${entries.length} entries to judge.\n${goals.map((g, k) => `  ${k + 1} ${g.title}`).join('\n')}\n${help}\n`,
    );
    while (i < entries.length) {
      const e = entries[i]!;
      let mode = e.mode;
      let verdict = e.verdict;
      let goalId = e.goalId;
      const show = () => {
        const goal = goals.find((g) => g.id === goalId)?.title;
        process.stdout.write(
          `\r\x1b[2K[${i + 1}/${entries.length}] ${entryLine(e)}  → ${mode ?? '?'} / ${verdict ?? '?'}${goal ? ` / ${goal}` : ''} `,
        );
      };
      show();
      let action: 'save' | 'skip' | 'undo' | 'quit' | undefined;
      while (!action) {
        const key = await nextKey();
        const k = key.name ?? key.sequence ?? '';
        if ((key.ctrl && k === 'c') || k === 'q' || k === 'escape') action = 'quit';
        else if (k === 'n') mode = 'networking';
        else if (k === 's') mode = 'socializing';
        else if (k === 'f') verdict = 'forward';
        else if (k === 'b') verdict = 'back';
        else if (/^[1-9]$/.test(k) && goals[Number(k) - 1]) goalId = goals[Number(k) - 1]!.id;
        else if (k === 'x') action = 'skip';
        else if (k === 'u') action = 'undo';
        else if (k === 'return' || k === 'enter') action = mode && verdict ? 'save' : undefined;
        if (
          !action &&
          mode &&
          verdict &&
          ['f', 'b', 'n', 's'].includes(k) &&
          e.mode === null &&
          e.verdict === null
        ) {
          // Both decisions made: save at once, so a judgement takes two keystrokes.
          action = 'save';
        }
        show();
      }
      if (action === 'quit') break;
      if (action === 'skip') {
        i++;
        continue;
      }
      if (action === 'undo') {
        const last = history.pop();
        if (!last) continue;
        await invoke(entriesEdit, ctx, {
          id: last.id,
          mode: last.mode ?? 'none',
          verdict: last.verdict ?? 'none',
          goal: last.goalId === null ? '' : String(last.goalId),
        });
        judged--;
        i = entries.findIndex((x) => x.id === last.id);
        process.stdout.write('  undone\n');
        continue;
      }
      history.push(e);
      await invoke(judge, ctx, {
        id: e.id,
        mode: mode!,
        verdict: verdict!,
        ...(goalId ? { goal: String(goalId) } : {}),
      });
      judged++;
      process.stdout.write('  ✓\n');
      i++;
    }
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
  process.stdout.write(`\nJudged ${judged} ${judged === 1 ? 'entry' : 'entries'}.\n`);
}
