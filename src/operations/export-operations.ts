import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { formatSize } from '../ingest/import-contacts.ts';
import {
  compressedName,
  exportFormats,
  exportFormatSpecs,
  formatOfFile,
  exportBytes,
} from '../exports/export-formats.ts';
import type { ExportFormat } from '../exports/export-formats.ts';
import { restoreArchive } from '../exports/restore-archive.ts';
import type { RestoreReport } from '../exports/restore-archive.ts';
import { backupSqlite } from '../store/backup-sqlite.ts';
import { getSettings } from '../store/settings-store.ts';
import { line } from './fields.ts';
import { defineOperation } from './registry.ts';
import type { Context, Download } from './registry.ts';

/** Largest archive a restore reads from disk: far beyond any ledger, it only stops a device that never ends. */
const maxArchiveBytes = 64 * 1024 * 1024 * 1024;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The file writer of the CLI, or a clear refusal elsewhere: over HTTP a file goes back as a download. */
function fileWriter(ctx: Context): NonNullable<Context['writeFile']> {
  if (!ctx.writeFile)
    throw new FathomError(
      'invalid_input',
      'file: files are written only from the command line; download the export instead.',
      {
        field: 'file',
      },
    );
  return ctx.writeFile;
}

/** The format of an export to `file`: as asked, or as the file's name says. */
function chosenFormat(file: string, asked: ExportFormat | undefined): ExportFormat {
  if (asked) return asked;
  const named = formatOfFile(file);
  if (named === 'csv')
    throw new FathomError(
      'invalid_input',
      `format: a .csv file can hold people or entries; add --format people-csv or --format entries-csv.`,
      { field: 'format' },
    );
  if (named === null)
    throw new FathomError(
      'invalid_input',
      `format: ${file} does not say what to export; name it .fathom or .json (the archive), .ics or .vcf, or add --format ${exportFormats.join('|')}.`,
      { field: 'format' },
    );
  return named;
}

