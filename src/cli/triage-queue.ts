import { terminalText } from './terminal-text.ts';
import { emitKeypressEvents } from 'node:readline';
import { FathomError } from '../domain/errors.ts';
import type { Person } from '../domain/person.ts';
import type { Circle } from '../domain/vocabulary.ts';
import { invoke } from '../operations/registry.ts';
import type { Context } from '../operations/registry.ts';
import { personArchive, personCircle, triage } from '../operations/triage-operations.ts';

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

const help = '  i inner · n network · a acquaintance · s social · x archive · space skip · u undo · q quit';

const circleKeys: Record<string, Circle> = { i: 'inner', n: 'network', a: 'acquaintance', s: 'social' };

/** One line about a person: enough to decide where they belong. */
function card(p: Person): string {
  const work = [p.title, p.organization].filter(Boolean).join(' at ');
  const sources = [...new Set(p.contacts.map((c) => c.label ?? c.kind))].slice(0, 4).join(', ');
  const tags = p.tags.length ? ` [${p.tags.join(', ')}]` : '';
  return `${p.name}${work ? ` — ${work}` : ''}${p.location ? `, ${p.location}` : ''}${tags}${sources ? `  (${sources})` : ''}`;
}

/**
 * Walks the unsorted people one key per decision. Every decision goes through the same
 * `person.circle` and `person.archive` operations as the commands; `u` takes the last one back.
 */
export async function runTriageQueue(
  ctx: Omit<Context, 'db'>,
  filter: { tag?: string; source?: string; org?: string },
  options: { json: boolean },
): Promise<void> {
  if (!process.stdin.isTTY || options.json) {
    throw new FathomError(
      'invalid_input',
      'triage: sorting one by one needs a terminal. For rules use e.g.: fathom triage --source linkedin --to network',
    );
  }
  const { people, matched } = await invoke(triage, ctx, { ...filter, limit: 1000 });
  if (people.length === 0) {
    process.stdout.write('Nobody is waiting to be sorted.\n');
    return;
  }
  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  const history: { person: Person; archived: boolean }[] = [];
  let i = 0;
  let sorted = 0;
  try {
    process.stdout.write(
      `${matched} unsorted ${matched === 1 ? 'person' : 'people'}${matched > people.length ? ` (the first ${people.length})` : ''}.\n${help}\n`,
    );
    while (i < people.length) {
      const p = people[i]!;
      process.stdout.write(`\r\x1b[2K${terminalText(`[${i + 1}/${people.length}] ${card(p)} → `)}`);
      const key = await nextKey();
      const k = key.name ?? key.sequence ?? '';
      if ((key.ctrl && k === 'c') || k === 'q' || k === 'escape') break;
      if (k === 'space') {
        process.stdout.write('skipped\n');
        i++;
        continue;
      }
      if (k === 'u') {
        const last = history.pop();
        if (!last) continue;
        if (last.archived)
          await invoke(personArchive, ctx, { person: String(last.person.id), restore: true });
        else await invoke(personCircle, ctx, { person: String(last.person.id), circle: last.person.circle });
        sorted--;
        i = people.findIndex((x) => x.id === last.person.id);
        process.stdout.write('undone\n');
        continue;
      }
      const circle = circleKeys[k];
      if (circle) {
        const r = await invoke(personCircle, ctx, { person: String(p.id), circle });
        history.push({ person: p, archived: false });
        process.stdout.write(terminalText(`${circle}${r.warnings.length ? `  ! ${r.warnings[0]}` : ''}\n`));
      } else if (k === 'x') {
        await invoke(personArchive, ctx, { person: String(p.id) });
        history.push({ person: p, archived: true });
        process.stdout.write('archived\n');
      } else continue;
      sorted++;
      i++;
    }
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
  process.stdout.write(`\nSorted ${sorted} ${sorted === 1 ? 'person' : 'people'}.\n`);
}
