import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { invalid } from './errors.ts';
import type { ContactKind } from './vocabulary.ts';
import { emailKey, isEmail } from './email-key.ts';

// Kept apart so that readers needing only email keys (the calendar thread) load no phone rules.
export { emailKey, isEmail } from './email-key.ts';

/** Folds text the way nameKey does, all at once. */
function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Characters beyond ASCII as nameKey folds them one by one: letters and digits, or ' ' for the rest. */
const foldedChars = new Map<number, string>();
const foldedCharsLimit = 20_000;
/** Stands for a character that decomposes to a capital sigma, whose lower case depends on its place in a word. */
const sigma = '\u03a3';

function foldChar(code: number, char: string): string {
  let folded = foldedChars.get(code);
  if (folded === undefined) {
    const decomposed = char.normalize('NFKD');
    folded = decomposed.includes(sigma)
      ? sigma
      : decomposed
          .replace(/\p{M}+/gu, '')
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]/gu, ' ');
    if (foldedChars.size < foldedCharsLimit) foldedChars.set(code, folded);
  }
  return folded;
}

/**
 * Folds a name for search and matching: compatibility decomposition, accents removed, lower
 * case, every run of other characters one space. Each character folds on its own (decomposing
 * and lower-casing are per character), so its folded form is worked out once per import of
 * thousands of names; only a name with a capital sigma, whose lower case depends on its place
 * in a word, is folded whole.
 */
export function nameKey(name: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    if (code < 128) {
      if (code >= 65 && code <= 90) code += 32;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        if (gap && out !== '') out += ' ';
        gap = false;
        out += String.fromCharCode(code);
      } else gap = true;
      continue;
    }
    let char: string;
    const next = name.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      char = name.slice(i, i + 2);
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    } else char = name[i]!;
    const folded = foldChar(code, char);
    if (folded === sigma) return foldText(name);
    for (let k = 0; k < folded.length; k++) {
      if (folded.charCodeAt(k) === 32) {
        gap = true;
        continue;
      }
      if (gap && out !== '') out += ' ';
      gap = false;
      out += folded[k];
    }
  }
  return out;
}

const latin1Only = /^[\0-\xff]*$/;

/**
 * A key as a string of one byte per character where it can be: text cut from a file with
 * accented names is held two bytes per character, whatever it holds, and an import keeps a key
 * for each of a hundred thousand records until it ends.
 */
export function compactKey(key: string): string {
  return latin1Only.test(key) ? Buffer.from(key, 'latin1').toString('latin1') : key;
}

/** E.164 when the number can be read (with the owner's region for local numbers), else its digits. */
export function phoneKey(phone: string, region?: string | null): string {
  const parsed = parsePhoneNumberFromString(phone, (region ?? undefined) as CountryCode | undefined);
  if (parsed && parsed.isPossible()) {
    const ext = parsed.ext ? `;ext=${parsed.ext}` : '';
    return parsed.number + ext;
  }
  const digits = phone.replace(/[^\d+]/g, '');
  return digits;
}

/** A URL without scheme, `www.`, trailing slash or query noise, lower-cased host. */
export function urlKey(url: string): string {
  const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}${u.search}`;
}

export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/**
 * Checks a contact point the owner typed and returns its display value and matching key.
 * Throws an input error naming the field for a malformed email, phone or URL.
 */
export function normalizeContact(
  kind: ContactKind,
  value: string,
  field: string,
  region?: string | null,
): { value: string; key: string } {
  const v = value.trim();
  if (v === '') throw invalid(field, 'is empty.');
  if (v.length > 500) throw invalid(field, 'is longer than 500 characters.');
  switch (kind) {
    case 'email':
      if (!isEmail(v)) throw invalid(field, `"${value}" is not an email address.`);
      return { value: v, key: emailKey(v) };
    case 'phone': {
      if (!/^[+()\d\s./-]+(?:\s*(?:x|ext\.?|;ext=)\s*\d+)?$/i.test(v) || v.replace(/\D/g, '').length < 3) {
        throw invalid(field, `"${value}" is not a phone number.`);
      }
      return { value: v, key: phoneKey(v, region) };
    }
    case 'url': {
      let parsed: URL;
      try {
        parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`);
      } catch {
        throw invalid(field, `"${value}" is not a web address.`);
      }
      if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname.includes('.')) {
        throw invalid(field, `"${value}" is not a web address (only http and https links).`);
      }
      return { value: parsed.toString(), key: urlKey(parsed.toString()) };
    }
    case 'handle':
      if (/\s/.test(v)) throw invalid(field, `"${value}" is not a handle (no spaces).`);
      return { value: v, key: `${handleKey(v)}` };
  }
}
