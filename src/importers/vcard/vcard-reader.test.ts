import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ContactRecord } from '../contact-record.ts';
import type { ParseResult } from '../parse-result.ts';
import { parseVcard, readVcards } from './vcard-reader.ts';

const HASH_KEY = /^vcard:sha1:[0-9a-f]{40}$/;

function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

function parseFixture(name: string): ParseResult<ContactRecord> {
  return parseVcard(fixture(name), { file: name });
}

/** A photo's bytes as a test reads them: how many, and the first few in hex. */
function photoBytes(bytes: Uint8Array | undefined): string | undefined {
  return bytes && `${bytes.length} bytes from ${Buffer.from(bytes.subarray(0, 4)).toString('hex')}`;
}

type Expected = Omit<ContactRecord, 'sourceKey' | 'photo'> & {
  sourceKey?: string;
  photo?: Omit<NonNullable<ContactRecord['photo']>, 'bytes'> & { bytes?: string };
};

/** A record as the fixtures expect it: hash keys are checked by shape, photos by size and first bytes, the rest exactly. */
function withoutHashKey(record: ContactRecord): Expected {
  const { photo, ...fields } = record;
  const out: Expected = { ...fields };
  if (photo) {
    const { bytes, ...rest } = photo;
    out.photo = bytes ? { ...rest, bytes: photoBytes(bytes)! } : rest;
  }
  if (record.sourceKey.startsWith('vcard:uid:')) return out;
  assert.match(record.sourceKey, HASH_KEY);
  delete out.sourceKey;
  return out;
}

const none = { urls: [], handles: [], tags: [] };

test('vCard 2.1 (Android): quoted-printable split inside UTF-8, bare parameters, base64 photos, 8-bit charsets', () => {
  const file = 'android-21.vcf';
  const result = parseFixture(file);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(result.records.map(withoutHashKey), [
    {
      line: 1,
      file,
      kind: 'person',
      name: 'Jörg Müller',
      givenName: 'Jörg',
      familyName: 'Müller',
      emails: [
        { value: 'joerg@example.de', preferred: true },
        { value: 'j.mueller@firma.example', label: 'work' },
      ],
      phones: [
        { value: '+49 170 1234567', label: 'cell', preferred: true },
        { value: '+49 30 9876543', label: 'home' },
      ],
      ...none,
      organization: 'Bäckerei Müller',
      birthday: { year: 1985, month: 4, day: 12 },
      notes: 'Kennengelernt im Café am See.\nZweite Zeile mit ß.',
      // Folded with four spaces: one is the fold, three are white space inside the base64.
      photo: { bytes: '159 bytes from ffd8ffe0', size: 159, declaredType: 'image/jpeg' },
    },
    {
      line: 19,
      file,
      kind: 'person',
      name: 'José García',
      givenName: 'José',
      familyName: 'García',
      emails: [{ value: 'jose.garcia@correo.example' }],
      phones: [{ value: '+34 91 555 0101', label: 'work' }],
      ...none,
    },
    {
      line: 26,
      file,
      kind: 'person',
      name: 'Françoise Dupré',
      givenName: 'Françoise',
      familyName: 'Dupré',
      emails: [{ value: 'francoise@exemple.example', label: 'home' }],
      phones: [],
      ...none,
      // Read after an unindented base64 body that ended with a blank line.
      birthday: { year: 1972, month: 2, day: 29 },
      photo: { bytes: '102 bytes from ffd8ffe0', size: 102, declaredType: 'image/jpeg' },
    },
    {
      line: 37,
      file,
      kind: 'person',
      name: 'only.email@example.org',
      emails: [{ value: 'only.email@example.org' }],
      phones: [],
      ...none,
    },
  ]);
});

