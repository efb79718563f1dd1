import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { FathomError } from '../domain/errors.ts';
import { readArchive } from './read-archive.ts';
import type { ArchivePiece } from './read-archive.ts';

const document = [
  '{"format":"fathom-archive","version":1,"exportedAt":"2026-03-15T12:00:00.000Z",',
  '"migrations":["0001-foundation"],"account":{"id":"local","name":"Local \\"home\\"","createdAt":"x"},',
  '"tables":[',
  '{"name":"goals","columns":[{"name":"id","type":"integer"},{"name":"title","type":"text"}],"rows":[',
  '[1,"Close the \\"seed\\" round, {really} [soon]"],',
  '[2,"Back\\\\slash \\\\\\" and ünïcödé 😀"],',
  '[3,null]]},',
  '{"name":"empty","columns":[],"rows":[]},',
  '{"name":"photos","columns":[{"name":"photo","type":"blob"}],"rows":[[{"$base64":"AAEC"}],[-1.5e-7]]}',
  ']}',
].join('\n');

/** Every piece the reader gives for the text split into chunks of `size` bytes. */
async function pieces(bytes: Uint8Array, size: number): Promise<ArchivePiece[]> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: ArchivePiece[] = [];
  for await (const piece of readArchive(chunks(), 'test.json')) out.push(piece);
  return out;
}

test('an archive reads the same whatever the size of the chunks it arrives in', async () => {
  const bytes = Buffer.from(document);
  const whole = await pieces(bytes, bytes.length);
  assert.deepEqual(
    whole.map((p) => p.kind),
    ['header', 'table', 'rows', 'tableEnd', 'table', 'tableEnd', 'table', 'rows', 'tableEnd'],
  );
  const header = whole[0] as Extract<ArchivePiece, { kind: 'header' }>;
  assert.deepEqual(header.fields.account, { id: 'local', name: 'Local "home"', createdAt: 'x' });
  const rows = whole[2] as Extract<ArchivePiece, { kind: 'rows' }>;
  assert.deepEqual(rows.rows, [
    [1, 'Close the "seed" round, {really} [soon]'],
    [2, 'Back\\slash \\" and ünïcödé 😀'],
    [3, null],
  ]);
  for (let size = 1; size <= 40; size++)
    assert.deepEqual(await pieces(bytes, size), whole, `chunks of ${size}`);
  assert.deepEqual(await pieces(gzipSync(bytes), 7), whole, 'compressed');
  const pretty = Buffer.from(JSON.stringify(JSON.parse(document), null, 2));
  assert.deepEqual(await pieces(pretty, 13), whole, 'laid out differently');
});

test('an archive cut anywhere is reported as ending early, never read as complete', async () => {
  const bytes = Buffer.from(document);
  for (let end = 1; end < bytes.length; end++) {
    // Cutting inside a multi-byte character is an encoding error at the end, also a cut.
    await assert.rejects(
      pieces(bytes.subarray(0, end), 64),
      (e: FathomError) => /ends early \(truncated\?\)|not UTF-8/.test(e.message),
      `cut after ${end} bytes`,
    );
  }
  const packed = gzipSync(bytes);
  await assert.rejects(pieces(packed.subarray(0, packed.length - 5), 64), /ends early \(truncated\?\)/);
});

test('text that is not an archive is named for what it is', async () => {
  const read = (text: string | Uint8Array) =>
    pieces(typeof text === 'string' ? Buffer.from(text) : text, 1000);
  await assert.rejects(read('Name,Email\n'), /test\.json: it is not a Fathom archive/);
  await assert.rejects(read(Buffer.from([0xff, 0xfe, 0x7b])), /not UTF-8 text/);
  await assert.rejects(
    read('{"format":"x","tables":[{"rows":[]}]}'),
    /give its "name" and "columns" before its "rows"/,
  );
  await assert.rejects(
    read('{"tables":[{"name":"a","columns":[],"rows":[[1,2] [3]]}]}'),
    /damaged in table a, row 1: expected "," or "]" after a row, found "\[3\]/,
  );
  await assert.rejects(read('{"tables":[]} trailing'), /text follows the end of the archive/);
  await assert.rejects(
    read('{"tables":[{"name":"a","columns":[],"rows":[{1}]}]}'),
    /table a, row 1: the row is not valid JSON/,
  );
});
