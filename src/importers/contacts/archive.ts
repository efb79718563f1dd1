import type { Readable } from 'node:stream';

import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';

import type { ParseIssue } from '../parse-result.ts';

/** Bounds checked before anything is inflated, and again while inflating. */
export interface ArchiveLimits {
  /** Total uncompressed bytes of the files extracted (default 200 MB). */
  maxTotalBytes: number;
  /** Entries in the archive, as the central directory declares (default 10,000). */
  maxEntries: number;
  /** Uncompressed / compressed size of one entry (default 100). */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 100,
};

/**
 * Small files may compress far better than 100:1 (a CSV of empty quoted columns does), and
 * cannot hurt anyone; the ratio limit applies to entries larger than this.
 */
const RATIO_CHECK_FLOOR = 1024 * 1024;

/** One entry of the central directory. */
export interface ArchiveEntry {
  path: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Whether the entry holds contacts Fathom reads (and so was extracted). */
  relevant: boolean;
}

/** An extracted file. */
export interface ArchiveFile {
  path: string;
  bytes: Uint8Array;
}

export interface ArchiveContents {
  entries: ArchiveEntry[];
  files: ArchiveFile[];
  errors: ParseIssue[];
}

/** Why an entry path is unsafe to use, or undefined when it is safe. */
export function unsafePathReason(path: string): string | undefined {
  if (path.includes('\0')) return 'a NUL character';
  if (path.includes('\\')) return 'a backslash';
  if (path.startsWith('/')) return 'an absolute path';
  if (/^[a-zA-Z]:/.test(path)) return 'a drive letter';
  if (path.split('/').includes('..')) return 'a parent-directory (..) segment';
  return undefined;
}

/** True for the files of LinkedIn, Facebook, Instagram, X and Google archives that hold contacts. */
export function isContactFilePath(path: string): boolean {
  if (path.startsWith('__MACOSX/') || path.endsWith('/')) return false;
  const base = (path.split('/').pop() ?? '').toLowerCase();
  if (base.startsWith('._')) return false;
  return (
    base === 'connections.csv' ||
    base === 'friends.json' ||
    base === 'your_friends.json' ||
    // The HTML variants are extracted only so the user is told to download JSON instead.
    base === 'friends.html' ||
    base === 'your_friends.html' ||
    base === 'following.json' ||
    /^followers(_\d+)?\.json$/.test(base) ||
    base === 'following.js' ||
    base === 'follower.js' ||
    base.endsWith('.vcf')
  );
}

function openZip(source: string | Uint8Array): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip: ZipFile): void => (error ? reject(error) : resolve(zip));
    if (typeof source === 'string') yauzl.open(source, options, done);
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done);
  });
}

/** Reads the whole central directory, one entry at a time. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

/** Inflates one entry, stopping as soon as it yields more than `limit` bytes. */
async function inflate(zip: ZipFile, entry: Entry, limit: number): Promise<Uint8Array | 'too-large'> {
  const stream = await openStream(zip, entry);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      stream.destroy();
      return 'too-large';
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function entryPath(entry: Entry): string {
  // Keep backslashes as they are (strict) so that unsafePathReason can refuse them.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Lists a ZIP export and extracts the files that hold contacts. Unsafe entry paths are refused,
 * and entry count, total size and compression ratio are checked against the central directory
 * before inflating anything, then byte counts are checked again while inflating. Never throws.
 */
export async function readArchive(
  source: string | Uint8Array,
  limits: Partial<ArchiveLimits> = {},
  archiveName = typeof source === 'string' ? source : undefined,
): Promise<ArchiveContents> {
  const bounds = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const result: ArchiveContents = { entries: [], files: [], errors: [] };
  const fail = (message: string, file = archiveName): ArchiveContents => {
    result.errors.push({ file, message });
    return result;
  };
  let zip: ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    return fail(`not a readable ZIP archive: ${messageOf(error)}`);
  }
  try {
    if (zip.entryCount > bounds.maxEntries) {
      return fail(`the archive has ${zip.entryCount} entries, more than the limit of ${bounds.maxEntries}`);
    }
    let entries: Entry[];
    try {
      entries = await listEntries(zip);
    } catch (error) {
      return fail(`the archive's directory is damaged: ${messageOf(error)}`);
    }

    const wanted: { entry: Entry; path: string }[] = [];
    for (const entry of entries) {
      const path = entryPath(entry);
      const unsafe = unsafePathReason(path);
      if (unsafe) {
        result.errors.push({
          file: archiveName,
          field: path,
          message: `entry refused: its path "${path}" has ${unsafe}; the archive may be malicious`,
        });
        continue;
      }
      const relevant = isContactFilePath(path);
      result.entries.push({
        path,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        relevant,
      });
      if (relevant) wanted.push({ entry, path });
    }

    // Check what the directory declares before inflating a single byte.
    let declaredTotal = 0;
    let refused = false;
    for (const { entry, path } of wanted) {
      declaredTotal += entry.uncompressedSize;
      if (entry.isEncrypted()) {
        result.errors.push({
          file: path,
          message: 'the entry is encrypted; export the archive without a password',
        });
        refused = true;
      }
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > RATIO_CHECK_FLOOR && ratio > bounds.maxRatio) {
        result.errors.push({
          file: path,
          message:
            `the entry would inflate ${Math.round(ratio)}× (${entry.compressedSize} → ${entry.uncompressedSize} bytes), ` +
            `beyond the limit of ${bounds.maxRatio}×; this looks like a ZIP bomb`,
        });
        refused = true;
      }
    }
    if (declaredTotal > bounds.maxTotalBytes) {
      result.errors.push({
        file: archiveName,
        message: `the contact files would inflate to ${declaredTotal} bytes, more than the limit of ${bounds.maxTotalBytes}`,
      });
      refused = true;
    }
    if (refused) return result;

    let budget = bounds.maxTotalBytes;
    for (const { entry, path } of wanted) {
      const oversized = {
        file: path,
        message: `the entry inflates to more than its declared ${entry.uncompressedSize} bytes; the archive is corrupt or a ZIP bomb`,
      };
      try {
        const bytes = await inflate(zip, entry, Math.min(entry.uncompressedSize, budget));
        if (bytes === 'too-large') {
          result.errors.push(oversized);
          return result;
        }
        budget -= bytes.length;
        result.files.push({ path, bytes });
      } catch (error) {
        // yauzl's own size check (validateEntrySizes) may notice the lie before our counter does.
        if (messageOf(error).startsWith('too many bytes in the stream')) {
          result.errors.push(oversized);
          return result;
        }
        result.errors.push({ file: path, message: `could not extract the entry: ${messageOf(error)}` });
      }
    }
    return result;
  } finally {
    zip.close();
  }
}
