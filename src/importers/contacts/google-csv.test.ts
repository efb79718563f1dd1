import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseGoogleContacts } from './google-csv.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads the current Google header: ::: values, * primary, labels vs system groups, multi-line cells', () => {
  const result = parseGoogleContacts(fixture('google-contacts.csv'), { file: 'contacts.csv' });
  assert.equal(result.records.length, 4);
  const [cagla, bjorn, padaria, ana] = result.records;
  assert.deepEqual(cagla, {
    line: 2,
    file: 'contacts.csv',
    sourceKey: cagla?.sourceKey,
    kind: 'person',
    name: 'Çağla Öztürk',
    givenName: 'Çağla',
    familyName: 'Öztürk',
    emails: [
      { value: 'cagla@studio.example', label: 'work', preferred: true },
      { value: 'cagla.o@example.com', label: 'work' },
    ],
    phones: [{ value: '+90 532 123 45 67', label: 'mobile' }],
    urls: [{ value: 'https://cagla.example', label: 'Portfolio' }],
    handles: [],
    organization: 'Studio Çağ',
    title: 'Founder',
    location: 'İstanbul, Türkiye',
    notes: 'Met at the Lisbon meetup.\nIntroduced by Rui, "great" designer.',
    tags: ['Design'],
    birthday: { month: 5, day: 1 },
  });
  assert.match(cagla?.sourceKey ?? '', /^google:[0-9a-f]{20}$/);
  // The first record spans lines 2–6 (two-line notes, four-line address).
  assert.equal(bjorn?.line, 7);
  assert.equal(bjorn?.name, 'Björn Erik Nyström');
  assert.deepEqual(bjorn?.birthday, { year: 1984, month: 2, day: 29 });
  assert.deepEqual(bjorn?.tags, ['Friends', 'Sailing']);
  assert.deepEqual(bjorn?.emails, [
    { value: 'bjorn@example.se', label: 'home' },
    { value: 'bjorn.nystrom@firma.example', label: 'work', preferred: true },
  ]);
  assert.deepEqual(bjorn?.phones, [
    { value: '+46 70 123 45 67', label: 'mobile' },
    { value: '+46 8 555 010 00', label: 'work' },
  ]);
  assert.equal(padaria?.kind, 'organization');
  assert.equal(padaria?.name, 'Padaria Lusitana');
  assert.deepEqual(padaria?.tags, []);
  assert.equal(ana?.line, 11);
  assert.equal(ana?.birthday, undefined);
  assert.deepEqual(result.skipped, [
    { file: 'contacts.csv', line: 9, reason: 'contact without name, organization, email or phone' },
  ]);
  assert.deepEqual(result.errors, [
    { file: 'contacts.csv', line: 11, field: 'Birthday', message: 'unrecognized birthday "31/02/1990"' },
  ]);
});

test('reads the legacy Google header with CRLF line ends and multi-line cells', () => {
  const result = parseGoogleContacts(fixture('google-legacy.csv'), { file: 'google.csv' });
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 2);
  const [francois, lukasz] = result.records;
  assert.equal(francois?.line, 2);
  assert.equal(francois?.name, 'François Dupré');
  assert.deepEqual(francois?.birthday, { year: 1979, month: 11, day: 3 });
  assert.equal(francois?.notes, 'Chef.\nKnows everyone in Lyon.');
  assert.deepEqual(francois?.tags, ['Cuisine']);
  assert.deepEqual(francois?.emails, [
    { value: 'francois@example.fr', label: 'home', preferred: true },
    { value: 'f.dupre@example.com', label: 'home' },
  ]);
  assert.deepEqual(francois?.phones, [{ value: '+33 6 12 34 56 78', label: 'mobile' }]);
  assert.equal(francois?.organization, 'Bistrot Dupré');
  assert.equal(francois?.title, 'Chef de cuisine');
  assert.equal(francois?.location, '5 rue Mercière, 69002 Lyon, France');
  assert.deepEqual(francois?.urls, [{ value: 'https://dupre.example/blog', label: 'Blog' }]);
  assert.equal(lukasz?.line, 6);
  assert.equal(lukasz?.name, 'Łukasz Wróbel');
  assert.deepEqual(lukasz?.birthday, { month: 12, day: 24 });
  assert.deepEqual(lukasz?.tags, []);
  assert.deepEqual(lukasz?.emails, [{ value: 'lukasz@example.pl', label: 'work' }]);
});

test('decodes the UTF-16LE files older Google exports wrote', () => {
  const text =
    '\uFEFFName,Given Name,Family Name,Group Membership\r\nAurélie Roux,Aurélie,Roux,* My Contacts ::: Club\r\n';
  const bytes = Buffer.from(text, 'utf16le');
  const result = parseGoogleContacts(bytes);
  assert.deepEqual(result.errors, []);
  assert.equal(result.records[0]?.name, 'Aurélie Roux');
  assert.deepEqual(result.records[0]?.tags, ['Club']);
});

test('source keys are stable across runs and unique within a file', () => {
  const csv = 'First Name,Last Name\nAna,Lima\nAna,Lima\n';
  const a = parseGoogleContacts(csv).records.map((r) => r.sourceKey);
  const b = parseGoogleContacts(csv).records.map((r) => r.sourceKey);
  assert.deepEqual(a, b);
  assert.equal(a[1], `${a[0]}~2`);
});
