import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { buildZip } from './build-zip.ts';
import { parseContactFile } from './parse-contacts.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

test('detects and dispatches single files', async () => {
  const linkedin = await parseContactFile(fixture('linkedin-connections.csv'), 'Connections.csv');
  assert.equal(linkedin.format, 'linkedin');
  assert.equal(linkedin.records.length, 4);
  assert.equal(linkedin.records[0]?.file, 'Connections.csv');
  const outlook = await parseContactFile(fixture('outlook-desktop-1252.csv'), 'contacts.csv');
  assert.equal(outlook.format, 'outlook');
  assert.equal(outlook.records[0]?.name, 'René Düsterwald');
  const legacy = await parseContactFile(fixture('google-legacy.csv'), 'google.csv');
  assert.equal(legacy.format, 'google-legacy');
  assert.equal(legacy.records.length, 2);
});

test('reads every contact file in an archive, with entry paths as file names', async () => {
  const zip = await buildZip([
    { path: 'Basic_LinkedInDataExport/Connections.csv', data: fixture('linkedin-connections.csv') },
    { path: 'Basic_LinkedInDataExport/Invitations.csv', data: 'From,To\n' },
    { path: 'facebook/connections/friends/your_friends.json', data: fixture('facebook-your-friends.json') },
    {
      path: 'instagram/connections/followers_and_following/following.json',
      data: fixture('instagram-following-old.json'),
    },
    {
      path: 'instagram/connections/followers_and_following/followers_1.json',
      data: fixture('instagram-followers_1.json'),
    },
    { path: 'twitter/data/following.js', data: fixture('x-following.js.txt') },
  ]);
  const result = await parseContactFile(zip, 'export.zip');
  assert.equal(result.format, 'zip');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.entries, [
    { path: 'Basic_LinkedInDataExport/Connections.csv', format: 'linkedin' },
    { path: 'facebook/connections/friends/your_friends.json', format: 'facebook' },
    { path: 'instagram/connections/followers_and_following/following.json', format: 'instagram' },
    { path: 'instagram/connections/followers_and_following/followers_1.json', format: 'instagram' },
    { path: 'twitter/data/following.js', format: 'x' },
  ]);
  // 4 LinkedIn + 3 Facebook + 2 following + 1 new follower (ana.lima is in both) + 2 X.
  assert.equal(result.records.length, 12);
  const ana = result.records.find((r) => r.sourceKey === 'instagram:ana.lima');
  assert.equal(ana?.file, 'instagram/connections/followers_and_following/following.json');
  assert.equal(ana?.line, 3);
  assert.deepEqual(
    result.skipped.map((s) => [s.file, s.line, s.reason]),
    [
      ['Basic_LinkedInDataExport/Connections.csv', 7, result.skipped[0]?.reason],
      [
        'instagram/connections/followers_and_following/followers_1.json',
        15,
        'same account as in instagram/connections/followers_and_following/following.json',
      ],
    ],
  );
  assert.ok(result.records.some((r) => r.name === 'Łukasz Wróbel' && r.file?.endsWith('your_friends.json')));
});

test('an archive with the Facebook HTML export asks for JSON', async () => {
  const zip = await buildZip([
    { path: 'friends_and_followers/friends.html', data: fixture('facebook-friends.html') },
  ]);
  const result = await parseContactFile(zip, 'facebook.zip');
  assert.equal(result.records.length, 0);
  assert.equal(result.errors[0]?.file, 'friends_and_followers/friends.html');
  assert.match(result.errors[0]?.message ?? '', /Format: JSON/);
});

test('an archive without contact files, a bomb, and limits passed through', async () => {
  const empty = await parseContactFile(await buildZip([{ path: 'Messages.csv', data: 'x' }]), 'x.zip');
  assert.match(empty.errors[0]?.message ?? '', /holds no contact files/);
  const bomb = await parseContactFile(
    await buildZip([{ path: 'Connections.csv', data: Buffer.alloc(8 << 20) }]),
    'b.zip',
  );
  assert.equal(bomb.records.length, 0);
  assert.match(bomb.errors[0]?.message ?? '', /ZIP bomb/);
  const limited = await parseContactFile(
    await buildZip([{ path: 'Connections.csv', data: fixture('linkedin-connections.csv') }]),
    'l.zip',
    { archiveLimits: { maxTotalBytes: 100 } },
  );
  assert.match(limited.errors[0]?.message ?? '', /more than the limit of 100/);
});

test('generic CSV with a mapping, forced formats, calendars and unknown files', async () => {
  const csv = Buffer.from('Who,Mail\nAna Lima,ana@example.com\n');
  const generic = await parseContactFile(csv, 'people.csv', { mapping: { name: 'Who', email: 'Mail' } });
  assert.equal(generic.format, 'generic-csv');
  assert.deepEqual(generic.records[0]?.emails, [{ value: 'ana@example.com' }]);
  const unknown = await parseContactFile(csv, 'people.csv');
  assert.equal(unknown.format, 'unknown');
  assert.match(unknown.errors[0]?.message ?? '', /generic CSV with a column mapping/);
  const noMapping = await parseContactFile(csv, 'people.csv', { format: 'generic-csv' });
  assert.match(noMapping.errors[0]?.message ?? '', /needs a column mapping/);
  const forced = await parseContactFile(fixture('linkedin-connections-fr.csv'), 'x.txt', {
    format: 'linkedin',
  });
  assert.equal(forced.records[0]?.name, 'Élodie Lefèvre');
  const calendar = await parseContactFile(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), 'cal.ics');
  assert.equal(calendar.format, 'ics');
  assert.match(calendar.errors[0]?.message ?? '', /calendar/);
});

test('dispatches vCards to the vCard reader, also inside archives', async () => {
  const card =
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nN:Ångström;Zoë;;;\r\nEMAIL:zoe@example.se\r\nEND:VCARD\r\n';
  const single = await parseContactFile(Buffer.from(card), 'zoe.vcf');
  assert.equal(single.format, 'vcard');
  assert.equal(single.records[0]?.name, 'Zoë Ångström');
  assert.equal(single.records[0]?.file, 'zoe.vcf');
  const zip = await buildZip([{ path: 'Takeout/Contacts/All Contacts/All Contacts.vcf', data: card }]);
  const zipped = await parseContactFile(zip, 'takeout.zip');
  assert.deepEqual(zipped.entries, [
    { path: 'Takeout/Contacts/All Contacts/All Contacts.vcf', format: 'vcard' },
  ]);
  assert.equal(zipped.records[0]?.file, 'Takeout/Contacts/All Contacts/All Contacts.vcf');
});
