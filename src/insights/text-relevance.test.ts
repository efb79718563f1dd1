import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tokenizer, rankByRelevance, stopWords } from './text-relevance.ts';

test('tokens are stemmed, folded and free of stop words', () => {
  const t = new Tokenizer();
  assert.deepEqual(t.tokens('Researching the TOOLS for Labs, and Écoles'), [
    'research',
    'tool',
    'lab',
    'ecol',
  ]);
  assert.deepEqual(t.tokens("Ana's 2026 plans: 3D-printing"), ['ana', 'plan', '3d', 'print']);
  assert.deepEqual(t.tokens(''), []);
  assert.deepEqual(t.tokens(null), []);
  assert.ok(stopWords.has('the') && stopWords.has('with') && !stopWords.has('research'));
  assert.equal(t.surface.get('research'), 'researching');
});

test('BM25 scores match the hand-worked figures and explain the matched words', () => {
  const docs = [
    { id: 1, fields: [{ name: 'purpose', text: 'Research tools for labs', weight: 1 }] },
    { id: 2, fields: [{ name: 'purpose', text: 'Travel the world', weight: 1 }] },
    {
      id: 3,
      fields: [{ name: 'purpose', text: 'Researching laboratory tooling and research software', weight: 1 }],
    },
  ];
  // N = 3, lengths 3, 2, 5 (avg 10/3); df(research) = df(tool) = 2, so idf = ln(1 + 1.5/2.5) = 0.470004.
  // doc 1: 2 × idf × 2.2 / (1 + 1.2 × (0.25 + 0.75 × 3 / (10/3))) = 0.980102
  // doc 3: idf × (2 × 2.2 / (2 + 1.65) + 2.2 / (1 + 1.65)) = 0.956771
  const { hits, queryTerms, documents } = rankByRelevance('research tools', docs);
  assert.equal(documents, 3);
  assert.deepEqual(queryTerms, ['research', 'tools']);
  assert.deepEqual(
    hits.map((h) => h.id),
    [1, 3],
  );
  assert.ok(Math.abs(hits[0]!.score - 0.980102) < 1e-6, String(hits[0]!.score));
  assert.ok(Math.abs(hits[1]!.score - 0.956771) < 1e-6, String(hits[1]!.score));
  assert.deepEqual(hits[1]!.matched, [
    { term: 'research', stem: 'research', fields: ['purpose'] },
    { term: 'tools', stem: 'tool', fields: ['purpose'] },
  ]);
});

test('field weights count as term frequency and length', () => {
  const docs = [
    {
      id: 1,
      fields: [
        { name: 'purpose', text: 'climate', weight: 2 },
        { name: 'title', text: 'founder', weight: 1 },
      ],
    },
    {
      id: 2,
      fields: [
        { name: 'purpose', text: 'founder', weight: 2 },
        { name: 'tags', text: 'climate', weight: 1 },
      ],
    },
  ];
  // Same lengths (3 each), so the doc with "climate" in the heavier field wins.
  const { hits } = rankByRelevance('climate', docs);
  assert.deepEqual(
    hits.map((h) => [h.id, h.matched[0]!.fields]),
    [
      [1, ['purpose']],
      [2, ['tags']],
    ],
  );
  assert.ok(hits[0]!.score > hits[1]!.score);
});

test('an empty or stop-word query matches nothing', () => {
  const docs = [{ id: 1, fields: [{ name: 'purpose', text: 'anything at all', weight: 1 }] }];
  assert.deepEqual(rankByRelevance('', docs).hits, []);
  assert.deepEqual(rankByRelevance('the and of', docs).hits, []);
});
