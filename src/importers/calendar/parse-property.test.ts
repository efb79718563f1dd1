import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IcsParams,
  nameAt,
  namesByLength,
  parseProperty,
  propertyName,
  valueStart,
} from './parse-property.ts';

const names = namesByLength(['UID', 'DTSTART', 'ATTENDEE']);

test('names are matched in place, lower-case ones after upper-casing them', () => {
  const text = 'xx dtStart;TZID=A:1 UID:2 X-UID:3';
  assert.equal(nameAt(text, 3, 10, names), 'DTSTART');
  assert.equal(nameAt(text, 20, 23, names), 'UID');
  assert.equal(nameAt(text, 26, 31, names), undefined);
  assert.equal(propertyName('summary;LANGUAGE=de:Hallo'), 'SUMMARY');
  assert.equal(propertyName(':no name'), undefined);
  assert.equal(propertyName('no separator'), undefined);
});

test('only the parameters the reader uses are kept, each as the original parser read it', () => {
  const line =
    'ATTENDEE;X-NOTE="a:b;c";cn="Zoë ^\'Z^\' M";Partstat=declined;ROLE=A,"B",C;ROLE=D;RSVP;EMAIL:mailto:z@x';
  const params = new IcsParams();
  const at = valueStart(line, 8, line.length, params);
  assert.equal(line.slice(at), 'mailto:z@x');
  assert.equal(params.cn, 'Zoë "Z" M');
  assert.equal(params.partstat, 'declined');
  assert.equal(params.role, 'D');
  assert.equal(params.email, '');
  assert.equal(params.tzid, undefined);
  const list = new IcsParams();
  valueStart('X;ROLE=A,"B",C:v', 1, 16, list);
  assert.equal(list.role, 'A,B,C');
  // A name that upper-cases into a known one counts as that one.
  const dotless = new IcsParams();
  valueStart('X;tzıd=Europe/Berlin:v', 1, 22, dotless);
  assert.equal(dotless.tzid, 'Europe/Berlin');
});

test('an unclosed quote or a missing value separator makes the line malformed, checked within the line only', () => {
  assert.equal(valueStart('X;CN="open:value', 1, 16), -1);
  assert.equal(valueStart('X;CN=plain', 1, 10), -1);
  // The closing quote of the next line does not close this one.
  const two = 'X;CN="a:b\nY;CN="c":d\n';
  assert.equal(valueStart(two, 1, 9), -1);
  assert.equal(valueStart(two, 11, 20), 19);
  assert.deepEqual(parseProperty('X-WR-CALNAME:Work', 'X-WR-CALNAME', 12)?.value, 'Work');
});