test('vCard 3.0 (Apple): groups and labels, escapes, omitted year, company cards, social profiles, UID', () => {
  const file = 'apple-30.vcf';
  const result = parseFixture(file);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(result.records.map(withoutHashKey), [
    {
      line: 1,
      file,
      sourceKey: 'vcard:uid:4B1F0C2A-7D3E-4A55-9F61-2C8E0D9B7A10',
      kind: 'person',
      name: 'Dr. Zoë Ångström',
      namePrefix: 'Dr.',
      givenName: 'Zoë',
      middleName: 'Maria',
      familyName: 'Ångström',
      emails: [
        { value: 'zoe@fjord.example', label: 'other', preferred: true },
        { value: 'z.angstrom@work.example', label: 'work' },
      ],
      phones: [
        { value: '+46 8 555 010 10', label: 'Studio' },
        { value: '+46 70 123 45 67', label: 'cell', preferred: true },
      ],
      urls: [{ value: 'https://fjord.example/zoe', label: 'homepage', preferred: true }],
      handles: [
        { value: 'zoe_a', label: 'twitter' },
        { value: 'zoe-angstrom', label: 'linkedin' },
        { value: 'zoe.ang', label: 'skype', preferred: true },
      ],
      organization: 'Fjord Labs',
      department: 'Research',
      title: 'Head of Research',
      location: 'Stockholm, Sweden',
      birthday: { month: 5, day: 1 },
      notes: 'Line one\nLine two, with a comma; a semicolon and a \\ backslash',
      tags: ['friends', 'climbing'],
      addresses: [
        {
          label: 'home',
          preferred: true,
          street: 'Storgatan 1',
          locality: 'Stockholm',
          postalCode: '111 22',
          country: 'Sweden',
        },
      ],
      photo: { bytes: '456 bytes from ffd8ffe0', size: 456, declaredType: 'image/jpeg' },
    },
    {
      line: 34,
      file,
      sourceKey: 'vcard:uid:9E2D3C1B-0000-4000-8000-00000000C0FE',
      kind: 'organization',
      name: 'Nordisk Kaffe AB',
      organization: 'Nordisk Kaffe AB',
      emails: [],
      phones: [{ value: '+46 8 555 020 20', label: 'work', preferred: true }],
      ...none,
    },
    {
      line: 43,
      file,
      kind: 'person',
      // Folded inside the two bytes of é; the EMAIL line is folded inside its parameters.
      name: 'Chidi Okonkwo-Renée',
      givenName: 'Chidi',
      familyName: 'Okonkwo',
      emails: [{ value: 'chidi@home.example', label: 'home' }],
      phones: [],
      ...none,
      birthday: { year: 1990, month: 2, day: 28 },
    },
  ]);
});

test('vCard 4.0: FN without N, tel: URIs with extensions, PREF=1, partial birthdays, KIND:org, name fallbacks', () => {
  const file = 'rfc-40.vcf';
  const result = parseFixture(file);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, [
    { file, line: 44, reason: 'card has no name and no email, phone, handle or URL' },
  ]);
  assert.deepEqual(result.records.map(withoutHashKey), [
    {
      line: 1,
      file,
      kind: 'person',
      name: 'Siobhán Ó Briain',
      emails: [{ value: 'siobhan@obriain.example', label: 'work' }],
      phones: [
        { value: '+353-1-555-0100', label: 'cell', preferred: true },
        { value: '+1-555-0100 ext. 204', label: 'work' },
      ],
      urls: [{ value: 'https://obriain.example', label: 'work' }],
      handles: [],
      tags: ['work', 'writers, poets'],
      location: 'Dublin, Ireland',
      birthday: { month: 4, day: 12 },
      addresses: [
        {
          label: 'home',
          street: '1 Main St',
          locality: 'Dublin',
          postalCode: 'D01 X2Y3',
          country: 'Ireland',
        },
      ],
      photo: { bytes: '70 bytes from 89504e47', size: 70, declaredType: 'image/png' },
    },
    {
      line: 14,
      file,
      kind: 'organization',
      name: 'Acme Widgets',
      organization: 'Acme Widgets Inc.',
      emails: [{ value: 'hello@acme.example' }],
      phones: [],
      ...none,
    },
    {
      line: 21,
      file,
      kind: 'person',
      // The plain name: given and family; the middle name is kept apart.
      name: 'Kenji Nakamura',
      givenName: 'Kenji',
      middleName: 'Hiro',
      familyName: 'Nakamura',
      emails: [{ value: 'kenji@example.jp' }],
      phones: [],
      ...none,
      birthday: { year: 1985, month: 4, day: 12 },
    },
    {
      line: 27,
      file,
      kind: 'person',
      name: 'Léa Fontaine',
      emails: [],
      phones: [],
      ...none,
      birthday: { year: 1985, month: 4, day: 12 },
    },
    {
      line: 33,
      file,
      kind: 'person',
      name: 'Mateus Araújo',
      emails: [],
      phones: [{ value: '+55 11 5555-0199' }],
      ...none,
      birthday: { month: 2, day: 29 },
    },
    {
      line: 39,
      file,
      kind: 'organization',
      name: 'Bureau Ødegård',
      organization: 'Bureau Ødegård',
      department: 'Design',
      emails: [],
      phones: [{ value: '+47 22 55 01 00', label: 'work' }],
      ...none,
    },
  ]);
});

