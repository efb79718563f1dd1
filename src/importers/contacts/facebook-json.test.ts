import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseFacebookFriends } from './facebook-json.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads the 2018 friends.json: repairs mojibake, dates, contact info, skips empty names', () => {
  const result = parseFacebookFriends(fixture('facebook-friends-2018.json'), {
    file: 'friends/friends.json',
  });
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 2);
  const [jose, ana] = result.records;
  assert.deepEqual(jose, {
    line: 3,
    file: 'friends/friends.json',
    sourceKey: jose?.sourceKey,
    kind: 'person',
    name: 'José Muñoz',
    emails: [],
    phones: [],
    urls: [],
    handles: [],
    tags: [],
    connectedOn: '2018-03-02',
  });
  assert.match(jose?.sourceKey ?? '', /^facebook:[0-9a-f]{20}$/);
  assert.equal(ana?.line, 7);
  assert.equal(ana?.connectedOn, '2010-01-01');
  assert.deepEqual(ana?.emails, [{ value: 'ana.lima@example.com' }]);
  assert.deepEqual(result.skipped, [
    { file: 'friends/friends.json', line: 12, reason: 'friend with an empty name (deactivated account)' },
  ]);
});

test('reads friends_v2 and your_friends.json; keeps genuine Latin-1 names; numbers duplicates', () => {
  const v2 = parseFacebookFriends(fixture('facebook-friends-v2.json'));
  assert.deepEqual(
    v2.records.map((r) => [r.name, r.connectedOn, r.line]),
    [
      ['Björn Nyström', '2020-09-13', 3],
      ['日本 太郎', '2023-11-14', 7],
      ['Renée', '2023-11-14', 11],
    ],
  );
  const yours = parseFacebookFriends(fixture('facebook-your-friends.json'));
  assert.deepEqual(
    yours.records.map((r) => r.name),
    ['Łukasz Wróbel', 'Zoë', 'Zoë'],
  );
  assert.equal(yours.records[2]?.sourceKey, `${yours.records[1]?.sourceKey}~2`);
  assert.ok(yours.records.every((r) => r.line === 1));
});

test('the key is the same for the same friend in another era of export', () => {
  const old = parseFacebookFriends('{"friends":[{"name":"Zo\\u00c3\\u00ab","timestamp":1650000000}]}');
  const recent = parseFacebookFriends(fixture('facebook-your-friends.json'));
  assert.equal(old.records[0]?.sourceKey, recent.records[1]?.sourceKey);
});

test('asks for the JSON format when given the HTML export', () => {
  const result = parseFacebookFriends(fixture('facebook-friends.html'), { file: 'your_friends.html' });
  assert.equal(result.records.length, 0);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]?.file, 'your_friends.html');
  assert.match(result.errors[0]?.message ?? '', /Download your information → Format: JSON/);
});

test('reports broken JSON, wrong shapes and deep nesting without throwing', () => {
  const broken = parseFacebookFriends('{\n"friends": [\n{"name": "A",}\n]}', { file: 'f.json' });
  assert.equal(broken.errors[0]?.file, 'f.json');
  assert.match(broken.errors[0]?.message ?? '', /not valid JSON/);
  const wrong = parseFacebookFriends('{"deleted_friends_v2": []}');
  assert.match(wrong.errors[0]?.message ?? '', /no "friends_v2" or "friends" list/);
  const badEntry = parseFacebookFriends('{"friends_v2": [42, {"name": "B", "timestamp": "x"}]}');
  assert.deepEqual(
    badEntry.errors.map((e) => [e.field, e.line]),
    [
      ['name', 1],
      ['timestamp', 1],
    ],
  );
  assert.equal(badEntry.records[0]?.name, 'B');
  for (const depth of [100_000, 1_000_000]) {
    const deep = '{"friends_v2":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
    const result = parseFacebookFriends(deep);
    assert.equal(result.records.length, 0);
    assert.equal(result.errors.length, 1, `depth ${depth}`);
  }
});

test('invalid UTF-8 is an error naming the line', () => {
  const bytes = Buffer.concat([
    Buffer.from('{"friends_v2": [\n{"name": "Jos'),
    Buffer.from([0xc3]),
    Buffer.from('"}]}'),
  ]);
  const result = parseFacebookFriends(bytes, { file: 'f.json' });
  assert.equal(result.records.length, 0);
  assert.deepEqual(result.errors, [
    {
      file: 'f.json',
      line: 2,
      message: 'invalid UTF-8 bytes on this line; save or export the file as UTF-8',
    },
  ]);
});
