import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Person } from '../../src/domain/person.ts';
import { writePeopleVcard } from '../../src/exports/people-vcard.ts';
import { importFile } from '../../src/operations/import-operations.ts';
import { personMerge } from '../../src/operations/merge-operations.ts';
import { personAdd, personEdit, personList } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { personArchive } from '../../src/operations/triage-operations.ts';
import { getPhoto } from '../../src/store/person-details-store.ts';
import { solidPng } from '../support/images.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const photo = solidPng(20, 12, [90, 60, 150]);

/** Folds a long line as writers do. */
function fold(line: string): string {
  return (line.match(/.{1,75}/g) ?? []).join('\r\n ');
}

/** An address book with every kind of fact vCard carries, in the spellings phones write. */
const addressBook = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Ångström;Zoë;Maria Luísa;Dr.;PhD',
  'FN:Zoë Ångström',
  'NICKNAME:Zo\\, Zozo',
  'ORG:Fjord Labs;Research & Data',
  'TITLE:Head of Research\\; Europe',
  'EMAIL;TYPE=INTERNET;TYPE=WORK;TYPE=pref:zoe@fjord.example',
  'item1.EMAIL:zoe@studio.example',
  'item1.X-ABLabel:Studio mail',
  'TEL;TYPE=CELL:+46 70 123 45 67',
  'item2.TEL:+46 8 555 010 10',
  'item2.X-ABLabel:Studio',
  'TEL;TYPE=WORK;TYPE=FAX:+46 8 555 010 11',
  'URL;TYPE=WORK:https://fjord.example/zoe',
  'item3.URL:https://zoe.example/portfolio',
  'item3.X-ABLabel:_$!<HomePage>!$_',
  'URL:https://blog.example/zoe?a=1,2',
  'X-SOCIALPROFILE;type=twitter;x-user=zoe_a:http://twitter.com/zoe_a',
  'IMPP;X-SERVICE-TYPE=Skype:skype:zoe.ang',
  'IMPP:xmpp:zoe%40jabber.example',
  'ADR;TYPE=WORK:PO Box 7;Floor 3;Kungsgatan 2\\nBuilding B;Stockholm;Stockholm County;111 43;Sweden',
  'item4.ADR:;;Storgatan 1;Visby;;621 55;Sweden',
  'item4.X-ABLabel:Summer house',
  'BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-01',
  'ANNIVERSARY:2010-06-12',
  'RELATED;VALUE=text;TYPE=spouse:Jane Doe',
  'item5.X-ABRELATEDNAMES:Tom Ångström',
  'item5.X-ABLabel:Godmother’s son',
  'RELATED;VALUE=text:Rui',
  fold(
    'NOTE:Met at the Lisbon meetup\\, 2019; she said: "build it"\\nSecond line with a \\\\ backslash and ünïcödé ' +
      'that runs well past seventy-five octets so that the writer must fold it 🌊🌊🌊 somewhere.',
  ),
  'CATEGORIES:friends,writers\\, poets',
  fold(`PHOTO;ENCODING=b;TYPE=PNG:${photo.toString('base64')}`),
  'UID:zoe-uid',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'N:Nakamura;Kenji;;;',
  'ORG:;Research',
  'BDAY:19850412',
  'EMAIL:kenji@example.jp',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:山田 太郎 — 長い名前の人 with an even longer name that makes the line fold inside characters',
  'EMAIL;TYPE=home:taro@example.jp',
  'ANNIVERSARY:--0229',
  'END:VCARD',
  '',
].join('\r\n');

/** What a person is as far as vCard can say: everything but ids, provenance and Fathom's own judgements. */
function facts(p: Person): Record<string, unknown> {
  return {
    name: p.name,
    nameParts: [p.namePrefix, p.givenName, p.middleName, p.familyName, p.nameSuffix],
    nickname: p.nickname,
    organization: p.organization,
    department: p.department,
    title: p.title,
    birthday: p.birthday,
    anniversary: p.anniversary,
    notes: p.notes,
    tags: p.tags,
    contacts: p.contacts.map((c) => [c.kind, c.value, c.key, c.label]).sort(),
    addresses: p.addresses
      .map((a) => [a.label, a.poBox, a.extended, a.street, a.locality, a.region, a.postalCode, a.country])
      .sort(),
    related: p.related.map((r) => [r.name, r.relation]).sort(),
    photo: p.photo && [p.photo.contentType, p.photo.bytes],
  };
}

async function everyone(ledger: TestLedger): Promise<Person[]> {
  const list = await invoke(personList, ledger.ctx, { archived: true, limit: 1000 });
  return list.people.sort((a, b) => a.name.localeCompare(b.name));
}

