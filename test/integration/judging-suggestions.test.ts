import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FathomError } from '../../src/domain/errors.ts';
import { entriesShow, judge, log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import type { Operation } from '../../src/operations/registry.ts';
import { report, reportText } from '../../src/operations/report-operations.ts';
import { ruleAdd, ruleList, ruleRemove } from '../../src/operations/rules-operations.ts';
import { judgeAcceptSuggestions, suggestionsList } from '../../src/operations/suggestion-operations.ts';
import { rebuildRollups } from '../../src/store/rollups.ts';
import { ensureAccount } from '../../src/store/settings-store.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

async function rejects(work: Promise<unknown>, code: string, field: string, message: RegExp): Promise<void> {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof FathomError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.field, field);
    assert.match(e.message, message);
    return true;
  });
}

for (const dialect of dialects) {
  describe(`judging rules and suggestions (${dialect})`, () => {
    let l: TestLedger;
    const run = (op: Operation, input: unknown) => invoke(op, l.ctx, input);
    const ids: Record<string, number> = {};

    before(async () => {
      l = await openTestLedger(dialect);
      await invoke(goalAdd, l.ctx, { title: 'Raise the seed round' });
      await invoke(personAdd, l.ctx, {
        name: 'Ana Lima',
        circle: 'network',
        org: 'Acme Ventures',
        tag: ['Investor'],
      });
      await invoke(personAdd, l.ctx, { name: 'Bo Berg', circle: 'social', verdict: 'back' });
      await invoke(personAdd, l.ctx, { name: 'Cy Diaz' });
      // Ana's past: three networking entries, moved forward, two of them for the seed round.
      for (const [day, goal] of [
        ['2026-02-02', 'Raise the seed round'],
        ['2026-02-09', 'Raise the seed round'],
        ['2026-02-16', undefined],
      ] as const) {
        await invoke(log, l.ctx, {
          duration: '1h',
          title: 'Coffee',
          at: `${day} 09:00`,
          with: ['Ana Lima'],
          mode: 'networking',
          verdict: 'forward',
          ...(goal ? { goal } : {}),
        });
      }
      // Unjudged, oldest to newest.
      for (const [key, title, at, who] of [
        ['anaCall', 'Call', '2026-03-01 10:00', ['Ana Lima']],
        ['boDrinks', 'Drinks', '2026-03-02 20:00', ['Bo Berg']],
        ['cyOneOnOne', '1:1 Cy', '2026-03-03 10:00', ['Cy Diaz']],
        ['nobody', 'Dentist', '2026-03-04 08:00', []],
      ] as const) {
        ids[key] = (await invoke(log, l.ctx, { duration: '30m', title, at, with: [...who] })).id;
      }
    });
    after(async () => l.close());

    test('rules are validated with the field at fault, and nothing is written on error', async () => {
      await rejects(run(ruleAdd, { mode: 'networking' }), 'invalid_input', 'title', /at least one matcher/);
      await rejects(run(ruleAdd, { title: '1:1' }), 'invalid_input', 'mode', /must suggest a mode/);
      await rejects(
        run(ruleAdd, { with: 'Nobody Known', mode: 'networking' }),
        'not_found',
        'with',
        /no person matches/,
      );
      await rejects(
        run(ruleAdd, { title: '1:1', goal: 'No such goal', mode: 'networking' }),
        'not_found',
        'goal',
        /no goal/,
      );
      await rejects(
        run(ruleAdd, { title: '   ', mode: 'networking' }),
        'invalid_input',
        'title',
        /must not be empty/,
      );
      await rejects(run(ruleAdd, { title: 'x', mode: 'neutral' }), 'invalid_input', 'mode', /mode/);
      assert.deepEqual(await invoke(ruleList, l.ctx, {}), []);
    });

    test('rules are added, listed, refused when they repeat one, and removed', async () => {
      const first = await invoke(ruleAdd, l.ctx, { title: '1:1', mode: 'networking', verdict: 'forward' });
      assert.equal(first.title, '1:1');
      assert.deepEqual(
        [first.mode, first.verdict, first.person, first.goal],
        ['networking', 'forward', null, null],
      );
      const second = await invoke(ruleAdd, l.ctx, {
        with: 'Bo Berg',
        tag: 'FRIENDS',
        mode: 'socializing',
        goal: 'seed',
      });
      assert.equal(second.person?.name, 'Bo Berg');
      assert.equal(second.tag, 'friends');
      assert.equal(second.goal?.title, 'Raise the seed round');
      await rejects(
        run(ruleAdd, { title: '1:1', verdict: 'back' }),
        'conflict',
        'title',
        new RegExp(`Rule #${first.id}`),
      );
      assert.deepEqual(
        (await invoke(ruleList, l.ctx, {})).map((r) => r.id),
        [first.id, second.id],
      );
      assert.equal((await invoke(ruleRemove, l.ctx, { id: second.id })).id, second.id);
      await rejects(run(ruleRemove, { id: second.id }), 'not_found', 'id', /No rule/);
      // Another account sees none of them.
      await ensureAccount(l.store.db, 'other');
      assert.deepEqual(await invoke(ruleList, { ...l.ctx, accountId: 'other' }, {}), []);
    });

    test('suggestions list the unjudged entries newest first, each with its reasons', async () => {
      const r = await invoke(suggestionsList, l.ctx, {});
      assert.equal(r.total, 4);
      assert.deepEqual(
        r.entries.map((e) => e.id),
        [ids.nobody, ids.cyOneOnOne, ids.boDrinks, ids.anaCall],
      );
      const by = new Map(r.entries.map((e) => [e.id, e.suggestion]));
      assert.equal(by.get(ids.nobody!), null);
      const rule = (await invoke(ruleList, l.ctx, {}))[0]!;
      assert.deepEqual(by.get(ids.cyOneOnOne!), {
        mode: 'networking',
        verdict: 'forward',
        goalId: null,
        goal: null,
        confidence: 0.97,
        modeConfidence: 0.97,
        verdictConfidence: 0.97,
        reasons: [`rule #${rule.id}: title contains “1:1”`],
      });
      // Bo: social circle (socializing 0.7) and judged back (0.75).
      const bo = by.get(ids.boDrinks!);
      assert.deepEqual([bo?.mode, bo?.verdict, bo?.confidence], ['socializing', 'back', 0.7]);
      assert.deepEqual(bo?.reasons, ['Bo Berg is in your social circle and judged back']);
      // Ana: 3 of 3 networking and forward (0.8) plus the network circle at half weight: 0.86;
      // two of her three networking entries served the seed round.
      const ana = by.get(ids.anaCall!);
      assert.deepEqual(
        [ana?.mode, ana?.verdict, ana?.confidence, ana?.goal],
        ['networking', 'forward', 0.8, 'Raise the seed round'],
      );
      assert.equal(ana?.modeConfidence, 0.86);
      assert.deepEqual(ana?.reasons, [
        '3 of your 3 past entries with Ana Lima were networking, forward',
        'Ana Lima is in your network circle',
        '“Raise the seed round”: served by 2 of 3 such networking entries',
      ]);
      // Paging and a range.
      const page = await invoke(suggestionsList, l.ctx, {
        limit: 1,
        offset: 1,
        from: '2026-03-02',
        to: '2026-03-03',
      });
      assert.deepEqual([page.total, page.entries.map((e) => e.id)], [2, [ids.boDrinks]]);
      await rejects(
        run(suggestionsList, { from: '2026-03-05', to: '2026-03-01' }),
        'invalid_input',
        'to',
        /before/,
      );
    });

    test('accepting suggestions in bulk: a dry run changes nothing, then one transaction judges the sure ones', async () => {
      const before = await invoke(report, l.ctx, { month: '2026-03' });
      assert.equal(before.totals.unjudgedEntries, 4);
      const dry = await invoke(judgeAcceptSuggestions, l.ctx, { minConfidence: 0.9, dryRun: true });
      assert.deepEqual([dry.judged, dry.left, dry.leftMinutes], [1, 3, 90]);
      assert.deepEqual(
        dry.entries.map((e) => e.id),
        [ids.cyOneOnOne],
      );
      assert.deepEqual((await invoke(report, l.ctx, { month: '2026-03' })).totals, before.totals);

      await rejects(
        run(judgeAcceptSuggestions, { minConfidence: 1.5 }),
        'invalid_input',
        'minConfidence',
        /between 0 and 1/,
      );

      const done = await invoke(judgeAcceptSuggestions, l.ctx, {
        minConfidence: 0.7,
        from: '2026-03-01',
        to: '2026-03-03',
      });
      assert.deepEqual([done.judged, done.left], [3, 0]);
      const ana = await invoke(entriesShow, l.ctx, { id: ids.anaCall! });
      assert.deepEqual(
        [ana.mode, ana.verdict, ana.goal, ana.editedAt],
        ['networking', 'forward', 'Raise the seed round', null],
      );
      const bo = await invoke(entriesShow, l.ctx, { id: ids.boDrinks! });
      assert.deepEqual([bo.mode, bo.verdict, bo.goal], ['socializing', 'back', null]);
      const after = await invoke(report, l.ctx, { month: '2026-03' });
      assert.deepEqual([after.totals.unjudgedEntries, after.byMode.networking.minutes], [1, 60]);
      // The report says plainly that some time is still unjudged, so it never reads as no networking.
      assert.match(reportText(after), /\n {12}1 entry \(30m\) still unjudged — run fathom judge\n/);
      assert.match(reportText(before), /4 entries \(2h\) still unjudged — run fathom judge/);
      // The rollups the report reads equal a rebuild from the entries.
      await rebuildRollups(l.store.db, l.ctx.accountId);
      assert.deepEqual(await invoke(report, l.ctx, { month: '2026-03' }), after);
    });

    test('judge with none takes a judgement back without marking the entry edited', async () => {
      const e = await invoke(judge, l.ctx, { id: ids.boDrinks!, mode: 'none', verdict: 'none', goal: '' });
      assert.deepEqual([e.mode, e.verdict, e.goal, e.editedAt], [null, null, null, null]);
    });
  });
}
