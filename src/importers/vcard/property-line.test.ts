import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePropertyLine } from './property-line.ts';
import type { VcardProperty } from './property-line.ts';

function property(text: string): VcardProperty {
  const parsed = parsePropertyLine(text);
  assert.ok('value' in parsed, `expected a property from ${text}`);
  return parsed;
}

test('group, upper-cased name and raw value', () => {
  const p = property('item1.email;type=INTERNET:zoe@fjord.example');
  assert.equal(p.group, 'item1');
  assert.equal(p.name, 'EMAIL');
  assert.equal(p.value, 'zoe@fjord.example');
});

test('bare 2.1 parameters are types, PREF and encodings', () => {
  assert.deepEqual(property('TEL;CELL;PREF:+1').params, { types: ['cell'], preferred: true });
  assert.deepEqual(property('EMAIL;PREF;INTERNET:a@b.c').params, { types: ['internet'], preferred: true });
  assert.deepEqual(property('NOTE;QUOTED-PRINTABLE;CHARSET=UTF-8:x').params, {
    types: [],
    preferred: false,
    encoding: 'QUOTED-PRINTABLE',
    charset: 'UTF-8',
  });
});

test('repeated lower-case type= parameters, with pref meaning preferred', () => {
  assert.deepEqual(property('EMAIL;type=INTERNET;type=WORK;type=pref:a@b.c').params, {
    types: ['internet', 'work'],
    preferred: true,
  });
});

test('4.0 quoted and comma lists, PREF=1 and VALUE=uri', () => {
  const p = property('TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+1-555-0100;ext=204');
  assert.deepEqual(p.params, { types: ['cell', 'voice'], preferred: true, valueType: 'uri' });
  assert.equal(p.value, 'tel:+1-555-0100;ext=204');
  assert.deepEqual(property('EMAIL;TYPE=work,home;PREF=2:a@b.c').params, {
    types: ['work', 'home'],
    preferred: false,
  });
});

test('quoted parameter values may hide colons and semicolons; RFC 6868 carets are decoded', () => {
  const p = property(
    'ADR;LABEL="Flat 2^nCnoc ^\'an Aird^\' ^^ 1; Dublin: IE";TYPE=home:;;1 Main St;Dublin;;;Ireland',
  );
  assert.equal(p.params.other?.get('label'), 'Flat 2\nCnoc "an Aird" ^ 1; Dublin: IE');
  assert.deepEqual(p.params.types, ['home']);
  assert.equal(p.value, ';;1 Main St;Dublin;;;Ireland');
});

test('Apple parameters are kept by lower-case name', () => {
  const p = property('BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-05-01');
  assert.equal(p.params.other?.get('x-apple-omit-year'), '1604');
  assert.equal(p.params.valueType, 'date');
});

test('lines that are not properties say why', () => {
  assert.deepEqual(parsePropertyLine('NOTE'), { name: 'NOTE', message: 'property has no colon' });
  assert.deepEqual(parsePropertyLine('just some words'), {
    message: 'line is not a vCard property (no colon)',
  });
  assert.deepEqual(parsePropertyLine('X;LABEL="open:value'), {
    name: 'X',
    message: 'parameter has an unterminated quote',
  });
  assert.deepEqual(parsePropertyLine(':value'), { message: 'property has no name' });
});
