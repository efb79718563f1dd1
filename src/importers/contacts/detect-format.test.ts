import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { detectContactFormat, unknownFormatMessage } from './detect-format.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const bytes = (text: string): Uint8Array => Buffer.from(text);

test('recognizes every fixture by its content, whatever it is called', () => {
  const cases: [string, string][] = [
    ['linkedin-connections.csv', 'linkedin'],
    ['linkedin-connections-de.csv', 'linkedin'],
    ['linkedin-connections-fr.csv', 'linkedin'],
    ['linkedin-connections-es.csv', 'linkedin'],
    ['linkedin-connections-pt.csv', 'linkedin'],
    ['google-contacts.csv', 'google'],
    ['google-legacy.csv', 'google-legacy'],
    ['outlook-desktop-1252.csv', 'outlook'],
    ['outlook-com.csv', 'outlook'],
    ['facebook-friends-2018.json', 'facebook'],
    ['facebook-friends-v2.json', 'facebook'],
    ['facebook-your-friends.json', 'facebook'],
    ['facebook-friends.html', 'facebook'],
    ['instagram-following-old.json', 'instagram'],
    ['instagram-following-new.json', 'instagram'],
    ['instagram-followers_1.json', 'instagram'],
    ['x-following.js.txt', 'x'],
    ['x-follower.js.txt', 'x'],
  ];
  for (const [name, format] of cases)
    assert.equal(detectContactFormat('upload.bin', fixture(name)), format, name);
});

test('recognizes magic bytes and text markers', () => {
  assert.equal(detectContactFormat('a.txt', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0])), 'zip');
  assert.equal(detectContactFormat('a.txt', bytes('\uFEFFBEGIN:VCARD\r\nVERSION:3.0\r\n')), 'vcard');
  assert.equal(detectContactFormat('a.txt', bytes('begin:vcard\nversion:4.0\n')), 'vcard');
  assert.equal(detectContactFormat('a.txt', Buffer.from('\uFEFFBEGIN:VCARD\r\n', 'utf16le')), 'vcard');
  assert.equal(detectContactFormat('a.vcf', bytes('BEGIN:VCALENDAR\r\n')), 'ics');
  assert.equal(detectContactFormat('contacts.vcf', bytes('')), 'vcard');
  assert.equal(detectContactFormat('export.zip', bytes('')), 'zip');
  assert.equal(detectContactFormat('friends.json', bytes('{"likes": []}')), 'unknown');
  assert.equal(detectContactFormat('Connections.csv', bytes('Name,Mail\nAna,a@x\n')), 'unknown');
});

test('a truncated head still detects (the cut may fall inside a character)', () => {
  const head = fixture('google-contacts.csv').subarray(0, 400);
  assert.equal(detectContactFormat('x', head), 'google');
});

test('explains what an unknown file looks like and what to do', () => {
  assert.match(
    unknownFormatMessage('people.csv', bytes('Nombre;Correo\nAna;a@x\n')),
    /people\.csv looks like a CSV with the columns Nombre, Correo.*generic CSV with a column mapping/,
  );
  assert.match(unknownFormatMessage('a.json', bytes('{"likes": []}')), /JSON, but not a Facebook/);
  assert.match(unknownFormatMessage('a.html', bytes('<!DOCTYPE html><html>')), /Format: JSON/);
  assert.match(
    unknownFormatMessage('a.bin', Uint8Array.from([0, 1, 2, 3])),
    /not a contacts export Fathom can read; supported: vCard/,
  );
});
