import { terminalText } from './terminal-text.ts';
import { emitKeypressEvents } from 'node:readline';
import { FathomError } from '../domain/errors.ts';
import type { Goal } from '../domain/goal.ts';
import type { Mode, Verdict } from '../domain/vocabulary.ts';
import { entryLine, judge } from '../operations/ledger-operations.ts';
import { goalList } from '../operations/purpose-operations.ts';
import { invoke } from '../operations/registry.ts';
import type { Context } from '../operations/registry.ts';
import { suggestionLine, suggestionsList } from '../operations/suggestion-operations.ts';
import type { SuggestedEntry } from '../operations/suggestion-operations.ts';

interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

/** Where the queue reads keys and writes lines: the process's terminal, or a script in tests. */
export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  output: { write(text: string): unknown };
  /** Whether a person is at the keyboard; without one the queue refuses to start. */
  interactive: boolean;
}

const processTerminal = (): Terminal => ({
  input: process.stdin,
  output: process.stdout,
  interactive: process.stdin.isTTY === true,
});

/** Buffers keypresses, so keys typed (or scripted) faster than the queue saves are kept in order. */
class KeyReader {
  private readonly keys: Key[] = [];
  private waiting: ((k: Key) => void) | undefined;
  private ended = false;
  private readonly onKey = (_s: string, key: Key | undefined) => this.push(key ?? {});
  private readonly onEnd = () => {
    this.ended = true;
    this.push({ name: 'q' });
  };

  constructor(private readonly input: Terminal['input']) {
    emitKeypressEvents(input);
    input.on('keypress', this.onKey);
    input.on('end', this.onEnd);
    input.resume();
  }

  private push(key: Key): void {
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w(key);
    } else this.keys.push(key);
  }

  next(): Promise<Key> {
    const k = this.keys.shift();
    if (k) return Promise.resolve(k);
    if (this.ended) return Promise.resolve({ name: 'q' });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.input.off('keypress', this.onKey);
    this.input.off('end', this.onEnd);
    this.input.pause();
  }
}

const help =
  '  enter/a accept suggestion · n networking · s socializing · f forward · b back · 1-9 goal · 0 no goal · x skip · u undo · q quit';

/** What an entry was before a decision, so `u` can put it back exactly. */
interface Decision {
  entry: SuggestedEntry;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
}

const pageSize = 1000;

/**
 * Walks the unjudged entries newest first, showing each one's suggestion and why; one key accepts
 * it, `n`/`s` and `f`/`b` decide by hand, `u` undoes the last decision (across entries). Every
 * decision goes through the same `judge` operation as the command; suggestions are asked for again
 * after each decision, so judging one entry of a series informs the next.
 */
