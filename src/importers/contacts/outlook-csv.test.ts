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
    addresses: [{ label: 'home', locality: 'Berlin', country: 'Deutschland' }],
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

test('title and suffix beside the plain name, department, every address, related names and the anniversary', () => {
  const header =
    "Title,First Name,Middle Name,Last Name,Suffix,Nickname,Company,Department,Job Title,Business Street,Business Street 2,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home Postal Code,Home Country/Region,Home Address PO Box,Spouse,Children,Manager's Name,Anniversary,Birthday,E-mail Address";
  const row =
    'Mrs.,Grace,Brewster,Hopper,PhD,Amazing Grace,US Navy,Computing,Rear Admiral,1 Navy Way,Floor 2,Arlington,VA,22202,USA,10 Home Rd,New York,10001,USA,PO 5,Vincent Hopper,"Ann, Bob",Howard Aiken,6/15/1930,12/9/1906,grace@example.org';
  const result = parseOutlookContacts(`${header}\n${row}\n`, { file: 'o.csv' });
  assert.deepEqual(result.errors, []);
  const [grace] = result.records;
  assert.deepEqual(
    [
      grace?.name,
      grace?.namePrefix,
      grace?.givenName,
      grace?.middleName,
      grace?.familyName,
      grace?.nameSuffix,
    ],
    ['Grace Hopper', 'Mrs.', 'Grace', 'Brewster', 'Hopper', 'PhD'],
  );
  assert.deepEqual(
    [grace?.nickname, grace?.organization, grace?.department, grace?.title],
    ['Amazing Grace', 'US Navy', 'Computing', 'Rear Admiral'],
  );
  assert.deepEqual(grace?.addresses, [
    {
      label: 'home',
      poBox: 'PO 5',
      street: '10 Home Rd',
      locality: 'New York',
      postalCode: '10001',
      country: 'USA',
    },
    {
      label: 'work',
      street: '1 Navy Way\nFloor 2',
      locality: 'Arlington',
      region: 'VA',
      postalCode: '22202',
      country: 'USA',
    },
  ]);
  assert.deepEqual(grace?.related, [
    { name: 'Vincent Hopper', relation: 'spouse' },
    { name: 'Howard Aiken', relation: 'manager' },
    { name: 'Ann', relation: 'child' },
    { name: 'Bob', relation: 'child' },
  ]);
  assert.deepEqual(grace?.anniversary, { year: 1930, month: 6, day: 15 });
  assert.deepEqual(grace?.birthday, { year: 1906, month: 12, day: 9 });
  const bad = parseOutlookContacts(`${header}\nMr.,Al,,Bo,,,,,,,,,,,,,,,,,,,,13/45/2000,,al@example.org\n`, {
    file: 'o.csv',
  });
  assert.deepEqual(bad.errors, [
    { file: 'o.csv', line: 2, field: 'Anniversary', message: 'unrecognized date "13/45/2000"' },
  ]);
});
