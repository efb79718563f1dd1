import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseGoogleContacts } from './google-csv.ts';
import { hashKey } from './source-key.ts';

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
    addresses: [
      { label: 'home', street: 'Moda Cd. 12', locality: 'İstanbul', postalCode: '34710', country: 'Türkiye' },
    ],
  });
  assert.match(cagla?.sourceKey ?? '', /^google:[0-9a-f]{20}$/);
  // The first record spans lines 2–6 (two-line notes, four-line address).
  assert.equal(bjorn?.line, 7);
  // The plain name is given and family name; the middle name is kept beside it, and the source
  // key is the one the whole name made before.
  assert.equal(bjorn?.name, 'Björn Nyström');
  assert.equal(bjorn?.middleName, 'Erik');
  assert.equal(bjorn?.sourceKey, `google:${hashKey('Björn Erik Nyström', 'bjorn@example.se')}`);
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

test('name parts, nickname, department, every address, relations and the anniversary', () => {
  const header =
    'First Name,Middle Name,Last Name,Name Prefix,Name Suffix,Nickname,Organization Name,Organization Title,Organization Department,Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Address 2 - Label,Address 2 - Formatted,Address 2 - Street,Address 2 - City,Address 2 - PO Box,Address 2 - Region,Address 2 - Postal Code,Address 2 - Country,Address 2 - Extended Address,Relation 1 - Label,Relation 1 - Value,Relation 2 - Label,Relation 2 - Value,Event 1 - Label,Event 1 - Value,Event 2 - Label,Event 2 - Value';
  const row = [
    'Martin',
    'Luther',
    'King',
    'Dr.',
    'Jr.',
    'ML',
    'SCLC',
    'President',
    'Leadership',
    '1929-01-15',
    '* myContacts',
    '* Home',
    'ml@example.org',
    '* Home ::: Work',
    '',
    '501 Auburn Ave ::: 407 Dexter Ave',
    'Atlanta ::: Montgomery',
    '',
    'GA ::: AL',
    '30312 ::: 36104',
    'USA ::: USA',
    '',
    'Other',
    '"1 Formatted Way\nSpringfield"',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'Spouse',
    'Coretta Scott King',
    'Friend',
    'Ralph',
    'Graduation',
    '1948-06-08',
    'Anniversary',
    '--06-18',
  ].join(',');
  const result = parseGoogleContacts(`${header}\n${row}\n`, { file: 'g.csv' });
  assert.deepEqual(result.errors, []);
  const [ml] = result.records;
  assert.deepEqual(
    [ml?.name, ml?.namePrefix, ml?.givenName, ml?.middleName, ml?.familyName, ml?.nameSuffix, ml?.nickname],
    ['Martin King', 'Dr.', 'Martin', 'Luther', 'King', 'Jr.', 'ML'],
  );
  assert.deepEqual([ml?.organization, ml?.department, ml?.title], ['SCLC', 'Leadership', 'President']);
  assert.deepEqual(ml?.addresses, [
    {
      label: 'home',
      preferred: true,
      street: '501 Auburn Ave',
      locality: 'Atlanta',
      region: 'GA',
      postalCode: '30312',
      country: 'USA',
    },
    {
      label: 'work',
      street: '407 Dexter Ave',
      locality: 'Montgomery',
      region: 'AL',
      postalCode: '36104',
      country: 'USA',
    },
    { label: 'other', street: '1 Formatted Way\nSpringfield' },
  ]);
  assert.deepEqual(ml?.related, [
    { name: 'Coretta Scott King', relation: 'spouse' },
    { name: 'Ralph', relation: 'friend' },
  ]);
  assert.deepEqual(ml?.anniversary, { month: 6, day: 18 });
});

test('the legacy header: department, relations and the anniversary by their Type columns', () => {
  const csv =
    'Name,Given Name,Family Name,Name Prefix,Nickname,Organization 1 - Name,Organization 1 - Department,Relation 1 - Type,Relation 1 - Value,Event 1 - Type,Event 1 - Value\n' +
    'Dr. Ana Lima,Ana,Lima,Dr.,Aninha,Verde,Research,Assistant,Rui,Anniversary,2011-11-11\n';
  const [ana] = parseGoogleContacts(csv).records;
  assert.deepEqual(
    [ana?.name, ana?.namePrefix, ana?.nickname, ana?.organization, ana?.department],
    ['Dr. Ana Lima', 'Dr.', 'Aninha', 'Verde', 'Research'],
  );
  assert.deepEqual(ana?.related, [{ name: 'Rui', relation: 'assistant' }]);
  assert.deepEqual(ana?.anniversary, { year: 2011, month: 11, day: 11 });
});