for (const dialect of dialects) {
  describe(`people as vCard 4.0 (${dialect})`, () => {
    test('every live person, written and read back by the importer into a fresh ledger, has the same fields', async () => {
      const source = await openTestLedger(dialect);
      const target = await openTestLedger(dialect);
      try {
        const imported = await invoke(importFile, source.ctx, {
          file: 'book.vcf',
          content: Buffer.from(addressBook).toString('base64'),
        });
        assert.deepEqual([imported.counts.created, imported.errors, imported.warnings], [3, [], []]);
        // Some facts by hand: a person with only a name (archived), and a duplicate merged away.
        await invoke(personAdd, source.ctx, { name: 'Só Nome', tag: ['solo'] });
        await invoke(personArchive, source.ctx, { person: 'Só Nome' });
        await invoke(personEdit, source.ctx, {
          person: 'kenji@example.jp',
          nickname: 'Ken',
          anniversary: '2015-10-10',
        });
        await invoke(personAdd, source.ctx, { name: 'Kenji Duplicate', email: ['kenji.dup@example.jp'] });
        await invoke(personMerge, source.ctx, { person: 'kenji@example.jp', other: 'Kenji Duplicate' });

        const text = await writePeopleVcard(source.store.db, source.ctx.accountId);
        assert.equal(
          await writePeopleVcard(source.store.db, source.ctx.accountId),
          text,
          'the same ledger, the same file',
        );
        const physical = text.split('\r\n');
        assert.equal(physical.pop(), '', 'the file ends with CRLF');
        for (const line of physical) {
          assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
          assert.doesNotMatch(line, /[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/, 'a character split between lines');
          assert.doesNotMatch(line, /\n|\r/);
        }
        const cards = text.split('BEGIN:VCARD\r\n').slice(1);
        assert.equal(cards.length, 4, 'the merged duplicate is not written; the archived person is');
        for (const card of cards)
          assert.match(
            card,
            /^VERSION:4\.0\r\nUID:urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\r\n/,
          );
        const unfolded = text.replace(/\r\n /g, '');
        assert.match(unfolded, /\r\nN:Ångström;Zoë;Maria Luísa;Dr\.;PhD\r\n/);
        assert.match(unfolded, /\r\nORG:Fjord Labs;Research & Data\r\n/);
        assert.match(unfolded, /\r\nBDAY:--0501\r\n/);
        assert.match(unfolded, /\r\nANNIVERSARY:20100612\r\n/);
        assert.match(unfolded, /\r\nCATEGORIES:friends,writers\\, poets\r\n/);
        assert.match(unfolded, /\r\nTEL;VALUE=text;TYPE=work,fax:\+46 8 555 010 11\r\n/);
        assert.match(unfolded, /\r\nitem\d\.X-ABLABEL:Summer house\r\n/);
        assert.match(
          unfolded,
          /\r\nADR;LABEL="PO Box 7, Floor 3, Kungsgatan 2, Building B, 111 43 Stockholm, Stockholm County, Sweden";TYPE=work:PO Box 7;Floor 3;Kungsgatan 2\\nBuilding B;Stockholm;Stockholm County;111 43;Sweden\r\n/,
        );
        assert.match(unfolded, /\r\nRELATED;VALUE=text;TYPE=spouse:Jane Doe\r\n/);
        assert.match(unfolded, /\r\nIMPP;X-SERVICE-TYPE=jabber:xmpp:zoe%40jabber\.example\r\n/);
        assert.match(unfolded, /\r\nPHOTO:data:image\/png;base64,[A-Za-z0-9+/=]+\r\n/);
        assert.match(
          unfolded,
          /\r\nNOTE:Met at the Lisbon meetup\\, 2019\\; she said: "build it"\\nSecond line with a \\\\ backslash/,
        );

        const back = await invoke(importFile, target.ctx, {
          file: 'fathom.vcf',
          content: Buffer.from(text).toString('base64'),
        });
        assert.deepEqual([back.counts.created, back.errors, back.warnings, back.skipped], [4, [], [], []]);
        const before = await everyone(source);
        const after = await everyone(target);
        assert.deepEqual(after.map(facts), before.map(facts));
        for (const [i, p] of before.entries()) {
          if (!p.photo) continue;
          const a = await getPhoto(source.store.db, source.ctx.accountId, p.id);
          const b = await getPhoto(target.store.db, target.ctx.accountId, after[i]!.id);
          assert.deepEqual(Buffer.from(b!.bytes), Buffer.from(a!.bytes));
        }
        // Read back once more, the export is the same file but for the people's ids in their UIDs.
        const twice = await writePeopleVcard(target.store.db, target.ctx.accountId);
        const withoutUids = (t: string) => t.replace(/UID:urn:uuid:[0-9a-f-]+/g, 'UID');
        assert.equal(
          withoutUids(twice).split('BEGIN:VCARD').sort().join(),
          withoutUids(text).split('BEGIN:VCARD').sort().join(),
        );
      } finally {
        await source.close();
        await target.close();
      }
    });
  });
}
