// X archive files are JavaScript; the fixtures carry a .txt suffix so the linter leaves them alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseXConnections } from './x-following.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads following.js without evaluating it', () => {
  const result = parseXConnections(fixture('x-following.js.txt'), { file: 'data/following.js' });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.records, [
    {
      line: 2,
      file: 'data/following.js',
      sourceKey: 'x:12345',
      kind: 'person',
      name: 'X user 12345',
      emails: [],
      phones: [],
      urls: [{ value: 'https://twitter.com/intent/user?user_id=12345', label: 'x' }],
      handles: [],
      tags: [],
    },
    {
      line: 8,
      file: 'data/following.js',
      sourceKey: 'x:987654321012345678',
      kind: 'person',
      name: 'X user 987654321012345678',
      emails: [],
      phones: [],
      urls: [{ value: 'https://twitter.com/intent/user?user_id=987654321012345678', label: 'x' }],
      handles: [],
      tags: [],
    },
  ]);
});

test('reads follower.js', () => {
  const result = parseXConnections(fixture('x-follower.js.txt'));
  assert.deepEqual(
    result.records.map((r) => [r.sourceKey, r.name, r.line]),
    [['x:555', 'X user 555', 1]],
  );
});

test('refuses code that is not the archive assignment, and never runs it', () => {
  const evil = 'globalThis.pwned = true; window.YTD.following.part0 = []';
  const result = parseXConnections(evil);
  assert.equal(result.records.length, 0);
  assert.match(result.errors[0]?.message ?? '', /not an X archive file/);
  const sneaky = parseXConnections(
    'window.YTD.following.part0 = (() => { globalThis.pwned = true; return []; })()',
  );
  assert.match(sneaky.errors[0]?.message ?? '', /not valid JSON/);
  assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
});

test('reports entries without a numeric account id', () => {
  const result = parseXConnections('window.YTD.following.part0 = [\n{"following": {"accountId": "abc"}}\n]', {
    file: 'following.js',
  });
  assert.deepEqual(result.errors, [
    { file: 'following.js', line: 2, field: 'accountId', message: 'entry without a numeric accountId' },
  ]);
});
