import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVcardBirthday } from './vcard-birthday.ts';

test('full dates in basic and extended form, with or without a time', () => {
  assert.deepEqual(parseVcardBirthday('1985-04-12'), { year: 1985, month: 4, day: 12 });
  assert.deepEqual(parseVcardBirthday('19850412'), { year: 1985, month: 4, day: 12 });
  assert.deepEqual(parseVcardBirthday('1985-04-12T00:00:00Z'), { year: 1985, month: 4, day: 12 });
});

test('dates without a year: --MMDD and --MM-DD', () => {
  assert.deepEqual(parseVcardBirthday('--0412'), { month: 4, day: 12 });
  assert.deepEqual(parseVcardBirthday('--04-12'), { month: 4, day: 12 });
  assert.deepEqual(parseVcardBirthday('--02-29'), { month: 2, day: 29 });
});

test("Apple's omitted year (1604) and year 0 mean the year is unknown", () => {
  assert.deepEqual(parseVcardBirthday('1604-05-01', '1604'), { month: 5, day: 1 });
  assert.deepEqual(parseVcardBirthday('1604-05-01'), { month: 5, day: 1 });
  assert.deepEqual(parseVcardBirthday('0000-05-01'), { month: 5, day: 1 });
  assert.deepEqual(parseVcardBirthday('1980-05-01', '1604'), { year: 1980, month: 5, day: 1 });
});

test('impossible or unreadable dates give undefined', () => {
  for (const text of [
    '1985-13-01',
    '1985-04-31',
    '1970-02-29',
    '--1301',
    '1985-04',
    'April 12',
    '',
    '--04-1x',
  ]) {
    assert.equal(parseVcardBirthday(text), undefined, text);
  }
  assert.deepEqual(parseVcardBirthday('2000-02-29'), { year: 2000, month: 2, day: 29 });
});
