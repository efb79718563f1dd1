import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchVcard, generateVcards } from './vcard-bench.ts';
import { parseVcard } from './vcard-reader.ts';

test('the generated bench cards are clean: every card becomes a record, with no issues', () => {
  const result = parseVcard(generateVcards(30));
  assert.equal(result.records.length, 30);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
  const [android, apple, modern] = result.records;
  assert.equal(android?.name, 'Zoë Ångström');
  assert.deepEqual(apple?.birthday, { month: 5, day: 1 });
  assert.equal(modern?.phones[1]?.value, '+1-555-0100 ext. 2');
  // One Apple card in ten has a photo, and it reads as a JPEG of 13 folded lines.
  const photos = result.records.filter((r) => r.photo !== undefined);
  assert.equal(photos.length, 1);
  assert.equal(photos[0]?.photo?.bytes?.length, (84 * 13 * 3) / 4);
  assert.deepEqual([...photos[0]!.photo!.bytes!.subarray(0, 3)], [0xff, 0xd8, 0xff]);
});

test('benchVcard reports its figures', async () => {
  const figures = await benchVcard(300);
  assert.equal(figures.cards, 300);
  assert.ok(figures.bytes > 300 * 200);
  assert.ok(figures.parseMs > 0 && figures.splitMs >= 0 && figures.peakRssMb > 0);
});
