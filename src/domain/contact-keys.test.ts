import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailKey, nameKey, normalizeContact, phoneKey, urlKey } from './contact-keys.ts';

test('folds names for matching', () => {
  assert.equal(nameKey('  José  Müller-Lüdenscheidt '), 'jose muller ludenscheidt');
  assert.equal(nameKey('ÅSA Öberg'), 'asa oberg');
  assert.equal(nameKey('Zoë'), nameKey('Zoe\u0308'));
});

/** nameKey as it is defined: the whole text decomposed, stripped, lower-cased and spaced at once. */
function wholeTextKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

test('folding names character by character is folding them whole', () => {
  const samples = [
    'José Muñoz García',
    'ŁUKASZ Wróbel',
    'Søren Ærø',
    'Çağla Öztürk',
    'İSTANBUL ıı',
    'ΟΔΥΣΣΕΑΣ ΣΑΣ Σ',
    'ﬁne ﬀ ¼ ½',
    'Ｆｕｌｌ　Ｗｉｄｔｈ',
    'a\u00a8b \u0301x',
    '한국어 이름',
    '山田 太郎',
    '𝐁𝐨𝐥𝐝 𐐀𐐁',
    'emoji 😀 mid😀dle',
    'lone \ud800 \udc00 end\ud83d',
    '  -- dashes -- and\ttabs\n',
    '',
  ];
  for (const s of samples) assert.equal(nameKey(s), wholeTextKey(s), JSON.stringify(s));
  // Every character of the Basic Multilingual Plane, alone and between letters.
  for (let code = 0; code < 0x10000; code++) {
    const c = String.fromCharCode(code);
    for (const s of [c, `a${c}b`, `Ab${c}`])
      assert.equal(nameKey(s), wholeTextKey(s), `U+${code.toString(16)}`);
  }
});

test('normalizes contact points to matching keys', () => {
  assert.equal(emailKey(' Ana.Lima@Example.COM '), 'ana.lima@example.com');
  assert.equal(phoneKey('+49 151 2345 6789'), '+4915123456789');
  assert.equal(phoneKey('0151 23456789', 'DE'), '+4915123456789');
  assert.equal(urlKey('https://www.LinkedIn.com/in/ana-lima/'), 'linkedin.com/in/ana-lima');
  assert.equal(urlKey('linkedin.com/in/ana-lima'), 'linkedin.com/in/ana-lima');
});

test('rejects malformed contact points, naming the field', () => {
  assert.throws(() => normalizeContact('email', 'ana@', 'email'), /email: "ana@" is not an email address/);
  assert.throws(() => normalizeContact('email', 'ana lima@example.com', 'email'), /not an email/);
  assert.throws(() => normalizeContact('url', 'javascript:alert(1)', 'url'), /url: .* not a web address/);
  assert.throws(() => normalizeContact('url', 'not a url', 'url'), /url: "not a url" is not a web address/);
  assert.throws(() => normalizeContact('url', 'http://localhost', 'url'), /not a web address/);
  assert.throws(
    () => normalizeContact('phone', 'call me', 'phone'),
    /phone: "call me" is not a phone number/,
  );
  assert.throws(() => normalizeContact('handle', '@ana lima', 'handle'), /not a handle/);
  assert.deepEqual(normalizeContact('url', 'example.org/ana', 'url'), {
    value: 'https://example.org/ana',
    key: 'example.org/ana',
  });
});
