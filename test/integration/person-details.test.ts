import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLocalFile } from '../../src/cli/local-file.ts';
import { maxPhotoBytes } from '../../src/domain/photo.ts';
import type { ImportReport } from '../../src/ingest/import-contacts.ts';
import { importFile, importUndo } from '../../src/operations/import-operations.ts';
import { personMerge, personUnmerge } from '../../src/operations/merge-operations.ts';
import { personEdit, personList, personShow, personText } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { getPhoto } from '../../src/store/person-details-store.ts';
import { solidPng } from '../support/images.ts';
import { dumpPeople } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'contacts');

/** Writes `data` to a fresh temporary file named `name` and returns its path. */
function tempFile(name: string, data: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fathom-details-')), name);
  writeFileSync(path, data);
  return path;
}

function importPath(
  ledger: TestLedger,
  path: string,
  extra: Record<string, unknown> = {},
): Promise<ImportReport> {
  return invoke(importFile, { ...ledger.ctx, readFile: readLocalFile }, { file: path, ...extra });
}

/** Folds a content line at 75 characters, as writers do. */
function fold(line: string): string {
  return (line.match(/.{1,75}/g) ?? []).join('\r\n ');
}

function vcard(...cards: string[][]): string {
  return `${cards.map((lines) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n')).join('\r\n')}\r\n`;
}

const red = solidPng(4, 4, [200, 30, 30]);
const blue = solidPng(4, 4, [30, 30, 200]);

/**
 * Zoë as her phone's address book has her, in three versions a few months apart: the second
 * changes every field and detail, the third has lost her photo.
 */
function zoe(version: 1 | 2 | 3): string[] {
  const v1 = version === 1;
  return [
    'UID:zoe-1',
    v1 ? 'N:Ångström;Zoë;;Dr.;PhD' : 'N:Ångström-Berg;Zoe;Maria;Prof.;PhD MSc',
    'FN:Zoë Ångström',
    `NICKNAME:${v1 ? 'Zo' : 'Z'}`,
    `ORG:Fjord Labs;${v1 ? 'Research' : 'R&D'}`,
    'TITLE:Head of Research',
    `ANNIVERSARY:${v1 ? '2010-06-01' : '2010-06-02'}`,
    'EMAIL;TYPE=work:zoe@fjord.example',
    'URL;TYPE=work:https://fjord.example/zoe',
    'URL:https://zoe.example',
    'ADR;TYPE=work:;;Kungsgatan 2;Stockholm;;111 43;Sweden',
    v1
      ? 'item1.ADR:;;Storgatan 1;Stockholm;;111 22;Sweden'
      : 'item1.ADR:;;Sveavägen 9;Stockholm;;111 57;Sweden',
    'item1.X-ABLabel:Studio',
    v1 ? 'RELATED;VALUE=text;TYPE=spouse:Jane Doe' : 'item2.X-ABRELATEDNAMES:Tom',
    ...(v1 ? [] : ['item2.X-ABLabel:_$!<Child>!$_']),
    ...(version === 3 ? [] : [fold(`PHOTO;ENCODING=b;TYPE=PNG:${(v1 ? red : blue).toString('base64')}`)]),
  ];
}