export async function runJudgeQueue(
  ctx: Omit<Context, 'db'>,
  options: { json: boolean },
  term: Terminal = processTerminal(),
): Promise<void> {
  // Everything but the line clearing the queue does itself goes through terminalText.
  const out = (text: string, clear = false) =>
    term.output.write(`${clear ? '\r\x1b[2K' : ''}${terminalText(text)}`);
  if (!term.interactive || options.json) {
    throw new FathomError(
      'invalid_input',
      'judge: the review queue needs a terminal. To judge one entry: fathom judge ID --networking --forward; to accept sure suggestions: fathom judge --accept-suggestions',
    );
  }
  const first = await invoke(suggestionsList, ctx, { limit: pageSize });
  const entries = first.entries;
  if (entries.length === 0) {
    out('Nothing to judge. Every entry has a mode and a verdict.\n');
    return;
  }
  const goals: Goal[] = (await invoke(goalList, ctx, {})).filter((g) => g.status === 'open');
  const keys = new KeyReader(term.input);
  if (term.input.isTTY && term.input.setRawMode) term.input.setRawMode(true);
  const history: Decision[] = [];
  // Each decision may change what the next entries' suggestions say; `version` tells which are stale.
  let version = 0;
  const suggestedAt = new Map<number, number>(entries.map((e) => [e.id, 0]));
  let i = 0;
  let judged = 0;
  try {
    const more = first.total > entries.length ? ` (the newest ${entries.length} of ${first.total})` : '';
    out(
      `${first.total} ${first.total === 1 ? 'entry' : 'entries'} to judge${more}.\n${goals.map((g, k) => `  ${k + 1} ${g.title}`).join('\n')}${goals.length ? '\n' : ''}${help}\n`,
    );
    while (i < entries.length) {
      let e = entries[i]!;
      if ((suggestedAt.get(e.id) ?? 0) < version) {
        const fresh = (await invoke(suggestionsList, ctx, { ids: [e.id], limit: 1 })).entries[0];
        if (fresh) {
          entries[i] = e = fresh;
          suggestedAt.set(e.id, version);
        }
      }
      const s = e.suggestion;
      let mode: Mode | null = e.mode;
      let verdict: Verdict | null = e.verdict;
      let goalId: number | null = e.goalId;
      let goalPicked = false;
      const show = () => {
        const goal = goals.find((g) => g.id === goalId)?.title;
        out(`  → ${mode ?? '?'} / ${verdict ?? '?'}${goal ? ` / ${goal}` : ''} `, true);
      };
      out(`\n[${i + 1}/${entries.length}] ${entryLine(e)}\n  suggested: ${suggestionLine(s)}\n`);
      show();
      let action: 'save' | 'skip' | 'undo' | 'quit' | undefined;
      while (!action) {
        const key = await keys.next();
        const k = key.name ?? key.sequence ?? '';
        if ((key.ctrl && k === 'c') || k === 'q' || k === 'escape') action = 'quit';
        else if (k === 'n') mode = 'networking';
        else if (k === 's') mode = 'socializing';
        else if (k === 'f') verdict = 'forward';
        else if (k === 'b') verdict = 'back';
        else if (/^[1-9]$/.test(k) && goals[Number(k) - 1]) {
          goalId = goals[Number(k) - 1]!.id;
          goalPicked = true;
        } else if (k === '0') {
          goalId = null;
          goalPicked = true;
        } else if (k === 'x') action = 'skip';
        else if (k === 'u') action = 'undo';
        else if (k === 'return' || k === 'enter' || k === 'a') {
          // Accepting fills in what was not decided by hand from the suggestion.
          mode ??= s?.mode ?? null;
          verdict ??= s?.verdict ?? null;
          if (!goalPicked && goalId === null && s?.goalId && mode === 'networking') goalId = s.goalId;
          if (mode && verdict) action = 'save';
          else
            out(`  no suggestion for the ${mode ? 'verdict: press f or b' : 'mode: press n or s'}\n`, true);
        }
        if (
          !action &&
          mode &&
          verdict &&
          ['f', 'b', 'n', 's'].includes(k) &&
          e.mode === null &&
          e.verdict === null
        ) {
          // Both decisions made by hand: save at once, so a judgement takes two keystrokes.
          action = 'save';
        }
        show();
      }
      if (action === 'quit') break;
      if (action === 'skip') {
        out('  skipped\n');
        i++;
        continue;
      }
      if (action === 'undo') {
        const last = history.pop();
        if (!last) {
          out('  nothing to undo\n');
          continue;
        }
        await invoke(judge, ctx, {
          id: last.entry.id,
          mode: last.mode ?? 'none',
          verdict: last.verdict ?? 'none',
          goal: last.goalId === null ? '' : String(last.goalId),
        });
        Object.assign(last.entry, { mode: last.mode, verdict: last.verdict, goalId: last.goalId });
        judged--;
        version++;
        i = entries.indexOf(last.entry);
        out(`  undone: #${last.entry.id} is back as it was\n`);
        continue;
      }
      history.push({ entry: e, mode: e.mode, verdict: e.verdict, goalId: e.goalId });
      await invoke(judge, ctx, {
        id: e.id,
        mode: mode!,
        verdict: verdict!,
        ...(goalId !== e.goalId ? { goal: goalId === null ? '' : String(goalId) } : {}),
      });
      Object.assign(e, { mode, verdict, goalId });
      judged++;
      version++;
      out('  ✓\n');
      i++;
    }
  } finally {
    if (term.input.isTTY && term.input.setRawMode) term.input.setRawMode(false);
    keys.close();
  }
  const left = first.total - judged;
  out(
    `\nJudged ${judged} ${judged === 1 ? 'entry' : 'entries'}.${left > 0 ? ` ${left} still unjudged.` : ' Nothing left to judge.'}\n`,
  );
}
