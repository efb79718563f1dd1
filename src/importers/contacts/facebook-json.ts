import type { ContactRecord } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { unixSecondsToIsoDate } from './contact-dates.ts';
import { emptyContact } from './empty-contact.ts';
import { repairMojibake } from './mojibake.ts';
import { jsonElementLines, readJson } from './read-json.ts';
import { hashKey, makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8 } from './text-decoding.ts';

/** Keys under which Facebook has put the friends list over the years. */
const FRIEND_KEYS = ['friends_v2', 'friends'];

/** True when the text is an HTML page (Facebook's default download format). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  return (
    head.startsWith('<!doctype') ||
    head.startsWith('<html') ||
    (head.startsWith('<') && head.includes('<html'))
  );
}

export const FACEBOOK_HTML_MESSAGE =
  'this is Facebook’s HTML export, which Fathom cannot read; download your information again with ' +
  '“Download your information → Format: JSON” and import friends.json or your_friends.json';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads Facebook's friends list from any era's JSON (`friends`, `friends_v2`, `your_friends.json`). */
export function parseFacebookFriends(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const { file } = options;
  const records: ContactRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const decoded = decodeUtf8(input, file);
  const errors: ParseIssue[] = [...decoded.errors];
  if (errors.length > 0) return { records, errors, skipped };
  if (looksLikeHtml(decoded.text)) {
    errors.push({ file, line: 1, message: FACEBOOK_HTML_MESSAGE });
    return { records, errors, skipped };
  }
  const read = readJson(decoded.text, file);
  if (!read.ok) return { records, errors: [read.error], skipped };

  let key = '';
  let friends: unknown;
  if (Array.isArray(read.value)) friends = read.value;
  else if (isRecord(read.value)) {
    const found = FRIEND_KEYS.find((candidate) =>
      Array.isArray((read.value as Record<string, unknown>)[candidate]),
    );
    if (found) {
      key = found;
      friends = read.value[found];
    }
  }
  if (!Array.isArray(friends)) {
    errors.push({
      file,
      line: 1,
      message: 'not a Facebook friends export: no "friends_v2" or "friends" list',
    });
    return { records, errors, skipped };
  }
  const lines = jsonElementLines(decoded.text).get(key) ?? [];
  friends.forEach((friend: unknown, i) => {
    const line = lines[i] ?? 1;
    if (!isRecord(friend) || typeof friend.name !== 'string') {
      errors.push({ file, line, field: 'name', message: 'friend entry without a name' });
      return;
    }
    const name = repairMojibake(friend.name).trim();
    if (!name) {
      skipped.push({ file, line, reason: 'friend with an empty name (deactivated account)' });
      return;
    }
    const timestamp = typeof friend.timestamp === 'number' ? friend.timestamp : undefined;
    const record = emptyContact(line, file, `facebook:${hashKey(name, timestamp)}`, name);
    const connectedOn = unixSecondsToIsoDate(timestamp);
    if (connectedOn) record.connectedOn = connectedOn;
    else if (friend.timestamp !== undefined) {
      errors.push({
        file,
        line,
        field: 'timestamp',
        message: `not a Unix timestamp: ${String(friend.timestamp)}`,
      });
    }
    // Some older exports carry one contact detail per friend.
    if (typeof friend.contact_info === 'string' && friend.contact_info.trim()) {
      const info = repairMojibake(friend.contact_info.trim());
      if (info.includes('@')) record.emails.push({ value: info });
      else record.phones.push({ value: info });
    }
    records.push(record);
  });
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}