for (const dialect of dialects) {
  describe(`person details from imports (${dialect})`, () => {
    test('a vCard gives name parts, department, anniversary, addresses, URLs, related names and a photo', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const report = await importPath(ledger, tempFile('phone.vcf', vcard(zoe(1))));
        assert.deepEqual(report.warnings, []);
        assert.equal(report.counts.created, 1);
        const p = await invoke(personShow, ledger.ctx, { person: 'zoe@fjord.example' });
        assert.equal(p.name, 'Zoë Ångström');
        assert.deepEqual(
          [p.namePrefix, p.givenName, p.middleName, p.familyName, p.nameSuffix, p.nickname],
          ['Dr.', 'Zoë', null, 'Ångström', 'PhD', 'Zo'],
        );
        assert.deepEqual(
          [p.organization, p.department, p.title],
          ['Fjord Labs', 'Research', 'Head of Research'],
        );
        assert.deepEqual(p.anniversary, { year: 2010, month: 6, day: 1 });
        assert.deepEqual(
          p.contacts.filter((c) => c.kind === 'url').map((c) => [c.value, c.label]),
          [
            ['https://fjord.example/zoe', 'work'],
            ['https://zoe.example/', null],
          ],
        );
        assert.deepEqual(
          p.addresses.map((a) => [a.label, a.street, a.locality, a.postalCode, a.country, a.source]),
          [
            ['work', 'Kungsgatan 2', 'Stockholm', '111 43', 'Sweden', 'import:1'],
            ['Studio', 'Storgatan 1', 'Stockholm', '111 22', 'Sweden', 'import:1'],
          ],
        );
        assert.deepEqual(
          p.related.map((r) => [r.name, r.relation, r.source]),
          [['Jane Doe', 'spouse', 'import:1']],
        );
        assert.equal(p.photo?.contentType, 'image/png');
        assert.equal(p.photo?.bytes, red.length);
        assert.match(p.photo?.url ?? '', new RegExp(`^/api/people/${p.id}/photo\\?v=[0-9a-f]{16}$`));
        const stored = await getPhoto(ledger.store.db, ledger.ctx.accountId, p.id);
        assert.deepEqual(Buffer.from(stored!.bytes), red);

        const card = personText(p);
        assert.match(card, /Full name +Dr\. Zoë Ångström PhD/);
        assert.match(card, /Organization +Head of Research at Fjord Labs · Research/);
        assert.match(card, /Anniversary +2010-06-01/);
        assert.match(card, /address +Storgatan 1, 111 22 Stockholm, Sweden \(Studio\) +\[import:1\]/);
        assert.match(card, /related +Jane Doe \(spouse\)/);
        assert.match(card, /Photo +image\/png, \d+ bytes +\[import:1\]/);

        // Undone, the run takes every detail with it.
        await invoke(importUndo, ledger.ctx, { run: report.run });
        const dump = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        for (const table of ['people', 'contactPoints', 'addresses', 'related', 'connections', 'photos'])
          assert.deepEqual(dump[table], [], table);
      } finally {
        await ledger.close();
      }
    });

    test('photos too large, not images or only links are left out with a warning; the rest comes in', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const big = Buffer.concat([red, Buffer.alloc(maxPhotoBytes * 2, 1)]);
        const text = vcard(
          [
            'FN:Big Photo',
            'EMAIL:big@example.org',
            fold(`PHOTO;ENCODING=b;TYPE=PNG:${big.toString('base64')}`),
          ],
          [
            'FN:Text Photo',
            'EMAIL:text@example.org',
            `PHOTO;ENCODING=b;TYPE=JPEG:${Buffer.from('not a picture').toString('base64')}`,
          ],
          ['FN:Linked Photo', 'EMAIL:link@example.org', 'PHOTO;VALUE=uri:https://example.org/me.jpg'],
          ['FN:Good Photo', 'EMAIL:good@example.org', `PHOTO;ENCODING=b;TYPE=PNG:${red.toString('base64')}`],
        );
        // Each card starts two lines above its FN.
        const lines = text.split('\r\n');
        const cardLine = (fn: string) => lines.indexOf(fn) - 1;
        const report = await importPath(ledger, tempFile('photos.vcf', text));
        assert.equal(report.counts.created, 4);
        assert.deepEqual(
          report.warnings.map((w) => [w.file, w.line, w.field, w.message]),
          [
            ['photos.vcf', 1, 'photo', 'is 1.0 MB, over the limit of 512 KB; the photo was left out.'],
            [
              'photos.vcf',
              cardLine('FN:Text Photo'),
              'photo',
              'is not a JPEG, PNG, GIF or WebP image (it says image/jpeg); the photo was left out.',
            ],
            [
              'photos.vcf',
              cardLine('FN:Linked Photo'),
              'photo',
              'is a link (https://example.org/me.jpg), which Fathom does not fetch; the photo was left out.',
            ],
          ],
        );
        const photos = await ledger.store.db.selectFrom('person_photos').select('person_id').execute();
        assert.equal(photos.length, 1);
        const good = await invoke(personShow, ledger.ctx, { person: 'good@example.org' });
        assert.equal(Number(photos[0]!.person_id), good.id);
      } finally {
        await ledger.close();
      }
    });

    test('oversized name parts, departments, addresses and related names are cut to fit, implausible anniversaries left out', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const long = (n: number) => 'é'.repeat(n);
        const report = await importPath(
          ledger,
          tempFile(
            'big.vcf',
            vcard([
              'FN:Big Details',
              'EMAIL:big@example.org',
              `N:${long(300)};Big;;;`,
              `NICKNAME:${long(250)}`,
              `ORG:Fjord;${long(260)}`,
              `ADR;TYPE=home:;;${long(600)};Town\u001b[2J;;;`,
              `RELATED;VALUE=text;TYPE=friend:${long(220)}`,
              'ANNIVERSARY:1500-01-01',
            ]),
          ),
        );
        assert.deepEqual(
          report.warnings.map((w) => [
            w.field,
            w.message.replace(/^[\d,]+ characters, more than the (\d+) .*$/, 'cut to $1'),
          ]),
          [
            ['family name', 'cut to 200'],
            ['nickname', 'cut to 200'],
            ['department', 'cut to 200'],
            ['address', 'cut to 500'],
            ['related name', 'cut to 200'],
            ['anniversary', 'the year 1500 is not between 1900 and 2200; the anniversary was left out.'],
          ],
        );
        const p = await invoke(personShow, ledger.ctx, { person: 'big@example.org' });
        assert.deepEqual(
          [p.familyName?.length, p.nickname?.length, p.department?.length, p.addresses[0]?.street?.length],
          [200, 200, 200, 500],
        );
        assert.equal(p.addresses[0]?.locality, 'Town', 'the escape sequence is taken out');
        assert.equal(p.related[0]?.name.length, 200);
        assert.equal(p.anniversary, null);
      } finally {
        await ledger.close();
      }
    });

    test('the same file again adds nothing; a newer one updates details and keeps what the owner edited; undo restores', async () => {
      const ledger = await openTestLedger(dialect);
      const db = ledger.store.db;
      const account = ledger.ctx.accountId;
      try {
        const first = tempFile('zoe.vcf', vcard(zoe(1)));
        await importPath(ledger, first);
        const imported = await dumpPeople(db, account);
        const again = await importPath(ledger, first);
        assert.deepEqual([again.counts.created, again.counts.updated, again.counts.unchanged], [0, 0, 1]);
        assert.deepEqual(await dumpPeople(db, account), imported);

        await invoke(personEdit, ledger.ctx, {
          person: 'zoe@fjord.example',
          department: 'Labs',
          nickname: 'Zoe',
        });
        const edited = await dumpPeople(db, account);

        const newer = await importPath(ledger, tempFile('zoe.vcf', vcard(zoe(2))));
        assert.equal(newer.counts.updated, 1);
        assert.deepEqual(
          newer.changes.map((c) => [c.field, c.from, c.to]),
          [
            ['namePrefix', 'Dr.', 'Prof.'],
            ['givenName', 'Zoë', 'Zoe'],
            ['middleName', null, 'Maria'],
            ['familyName', 'Ångström', 'Ångström-Berg'],
            ['nameSuffix', 'PhD', 'PhD MSc'],
            ['anniversary', '2010-06-01', '2010-06-02'],
          ],
        );
        assert.deepEqual(
          newer.kept.map((k) => [k.field, k.yours, k.fileValue, k.why]),
          [
            ['nickname', 'Zoe', 'Z', 'you set it by hand'],
            ['department', 'Labs', 'R&D', 'you set it by hand'],
          ],
        );
        assert.deepEqual(newer.added[0]?.details, [
          'address Sveavägen 9, 111 57 Stockholm, Sweden',
          'related Tom (child)',
          'address removed: Storgatan 1, 111 22 Stockholm, Sweden',
          'related removed: Jane Doe (spouse)',
          'photo replaced',
        ]);
        const p = await invoke(personShow, ledger.ctx, { person: 'zoe@fjord.example' });
        assert.deepEqual(
          [p.namePrefix, p.givenName, p.middleName, p.familyName, p.nameSuffix, p.nickname, p.department],
          ['Prof.', 'Zoe', 'Maria', 'Ångström-Berg', 'PhD MSc', 'Zoe', 'Labs'],
        );
        assert.equal(p.name, 'Zoë Ångström');
        assert.deepEqual(p.anniversary, { year: 2010, month: 6, day: 2 });
        assert.deepEqual(
          p.addresses.map((a) => [a.label, a.street, a.source]),
          [
            ['work', 'Kungsgatan 2', 'import:1'],
            ['Studio', 'Sveavägen 9', 'import:3'],
          ],
        );
        assert.deepEqual(
          p.related.map((r) => [r.name, r.relation, r.source]),
          [['Tom', 'child', 'import:3']],
        );
        assert.deepEqual(Buffer.from((await getPhoto(db, account, p.id))!.bytes), blue);
        assert.equal(p.photo?.source, 'import:3');
        const updated = await dumpPeople(db, account);

        // The newer file again: nothing more to do.
        const newerAgain = await importPath(ledger, tempFile('zoe.vcf', vcard(zoe(2))));
        assert.deepEqual([newerAgain.counts.updated, newerAgain.counts.unchanged], [0, 1]);
        assert.deepEqual(await dumpPeople(db, account), updated);

        // A later export without the photo takes it away; its undo brings it back.
        const photoless = await importPath(ledger, tempFile('zoe.vcf', vcard(zoe(3))));
        assert.deepEqual(photoless.added[0]?.details, ['photo removed']);
        assert.equal((await invoke(personShow, ledger.ctx, { person: 'zoe@fjord.example' })).photo, null);
        await invoke(importUndo, ledger.ctx, { run: photoless.run });
        await invoke(importUndo, ledger.ctx, { run: newerAgain.run });
        assert.deepEqual(await dumpPeople(db, account), updated);

        // Undo puts back the older export's fields and details, photo included, and leaves the owner's edits.
        await invoke(importUndo, ledger.ctx, { run: newer.run });
        assert.deepEqual(await dumpPeople(db, account), edited);
      } finally {
        await ledger.close();
      }
    });

    test('a merge moves the details the survivor lacks, and an unmerge gives them back exactly', async () => {
      const ledger = await openTestLedger(dialect);
      const db = ledger.store.db;
      const account = ledger.ctx.accountId;
      try {
        await importPath(
          ledger,
          tempFile(
            'two.vcf',
            vcard(
              ['FN:Ana Lima', 'EMAIL:ana@work.example', 'ADR;TYPE=work:;;Rua A 1;Lisboa;;;Portugal'],
              [
                'N:Lima;Ana;Maria;;',
                'FN:Ana M. Lima',
                'NICKNAME:Aninha',
                'ORG:Verde;Research',
                'ANNIVERSARY:--0612',
                'EMAIL:ana@home.example',
                'ADR;TYPE=work:;;Rua A 1;Lisboa;;;Portugal',
                'ADR;TYPE=home:;;Rua B 2;Porto;;;Portugal',
                'RELATED;VALUE=text;TYPE=spouse:Rui',
                `PHOTO;ENCODING=b;TYPE=PNG:${red.toString('base64')}`,
              ],
            ),
          ),
        );
        await importPath(
          ledger,
          tempFile(
            'Connections.csv',
            'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana-m-lima,ana@home.example,Verde,,05 May 2019\n',
          ),
        );
        const before = await dumpPeople(db, account);
        const merge = await invoke(personMerge, ledger.ctx, {
          person: 'ana@work.example',
          other: 'ana@home.example',
        });
        const merged = await invoke(personShow, ledger.ctx, { person: 'ana@work.example' });
        assert.equal(merged.name, 'Ana Lima');
        assert.deepEqual(
          [merged.givenName, merged.middleName, merged.familyName, merged.nickname, merged.department],
          ['Ana', 'Maria', 'Lima', 'Aninha', 'Research'],
        );
        assert.deepEqual(merged.anniversary, { month: 6, day: 12 });
        assert.deepEqual(
          merged.addresses.map((a) => [a.label, a.street]),
          [
            ['work', 'Rua A 1'],
            ['home', 'Rua B 2'],
          ],
        );
        assert.deepEqual(
          merged.related.map((r) => r.name),
          ['Rui'],
        );
        assert.equal(merged.knownSince, '2019-05-05');
        assert.equal(merged.photo?.contentType, 'image/png');
        // A search finds her by the nickname and the department she came with.
        for (const search of ['aninha', 'research'])
          assert.deepEqual(
            (await invoke(personList, ledger.ctx, { search })).people.map((x) => x.id),
            [merged.id],
            search,
          );

        await invoke(personUnmerge, ledger.ctx, { person: String(merge.merged.id) });
        assert.deepEqual(await dumpPeople(db, account), before);
      } finally {
        await ledger.close();
      }
    });

    test('LinkedIn and Facebook dates are kept per network; known since is the earliest; a newer date moves and undo puts it back', async () => {
      const ledger = await openTestLedger(dialect);
      const db = ledger.store.db;
      const account = ledger.ctx.accountId;
      try {
        // As in the contacts import test: Google brings the address Facebook knows Ana by.
        for (const name of ['phone.vcf', 'Connections.csv', 'google.csv', 'friends.json'])
          await importPath(ledger, join(fixtures, name));
        const ana = await invoke(personShow, ledger.ctx, { person: 'ana.souza@example.org' });
        assert.deepEqual(
          ana.connections.map((c) => [c.network, c.connectedOn, c.source]),
          [
            ['facebook', '2018-03-02', 'import:4'],
            ['linkedin', '2021-03-14', 'import:2'],
          ],
        );
        assert.equal(ana.knownSince, '2018-03-02');
        assert.match(personText(ana), /Known since +2018-03-02 \(facebook 2018-03-02, linkedin 2021-03-14\)/);

        const before = await dumpPeople(db, account);
        const csv = `First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Souza,https://www.linkedin.com/in/ana-souza-42,ana.souza@example.org,Fjord Labs,CTO,01 Jan 2017
`;
        const newer = await importPath(ledger, tempFile('Connections.csv', csv));
        assert.deepEqual(newer.added[0]?.details, ['connected on linkedin 2021-03-14 → 2017-01-01']);
        const moved = await invoke(personShow, ledger.ctx, { person: 'ana.souza@example.org' });
        assert.equal(moved.knownSince, '2017-01-01');
        await invoke(importUndo, ledger.ctx, { run: newer.run });
        assert.deepEqual(await dumpPeople(db, account), before);
      } finally {
        await ledger.close();
      }
    });
  });
}
