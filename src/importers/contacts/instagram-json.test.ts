import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseInstagramConnections } from './instagram-json.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads the old following.json shape with value and href', () => {
  const result = parseInstagramConnections(fixture('instagram-following-old.json'), {
    file: 'following.json',
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.records[0], {
    line: 3,
    file: 'following.json',
    sourceKey: 'instagram:ana.lima',
    kind: 'person',
    name: 'ana.lima',
    emails: [],
    phones: [],
    urls: [{ value: 'https://www.instagram.com/ana.lima', label: 'instagram' }],
    handles: [{ value: 'ana.lima', label: 'instagram' }],
    tags: [],
    connectedOn: '2020-05-20',
  });
  assert.equal(result.records[1]?.name, 'cafe_são_paulo');
  assert.equal(result.records[1]?.line, 14);
});

test('reads the new shape with the user name in title', () => {
  const result = parseInstagramConnections(fixture('instagram-following-new.json'));
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.records.map((r) => [r.name, r.sourceKey, r.handles[0]?.value, r.urls[0]?.value, r.connectedOn]),
    [
      [
        'joao.conceicao',
        'instagram:joao.conceicao',
        'joao.conceicao',
        'https://www.instagram.com/_u/joao.conceicao',
        '2024-03-09',
      ],
    ],
  );
});

test('reads followers_1.json, a top-level array', () => {
  const result = parseInstagramConnections(fixture('instagram-followers_1.json'));
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.records.map((r) => [r.name, r.line, r.connectedOn]),
    [
      ['zoe.k', 2, '2022-04-15'],
      ['ana.lima', 15, '2020-05-20'],
    ],
  );
});

test('reports entries without string_list_data and other files', () => {
  const result = parseInstagramConnections('[{"title": "x"}]', { file: 'f.json' });
  assert.deepEqual(result.errors, [
    { file: 'f.json', line: 1, field: 'string_list_data', message: 'entry without string_list_data' },
  ]);
  const other = parseInstagramConnections('{"likes_media_likes": []}');
  assert.match(other.errors[0]?.message ?? '', /not an Instagram export/);
});
