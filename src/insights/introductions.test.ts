import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../demo/random.ts';
import { IntroductionIndex, diversePairs, introWeight } from './introductions.ts';
import type { IntroPerson } from './introductions.ts';

const words = [
  'open',
  'lab',
  'tool',
  'climat',
  'fund',
  'seed',
  'teach',
  'data',
  'robot',
  'farm',
  'book',
  'design',
];

function people(n: number, seed: number): IntroPerson[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `P${i + 1}`,
    circle: rng.pick(['inner', 'network', 'acquaintance', 'social', 'unsorted'] as const),
    verdict: rng.pick(['forward', 'back', null] as const),
    stems: Array.from({ length: rng.int(1, 4) }, () => rng.pick(words)),
    tags: rng.chance(0.3) ? [rng.pick(['research', 'climate'])] : [],
    weight: Math.round(rng.next() * 1000) / 1000,
  }));
}

/** Every pair, scored the slow way, to check the pruned search against. */
function bruteForce(list: IntroPerson[], k: number, min: number, exclude: Set<string>) {
  const index = new IntroductionIndex(list);
  const all = index.top(list.length * list.length, min, exclude);
  return all.slice(0, k);
}

test('the pruned top-k equals the exhaustive ranking', () => {
  for (const seed of [1, 2, 3]) {
    const list = people(120, seed);
    const exclude = new Set(['1:2', '3:7']);
    const fast = new IntroductionIndex(list).top(15, 0.2, exclude);
    const slow = bruteForce(list, 15, 0.2, exclude);
    assert.deepEqual(
      fast.map((p) => [p.a.id, p.b.id, p.score]),
      slow.map((p) => [p.a.id, p.b.id, p.score]),
    );
    assert.ok(fast.every((p) => !exclude.has(`${p.a.id}:${p.b.id}`)));
  }
});

test('identical purposes are fully similar; nothing shared means no pair', () => {
  const list: IntroPerson[] = [
    { id: 1, name: 'A', circle: 'network', verdict: 'forward', stems: ['fund', 'lab'], tags: [], weight: 1 },
    {
      id: 2,
      name: 'B',
      circle: 'network',
      verdict: 'forward',
      stems: ['fund', 'lab'],
      tags: [],
      weight: 0.5,
    },
    {
      id: 3,
      name: 'C',
      circle: 'network',
      verdict: 'forward',
      stems: ['farm'],
      tags: ['Climate'],
      weight: 1,
    },
  ];
  const pairs = new IntroductionIndex(list).top(10, 0.1, new Set());
  assert.deepEqual(
    pairs.map((p) => [p.a.id, p.b.id, p.similarity, p.score, p.sharedStems]),
    [[1, 2, 1, 0.5, ['fund', 'lab']]],
  );
});

test('weights favour close circles, forward verdicts and time spent', () => {
  assert.equal(introWeight('inner', 'forward', 3000), 1);
  assert.equal(introWeight('network', null, 0), 0.8 * 0.6);
  assert.ok(introWeight('social', 'back', 100) < introWeight('acquaintance', 'forward', 100));
});

test('no one appears in more than the allowed number of pairs', () => {
  const pair = (a: number, b: number, score: number) => ({
    a: { id: a, name: '', circle: 'network' as const, verdict: null },
    b: { id: b, name: '', circle: 'network' as const, verdict: null },
    similarity: 1,
    score,
    sharedStems: [],
    sharedTags: [],
  });
  const chosen = diversePairs([pair(1, 2, 0.9), pair(1, 3, 0.8), pair(1, 4, 0.7), pair(2, 3, 0.6)], 10, 2);
  assert.deepEqual(
    chosen.map((p) => [p.a.id, p.b.id]),
    [
      [1, 2],
      [1, 3],
      [2, 3],
    ],
  );
});
