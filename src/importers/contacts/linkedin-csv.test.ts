import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { canonicalLinkedInUrl, parseLinkedInConnections, parseLinkedInDate } from './linkedin-csv.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('reads an English export with BOM, Notes preamble, quoted commas and quotes', () => {
  const result = parseLinkedInConnections(fixture('linkedin-connections.csv'), { file: 'Connections.csv' });
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 4);
  const [jose, zoe, ana, tomas] = result.records;
  assert.deepEqual(jose, {
    line: 5,
    file: 'Connections.csv',
    sourceKey: 'linkedin:https://www.linkedin.com/in/jose-munoz',
    kind: 'person',
    name: 'José Muñoz García',
    givenName: 'José',
    familyName: 'Muñoz García',
    emails: [],
    phones: [],
    urls: [{ value: 'https://www.linkedin.com/in/jose-munoz', label: 'linkedin' }],
    handles: [],
    tags: [],
    organization: 'Acme, Inc.',
    title: 'Head of "Growth"',
    connectedOn: '2021-03-12',
  });
  assert.equal(zoe?.name, 'Zoë Ångström');
  assert.deepEqual(zoe?.emails, [{ value: 'zoe@example.se' }]);
  assert.equal(zoe?.connectedOn, '2020-01-01');
  assert.equal(zoe?.sourceKey, 'linkedin:https://www.linkedin.com/in/zoe-angstrom');
  assert.equal(ana?.line, 8);
  assert.equal(ana?.sourceKey, 'linkedin:https://www.linkedin.com/in/anasouza');
  assert.equal(ana?.title, 'Engenheira, Dados');
  assert.equal(ana?.organization, 'Café Ltda.');
  assert.equal(tomas?.name, "Tomás O'Brien");
  assert.equal(tomas?.organization, '"Quote" Co');
  assert.equal(tomas?.title, undefined);
  assert.equal(tomas?.connectedOn, '2018-12-31');
});

test('skips rows that hold only a date, with the line and a reason', () => {
  const result = parseLinkedInConnections(fixture('linkedin-connections.csv'), { file: 'Connections.csv' });
  assert.equal(result.skipped.length, 1);
  assert.equal(result.skipped[0]?.line, 7);
  assert.equal(result.skipped[0]?.file, 'Connections.csv');
  assert.match(result.skipped[0]?.reason ?? '', /without name or profile URL/);
});

test('maps translated headers by name: German, French, Spanish (reordered), Portuguese', () => {
  const de = parseLinkedInConnections(fixture('linkedin-connections-de.csv'));
  assert.deepEqual(de.errors, []);
  assert.deepEqual(
    de.records.map((r) => [r.name, r.emails[0]?.value, r.organization, r.title, r.connectedOn, r.line]),
    [
      ['Jürgen Weiß', 'jw@example.de', 'Müller & Söhne, GmbH', 'Geschäftsführer', '2023-03-03', 5],
      ['Käthe Groß', undefined, 'Straße AG', 'Ingenieurin', '2017-10-15', 6],
    ],
  );
  const fr = parseLinkedInConnections(fixture('linkedin-connections-fr.csv'));
  assert.deepEqual(fr.errors, []);
  assert.equal(fr.records[0]?.name, 'Élodie Lefèvre');
  assert.equal(fr.records[0]?.organization, 'Société Générale, SA');
  assert.equal(fr.records[0]?.title, 'Directrice « Produit »');
  assert.equal(fr.records[0]?.connectedOn, '2024-02-07');
  const es = parseLinkedInConnections(fixture('linkedin-connections-es.csv'));
  assert.deepEqual(es.errors, []);
  assert.equal(es.records[0]?.name, 'Núria Ibáñez Castaño');
  assert.equal(es.records[0]?.givenName, 'Núria');
  assert.equal(es.records[0]?.organization, 'Telefónica, S.A.');
  assert.equal(es.records[0]?.title, 'Ingeniera');
  assert.equal(es.records[0]?.connectedOn, '2016-06-19');
  const pt = parseLinkedInConnections(fixture('linkedin-connections-pt.csv'));
  assert.deepEqual(pt.errors, []);
  assert.equal(pt.records[0]?.name, 'João Conceição');
  assert.equal(pt.records[0]?.emails[0]?.value, 'joao@example.com.br');
  assert.equal(pt.records[0]?.organization, 'Pão de Açúcar');
  assert.equal(pt.records[0]?.connectedOn, '2019-09-22');
});

