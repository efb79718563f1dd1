import type { ContactRecord } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { unixSecondsToIsoDate } from './contact-dates.ts';
import { emptyContact } from './empty-contact.ts';
import { repairMojibake } from './mojibake.ts';
import { jsonElementLines, readJson } from './read-json.ts';
import { makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8 } from './text-decoding.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The user name at the end of an Instagram profile link (`…/ana`, `…/_u/ana`). */
function userNameFromHref(href: string): string {
  const path = href.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter(Boolean);
  return segments[segments.length - 1] ?? '';
}

/** Reads Instagram following / followers JSON, old shape and new, object or top-level array. */
export function parseInstagramConnections(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const { file } = options;
  const records: ContactRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const decoded = decodeUtf8(input, file);
  const errors: ParseIssue[] = [...decoded.errors];
  if (errors.length > 0) return { records, errors, skipped };
  const read = readJson(decoded.text, file);
  if (!read.ok) return { records, errors: [read.error], skipped };

  let key = '';
  let entries: unknown;
  if (Array.isArray(read.value)) entries = read.value;
  else if (isRecord(read.value)) {
    const value = read.value;
    const found = Object.keys(value).find((k) => k.startsWith('relationships_') && Array.isArray(value[k]));
    if (found) {
      key = found;
      entries = value[found];
    }
  }
  if (!Array.isArray(entries)) {
    errors.push({
      file,
      line: 1,
      message: 'not an Instagram export: no "relationships_following" or followers list',
    });
    return { records, errors, skipped };
  }
  const lines = jsonElementLines(decoded.text).get(key) ?? [];
  entries.forEach((entry: unknown, i) => {
    const line = lines[i] ?? 1;
    const data =
      isRecord(entry) && Array.isArray(entry.string_list_data) ? entry.string_list_data[0] : undefined;
    if (!isRecord(entry) || !isRecord(data)) {
      errors.push({ file, line, field: 'string_list_data', message: 'entry without string_list_data' });
      return;
    }
    const href = typeof data.href === 'string' ? data.href.trim() : '';
    // Old exports put the user name in `value`; newer ones in `title`.
    const rawName =
      (typeof data.value === 'string' && data.value.trim()) ||
      (typeof entry.title === 'string' && entry.title.trim()) ||
      userNameFromHref(href);
    const userName = repairMojibake(rawName);
    if (!userName) {
      skipped.push({ file, line, reason: 'entry without a user name or profile link' });
      return;
    }
    const record = emptyContact(line, file, `instagram:${userName.toLowerCase()}`, userName);
    record.handles.push({ value: userName, label: 'instagram' });
    record.urls.push({ value: href || `https://www.instagram.com/${userName}`, label: 'instagram' });
    const connectedOn = unixSecondsToIsoDate(data.timestamp);
    if (connectedOn) record.connectedOn = connectedOn;
    records.push(record);
  });
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}
