import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Person } from '../domain/person.ts';
import { parseVcard } from '../importers/vcard/vcard-reader.ts';
import { foldLine, personVcard } from './people-vcard.ts';

test('a long line folds at 75 octets, never inside a UTF-8 sequence, and unfolds to itself', () => {
  for (const text of [
    'a'.repeat(200),
    'é'.repeat(120),
    `NOTE:${'日本語'.repeat(40)}`,
    `FN:${'🌊x'.repeat(50)}`,
  ]) {
    const folded = foldLine(text);
    const lines = folded.split('\r\n');
    assert.ok(lines.length > 1);
    lines.forEach((line, i) => {
      assert.ok(Buffer.byteLength(line) <= 75, `line ${i}: ${Buffer.byteLength(line)} octets`);
      if (i > 0) assert.equal(line[0], ' ');
      // Each line is whole UTF-8 on its own: no half of a character at either end.
      assert.equal(Buffer.from(line, 'utf8').toString('utf8'), line);
      assert.doesNotMatch(line, /[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    });
    assert.equal(folded.replace(/\r\n /g, ''), text);
  }
  assert.equal(foldLine('FN:short'), 'FN:short');
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
});

const person: Person = {
  id: 7,
  name: 'Ana; Lima, Jr.',
  namePrefix: null,
  givenName: 'Ana',
  middleName: null,
  familyName: 'Lima',
  nameSuffix: 'Jr.',
  nickname: null,
  organization: null,
  department: 'Research',
  title: null,
  location: 'Lisboa',
  birthday: { month: 2, day: 29 },
  anniversary: { year: 2001, month: 9, day: 9 },
  notes: 'One\r\nTwo \\ three',
  purpose: null,
  circle: 'network',
  verdict: null,
  aspire: false,
  cadenceDays: null,
  standing: {},
  tags: ['a,b', 'c'],
  contacts: [
    {
      id: 1,
      kind: 'email',
      value: 'ana@example.org',
      key: 'ana@example.org',
      label: 'Mum’s',
      source: 'manual',
    },
    { id: 2, kind: 'handle', value: 'ana_l', key: 'ana_l', label: 'github', source: 'manual' },
    {
      id: 3,
      kind: 'handle',
      value: 'ana@jabber.example',
      key: 'ana@jabber.example',
      label: 'jabber',
      source: 'manual',
    },
  ],
  addresses: [],
  related: [{ id: 1, name: 'Bo', relation: 'referred by', source: 'manual' }],
  connections: [],
  knownSince: null,
  photo: null,
  createdAt: '',
  updatedAt: '',
  archivedAt: null,
  mergedInto: null,
};

test('a card escapes text, writes partial dates in their basic form, and reads back as it was written', () => {
  const card = personVcard('acct', person, undefined);
  const lines = card.split('\r\n');
  assert.deepEqual(lines.slice(0, 2), ['BEGIN:VCARD', 'VERSION:4.0']);
  assert.ok(lines.includes('FN:Ana\\; Lima\\, Jr.'));
  assert.ok(lines.includes('N:Lima;Ana;;;Jr.'));
  assert.ok(lines.includes('ORG:;Research'));
  assert.ok(lines.includes('BDAY:--0229'));
  assert.ok(lines.includes('ANNIVERSARY:20010909'));
  assert.ok(lines.includes('NOTE:One\\nTwo \\\\ three'));
  assert.ok(lines.includes('CATEGORIES:a\\,b,c'));
  assert.ok(lines.includes('item1.EMAIL:ana@example.org'));
  assert.ok(lines.includes('item1.X-ABLABEL:Mum’s'));
  assert.ok(lines.includes('X-SOCIALPROFILE;X-SERVICE-TYPE=github;X-USER=ana_l:https://github.com/ana_l'));
  assert.ok(lines.includes('IMPP;X-SERVICE-TYPE=jabber:xmpp:ana%40jabber.example'));
  assert.ok(lines.includes('RELATED;VALUE=text;TYPE=referred,by:Bo'));
  assert.equal(lines.at(-1), '');

  const { records, errors } = parseVcard(card);
  assert.deepEqual(errors, []);
  const [r] = records;
  assert.equal(r?.name, 'Ana; Lima, Jr.');
  assert.deepEqual(
    [r?.givenName, r?.familyName, r?.nameSuffix, r?.organization, r?.department],
    ['Ana', 'Lima', 'Jr.', undefined, 'Research'],
  );
  assert.deepEqual(r?.birthday, { month: 2, day: 29 });
  assert.deepEqual(r?.anniversary, { year: 2001, month: 9, day: 9 });
  assert.equal(r?.notes, 'One\nTwo \\ three');
  assert.deepEqual(r?.tags, ['a,b', 'c']);
  assert.deepEqual(r?.emails, [{ value: 'ana@example.org', label: 'Mum’s' }]);
  assert.deepEqual(r?.handles, [
    { value: 'ana_l', label: 'github' },
    { value: 'ana@jabber.example', label: 'jabber' },
  ]);
  assert.deepEqual(r?.related, [{ name: 'Bo', relation: 'referred by' }]);
  assert.match(r?.sourceKey ?? '', /^vcard:uid:urn:uuid:/);
});
