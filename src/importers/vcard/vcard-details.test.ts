import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxPhotoBytes } from '../../domain/photo.ts';
import type { ContactRecord } from '../contact-record.ts';
import { maxLineBytes } from './line-unfolder.ts';
import { parseVcard, readVcards } from './vcard-reader.ts';

/** A 1×1 PNG, as phones and iCloud embed far larger ones. */
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const pngBytes = Buffer.from(png, 'base64');

function card(version: string, ...lines: string[]): string {
  return ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join('\r\n');
}

function only(text: string): ContactRecord {
  const result = parseVcard(text);
  assert.deepEqual(result.errors, []);
  assert.equal(result.records.length, 1);
  return result.records[0]!;
}

/** Folds a long line at 75 characters the way writers do: CRLF and one space. */
function fold(line: string, width = 75): string {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += width) parts.push(line.slice(i, i + width));
  return parts.join('\r\n ');
}

test('N gives every name part; the name is FN, or given and family name; a suffix stays out of it', () => {
  const withFn = only(card('3.0', 'N:Lovelace;Ada;Augusta;Countess;FRS', 'FN:Ada Lovelace', 'NICKNAME:Ada'));
  assert.deepEqual(
    [
      withFn.name,
      withFn.namePrefix,
      withFn.givenName,
      withFn.middleName,
      withFn.familyName,
      withFn.nameSuffix,
    ],
    ['Ada Lovelace', 'Countess', 'Ada', 'Augusta', 'Lovelace', 'FRS'],
  );
  assert.equal(withFn.nickname, 'Ada');
  const withoutFn = only(card('4.0', 'N:King;Martin;Luther;Dr.;Jr.'));
  assert.equal(withoutFn.name, 'Martin King');
  assert.deepEqual([withoutFn.namePrefix, withoutFn.nameSuffix], ['Dr.', 'Jr.']);
  // A card naming only a nickname is still someone.
  assert.equal(only(card('4.0', 'NICKNAME:Bea,Bee', 'EMAIL:bea@example.org')).name, 'Bea, Bee');
});

test('the hash source key of a card without FN still holds every name part, as it did before', () => {
  const key = (body: string) => only(card('3.0', body, 'EMAIL:k@example.jp')).sourceKey;
  assert.equal(key('N:Nakamura;Kenji;Hiro;;'), key('FN:Kenji Hiro Nakamura'));
});

test('ORG keeps the organization and its department apart; TITLE stays the title', () => {
  const r = only(card('3.0', 'FN:Rui Costa', 'ORG:Verde Capital;Research\\; Data;Lisbon', 'TITLE:Analyst'));
  assert.deepEqual(
    [r.organization, r.department, r.title],
    ['Verde Capital', 'Research; Data, Lisbon', 'Analyst'],
  );
  // A department of no organization stays a department.
  const unit = only(card('4.0', 'FN:Unit', 'ORG:;Research'));
  assert.deepEqual([unit.organization, unit.department], [undefined, 'Research']);
});

test('PHOTO in 3.0 ENCODING=b, folded over several lines', () => {
  const r = only(card('3.0', 'FN:Photo Three', fold(`PHOTO;ENCODING=b;TYPE=PNG:${png}`)));
  assert.deepEqual(r.photo, { bytes: pngBytes, size: pngBytes.length, declaredType: 'image/png' });
});

test('PHOTO in 2.1 ENCODING=BASE64: a body on unindented lines up to a blank line, or folded', () => {
  const body = png.match(/.{1,20}/g)!;
  const unindented = only(
    card('2.1', 'N:Two;Photo;;;', 'PHOTO;ENCODING=BASE64;TYPE=JPEG:', ...body, '', 'TEL;CELL:+1 555 0100'),
  );
  assert.deepEqual(unindented.photo, { bytes: pngBytes, size: pngBytes.length, declaredType: 'image/jpeg' });
  assert.deepEqual(unindented.phones, [{ value: '+1 555 0100', label: 'cell' }]);
  const indented = only(
    card(
      '2.1',
      'N:Two;Photo;;;',
      `PHOTO;ENCODING=BASE64;PNG:${body[0]}`,
      ...body.slice(1).map((l) => `    ${l}`),
      '',
    ),
  );
  assert.deepEqual(indented.photo?.bytes, pngBytes);
  // A logo's body in between is passed over; the photo is the card's first.
  const logo = only(
    card('2.1', 'FN:Logo', 'LOGO;ENCODING=BASE64;GIF:', 'R0lGODlh', '', `PHOTO;ENCODING=BASE64:${png}`),
  );
  assert.deepEqual(logo.photo?.bytes, pngBytes);
});

