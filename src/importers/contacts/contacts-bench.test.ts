import assert from 'node:assert/strict';
import { test } from 'node:test';

import { benchLinkedInParse, makeLinkedInCsv } from './contacts-bench.ts';
import { parseLinkedInConnections } from './linkedin-csv.ts';

test('the generated export is deterministic and reads back completely', () => {
  const csv = makeLinkedInCsv(200);
  assert.equal(csv, makeLinkedInCsv(200));
  assert.ok(csv.startsWith('\uFEFFNotes:'));
  const result = parseLinkedInConnections(csv);
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 196);
  assert.equal(result.skipped.length, 4);
  assert.equal(result.records[0]?.name, 'José Muñoz García');
  assert.equal(result.records[0]?.line, 5);
  assert.equal(new Set(result.records.map((r) => r.sourceKey)).size, 196);
});

test('the whole import path stays within 10× of papaparse alone', async () => {
  const figures = await benchLinkedInParse(30_000);
  assert.equal(figures.rows, 30_000);
  assert.ok(figures.parseMs < 10 * figures.papaparseMs, JSON.stringify(figures));
});