test('BOM, CRLF / LF / lone CR line ends and three versions in one file', () => {
  const result = parseFixture('mixed-line-ends.vcf');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.records.map((r) => [r.line, r.name, r.emails.map((e) => e.value), r.phones.map((p) => p.value)]),
    [
      [1, 'Zofia Nowak', [], ['+48 600 100 200']],
      [6, 'Émile Zola', ['emile@zola.example'], []],
      [11, 'Ngozi Adébáyọ̀', ['ngozi@example.ng'], []],
    ],
  );
});

test('damage is reported with file, line and field, and reading goes on with the next card', () => {
  const file = 'broken.vcf';
  const result = parseFixture(file);
  assert.deepEqual(
    result.records.map((r) => [r.line, r.name]),
    [
      [7, 'Kept Despite Damage'],
      [17, 'Second Survivor'],
    ],
  );
  assert.deepEqual(result.errors, [
    { file, line: 1, message: 'text outside a BEGIN:VCARD … END:VCARD card' },
    { file, line: 3, message: 'card has no END:VCARD; it was not imported' },
    { file, line: 11, message: 'line is not a vCard property (no colon)' },
    { file, line: 12, field: 'NOTE', message: 'invalid UTF-8 bytes; the file must be saved as UTF-8' },
    { file, line: 13, field: 'BDAY', message: '"1985-13-45" is not a date this importer can read' },
    { file, line: 15, message: 'text outside a BEGIN:VCARD … END:VCARD card' },
    { file, line: 19, field: 'N', message: 'quoted-printable value is not valid UTF-8' },
    { file, line: 23, message: 'card has no END:VCARD; it was not imported' },
  ]);
  // The bad N did not cost the card its name: FN still names it.
  assert.deepEqual(result.skipped, []);
});

test('streaming gives the same events as the whole-file reader, for any chunking', async () => {
  for (const name of ['android-21.vcf', 'apple-30.vcf', 'rfc-40.vcf', 'mixed-line-ends.vcf', 'broken.vcf']) {
    const bytes = fixture(name);
    const whole = parseVcard(bytes, { file: name });
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(Uint8Array.from(bytes.subarray(i, i + size)));
      const streamed: ParseResult<ContactRecord> = { records: [], errors: [], skipped: [] };
      for await (const event of readVcards(chunks, { file: name })) {
        if (event.record) streamed.records.push(event.record);
        if (event.error) streamed.errors.push(event.error);
        if (event.skipped) streamed.skipped.push(event.skipped);
      }
      assert.deepEqual(streamed, whole, `${name} in chunks of ${size}`);
    }
  }
});

