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
  const purpose = [{ name: 'purpose', weight: 1 }];
  const docs = [
    { id: 1, texts: ['Research tools for labs'] },
    { id: 2, texts: ['Travel the world'] },
    { id: 3, texts: ['Researching laboratory tooling and research software'] },
  ];
  // N = 3, lengths 3, 2, 5 (avg 10/3); df(research) = df(tool) = 2, so idf = ln(1 + 1.5/2.5) = 0.470004.
  // doc 1: 2 × idf × 2.2 / (1 + 1.2 × (0.25 + 0.75 × 3 / (10/3))) = 0.980102
  // doc 3: idf × (2 × 2.2 / (2 + 1.65) + 2.2 / (1 + 1.65)) = 0.956771
  const { hits, queryTerms, documents } = rankByRelevance('research tools', purpose, docs);
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
  const fields = [
    { name: 'purpose', weight: 2 },
    { name: 'title', weight: 1 },
    { name: 'tags', weight: 1 },
  ];
  const docs = [
    { id: 1, texts: ['climate', 'founder', null] },
    { id: 2, texts: ['founder', null, 'climate'] },
  ];
  // Same lengths (3 each), so the doc with "climate" in the heavier field wins.
  const { hits } = rankByRelevance('climate', fields, docs);
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
  const fields = [{ name: 'purpose', weight: 1 }];
  const docs = [{ id: 1, texts: ['anything at all'] }];
  assert.deepEqual(rankByRelevance('', fields, docs).hits, []);
  assert.deepEqual(rankByRelevance('the and of', fields, docs).hits, []);
});
