import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Circle, Mode, Verdict } from '../domain/vocabulary.ts';
import type { JudgingRule } from './judging-rule.ts';
import { Suggester } from './suggest.ts';
import type {
  PastJudgements,
  PersonFacts,
  SuggestionEvidence,
  TitleJudgements,
  UnjudgedEntry,
} from './suggest.ts';

const ana = { id: 1, name: 'Ana Lima' };
const bo = { id: 2, name: 'Bo Berg' };

function person(
  p: { id: number; name: string },
  circle: Circle = 'acquaintance',
  verdict: Verdict | null = null,
  more: Partial<PersonFacts> = {},
): PersonFacts {
  return { ...p, circle, verdict, organization: null, tags: [], ...more };
}

function past(n: Partial<Omit<PastJudgements, 'goals'>>, goals: [number, number][] = []): PastJudgements {
  return { networking: 0, socializing: 0, forward: 0, back: 0, ...n, goals: new Map(goals) };
}

function rule(id: number, r: Partial<JudgingRule>): JudgingRule {
  return {
    id,
    title: null,
    person: null,
    organization: null,
    tag: null,
    mode: null,
    verdict: null,
    goal: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...r,
  };
}

function titled(
  title: string,
  mode: Mode | null,
  verdict: Verdict | null,
  entries: number,
  goalId: number | null = null,
): TitleJudgements {
  return { title, mode, verdict, goalId, entries };
}

function evidence(e: Partial<SuggestionEvidence>): SuggestionEvidence {
  return { rules: [], people: new Map(), history: new Map(), titles: [], goals: new Map(), ...e };
}

function entry(
  title: string,
  people: { id: number; name: string }[] = [],
  more: Partial<UnjudgedEntry> = {},
): UnjudgedEntry {
  return { id: 100, title, mode: null, verdict: null, goalId: null, people, ...more };
}