test('readVcards takes async iterables and yields cards before the input ends', async () => {
  const card = (n: number): string => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${n}\r\nEND:VCARD\r\n`;
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let n = 1; n <= 3; n++) {
      pulled = n;
      yield Buffer.from(card(n));
    }
  }
  const seen: [string, number][] = [];
  for await (const event of readVcards(source())) {
    if (event.record) seen.push([event.record.name, pulled]);
  }
  // A line is complete only once the next one starts (it could be folded), so each card comes out
  // with the following chunk, and the last one at the end of input.
  assert.deepEqual(seen, [
    ['Person 1', 2],
    ['Person 2', 3],
    ['Person 3', 3],
  ]);
});

test('a string input reads the same as its bytes', () => {
  // (Not the Apple fixture: its fold inside a character cannot survive decoding the file as a whole.)
  const text = fixture('rfc-40.vcf').toString('utf8');
  assert.deepEqual(parseVcard(text, { file: 'rfc-40.vcf' }), parseFixture('rfc-40.vcf'));
});

test('the hash source key is stable: it ignores the order of emails and phones, and case and spacing in the name', () => {
  const key = (body: string): string => {
    const [record] = parseVcard(`BEGIN:VCARD\nVERSION:3.0\n${body}\nEND:VCARD\n`).records;
    assert.ok(record);
    return record.sourceKey;
  };
  const a = key('FN:Ana  Silva\nEMAIL:a@x.org\nEMAIL:b@x.org\nTEL:+1 555 0100');
  const b = key('FN:ana silva\nTEL:+1-555-0100\nEMAIL:B@x.org\nEMAIL:a@x.org');
  const c = key('FN:Ana Silva\nEMAIL:a@x.org');
  assert.match(a, HASH_KEY);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(key('UID:urn:uuid:1234\nFN:Ana'), 'vcard:uid:urn:uuid:1234');
});

test('contact groups are skipped with a reason; name falls back from FN to N to ORG to contact points', () => {
  const result = parseVcard(
    [
      'BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Book club\nMEMBER:urn:uuid:1\nEND:VCARD',
      'BEGIN:VCARD\nVERSION:3.0\nX-ADDRESSBOOKSERVER-KIND:group\nFN:Family\nEND:VCARD',
      'BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nTEL:+1 555 0199\nEND:VCARD',
      'BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nX-SOCIALPROFILE;type=instagram:https://instagram.com/mira.k/\nEND:VCARD',
      '',
    ].join('\n'),
  );
  assert.deepEqual(result.skipped, [
    { line: 1, reason: 'contact group card, not a person' },
    { line: 7, reason: 'contact group card, not a person' },
  ]);
  assert.deepEqual(
    result.records.map((r) => [r.kind, r.name]),
    [
      ['person', '+1 555 0199'],
      ['person', 'mira.k'],
    ],
  );
});

test('IMPP handles take the service or the URI scheme as their network', () => {
  const [record] = parseVcard(
    'BEGIN:VCARD\nVERSION:3.0\nFN:Ivo\nIMPP:xmpp:ivo%40jabber.example\nIMPP;X-SERVICE-TYPE=Facebook:x-apple:ivo.p\nX-AIM:ivo77\nEND:VCARD\n',
  ).records;
  assert.deepEqual(record?.handles, [
    { value: 'ivo@jabber.example', label: 'jabber' },
    { value: 'ivo.p', label: 'facebook' },
    { value: 'ivo77', label: 'aim' },
  ]);
});

test('an unknown quoted-printable charset is an issue for that field only', () => {
  const result = parseVcard(
    'BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=X-MARTIAN;ENCODING=QUOTED-PRINTABLE:=41\nEMAIL:m@mars.example\nEND:VCARD\n',
  );
  assert.deepEqual(result.errors, [{ line: 3, field: 'FN', message: 'unknown charset "X-MARTIAN"' }]);
  assert.equal(result.records[0]?.name, 'm@mars.example');
});

test('empty input and input without cards', () => {
  assert.deepEqual(parseVcard(''), { records: [], errors: [], skipped: [] });
  assert.deepEqual(parseVcard('\r\n\r\n'), { records: [], errors: [], skipped: [] });
  assert.deepEqual(parseVcard('END:VCARD\n').errors, [{ line: 1, message: 'END:VCARD without BEGIN:VCARD' }]);
});