test('PHOTO as a 4.0 data: URI, folded; a link is kept as a link and never fetched', () => {
  const r = only(card('4.0', 'FN:Photo Four', fold(`PHOTO:data:image/png;base64,${png}`)));
  assert.deepEqual(r.photo, { bytes: pngBytes, size: pngBytes.length, declaredType: 'image/png' });
  const linked = only(card('4.0', 'FN:Linked', 'PHOTO;MEDIATYPE=image/jpeg:https://example.org/ana.jpg'));
  assert.deepEqual(linked.photo, { url: 'https://example.org/ana.jpg', size: 0 });
  const linked30 = only(card('3.0', 'FN:Linked', 'PHOTO;VALUE=uri:http://example.org/ana.jpg'));
  assert.equal(linked30.photo?.url, 'http://example.org/ana.jpg');
});

test('an oversized PHOTO is not held: the record says how large it was, in every form', () => {
  const big = Buffer.alloc(maxPhotoBytes * 2, 7).toString('base64');
  const forms = [
    card('3.0', 'FN:Big', fold(`PHOTO;ENCODING=b;TYPE=JPEG:${big}`)),
    card('4.0', 'FN:Big', fold(`PHOTO:data:image/jpeg;base64,${big}`)),
    card(
      '2.1',
      'FN:Big',
      'PHOTO;ENCODING=BASE64;JPEG:',
      ...big.match(/.{1,76}/g)!,
      '',
      'EMAIL:big@example.org',
    ),
  ];
  for (const text of forms) {
    const r = only(text);
    assert.equal(r.photo?.bytes, undefined);
    assert.ok(
      Math.abs(r.photo!.size - maxPhotoBytes * 2) < 1024,
      `estimated ${r.photo!.size} for ${maxPhotoBytes * 2}`,
    );
  }
  // What follows the photo is still read.
  assert.equal(only(forms[2]!).emails[0]?.value, 'big@example.org');
});

test('a photo on one line longer than any line read is not an error: the record says how large it was', async () => {
  const huge = 'A'.repeat(maxLineBytes + 1000);
  const bytes = Buffer.from(
    card('4.0', 'FN:Huge', `PHOTO:data:image/jpeg;base64,${huge}`, 'EMAIL:h@example.org'),
  );
  for (const size of [1 << 16, 1 << 22, bytes.length]) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const records: ContactRecord[] = [];
    const errors: unknown[] = [];
    for await (const event of readVcards(chunks)) {
      if (event.record) records.push(event.record);
      if (event.error) errors.push(event.error);
    }
    assert.deepEqual(errors, [], `chunks of ${size}`);
    const [r] = records;
    assert.equal(r?.photo?.bytes, undefined);
    assert.ok(Math.abs(r!.photo!.size - (huge.length * 3) / 4) < 1024, `size ${r!.photo!.size}`);
    assert.equal(r?.emails[0]?.value, 'h@example.org');
  }
});

test('ADR: every address in its parts, with its type or Apple label as its label', () => {
  const r = only(
    card(
      '3.0',
      'FN:Ana Lima',
      'ADR;TYPE=HOME;TYPE=pref:;Apt 4;Rua Augusta 10;Lisboa;;1100-053;Portugal',
      'item1.ADR:PO Box 7;;;Porto;;4000;Portugal',
      'item1.X-ABLabel:Studio',
      'ADR;TYPE=work:;;1 Infinite Loop\\nBuilding 2;Cupertino;CA;95014;USA',
    ),
  );
  assert.deepEqual(r.addresses, [
    {
      label: 'home',
      preferred: true,
      extended: 'Apt 4',
      street: 'Rua Augusta 10',
      locality: 'Lisboa',
      postalCode: '1100-053',
      country: 'Portugal',
    },
    { label: 'Studio', poBox: 'PO Box 7', locality: 'Porto', postalCode: '4000', country: 'Portugal' },
    {
      label: 'work',
      street: '1 Infinite Loop\nBuilding 2',
      locality: 'Cupertino',
      region: 'CA',
      postalCode: '95014',
      country: 'USA',
    },
  ]);
  assert.equal(r.location, 'Lisboa, Portugal');
  const labelOnly = only(card('4.0', 'FN:Label', 'ADR;TYPE=home;LABEL="12 Main St^nSpringfield":;;;;;;'));
  assert.deepEqual(labelOnly.addresses, [{ label: 'home', street: '12 Main St\nSpringfield' }]);
});

