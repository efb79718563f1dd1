import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseOutlookContacts } from './outlook-csv.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads a Windows-1252 desktop export with 92 columns', () => {
  const bytes = fixture('outlook-desktop-1252.csv');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const result = parseOutlookContacts(bytes, { file: 'outlook.csv' });
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 3);
  const [rene, soren, ines] = result.records;
  assert.deepEqual(rene, {
    line: 2,
    file: 'outlook.csv',
    sourceKey: rene?.sourceKey,
    kind: 'person',
    name: 'René Düsterwald',
    givenName: 'René',
    familyName: 'Düsterwald',
    emails: [{ value: 'rene@baeckerei.example' }],
    phones: [
      { value: '+49 170 1234567', preferred: true, label: 'cell' },
      { value: '+49 30 1234567', label: 'work' },
    ],
    urls: [{ value: 'https://baeckerei.example' }],
    handles: [],
    organization: 'Bäckerei Düsterwald',
    title: 'Inhaber',
    location: 'Berlin, Deutschland',
    notes: 'Liefert Brötchen – freitags.\nZahlt bar.',
    tags: ['Kunden', 'Berlin', 'VIP'],
    birthday: { year: 1984, month: 5, day: 1 },
  });
  assert.match(rene?.sourceKey ?? '', /^outlook:/);
  // An EX address is a directory path: the next SMTP address is the email.
  assert.equal(soren?.line, 4);
  assert.equal(soren?.name, 'Søren Ærø');
  assert.deepEqual(soren?.emails, [{ value: 'soren@firma.example' }]);
  assert.equal(soren?.birthday, undefined);
  // With no SMTP column, the address in the display name is used.
  assert.equal(ines?.name, 'Inés Peña');
  assert.deepEqual(ines?.emails, [{ value: 'ines.pena@empresa.example' }]);
  assert.deepEqual(result.skipped, [
    { file: 'outlook.csv', line: 6, reason: 'contact without name, company, email or phone' },
  ]);
});

test('reads an Outlook.com export with 61 columns and a BOM', () => {
  const result = parseOutlookContacts(fixture('outlook-com.csv'));
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 1);
  const zoe = result.records[0];
  assert.equal(zoe?.name, 'Zoë Kowalczyk-Ñúñez');
  assert.deepEqual(
    zoe?.emails.map((e) => e.value),
    ['zoe@example.org', 'zoe.k@example.net'],
  );
  assert.deepEqual(zoe?.phones, [{ value: '+48 600 100 200', label: 'cell' }]);
  assert.equal(zoe?.location, 'Kraków, Polska');
  assert.deepEqual(zoe?.birthday, { year: 1990, month: 12, day: 24 });
  assert.equal(zoe?.organization, 'Uniwersytet');
  assert.equal(zoe?.title, 'Researcher');
});

test('reports an impossible birthday with its line and field', () => {
  const csv = '"First Name","Last Name","E-mail Address","Birthday"\r\n"Ana","Lima","","2/30/1990"\r\n';
  const result = parseOutlookContacts(csv, { file: 'o.csv' });
  assert.equal(result.records.length, 1);
  assert.deepEqual(result.errors, [
    { file: 'o.csv', line: 2, field: 'Birthday', message: 'unrecognized date "2/30/1990"' },
  ]);
});
