import type { ContactRecord } from '../contact-record.ts';
import type { ParseResult } from '../parse-result.ts';
import { readArchive } from './archive.ts';
import type { ArchiveLimits } from './archive.ts';
import { DETECTION_HEAD_BYTES, detectContactFormat, unknownFormatMessage } from './detect-format.ts';
import type { ContactFormat } from './detect-format.ts';
import { parseFacebookFriends } from './facebook-json.ts';
import { parseGenericCsv } from './generic-csv.ts';
import type { CsvColumnMapping } from './generic-csv.ts';
import { parseGoogleContacts } from './google-csv.ts';
import { parseInstagramConnections } from './instagram-json.ts';
import { parseLinkedInConnections, readLinkedInConnections } from './linkedin-csv.ts';
import { parseOutlookContacts } from './outlook-csv.ts';
import { parseXConnections } from './x-following.ts';

/** Formats a caller may force; `generic-csv` needs a mapping. */
export type ContactFileFormat = Exclude<ContactFormat, 'unknown' | 'ics'> | 'generic-csv';

export interface ParseContactsOptions {
  /** Skip detection and read the file as this format. */
  format?: ContactFileFormat;
  /** Column mapping for a generic CSV; giving one implies `generic-csv` unless a format is forced. */
  mapping?: CsvColumnMapping;
  /** Delimiter of a generic CSV (guessed when left out). */
  delimiter?: string;
  /** Limits for ZIP archives (defaults in DEFAULT_ARCHIVE_LIMITS). */
  archiveLimits?: Partial<ArchiveLimits>;
}

/** What parseContactFile returns: the records, and which format (and ZIP entries) they came from. */
export type ContactFileResult = ParseResult<ContactRecord> & {
  format: string;
  /** For a ZIP: each contact file inside and the format it was read as. */
  entries?: { path: string; format: string }[];
};

function emptyResult(format: string): ContactFileResult {
  return { format, records: [], errors: [], skipped: [] };
}

/** Reads one non-archive file in a known format. */
async function parseSingle(
  bytes: Uint8Array,
  file: string,
  format: ContactFormat | 'generic-csv',
  options: ParseContactsOptions,
): Promise<ContactFileResult> {
  const read = (result: ParseResult<ContactRecord>): ContactFileResult => ({ format, ...result });
  switch (format) {
    case 'linkedin':
      return read(parseLinkedInConnections(bytes, { file }));
    case 'google':
    case 'google-legacy':
      return read(parseGoogleContacts(bytes, { file }));
    case 'outlook':
      return read(parseOutlookContacts(bytes, { file }));
    case 'facebook':
      return read(parseFacebookFriends(bytes, { file }));
    case 'instagram':
      return read(parseInstagramConnections(bytes, { file }));
    case 'x':
      return read(parseXConnections(bytes, { file }));
    case 'vcard': {
      // Loaded on demand: most imports never need the vCard reader.
      const { parseVcard } = await import('../vcard/vcard-reader.ts');
      return read(parseVcard(bytes, { file }));
    }
    case 'generic-csv': {
      const result = emptyResult(format);
      if (!options.mapping) {
        result.errors.push({
          file,
          message: 'a generic CSV needs a column mapping (for example name → "Name")',
        });
        return result;
      }
      const { mapping, delimiter } = options;
      return read(parseGenericCsv(bytes, { file, mapping, ...(delimiter ? { delimiter } : {}) }));
    }
    case 'ics': {
      const result = emptyResult(format);
      result.errors.push({
        file,
        message: 'this is a calendar (ICS) file; import it as time entries, not as contacts',
      });
      return result;
    }
    case 'zip':
    case 'unknown': {
      const result = emptyResult('unknown');
      result.errors.push({
        file,
        message: unknownFormatMessage(file, bytes.subarray(0, DETECTION_HEAD_BYTES)),
      });
      return result;
    }
  }
}

