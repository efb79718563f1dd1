import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runJudgeQueue } from '../../src/cli/judge-queue.ts';
import { FathomError } from '../../src/domain/errors.ts';
import { entriesShow, log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { ruleAdd } from '../../src/operations/rules-operations.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/** Runs the queue with `keys` typed ahead on a scripted keyboard; returns what it printed. */
async function drive(l: TestLedger, keys: string): Promise<string> {
  const input = new PassThrough();
  let printed = '';
  const done = runJudgeQueue(
    l.ctx,
    { json: false },
    { input, output: { write: (t: string) => (printed += t) }, interactive: true },
  );
  input.end(keys);
  await done;
  return printed;
}

for (const dialect of dialects) {
  describe(`the judge queue driven by keys (${dialect})`, () => {
    let l: TestLedger;
    const ids: Record<string, number> = {};
    let ruleId = 0;
    let goalId = 0;

    before(async () => {
      l = await openTestLedger(dialect);
      goalId = (await invoke(goalAdd, l.ctx, { title: 'Ship the beta' })).id;
      await invoke(personAdd, l.ctx, { name: 'Ana Lima' });
      await invoke(personAdd, l.ctx, { name: 'Cy Diaz' });
      for (const day of ['2026-02-02', '2026-02-09', '2026-02-16']) {
        await invoke(log, l.ctx, {
          duration: '1h',
          title: 'Coffee',
          at: `${day} 09:00`,
          with: ['Ana Lima'],
          mode: 'networking',
          verdict: 'forward',
        });
      }
      ruleId = (await invoke(ruleAdd, l.ctx, { title: '1:1', mode: 'networking', verdict: 'forward' })).id;
      for (const [key, title, at, who] of [
        ['call', 'Call', '2026-03-01 10:00', ['Ana Lima']],
        ['syncOld', 'Weekly sync', '2026-03-02 10:00', []],
        ['syncNew', 'Weekly sync', '2026-03-09 10:00', []],
        ['oneOnOne', '1:1 Cy', '2026-03-10 10:00', ['Cy Diaz']],
      ] as const) {
        ids[key] = (await invoke(log, l.ctx, { duration: '30m', title, at, with: [...who] })).id;
      }
    });
    after(async () => l.close());

    const state = async (id: number) => {
      const e = await invoke(entriesShow, l.ctx, { id });
      return [e.mode, e.verdict, e.goalId];
    };

    test('without a terminal the queue says how to judge instead', async () => {
      await assert.rejects(
        runJudgeQueue(
          l.ctx,
          { json: false },
          { input: new PassThrough(), output: { write: () => true }, interactive: false },
        ),
        (e: unknown) =>
          e instanceof FathomError &&
          /needs a terminal/.test(e.message) &&
          /--accept-suggestions/.test(e.message),
      );
    });

    test('suggestions are shown and accepted with one key; n/s f/b decide by hand; u undoes across entries', async () => {
      const out = await drive(
        l,
        [
          'a', // 1:1 Cy: the rule's suggestion, accepted
          '\r', // Weekly sync (newest): nothing to suggest yet
          'sb', // … so decided by hand: socializing, back
          '\r', // Weekly sync (older): now suggested from the one just judged; accepted
          'u', // undo that …
          'u', // … and the one before it, on the previous entry
          'n1f', // Weekly sync (newest) again: networking, goal 1, forward
          'x', // Weekly sync (older): skipped
          'a', // Call with Ana: accepted from her past entries
        ].join(''),
      );
      assert.match(out, /4 entries to judge\./);
      assert.ok(
        out.includes(`suggested: networking, forward (0.97) — rule #${ruleId}: title contains “1:1”`),
        out,
      );
      assert.match(out, /no suggestion for the mode: press n or s/);
      assert.ok(
        out.includes(
          'suggested: socializing, back (0.67) — similar titles: “Weekly sync” judged socializing, back 1 time',
        ),
        out,
      );
      assert.match(
        out,
        new RegExp(
          `undone: #${ids.syncOld} is back as it was[\\s\\S]*undone: #${ids.syncNew} is back as it was`,
        ),
      );
      // After the undo, the older sync is suggested from the newest one as now judged.
      assert.ok(
        out.includes(
          'suggested: networking, forward (0.67) — similar titles: “Weekly sync” judged networking, forward 1 time',
        ),
        out,
      );
      assert.ok(out.includes('3 of your 3 past entries with Ana Lima were networking, forward'), out);
      assert.match(out, /Judged 3 entries\. 1 still unjudged\.\n$/);
      assert.deepEqual(await state(ids.oneOnOne!), ['networking', 'forward', null]);
      assert.deepEqual(await state(ids.syncNew!), ['networking', 'forward', goalId]);
      assert.deepEqual(await state(ids.syncOld!), [null, null, null]);
      assert.deepEqual(await state(ids.call!), ['networking', 'forward', null]);
      const edited = await invoke(entriesShow, l.ctx, { id: ids.syncOld! });
      assert.equal(edited.editedAt, null);
    });

    test('the queue starts again from what is left, and q stops it at once', async () => {
      const out = await drive(l, 'qa');
      assert.match(out, /1 entry to judge\./);
      assert.match(out, /Weekly sync/);
      assert.match(out, /Judged 0 entries\. 1 still unjudged\./);
      assert.deepEqual(await state(ids.syncOld!), [null, null, null]);
    });
  });
}
