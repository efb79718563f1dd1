import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { invalid } from './errors.ts';
import type { ContactKind } from './vocabulary.ts';

const emailPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

/** Folds a name for search and matching: NFC, lower case, accents and extra spaces removed. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(text: string): boolean {
  return emailPattern.test(text.trim());
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
