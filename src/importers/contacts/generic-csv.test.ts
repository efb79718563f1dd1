import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseGenericCsv } from './generic-csv.ts';

const sheet =
  '\uFEFFNombre;Correo;Correo 2;Teléfono;Etiquetas;Cumpleaños;Notas\n' +
  'Ángela Ruiz;angela@example.es;a.ruiz@example.com;+34 600 000 000;amigos, club;1990-07-14;"Vive en Sevilla;\nle gusta el flamenco"\n' +
  'Óscar Núñez;oscar@example.es;;;;--02-29;\n' +
  ';;;;;;\n' +
  'Iñaki;;;;;14.07.1990;\n' +
  'Bea;;;;;14/07/1990;\n';

test('maps columns by name, with several columns for one field and a chosen delimiter', () => {
  const result = parseGenericCsv(sheet, {
    file: 'amigos.csv',
    delimiter: ';',
    mapping: {
      name: 'Nombre',
      email: 'Correo,Correo 2',
      phone: 'Teléfono',
      tags: 'Etiquetas',
      birthday: 'Cumpleaños',
      notes: 'Notas',
    },
  });
  assert.equal(result.records.length, 4);
  const [angela, oscar, inaki, bea] = result.records;
  assert.deepEqual(angela, {
    line: 2,
    file: 'amigos.csv',
    sourceKey: angela?.sourceKey,
    kind: 'person',
    name: 'Ángela Ruiz',
    emails: [{ value: 'angela@example.es' }, { value: 'a.ruiz@example.com' }],
    phones: [{ value: '+34 600 000 000' }],
    urls: [],
    handles: [],
    notes: 'Vive en Sevilla;\nle gusta el flamenco',
    tags: ['amigos', 'club'],
    birthday: { year: 1990, month: 7, day: 14 },
  });
  assert.match(angela?.sourceKey ?? '', /^csv:[0-9a-f]{20}$/);
  assert.equal(oscar?.line, 4);
  assert.deepEqual(oscar?.birthday, { month: 2, day: 29 });
  assert.deepEqual(inaki?.birthday, { year: 1990, month: 7, day: 14 });
  assert.equal(bea?.birthday, undefined);
  assert.deepEqual(result.skipped, [
    { file: 'amigos.csv', line: 5, reason: 'row without name, organization, email or phone' },
  ]);
  assert.deepEqual(result.errors, [
    {
      file: 'amigos.csv',
      line: 7,
      field: 'Cumpleaños',
      message: 'unrecognized birthday "14/07/1990" (use YYYY-MM-DD)',
    },
  ]);
});

test('builds names from given and family name columns and uses an id column as key', () => {
  const csv =
    'id,First,Last,Org,Site\n7,Zoë,Ångström,Nordic Labs,https://zoe.example\n,,,Padaria Lusitana,\n';
  const result = parseGenericCsv(csv, {
    mapping: { id: 'id', givenName: 'First', familyName: 'Last', organization: 'Org', url: 'Site' },
  });
  assert.deepEqual(result.errors, []);
  const [zoe, padaria] = result.records;
  assert.equal(zoe?.name, 'Zoë Ångström');
  assert.equal(zoe?.sourceKey, 'csv:7');
  assert.deepEqual(zoe?.urls, [{ value: 'https://zoe.example' }]);
  assert.equal(padaria?.name, 'Padaria Lusitana');
  assert.equal(padaria?.kind, 'organization');
});

test('an unknown mapped column is an error naming it and listing the header', () => {
  const result = parseGenericCsv('Name,Mail\nAna,ana@example.com\n', {
    file: 'x.csv',
    mapping: { name: 'Name', email: 'E-mail' },
  });
  assert.equal(result.records.length, 0);
  assert.deepEqual(result.errors, [
    {
      file: 'x.csv',
      line: 1,
      field: 'E-mail',
      message: 'mapped column "E-mail" (for email) is not in the header; the header has: Name, Mail',
    },
  ]);
});

test('matches column names case-insensitively and accepts a column whose name has a comma', () => {
  const csv = '"Name, full",EMAIL\nAna Lima,ana@example.com\n';
  const result = parseGenericCsv(csv, { mapping: { name: 'Name, full', email: 'email' } });
  assert.deepEqual(result.errors, []);
  assert.equal(result.records[0]?.name, 'Ana Lima');
  assert.deepEqual(result.records[0]?.emails, [{ value: 'ana@example.com' }]);
});

test('maps name parts, nickname, department and the anniversary', () => {
  const csv =
    'Pre,First,Middle,Last,Suf,Nick,Org,Dept,Wed\nDr.,Ada,Augusta,Lovelace,FRS,Ada,Analytical,Engines,08.07.1835\n';
  const result = parseGenericCsv(csv, {
    mapping: {
      namePrefix: 'Pre',
      givenName: 'First',
      middleName: 'Middle',
      familyName: 'Last',
      nameSuffix: 'Suf',
      nickname: 'Nick',
      organization: 'Org',
      department: 'Dept',
      anniversary: 'Wed',
    },
  });
  assert.deepEqual(result.errors, []);
  const [ada] = result.records;
  assert.deepEqual(
    [
      ada?.name,
      ada?.namePrefix,
      ada?.middleName,
      ada?.nameSuffix,
      ada?.nickname,
      ada?.organization,
      ada?.department,
    ],
    ['Ada Lovelace', 'Dr.', 'Augusta', 'FRS', 'Ada', 'Analytical', 'Engines'],
  );
  assert.deepEqual(ada?.anniversary, { year: 1835, month: 7, day: 8 });
  const bad = parseGenericCsv('Name,Wed\nAna,someday\n', { mapping: { name: 'Name', anniversary: 'Wed' } });
  assert.deepEqual(bad.errors, [
    {
      file: undefined,
      line: 2,
      field: 'Wed',
      message: 'unrecognized anniversary "someday" (use YYYY-MM-DD)',
    },
  ]);
});
