import type { ContactRecord } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { emptyContact } from './empty-contact.ts';
import { jsonElementLines, readJson } from './read-json.ts';
import { makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8 } from './text-decoding.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits `window.YTD.following.part0 = [ … ]` into its JSON text and the number of lines before
 * it. The file is JavaScript, but it is never evaluated: only the array literal is read as JSON.
 */
function stripAssignment(text: string): { json: string; lineOffset: number } | undefined {
  const start = text.length - text.trimStart().length;
  if (text.startsWith('[', start)) return { json: text, lineOffset: 0 };
  if (!text.startsWith('window.YTD.', start)) return undefined;
  const equals = text.indexOf('=', start);
  if (equals === -1) return undefined;
  let lineOffset = 0;
  for (let i = 0; i < equals; i++) if (text.charCodeAt(i) === 10) lineOffset += 1;
  return { json: text.slice(equals + 1), lineOffset };
}

/** Reads X (Twitter) `following.js` / `follower.js`: account ids only, named `X user <id>`. */
export function parseXConnections(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const { file } = options;
  const records: ContactRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const decoded = decodeUtf8(input, file);
  const errors: ParseIssue[] = [...decoded.errors];
  if (errors.length > 0) return { records, errors, skipped };
  const body = stripAssignment(decoded.text);
  if (!body) {
    errors.push({
      file,
      line: 1,
      message: 'not an X archive file: expected `window.YTD.following.part0 = [ … ]`',
    });
    return { records, errors, skipped };
  }
  const read = readJson(body.json, file, body.lineOffset);
  if (!read.ok) return { records, errors: [read.error], skipped };
  if (!Array.isArray(read.value)) {
    errors.push({ file, line: 1, message: 'not an X archive file: the assigned value is not a list' });
    return { records, errors, skipped };
  }
  const lines = jsonElementLines(body.json).get('') ?? [];
  read.value.forEach((item: unknown, i) => {
    const line = (lines[i] ?? 1) + body.lineOffset;
    const account = isRecord(item) ? (item.following ?? item.follower) : undefined;
    const id = isRecord(account) ? account.accountId : undefined;
    if (!isRecord(account) || typeof id !== 'string' || !/^\d+$/.test(id)) {
      errors.push({ file, line, field: 'accountId', message: 'entry without a numeric accountId' });
      return;
    }
    const record = emptyContact(line, file, `x:${id}`, `X user ${id}`);
    const link = typeof account.userLink === 'string' && account.userLink.trim();
    record.urls.push({ value: link || `https://twitter.com/intent/user?user_id=${id}`, label: 'x' });
    records.push(record);
  });
  makeSourceKeysUnique(records);
  return { records, errors, skipped };
}