/** A short count of what an archive holds, for the terminal. */
function archiveSummary(counts: Record<string, number>): string {
  const named: [string, string, string][] = [
    ['people', 'person', 'people'],
    ['entries', 'entry', 'entries'],
    ['goals', 'goal', 'goals'],
    ['import_runs', 'import run', 'import runs'],
    ['reviews', 'review', 'reviews'],
    ['judging_rules', 'rule', 'rules'],
  ];
  const parts = named
    .filter(([t]) => (counts[t] ?? 0) > 0)
    .map(([t, one, many]) => plural(counts[t]!, one, many));
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${parts.join(', ') || 'nothing yet'} (${plural(rows, 'row')} in ${plural(Object.keys(counts).length, 'table')})`;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  compressed: boolean;
  bytes: number;
  /** The archive's rows per table; empty for the other formats. */
  tables: Record<string, number>;
}

export const exportFile = defineOperation({
  name: 'export',
  summary:
    'Export the ledger to a file: everything as an archive (.fathom, .json), people or entries as CSV, entries as ICS',
  mutates: false,
  input: z.object({
    file: line(1000).describe(
      'The file to write (.fathom or .json: the archive, .ics: a calendar, .vcf: people as vCards, .csv: with --format)',
    ),
    format: z.enum(exportFormats).optional().describe('What to export, instead of what the file name says'),
    force: z.boolean().optional().describe('Replace the file if it exists'),
  }),
  cli: { command: 'export', args: ['file'] },
  localOnly: 'writes a file; over HTTP, GET /exports/{format} downloads the same export',
  async run(ctx, input): Promise<ExportResult> {
    const write = fileWriter(ctx);
    const format = chosenFormat(input.file, input.format);
    const compressed = format === 'archive' && compressedName(input.file);
    let tables: Record<string, number> = {};
    const written = await write(
      input.file,
      async (temporary) => {
        const stream = exportBytes(ctx.store, ctx.accountId, format, {
          now: ctx.now(),
          compress: compressed,
        });
        await pipeline(Readable.from(stream.bytes), createWriteStream(temporary, { flags: 'wx' }));
        tables = stream.counts;
      },
      { replace: input.force ?? false },
    );
    return { file: written.path, format, compressed, bytes: written.bytes, tables };
  },
  text: (r) => {
    const size = formatSize(r.bytes);
    if (r.format !== 'archive') return `Wrote ${exportFormatSpecs[r.format].label} to ${r.file} (${size}).`;
    return [
      `Wrote the archive of your ledger to ${r.file} (${size}${r.compressed ? ', compressed' : ''}): ${archiveSummary(r.tables)}.`,
      `Restore it into an empty ledger with: fathom restore ${r.file}`,
    ].join('\n');
  },
});

export const exportDownload = defineOperation({
  name: 'export.download',
  summary:
    'Download the ledger: everything as an archive (gzip-compressed JSON), people or entries as CSV, entries as ICS, people as vCard 4.0',
  mutates: false,
  input: z.object({ format: z.enum(exportFormats).describe('What to export') }),
  http: {
    method: 'GET',
    path: '/exports/{format}',
    // The archive goes compressed; the others as their own text.
    download: [
      'application/gzip',
      'text/csv; charset=utf-8',
      'text/calendar; charset=utf-8',
      'text/vcard; charset=utf-8',
    ],
  },
  async run(ctx, input): Promise<Download> {
    const spec = exportFormatSpecs[input.format];
    const { timeZone } = await getSettings(ctx.db, ctx.accountId);
    const now = ctx.now();
    const archive = input.format === 'archive';
    return {
      fileName: `fathom-${spec.name}-${localDateOf(now, timeZone)}${spec.extension}${archive ? '.gz' : ''}`,
      contentType: archive ? 'application/gzip' : spec.contentType,
      body: exportBytes(ctx.store, ctx.accountId, input.format, { now, compress: archive }).bytes,
    };
  },
});

export const restore = defineOperation({
  name: 'restore',
  summary: 'Restore an archive made by fathom export into an empty ledger (SQLite or PostgreSQL)',
  mutates: true,
  input: z.object({ file: line(1000).describe('The archive (.fathom, .json or .json.gz)') }),
  cli: { command: 'restore', args: ['file'] },
  localOnly: 'reads an archive from disk and replaces a whole ledger, so only the command line offers it',
  async run(ctx, input): Promise<RestoreReport> {
    if (!ctx.streamFile)
      throw new FathomError(
        'invalid_input',
        'file: an archive is restored from the command line: fathom restore FILE.',
        {
          field: 'file',
        },
      );
    const file = await ctx.streamFile(input.file, maxArchiveBytes, 0);
    const fileName = input.file.split(/[\\/]/).pop() || input.file;
    return restoreArchive(
      {
        db: ctx.db,
        dialect: ctx.store.dialect,
        accountId: ctx.accountId,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
      },
      { chunks: file.chunks(), fileName, ...(file.size !== undefined ? { size: file.size } : {}) },
    );
  },
  text: (r) => {
    const lines = [
      `Restored ${r.fileName}, the archive of account "${r.from.name}" made ${r.exportedAt.slice(0, 16).replace('T', ' ')} UTC: ${archiveSummary(r.tables)}.`,
    ];
    if (r.replacedPurpose !== null)
      lines.push(`The archive's settings replaced this ledger's (its purpose was: ${r.replacedPurpose}).`);
    lines.push('Rollups rebuilt; the ledger is ready.');
    return lines.join('\n');
  },
});

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

export const backup = defineOperation({
  name: 'backup',
  summary:
    'Copy a SQLite ledger to a file, consistently, even while the server is running (PostgreSQL: use pg_dump)',
  mutates: false,
  input: z.object({
    file: line(1000).describe('The copy to write'),
    force: z.boolean().optional().describe('Replace the file if it exists'),
  }),
  cli: { command: 'backup', args: ['file'] },
  localOnly: "copies the database file beside it, on the database's own machine",
  async run(ctx, input): Promise<BackupResult> {
    if (ctx.store.dialect === 'postgres')
      throw new FathomError(
        'invalid_input',
        `backup: this ledger is on PostgreSQL (${ctx.store.location}), which has its own backup tool: pg_dump --format=custom --file fathom.dump "$FATHOM_DB" (and pg_restore to bring it back). Or export a portable archive with: fathom export ledger.fathom`,
      );
    const write = fileWriter(ctx);
    let pages = 0;
    const written = await write(
      input.file,
      async (temporary) => {
        pages = (await backupSqlite(ctx.store.location, temporary)).pages;
      },
      { replace: input.force ?? false },
    );
    return { file: written.path, bytes: written.bytes, pages };
  },
  text: (r) =>
    `Copied the ledger to ${r.file} (${formatSize(r.bytes)}). It is a complete Fathom database: open it with fathom --db ${r.file}`,
});

export const exportOperations = [exportFile, exportDownload, restore, backup];
