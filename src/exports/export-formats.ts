import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { FathomError } from '../domain/errors.ts';
import type { Store } from '../store/open-store.ts';
import { openSnapshot } from '../store/ledger-snapshot.ts';
import type { LedgerSnapshot } from '../store/ledger-snapshot.ts';
import { entriesCsv } from './entries-csv.ts';
import { entriesIcs } from './entries-ics.ts';
import { peopleCsv } from './people-csv.ts';
import { writePeopleVcard } from './people-vcard.ts';
import { archiveText } from './write-archive.ts';

/** Every way the ledger can be exported. */
export const exportFormats = ['archive', 'people-csv', 'entries-csv', 'ics', 'vcard'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** What one export format writes and how a download is labelled. */
export interface ExportFormatSpec {
  /** What the file holds, as the CLI and the web app say it. */
  label: string;
  /** The download's name: `fathom-NAME-DATE` and the extension. */
  name: string;
  extension: string;
  contentType: string;
  /** The file's text in chunks, read from a snapshot of the ledger; `counts` says what it holds when done. */
  text(
    snapshot: LedgerSnapshot,
    accountId: string,
    now: Date,
    counts: Record<string, number>,
  ): AsyncIterable<string>;
}

export const exportFormatSpecs: Record<ExportFormat, ExportFormatSpec> = {
  archive: {
    label: 'everything (the archive)',
    name: 'archive',
    extension: '.json',
    contentType: 'application/json; charset=utf-8',
    text: (snapshot, accountId, now, counts) => archiveText(snapshot, accountId, now, counts),
  },
  'people-csv': {
    label: 'people as CSV',
    name: 'people',
    extension: '.csv',
    contentType: 'text/csv; charset=utf-8',
    text: (snapshot, accountId) => peopleCsv(snapshot.db, accountId),
  },
  'entries-csv': {
    label: 'entries as CSV',
    name: 'entries',
    extension: '.csv',
    contentType: 'text/csv; charset=utf-8',
    text: (snapshot, accountId) => entriesCsv(snapshot.db, accountId),
  },
  ics: {
    label: 'entries as a calendar (ICS)',
    name: 'entries',
    extension: '.ics',
    contentType: 'text/calendar; charset=utf-8',
    text: (snapshot, accountId) => entriesIcs(snapshot.db, accountId),
  },
  vcard: {
    label: 'people as vCard 4.0',
    name: 'people',
    extension: '.vcf',
    contentType: 'text/vcard; charset=utf-8',
    text: (snapshot, accountId) => whole(writePeopleVcard(snapshot.db, accountId)),
  },
};

/** A text made whole before it is written, as a chunked one (for writers that return a string). */
export async function* whole(text: Promise<string>): AsyncGenerator<string> {
  yield await text;
}

/**
 * The format a file name asks for: `.json`, `.json.gz` and `.fathom` are archives, `.ics` a calendar,
 * `.vcf` people as vCards;
 * a `.csv` could hold people or entries, so it needs `--format`. Null when the name does not say.
 */
export function formatOfFile(path: string): ExportFormat | 'csv' | null {
  const name = path.toLowerCase();
  if (name.endsWith('.json') || name.endsWith('.json.gz') || name.endsWith('.fathom')) return 'archive';
  if (name.endsWith('.ics')) return 'ics';
  if (name.endsWith('.vcf') || name.endsWith('.vcard')) return 'vcard';
  if (name.endsWith('.csv')) return 'csv';
  return null;
}

/** Whether an archive written to this file is compressed: `.fathom` and `.gz` are, `.json` is plain text. */
export function compressedName(path: string): boolean {
  const name = path.toLowerCase();
  return name.endsWith('.fathom') || name.endsWith('.gz');
}

/** An export under way: its bytes, to be read once, and what it held once they are read. */
export interface ExportStream {
  bytes: AsyncIterable<Uint8Array>;
  /** The archive's rows per table, filled as the bytes are read. */
  counts: Record<string, number>;
}

/**
 * An export of the account as bytes, made as they are read (gzip-compressed when asked): the
 * first read takes a snapshot of the ledger, which is closed when the bytes end, fail or are
 * abandoned, so bytes never read hold nothing open.
 */
export function exportBytes(
  store: Store,
  accountId: string,
  format: ExportFormat,
  options: { now: Date; compress: boolean },
): ExportStream {
  const spec = exportFormatSpecs[format];
  if (!spec)
    throw new FathomError('invalid_input', `format: "${format}" is not an export format.`, {
      field: 'format',
    });
  const counts: Record<string, number> = {};
  async function* encoded(): AsyncGenerator<Uint8Array> {
    const snapshot = await openSnapshot(store);
    try {
      for await (const text of spec.text(snapshot, accountId, options.now, counts))
        yield Buffer.from(text, 'utf8');
    } finally {
      await snapshot.close();
    }
  }
  if (!options.compress) return { bytes: encoded(), counts };
  // `pipeline` carries a failure on either side to the other (`pipe` would leave the gzip waiting).
  const gzip = createGzip();
  pipeline(Readable.from(encoded()), gzip, () => undefined);
  return { bytes: gzip, counts };
}
