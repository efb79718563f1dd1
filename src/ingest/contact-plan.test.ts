import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContactRecord } from '../importers/contact-record.ts';
import { contactMatchKey, planContacts, prepareRecord, urlMatchKey } from './contact-plan.ts';
import type { LedgerIndex, PersonState } from './contact-plan.ts';

function record(line: number, name: string, extra: Partial<ContactRecord> = {}): ContactRecord {
  return {
    line,
    sourceKey: `test:${line}`,
    kind: 'person',
    name,
    emails: [],
    phones: [],
    urls: [],
    handles: [],
    tags: [],
    ...extra,
  };
}

function index(byContact: [string, number[]][] = [], byName: [string, number[]][] = []): LedgerIndex {
  return {
    byContact: new Map(byContact),
    byName: new Map(byName),
    links: new Map(),
    ownEmails: new Set(),
    phoneRegion: 'DE',
  };
}

const noStates = async () => new Map();

/** Existing people with empty fields, as the store would load them. */
async function blankStates(ids: number[]): Promise<Map<number, PersonState>> {
  const empty = {
    name: 'Someone',
    organization: null,
    title: null,
    location: null,
    birthday: null,
    notes: null,
    namePrefix: null,
    givenName: null,
    middleName: null,
    familyName: null,
    nameSuffix: null,
    nickname: null,
    department: null,
    anniversary: null,
  };
  return new Map(
    ids.map((id) => [
      id,
      {
        id,
        fields: { ...empty },
        sources: {},
        importRunId: null,
        tags: new Set(),
        contactKeys: new Set(),
        addresses: [],
        related: [],
        connections: new Map(),
        photo: null,
        deleted: false,
        updatedAt: '',
      },
    ]),
  );
}

test('profile URLs match in any spelling; other sites keep theirs', () => {
  assert.equal(urlMatchKey('br.linkedin.com/in/Ana-Souza?trk=people'), 'linkedin.com/in/ana-souza');
  assert.equal(urlMatchKey('twitter.com/AnaS/'), 'x.com/anas');
  assert.equal(urlMatchKey('example.com/Ana?x=1'), 'example.com/Ana?x=1');
  // A host that only begins like a network's is another site, kept as it is.
  assert.equal(urlMatchKey('linkedin.community.com/x'), 'linkedin.community.com/x');
  assert.equal(urlMatchKey('x.company.de/about'), 'x.company.de/about');
  assert.equal(urlMatchKey('de.linkedin.com'), 'linkedin.com');
  assert.equal(contactMatchKey('handle', 'ana', 'Instagram'), 'handle:instagram:ana');
});

test('a record is normalized: local phones with the owner region, a home page is no evidence, bad values are left out', () => {
  const warnings: { message: string }[] = [];
  const p = prepareRecord(
    record(3, ' Ana Souza ', {
      emails: [{ value: 'Ana@Example.org' }, { value: 'not an email' }],
      phones: [{ value: '0170 1234567' }],
      urls: [{ value: 'https://www.acme.example/' }, { value: 'https://www.linkedin.com/in/ana/' }],
      tags: ['Friends', 'friends', ' '],
    }),
    'DE',
    warnings,
  );
  assert.equal(p.fields.name, 'Ana Souza');
  assert.deepEqual(
    p.contacts.map((c) => [c.match, c.identifies]),
    [
      ['email:ana@example.org', true],
      ['phone:+491701234567', true],
      ['url:acme.example', false],
      ['url:linkedin.com/in/ana', true],
    ],
  );
  assert.deepEqual(p.tags, ['friends']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /"not an email" is not an email address/);
});

test('plain URLs are read as the URL parser reads them', () => {
  const urls = [
    'https://www.linkedin.com/in/jos%C3%A9-mu%C3%B1oz-1a',
    'https://www.linkedin.com/in/Ana-Souza/',
    'http://example.org',
    'https://example.org/',
    'https://sub.example.co.uk/a/b//',
    'https://example.org/a/./b',
    'https://example.org/a/%2E%2e/b',
    'https://example.org/.well-known/x',
    'https://xn--mller-kva.example/',
    'https://EXAMPLE.org/Path',
    'https://example.org:8080/x',
    'https://192.168.0.1/x',
    'https://example.123/x',
    'https://example.org/a b',
    "https://example.org/~a-b_c.d!$&'()*+,;=:@x",
    'https://example.org/a?b=1#c',
    'www.example.org/ana',
  ];
  for (const url of urls) {
    const warnings: { message: string }[] = [];
    const p = prepareRecord(record(1, 'Ana', { urls: [{ value: url }] }), null, warnings);
    if (!URL.canParse(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`)) {
      assert.deepEqual([p.contacts, warnings.length], [[], 1], url);
      continue;
    }
    const u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const key = urlMatchKey(`${host}${u.pathname.replace(/\/+$/, '')}${u.search}`);
    assert.deepEqual(
      p.contacts.map((c) => [c.value, c.key, c.match]),
      [[u.href, key, `url:${key}`]],
      url,
    );
  }
});

test('email outranks phone; a key shared by two people decides nothing; rows of one file find each other', async () => {
  const plan = await planContacts(
    [
      record(2, 'Ana', { emails: [{ value: 'ana@x.org' }], phones: [{ value: '+49 170 1111111' }] }),
      record(3, 'Family', { emails: [{ value: 'home@x.org' }] }),
      record(4, 'Carla', { phones: [{ value: '+49 170 2222222' }] }),
      record(5, 'Carla D.', { phones: [{ value: '+49 170 2222222' }], emails: [{ value: 'carla@x.org' }] }),
      record(6, 'Dev', { kind: 'organization' }),
    ],
    index([
      ['email:ana@x.org', [7]],
      ['phone:+491701111111', [8]],
      ['email:home@x.org', [9, 10]],
    ]),
    blankStates,
  );
  assert.deepEqual(
    plan.outcomes.map((o) => [o.line, o.outcome, o.person, o.reason?.kind]),
    [
      [2, 'matched', { id: 7 }, 'email'],
      [3, 'created', { created: 0 }, undefined],
      [4, 'created', { created: 1 }, undefined],
      [5, 'matched', { created: 1 }, 'phone'],
    ],
  );
  // The second Carla row only fills what the first left empty.
  assert.deepEqual(plan.creates[1]!.fields.name, 'Carla');
  assert.deepEqual(
    plan.creates[1]!.contacts.map((c) => c.match),
    ['phone:+491702222222', 'email:carla@x.org'],
  );
  assert.deepEqual(plan.skipped, [{ line: 6, reason: 'an organization, not a person' }]);
});

test('a name alone never merges: it is suggested', async () => {
  const plan = await planContacts(
    [record(2, 'Bruno Lima', { organization: 'Acme', emails: [{ value: 'bruno@acme.example' }] })],
    index([], [['bruno lima', [4]]]),
    noStates,
  );
  assert.equal(plan.creates.length, 1);
  assert.deepEqual(plan.suggestions, [
    {
      line: 2,
      sourceKey: 'test:2',
      name: 'Bruno Lima',
      organization: 'Acme',
      email: 'bruno@acme.example',
      person: { created: 0 },
      candidates: [4],
    },
  ]);
});