test('URL: every one is kept, with its label', () => {
  const r = only(
    card(
      '4.0',
      'FN:Urls',
      'URL;TYPE=work:https://work.example',
      'URL:https://blog.example/ana',
      'item1.URL:https://ana.example',
      'item1.X-ABLabel:Portfolio',
    ),
  );
  assert.deepEqual(r.urls, [
    { value: 'https://work.example', label: 'work' },
    { value: 'https://blog.example/ana' },
    { value: 'https://ana.example', label: 'Portfolio' },
  ]);
});

test('RELATED, Apple related names, Evolution and Android relations', () => {
  const r = only(
    card(
      '4.0',
      'FN:Rel',
      'RELATED;VALUE=text;TYPE=spouse:Jane Doe',
      'RELATED;TYPE=co-worker:mailto:bob@example.org',
      'RELATED:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af',
      'item1.X-ABRELATEDNAMES;type=pref:Maria',
      'item1.X-ABLabel:_$!<Mother>!$_',
      'item2.X-ABRELATEDNAMES:Tom',
      'item2.X-ABLabel:Godfather',
      'X-EVOLUTION-MANAGER:Carla',
      'X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Leo;3;;;;;;;;;;;;;',
      'X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Zé;0;Coach;;;;;;;;;;;;',
    ),
  );
  assert.deepEqual(r.related, [
    { name: 'Jane Doe', relation: 'spouse' },
    { name: 'bob@example.org', relation: 'co-worker' },
    { name: 'urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af' },
    { name: 'Maria', relation: 'mother' },
    { name: 'Tom', relation: 'godfather' },
    { name: 'Carla', relation: 'manager' },
    { name: 'Leo', relation: 'child' },
    { name: 'Zé', relation: 'coach' },
  ]);
});

test('ANNIVERSARY in 4.0 (with or without a year), Apple labelled dates, other writers, Android events', () => {
  const date = (lines: string[]) => only(card('4.0', 'FN:Ann', ...lines)).anniversary;
  assert.deepEqual(date(['ANNIVERSARY:20090808']), { year: 2009, month: 8, day: 8 });
  assert.deepEqual(date(['ANNIVERSARY:--0808']), { month: 8, day: 8 });
  assert.deepEqual(
    date([
      'item1.X-ABDATE:2001-01-01',
      'item1.X-ABLabel:Graduation',
      'item2.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-06-12',
      'item2.X-ABLabel:_$!<Anniversary>!$_',
    ]),
    { month: 6, day: 12 },
  );
  assert.deepEqual(date(['X-ANNIVERSARY:1999-09-09']), { year: 1999, month: 9, day: 9 });
  assert.deepEqual(
    date(['X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2010-05-01;1;;;;;;;;;;;;;']),
    {
      year: 2010,
      month: 5,
      day: 1,
    },
  );
  assert.equal(
    date(['X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2010-05-01;2;;;;;;;;;;;;;']),
    undefined,
  );
  assert.deepEqual(
    only(
      card('2.1', 'N:Nick;Andy;;;', 'X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Andi;1;;;;;;;;;;;;;'),
    ).nickname,
    'Andi',
  );
  const bad = parseVcard(card('4.0', 'FN:Bad', 'ANNIVERSARY:2009-13-45'));
  assert.deepEqual(bad.errors, [
    { line: 4, field: 'ANNIVERSARY', message: '"2009-13-45" is not a date this importer can read' },
  ]);
});