/** Unzips an archive and reads every contact file in it, each with its entry path as `file`. */
async function parseArchive(
  bytes: Uint8Array,
  fileName: string,
  options: ParseContactsOptions,
): Promise<ContactFileResult> {
  const archive = await readArchive(bytes, options.archiveLimits, fileName);
  const result: ContactFileResult = { ...emptyResult('zip'), errors: [...archive.errors], entries: [] };
  // The same account often appears twice (following and followers): keep the first.
  const seenKeys = new Map<string, string>();
  for (const file of archive.files) {
    const format = detectContactFormat(file.path, file.bytes.subarray(0, DETECTION_HEAD_BYTES));
    if (format === 'zip') {
      result.skipped.push({
        file: file.path,
        reason: 'archive inside the archive; unzip it and import it on its own',
      });
      continue;
    }
    const inner = await parseSingle(file.bytes, file.path, format, {});
    result.entries?.push({ path: file.path, format: inner.format });
    result.errors.push(...inner.errors);
    result.skipped.push(...inner.skipped);
    for (const record of inner.records) {
      const first = seenKeys.get(record.sourceKey);
      if (first !== undefined) {
        result.skipped.push({ file: file.path, line: record.line, reason: `same account as in ${first}` });
        continue;
      }
      seenKeys.set(record.sourceKey, file.path);
      result.records.push(record);
    }
  }
  if (archive.errors.length === 0 && archive.files.length === 0) {
    result.errors.push({
      file: fileName,
      message:
        'the archive holds no contact files (Connections.csv, your_friends.json, following.json, followers_1.json, data/following.js, .vcf)',
    });
  }
  return result;
}

/** Detects the format of a contacts export (or takes the one given), unzips it if needed, and reads it. */
export async function parseContactFile(
  bytes: Uint8Array,
  fileName: string,
  options: ParseContactsOptions = {},
): Promise<ContactFileResult> {
  const format =
    options.format ??
    (options.mapping
      ? 'generic-csv'
      : detectContactFormat(fileName, bytes.subarray(0, DETECTION_HEAD_BYTES)));
  if (format === 'zip') return parseArchive(bytes, fileName, options);
  return parseSingle(bytes, fileName, format, options);
}

/** One part of a contacts export being read, and how much of the file has been read with it (0 to 1). */
export type ContactFilePart = ParseResult<ContactRecord> & { read: number };

/** A contacts export read a part at a time: a large file never has all its records in memory. */
export interface ContactFileReader {
  format: string;
  /** For a ZIP: each contact file inside and the format it was read as. */
  entries?: { path: string; format: string }[];
  parts: Iterable<ContactFilePart>;
}

/** Records per part of a file read whole (the formats that are not read in parts). */
const partRecords = 2000;

/** A whole result handed out in parts: its issues and skipped records with the first part. */
function* inParts(result: ParseResult<ContactRecord>): Generator<ContactFilePart> {
  const { records } = result;
  let at = 0;
  do {
    const end = Math.min(records.length, at + partRecords);
    const first = at === 0;
    yield {
      records: records.slice(at, end),
      errors: first ? result.errors : [],
      skipped: first ? result.skipped : [],
      read: records.length === 0 ? 1 : end / records.length,
    };
    at = end;
  } while (at < records.length);
}

/**
 * Detects the format of a contacts export (or takes the one given) and reads it a part at a
 * time: LinkedIn CSV and vCard files are read in parts as they are consumed; other formats
 * (and ZIP archives) are read whole and handed out in parts.
 */
export async function readContactFile(
  bytes: Uint8Array,
  fileName: string,
  options: ParseContactsOptions = {},
): Promise<ContactFileReader> {
  const format =
    options.format ??
    (options.mapping
      ? 'generic-csv'
      : detectContactFormat(fileName, bytes.subarray(0, DETECTION_HEAD_BYTES)));
  if (format === 'linkedin') return { format, parts: readLinkedInConnections(bytes, { file: fileName }) };
  if (format === 'vcard') {
    const { readVcardBatches } = await import('../vcard/vcard-reader.ts');
    return { format, parts: readVcardBatches(bytes, { file: fileName }) };
  }
  const whole = await parseContactFile(bytes, fileName, options);
  return {
    format: whole.format,
    ...(whole.entries ? { entries: whole.entries } : {}),
    parts: inParts(whole),
  };
}