test('parses dates in several languages and rejects nonsense', () => {
  assert.equal(parseLinkedInDate('12 Mar 2021'), '2021-03-12');
  assert.equal(parseLinkedInDate('03 Mär 2023'), '2023-03-03');
  assert.equal(parseLinkedInDate('1 déc. 2020'), '2020-12-01');
  assert.equal(parseLinkedInDate('5 de ago de 2015'), '2015-08-05');
  assert.equal(parseLinkedInDate('2021-03-12'), '2021-03-12');
  assert.equal(parseLinkedInDate('Mar 12 2021'), undefined);
  assert.equal(parseLinkedInDate('12 Foo 2021'), undefined);
});

test('reports an unreadable date with file, line and field, and keeps the connection', () => {
  const csv =
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana,,,,someday\n';
  const result = parseLinkedInConnections(csv, { file: 'c.csv' });
  assert.equal(result.records.length, 1);
  assert.deepEqual(result.errors, [
    { file: 'c.csv', line: 2, field: 'Connected On', message: 'unrecognized date "someday"' },
  ]);
});

test('reports a file without a LinkedIn header', () => {
  const result = parseLinkedInConnections('Name,Phone\nAna,123\n', { file: 'x.csv' });
  assert.equal(result.records.length, 0);
  assert.equal(result.errors[0]?.line, 1);
  assert.match(result.errors[0]?.message ?? '', /no LinkedIn header row/);
});

test('reports invalid UTF-8 with its line and field instead of importing U+FFFD', () => {
  const head = Buffer.from('First Name,Last Name,URL,Email Address,Company,Position,Connected On\n');
  const good = Buffer.from('Ana,Lima,https://www.linkedin.com/in/ana,,,,12 Mar 2021\n');
  const bad = Buffer.concat([
    Buffer.from('Jos'),
    Buffer.from([0xe9]),
    Buffer.from(',X,https://www.linkedin.com/in/x,,,,12 Mar 2021\n'),
  ]);
  const result = parseLinkedInConnections(Buffer.concat([head, good, bad]), { file: 'c.csv' });
  assert.deepEqual(
    result.records.map((r) => r.name),
    ['Ana Lima'],
  );
  assert.deepEqual(result.errors, [
    { file: 'c.csv', line: 3, message: 'invalid UTF-8 bytes on this line; save or export the file as UTF-8' },
    {
      file: 'c.csv',
      line: 3,
      field: 'First Name',
      message: 'row left out: it holds bytes that are not valid UTF-8',
    },
  ]);
});

test('numbers repeated profile URLs so keys stay unique, and canonicalizes URLs', () => {
  const csv =
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n' +
    'Ana,Lima,https://www.linkedin.com/in/ana,,,,12 Mar 2021\r\n' +
    'Ana,Lima,http://linkedin.com/in/ana/,,,,12 Mar 2021\r\n';
  const result = parseLinkedInConnections(csv);
  assert.deepEqual(
    result.records.map((r) => [r.sourceKey, r.line]),
    [
      ['linkedin:https://www.linkedin.com/in/ana', 2],
      ['linkedin:https://www.linkedin.com/in/ana~2', 3],
    ],
  );
  assert.equal(
    canonicalLinkedInUrl('https://de.linkedin.com/in/J%C3%BCrgen/?x=1#y'),
    'https://www.linkedin.com/in/j%c3%bcrgen',
  );
});

test('an unclosed quote is reported with the line it starts on', () => {
  const csv =
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
    'Ana,Lima,https://www.linkedin.com/in/ana,,,,12 Mar 2021\n' +
    'Rui,Sá,https://www.linkedin.com/in/rui,,"Open quote,,12 Mar 2021\n';
  const result = parseLinkedInConnections(csv, { file: 'c.csv' });
  assert.equal(result.records[0]?.name, 'Ana Lima');
  const quoteError = result.errors.find((e) => e.message.startsWith('CSV:'));
  assert.equal(quoteError?.file, 'c.csv');
  assert.equal(quoteError?.line, 3);
});
