import Papa from 'papaparse';

import { looksLikeHtml } from './facebook-json.ts';
import { isLinkedInHeader } from './linkedin-csv.ts';
import { stripBom } from './text-decoding.ts';

/** The contact (and calendar) formats Fathom tells apart. */
export type ContactFormat =
  | 'vcard'
  | 'linkedin'
  | 'google'
  | 'google-legacy'
  | 'outlook'
  | 'facebook'
  | 'instagram'
  | 'x'
  | 'zip'
  | 'ics'
  | 'unknown';

/** How many leading bytes detection looks at; callers may pass more, the rest is ignored. */
export const DETECTION_HEAD_BYTES = 64 * 1024;

const SUPPORTED =
  'vCard (.vcf), LinkedIn Connections.csv, Google Contacts CSV, Outlook CSV, Facebook friends JSON, ' +
  'Instagram following/followers JSON, X following.js / follower.js, or a ZIP archive holding them';

function isZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5) &&
    (head[3] === 4 || head[3] === 6)
  );
}

/** Leading text of a file, whatever its BOM; lenient because the head may end mid-character. */
function headText(head: Uint8Array): string {
  const slice = head.subarray(0, DETECTION_HEAD_BYTES);
  if (slice[0] === 0xff && slice[1] === 0xfe) return new TextDecoder('utf-16le').decode(slice);
  if (slice[0] === 0xfe && slice[1] === 0xff) return new TextDecoder('utf-16be').decode(slice);
  return stripBom(new TextDecoder('utf-8').decode(slice));
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** Header cells of CSV text, skipping LinkedIn's `Notes:` preamble. */
function csvHeader(text: string): string[] {
  let body = text;
  if (body.startsWith('Notes:')) {
    // The preamble is a quoted paragraph followed by a blank line.
    const blank = body.search(/\r?\n\r?\n/);
    if (blank !== -1) body = body.slice(blank).trimStart();
  }
  const line = firstLine(body);
  const delimiter = [';', '\t'].find((d) => line.split(d).length > line.split(',').length) ?? ',';
  return (Papa.parse<string[]>(line, { delimiter }).data[0] ?? []).map((cell) => cell.trim());
}

function extension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Recognizes a contacts export from its magic bytes, header or content, and only then its name. */
export function detectContactFormat(fileName: string, head: Uint8Array): ContactFormat {
  if (isZip(head)) return 'zip';
  const text = headText(head).trimStart();
  const upper = text.slice(0, 64).toUpperCase();
  if (upper.startsWith('BEGIN:VCARD')) return 'vcard';
  if (upper.startsWith('BEGIN:VCALENDAR')) return 'ics';
  if (text.startsWith('window.YTD.')) return 'x';
  if (looksLikeHtml(text)) {
    // Facebook's HTML export; the Facebook reader explains how to get JSON instead.
    return /friends/i.test(fileName) || /friends/i.test(text.slice(0, 4096)) ? 'facebook' : 'unknown';
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    if (text.includes('"friends_v2"') || /^\{\s*"friends"\s*:/.test(text)) return 'facebook';
    if (text.includes('"relationships_') || text.includes('"string_list_data"')) return 'instagram';
    if (text.includes('"accountId"') && /"follow(ing|er)"/.test(text)) return 'x';
    return 'unknown';
  }
  if (text.startsWith('Notes:')) return 'linkedin';
  const header = csvHeader(text);
  const cells = new Set(header);
  if (header.length > 1) {
    if (cells.has('Given Name') && (cells.has('Group Membership') || cells.has('Additional Name')))
      return 'google-legacy';
    if (
      cells.has('E-mail 1 - Value') ||
      (cells.has('First Name') && cells.has('Labels') && cells.has('File As'))
    ) {
      return 'google';
    }
    if (cells.has('First Name') && cells.has('E-mail Address')) return 'outlook';
    if (isLinkedInHeader(header)) return 'linkedin';
  }
  switch (extension(fileName)) {
    case 'vcf':
    case 'vcard':
      return 'vcard';
    case 'ics':
      return 'ics';
    case 'zip':
      return 'zip';
    default:
      return 'unknown';
  }
}

function hasBinaryCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) return true;
  }
  return false;
}

/** A message for a file detection did not recognize, saying what it looks like and what to do. */
export function unknownFormatMessage(fileName: string, head: Uint8Array): string {
  const text = headText(head).trimStart();
  const name = fileName || 'this file';
  if (looksLikeHtml(text)) {
    return `${name} is an HTML page, not a contacts export; for Facebook, choose “Download your information → Format: JSON”`;
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    return `${name} is JSON, but not a Facebook friends, Instagram or X export Fathom knows; supported: ${SUPPORTED}`;
  }
  const header = csvHeader(text);
  const printable = text.length > 0 && !hasBinaryCharacters(text.slice(0, 512));
  if (printable && header.length > 1) {
    const shown = header.slice(0, 12).join(', ') + (header.length > 12 ? ', …' : '');
    return (
      `${name} looks like a CSV with the columns ${shown}, which is not a layout Fathom recognizes; ` +
      `import it as a generic CSV with a column mapping (for example name → "${header[0]}")`
    );
  }
  return `${name} is not a contacts export Fathom can read; supported: ${SUPPORTED}`;
}
