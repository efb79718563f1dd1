import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { isContactFilePath, readArchive, unsafePathReason } from './archive.ts';
import { buildZip } from './build-zip.ts';

/** Renames an entry by rewriting its name bytes in place (yazl refuses unsafe names itself). */
function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  assert.equal(Buffer.byteLength(from), Buffer.byteLength(to));
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let at = out.indexOf(needle);
  assert.notEqual(at, -1);
  while (at !== -1) {
    Buffer.from(to).copy(out, at);
    at = out.indexOf(needle, at + 1);
  }
  return out;
}

/** Overwrites the uncompressed size the central directory declares for every entry. */
function lieAboutSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1;) {
    out.writeUInt32LE(size, at + 24);
    at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
  }
  return out;
}

const connections =
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana,,,,12 Mar 2021\n';

test('lists entries and extracts only the files that hold contacts', async () => {
  const zip = await buildZip([
    { path: 'Basic_LinkedInDataExport_01-01-2024/Connections.csv', data: connections },
    { path: 'Basic_LinkedInDataExport_01-01-2024/Messages.csv', data: 'x' },
    { path: 'connections/friends/your_friends.json', data: '{"friends_v2":[]}' },
    { path: 'connections/followers_and_following/followers_1.json', data: '[]' },
    { path: 'data/following.js', data: 'window.YTD.following.part0 = []' },
    { path: '__MACOSX/data/._following.js', data: 'junk' },
  ]);
  const result = await readArchive(zip);
  assert.deepEqual(result.errors, []);
  assert.equal(result.entries.length, 6);
  assert.deepEqual(
    result.files.map((f) => f.path),
    [
      'Basic_LinkedInDataExport_01-01-2024/Connections.csv',
      'connections/friends/your_friends.json',
      'connections/followers_and_following/followers_1.json',
      'data/following.js',
    ],
  );
  assert.equal(Buffer.from(result.files[0]?.bytes ?? []).toString(), connections);
});

test('reads an archive from a path on disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-archive-'));
  const path = join(dir, 'export.zip');
  writeFileSync(path, await buildZip([{ path: 'Connections.csv', data: connections }]));
  const result = await readArchive(path);
  assert.deepEqual(result.errors, []);
  assert.equal(result.files.length, 1);
});

test('refuses path traversal, absolute paths, backslashes and drive letters', async () => {
  let zip = await buildZip([
    { path: 'aa/aa/friends.json', data: '{}' },
    { path: 'root/passwd', data: 'x' },
    { path: 'dirxxxxfollowing.json', data: '[]' },
    { path: 'Cx/followers_1.json', data: '[]' },
    { path: 'ok/Connections.csv', data: connections },
  ]);
  zip = renameEntry(zip, 'aa/aa/friends.json', '../../friends.json');
  zip = renameEntry(zip, 'root/passwd', '/etc/passwd');
  zip = renameEntry(zip, 'dirxxxxfollowing.json', 'dir\\..\\following.json');
  zip = renameEntry(zip, 'Cx/followers_1.json', 'C:/followers_1.json');
  const result = await readArchive(zip, {}, 'evil.zip');
  assert.deepEqual(
    result.errors.map((e) => [e.file, e.field]),
    [
      ['evil.zip', '../../friends.json'],
      ['evil.zip', '/etc/passwd'],
      ['evil.zip', 'dir\\..\\following.json'],
      ['evil.zip', 'C:/followers_1.json'],
    ],
  );
  assert.match(result.errors[0]?.message ?? '', /parent-directory \(\.\.\) segment/);
  assert.match(result.errors[1]?.message ?? '', /absolute path/);
  assert.match(result.errors[2]?.message ?? '', /backslash/);
  assert.match(result.errors[3]?.message ?? '', /drive letter/);
  // The safe entry is still listed and read; the caller sees the errors and decides.
  assert.deepEqual(
    result.files.map((f) => f.path),
    ['ok/Connections.csv'],
  );
});

test('refuses a ZIP bomb by its declared ratio before inflating', async () => {
  const zip = await buildZip([{ path: 'Connections.csv', data: Buffer.alloc(20 * 1024 * 1024) }]);
  assert.ok(zip.length < 100_000);
  const result = await readArchive(zip, {}, 'bomb.zip');
  assert.equal(result.files.length, 0);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]?.file, 'Connections.csv');
  assert.match(result.errors[0]?.message ?? '', /ZIP bomb/);
});

test('refuses archives over the total size and entry count limits', async () => {
  const zip = await buildZip([
    { path: 'a/Connections.csv', data: connections },
    { path: 'b/Connections.csv', data: connections },
  ]);
  const tooBig = await readArchive(zip, { maxTotalBytes: connections.length + 10 });
  assert.equal(tooBig.files.length, 0);
  assert.match(tooBig.errors[0]?.message ?? '', /more than the limit of/);
  const tooMany = await readArchive(zip, { maxEntries: 1 });
  assert.match(tooMany.errors[0]?.message ?? '', /2 entries, more than the limit of 1/);
});

test('stops inflating when an entry yields more than its declared size', async () => {
  const zip = lieAboutSizes(
    await buildZip([{ path: 'Connections.csv', data: Buffer.alloc(2 * 1024 * 1024) }]),
    4096,
  );
  const result = await readArchive(zip);
  assert.equal(result.files.length, 0);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0]?.message ?? '', /more than its declared 4096 bytes/);
});

test('reports a file that is not a ZIP', async () => {
  const result = await readArchive(Buffer.from('not a zip at all'), {}, 'x.zip');
  assert.equal(result.errors[0]?.file, 'x.zip');
  assert.match(result.errors[0]?.message ?? '', /not a readable ZIP archive/);
});

test('path rules', () => {
  assert.equal(unsafePathReason('a/b/c.json'), undefined);
  assert.equal(unsafePathReason('a/..b/c.json'), undefined);
  assert.ok(unsafePathReason('a/../c.json'));
  assert.ok(isContactFilePath('x/Connections.csv'));
  assert.ok(isContactFilePath('followers_12.json'));
  assert.ok(!isContactFilePath('Invitations.csv'));
  assert.ok(!isContactFilePath('removed_friends.json'));
});