describe('suggestions', () => {
  test('past entries with the same person: k of n with the rule of succession', () => {
    // 3 of 3 networking: (3+1)/(3+2) = 0.8 for mode, and the same for verdict.
    const s = new Suggester(
      evidence({
        people: new Map([[1, person(ana)]]),
        history: new Map([[1, past({ networking: 3, forward: 3 })]]),
      }),
    ).suggest(entry('Catch-up', [ana]));
    assert.deepEqual(s, {
      mode: 'networking',
      verdict: 'forward',
      goalId: null,
      goal: null,
      confidence: 0.8,
      modeConfidence: 0.8,
      verdictConfidence: 0.8,
      reasons: ['3 of your 3 past entries with Ana Lima were networking, forward'],
    });
  });

  test('a rule is the strongest source and names itself', () => {
    const s = new Suggester(
      evidence({ rules: [rule(2, { title: '1:1', mode: 'networking', verdict: 'forward' })] }),
    ).suggest(entry('Bo / 1:1 (weekly)', [bo]));
    assert.equal(s?.mode, 'networking');
    assert.equal(s?.verdict, 'forward');
    assert.equal(s?.confidence, 0.97);
    assert.deepEqual(s?.reasons, ['rule #2: title contains “1:1”']);
  });

  test("a person's circle and verdict speak when there is no history", () => {
    // network circle → networking at 0.7; judged forward → forward at 0.75; the lower is the confidence.
    const s = new Suggester(evidence({ people: new Map([[1, person(ana, 'network', 'forward')]]) })).suggest(
      entry('Drinks', [ana]),
    );
    assert.deepEqual(
      [s?.mode, s?.verdict, s?.modeConfidence, s?.verdictConfidence, s?.confidence],
      ['networking', 'forward', 0.7, 0.75, 0.7],
    );
    assert.deepEqual(s?.reasons, ['Ana Lima is in your network circle and judged forward']);
  });

  test('similar titles: the same words, however written', () => {
    // 5 of 5: 6/7 = 0.857.
    const s = new Suggester(
      evidence({ titles: [titled('Weekly sync', 'networking', 'forward', 5)] }),
    ).suggest(entry('WEEKLY SYNCS'));
    assert.deepEqual([s?.mode, s?.verdict, s?.confidence], ['networking', 'forward', 0.86]);
    assert.deepEqual(s?.reasons, ['similar titles: “Weekly sync” judged networking, forward 5 times']);
  });

  test('a partly similar title counts by its overlap, and a different name is not similar', () => {
    const sug = new Suggester(
      evidence({
        titles: [
          titled('Weekly sync', 'networking', null, 3),
          titled('Lunch with Ana', 'socializing', 'back', 4),
        ],
      }),
    );
    // {weekli, sync} against {weekli, sync, ana}: 2/3, so 3 entries weigh 2: (2+1)/(2+2) = 0.75.
    const s = sug.suggest(entry('Weekly sync with Ana'));
    assert.deepEqual([s?.mode, s?.modeConfidence, s?.verdict, s?.confidence], ['networking', 0.75, null, 0]);
    assert.deepEqual(s?.reasons, ['similar titles: “Weekly sync” judged networking 3 times']);
    // {lunch, bo} against {lunch, ana}: 1/3, below one half.
    assert.equal(sug.suggest(entry('Lunch with Bo')), null);
  });

  test('sources that agree raise the confidence, each beyond the first at half weight', () => {
    // mode: ln(4) + 0.5·ln(0.7/0.3) = 1.8099 → 0.86; verdict: ln(4) + 0.5·ln(3) = 1.9356 → 0.87.
    const s = new Suggester(
      evidence({
        people: new Map([[1, person(ana, 'network', 'forward')]]),
        history: new Map([[1, past({ networking: 3, forward: 3 })]]),
      }),
    ).suggest(entry('Catch-up', [ana]));
    assert.deepEqual([s?.modeConfidence, s?.verdictConfidence, s?.confidence], [0.86, 0.87, 0.86]);
    assert.deepEqual(s?.reasons, [
      '3 of your 3 past entries with Ana Lima were networking, forward',
      'Ana Lima is in your network circle and judged forward',
    ]);
  });

  test('sources that disagree lower it, and the dissent is named last', () => {
    // ln(4) − 0.5·ln(3) = 0.8369 → 0.70 for networking and for forward.
    const s = new Suggester(
      evidence({
        people: new Map([
          [1, person(ana)],
          [2, person(bo)],
        ]),
        history: new Map([
          [1, past({ networking: 3, forward: 3 })],
          [2, past({ socializing: 2, back: 2 })],
        ]),
      }),
    ).suggest(entry('Dinner', [ana, bo]));
    assert.deepEqual([s?.mode, s?.verdict, s?.confidence], ['networking', 'forward', 0.7]);
    assert.deepEqual(s?.reasons, [
      '3 of your 3 past entries with Ana Lima were networking, forward',
      'but 2 of your 2 past entries with Bo Berg were socializing, back',
    ]);
  });

  test('a rule strongly contradicted by the past stays the suggestion but is less sure', () => {
    // 10 of 10 networking: 11/12 = 0.917 against the rule's socializing, above 0.75.
    const s = new Suggester(
      evidence({
        rules: [rule(1, { title: 'dinner', mode: 'socializing' })],
        people: new Map([[1, person(ana)]]),
        history: new Map([[1, past({ networking: 10, forward: 10 })]]),
      }),
    ).suggest(entry('Dinner with Ana', [ana]));
    assert.deepEqual(
      [s?.mode, s?.modeConfidence, s?.verdict, s?.verdictConfidence, s?.confidence],
      ['socializing', 0.7, 'forward', 0.92, 0.7],
    );
    assert.equal(s?.reasons[0], 'rule #1: title contains “dinner”');
  });

  test('the more specific rule wins; org and tag match any person on the entry', () => {
    const rules = [
      rule(1, { title: 'sync', mode: 'networking', verdict: 'forward' }),
      rule(2, { title: 'sync', person: bo, mode: 'socializing' }),
      rule(3, {
        organization: 'Müller',
        tag: 'investor',
        verdict: 'back',
        goal: { id: 7, title: 'Raise seed' },
      }),
    ];
    const people = new Map([
      [1, person(ana, 'acquaintance', null, { organization: 'Mueller AG', tags: ['investor'] })],
      [2, person(bo, 'acquaintance', null, { organization: 'Muller GmbH' })],
    ]);
    const sug = new Suggester(evidence({ rules, people, goals: new Map([[7, 'Raise seed']]) }));
    const withBo = sug.suggest(entry('Sync-up', [bo]));
    assert.deepEqual([withBo?.mode, withBo?.verdict], ['socializing', 'forward']);
    assert.deepEqual(withBo?.reasons, [
      'rule #2: title contains “sync” and with Bo Berg',
      'rule #1: title contains “sync”',
    ]);
    // Rule 3 needs someone from Müller (Bo, folded) and someone tagged investor (Ana, whose firm is spelled otherwise).
    const both = sug.suggest(entry('Async review', [ana, bo]));
    assert.deepEqual([both?.mode, both?.verdict, both?.goalId, both?.goal], [null, 'back', 7, 'Raise seed']);
    assert.deepEqual(both?.reasons, ['rule #3: someone from Müller and someone tagged investor']);
    assert.equal(sug.suggest(entry('Async review', [ana])), null);
  });

  test('a goal is suggested only when most such networking entries served it', () => {
    const goals = new Map([
      [7, 'Raise seed'],
      [8, 'Old goal (done)'],
    ]);
    const people = new Map([[1, person(ana)]]);
    // 2 of 3 networking entries with Ana served goal 7: two or more, and more than half.
    const clear = new Suggester(
      evidence({ people, goals, history: new Map([[1, past({ networking: 3, forward: 3 }, [[7, 2]])]]) }),
    ).suggest(entry('Call', [ana]));
    assert.deepEqual([clear?.goalId, clear?.goal], [7, 'Raise seed']);
    assert.equal(clear?.reasons.at(-1), '“Raise seed”: served by 2 of 3 such networking entries');
    // 2 of 4 is not most.
    const unclear = new Suggester(
      evidence({ people, goals, history: new Map([[1, past({ networking: 4, forward: 4 }, [[7, 2]])]]) }),
    ).suggest(entry('Call', [ana]));
    assert.equal(unclear?.goalId, null);
    // A goal no longer open is never suggested.
    const closed = new Suggester(
      evidence({
        people,
        goals: new Map(),
        history: new Map([[1, past({ networking: 3, forward: 3 }, [[8, 3]])]]),
      }),
    ).suggest(entry('Call', [ana]));
    assert.equal(closed?.goalId, null);
  });

  test('what the entry already says is kept; only the missing part is suggested', () => {
    const s = new Suggester(
      evidence({
        people: new Map([[1, person(ana)]]),
        history: new Map([[1, past({ socializing: 3, back: 3 })]]),
      }),
    ).suggest(entry('Call', [ana], { mode: 'networking' }));
    assert.deepEqual(
      [s?.mode, s?.modeConfidence, s?.verdict, s?.verdictConfidence, s?.confidence],
      ['networking', 1, 'back', 0.8, 0.8],
    );
  });

  test('with nothing to go on there is no suggestion', () => {
    assert.equal(new Suggester(evidence({})).suggest(entry('Something', [ana])), null);
  });
});
