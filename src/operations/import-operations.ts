import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import { formatMinutes } from '../domain/duration.ts';
import { utcToZoned } from '../domain/zoned-time.ts';
import { defaultMaxImportBytes, describeIssue, importContacts } from '../ingest/import-contacts.ts';
import type { ImportReport, MergeChoice, ReportPerson } from '../ingest/import-contacts.ts';
import type { CsvColumnMapping } from '../importers/contacts/generic-csv.ts';
import { importCalendar, isCalendarReport } from '../ingest/import-calendar.ts';
import type { CalendarImportReport } from '../ingest/import-calendar.ts';
import { undoCalendarRun } from '../ingest/undo-calendar.ts';
import type { CalendarUndoResult } from '../ingest/undo-calendar.ts';
import { DETECTION_HEAD_BYTES, detectContactFormat } from '../importers/contacts/detect-format.ts';
import { getImportRun, listImportRuns, undoImportRun } from '../store/import-runs-store.ts';
import type { ImportRun, UndoResult } from '../store/import-runs-store.ts';
import { entryDateField, idField, line } from './fields.ts';
import { defineOperation } from './registry.ts';

/** A calendar read from disk streams, so it may be larger than a contacts file read whole. */
const defaultMaxCalendarBytes = 1024 * 1024 * 1024;

const formats = [
  'vcard',
  'linkedin',
  'google',
  'google-legacy',
  'outlook',
  'facebook',
  'instagram',
  'x',
  'generic-csv',
  'ics',
] as const;

const mappingKeys: readonly (keyof CsvColumnMapping)[] = [
  'id',
  'name',
  'namePrefix',
  'givenName',
  'middleName',
  'familyName',
  'nameSuffix',
  'nickname',
  'email',
  'phone',
  'url',
  'organization',
  'department',
  'title',
  'location',
  'notes',
  'tags',
  'birthday',
  'anniversary',
];

/**
 * Reads `name=Full Name,email=E-mail 1,E-mail 2`: pairs separated by commas, where a piece
 * without `=` continues the previous column list (a field may take several columns).
 */
export function parseMapping(text: string): CsvColumnMapping {
  const mapping: CsvColumnMapping = {};
  let last: keyof CsvColumnMapping | undefined;
  for (const piece of text.split(',')) {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      if (!last || piece.trim() === '')
        throw new FathomError(
          'invalid_input',
          `mapping: "${piece.trim()}" has no field; write field=Column.`,
          { field: 'mapping' },
        );
      mapping[last] = `${mapping[last]},${piece.trim()}`;
      continue;
    }
    const key = piece.slice(0, eq).trim();
    const column = piece.slice(eq + 1).trim();
    const known = mappingKeys.find(
      (k) => k.toLowerCase() === key.toLowerCase() || (k === 'organization' && key.toLowerCase() === 'org'),
    );
    if (!known) {
      throw new FathomError(
        'invalid_input',
        `mapping: "${key}" is not a field; use ${mappingKeys.join(', ')}.`,
        { field: 'mapping' },
      );
    }
    if (column === '')
      throw new FathomError('invalid_input', `mapping: ${key} names no column.`, { field: 'mapping' });
    mapping[known] = column;
    last = known;
  }
  if (!mapping.name && !mapping.givenName && !mapping.familyName) {
    throw new FathomError(
      'invalid_input',
      'mapping: say which column holds the name (name=…, or givenName=… and familyName=…).',
      {
        field: 'mapping',
      },
    );
  }
  return mapping;
}

/**
 * Reads one merge chosen in a preview: `RECORD=PERSON`, where RECORD is the line a record starts
 * on (`12`, or `Connections.csv:12` inside a ZIP) or the record key the preview reports, and PERSON
 * the id of the person to merge it into; or the same as `{ recordKey, personId }`.
 */
export function parseMergeChoice(
  value: string | { recordKey: string; personId: number },
  field: string,
): MergeChoice {
  if (typeof value !== 'string') return { recordKey: value.recordKey, personId: value.personId, field };
  const eq = value.lastIndexOf('=');
  const person = eq < 0 ? '' : value.slice(eq + 1).trim();
  const record = eq < 0 ? '' : value.slice(0, eq).trim();
  if (!/^#?\d+$/.test(person) || record === '') {
    throw new FathomError(
      'invalid_input',
      `${field}: "${value}" does not say which record goes into whom; write LINE=PERSON, e.g. 12=40.`,
      { field },
    );
  }
  const personId = Number(person.replace('#', ''));
  if (/^\d+$/.test(record)) return { line: Number(record), personId, field };
  // `file:12` names a place in a ZIP; the same text may also be a record's key (`x:12345`).
  const at = /^(.+):(\d+)$/.exec(record);
  return at
    ? { recordKey: record, file: at[1]!, line: Number(at[2]), personId, field }
    : { recordKey: record, personId, field };
}

/** Reads `100MB`, `1.5GB`, `800KB`; a bare number is megabytes. */
export function parseSize(value: number | string): number {
  const text = String(value).trim().toUpperCase();
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB?|MB?|GB?)?$/.exec(text);
  if (!m)
    throw new FathomError('invalid_input', `maxSize: "${value}" is not a size; write e.g. 200MB.`, {
      field: 'maxSize',
    });
  const unit = m[2]?.charAt(0) ?? 'M';
  const factor = unit === 'B' ? 1 : unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : 1024 ** 3;
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes < 1)
    throw new FathomError('invalid_input', `maxSize: "${value}" is too small.`, { field: 'maxSize' });
  return bytes;
}

function personText(p: ReportPerson): string {
  return p.id === null ? `${p.name} (new)` : `#${p.id} ${p.name}`;
}

function where(o: { line: number; file?: string }, fallback: string): string {
  return `${o.file ?? fallback}:${o.line}`;
}

function quoted(v: string | null): string {
  return v === null ? '(empty)' : JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v);
}

/** A report section writer: a titled list, saying when it shows only the first of more. */
function sectionsInto(out: string[]): (title: string, lines: string[], total: number) => void {
  return (title, lines, total) => {
    if (lines.length === 0) return;
    out.push(
      '',
      `${title}${total > lines.length ? ` (first ${lines.length} of ${total})` : ''}:`,
      ...lines.map((l) => `  ${l}`),
    );
  };
}

/** The first lines of a detail list a text report shows. */
const short = <T>(list: T[]): T[] => list.slice(0, 20);

/** The first entries of a list (as `short` takes them) in the order of their start, as a calendar reads. */
const shortByStart = <T extends { start: string }>(list: T[]): T[] =>
  short(list).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

/** The preview or result of an import as the terminal shows it. */
export function importReportText(r: ImportReport): string {
  const c = r.counts;
  const out: string[] = [];
  const head =
    r.status === 'preview'
      ? `Preview of ${r.fileName} (${r.format})`
      : `Import run #${r.run}: ${r.fileName} (${r.format})`;
  out.push(head);
  if (r.entries?.length) out.push(...r.entries.map((e) => `  read ${e.path} as ${e.format}`));
  const merged = c.merged ?? 0;
  out.push(
    `  ${c.created} created, ${c.matched} matched, ${c.updated} updated, ${c.unchanged} unchanged, ${merged ? `${merged} merged, ` : ''}${c.skipped} skipped, ${c.errors} ${c.errors === 1 ? 'error' : 'errors'}`,
  );
  const section = sectionsInto(out);
  section(
    'New people',
    short(r.created).map((x) => `${where(x, r.fileName)}  ${x.name}`),
    c.created,
  );
  section(
    'Matched to people you have',
    short(r.matched).map((x) => `${where(x, r.fileName)}  ${x.name} → ${personText(x.person)} (${x.reason})`),
    c.matched,
  );
  section(
    'Fields that change',
    short(r.changes).map((x) => `${personText(x.person)}: ${x.field} ${quoted(x.from)} → ${quoted(x.to)}`),
    r.changes.length,
  );
  section(
    'Contact points, details and tags added',
    short(r.added).map(
      (x) =>
        `${personText(x.person)}: ${[...x.contacts, ...x.details, ...x.tags.map((t) => `tag ${t}`)].join(', ')}`,
    ),
    r.added.length,
  );
  section(
    'Kept as they are',
    short(r.kept).map(
      (x) =>
        `${personText(x.person)}: ${x.field} stays ${quoted(x.yours)}, the file says ${quoted(x.fileValue)} (${x.why})`,
    ),
    r.kept.length,
  );
  section(
    r.status === 'preview' ? 'Merged into people you have, as you chose' : 'Merged into people you have',
    short(r.merged).map((x) => `${where(x, r.fileName)}  ${x.name} → ${personText(x.person)}`),
    merged,
  );
  const told = (o: { organization: string | null; email: string | null; title?: string | null }) => {
    const detail = [[o.title, o.organization].filter(Boolean).join(' at '), o.email]
      .filter(Boolean)
      .join(', ');
    return detail ? ` (${detail})` : '';
  };
  section(
    'Possible duplicates, left apart (same name)',
    short(r.suggestions).map(
      (x) =>
        `${where(x, r.fileName)}  ${x.name}${told(x)} ~ ${x.candidates.map((p) => `#${p.id} ${p.name}${told(p)}`).join(', ')}`,
    ),
    c.suggestions,
  );
  section(
    'Skipped',
    Object.entries(r.skippedReasons).map(([reason, n]) => `${n} × ${reason}`),
    Object.keys(r.skippedReasons).length,
  );
  section(
    'Values left out',
    short(r.warnings).map((w) => describeIssue(w, r.fileName)),
    c.warnings,
  );
  section(
    'Errors',
    short(r.errors).map((e) => describeIssue(e, r.fileName)),
    c.errors,
  );
  out.push('');
  if (r.status === 'preview') {
    out.push(
      c.errors > 0
        ? `Dry run: nothing was written. The file has errors: an import takes nothing unless you add --skip-errors.`
        : 'Dry run: nothing was written. Run again without --dry-run to import.',
    );
    if (r.suggestions.length > 0) {
      const x = r.suggestions[0]!;
      const line = x.file !== undefined && x.file !== r.fileName ? `${x.file}:${x.line}` : `${x.line}`;
      out.push(
        `To merge a possible duplicate instead of adding them, add --merge-into LINE=PERSON (e.g. --merge-into ${line}=${x.candidates[0]!.id}).`,
      );
    }
  } else if (c.created + c.matched + c.updated + merged === 0) {
    out.push('Nothing changed: everything in the file is already in your ledger.');
  } else {
    out.push(`Undo the whole run with: fathom import undo ${r.run}`);
  }
  return out.join('\n');
}

/** A file already in memory, handed to a streaming reader a megabyte at a time (no copies). */
function* slices(bytes: Uint8Array, size = 1 << 20): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The preview or result of a calendar import as the terminal shows it. */
export function calendarReportText(r: CalendarImportReport): string {
  const c = r.counts;
  const out: string[] = [];
  out.push(
    r.status === 'preview'
      ? `Preview of ${r.fileName} (calendar, ${r.window.from} to ${r.window.to}, ${r.timeZone})`
      : `Import run #${r.run}: ${r.fileName} (calendar, ${r.window.from} to ${r.window.to}, ${r.timeZone})`,
  );
  out.push(
    `  ${c.created} entries created, ${c.updated} updated, ${c.removed} removed, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.errors} ${c.errors === 1 ? 'error' : 'errors'}`,
    `  ${c.peopleCreated} new people (unsorted), ${c.peopleMatched} people you have`,
  );
  const section = sectionsInto(out);
  // Times as the owner reads them: in their own zone, not in UTC; an all-day entry has no time.
  const when = (o: { start: string; allDay: boolean; minutes: number }) => {
    const t = utcToZoned(new Date(o.start), r.timeZone);
    const two = (n: number) => String(n).padStart(2, '0');
    const day = `${t.year}-${two(t.month)}-${two(t.day)}`;
    return o.allDay ? `${day} all day` : `${day} ${two(t.hour)}:${two(t.minute)} ${formatMinutes(o.minutes)}`;
  };
  section(
    'New entries',
    shortByStart(r.created).map((x) => `${r.fileName}:${x.line}  ${when(x)}  ${x.name}`),
    c.created,
  );
  section(
    'Moved or changed',
    shortByStart(r.updated).map((x) => `#${x.entry} ${when(x)}  ${x.name} (${x.fields.join(', ')})`),
    c.updated,
  );
  section(
    'No longer in the calendar (deleted; restore with fathom entries restore ID)',
    shortByStart(r.removed).map((x) => `#${x.entry} ${when(x)}  ${x.name}`),
    c.removed,
  );
  section(
    'Kept as you made them',
    shortByStart(r.keptEntries).map(
      (x) =>
        `#${x.entry} ${when(x)}  ${x.name}: ${x.why}${x.fields.length ? ` (${x.fields.join(', ')})` : ''}`,
    ),
    c.kept,
  );
  section(
    'New people',
    short(r.newPeople).map((p) => `${p.name} <${p.email}>`),
    c.peopleCreated,
  );
  section(
    'Skipped',
    Object.entries(r.skippedReasons).map(([reason, n]) => `${n} × ${reason}`),
    Object.keys(r.skippedReasons).length,
  );
  section(
    'Errors',
    short(r.errors).map((e) => describeIssue(e, r.fileName)),
    c.errors,
  );
  section(
    'Changed to fit',
    short(r.warnings).map((w) => describeIssue(w, r.fileName)),
    c.warnings,
  );
  out.push('');
  if (r.status === 'preview')
    out.push('Dry run: nothing was written. Run again without --dry-run to import.');
  else if (c.created + c.updated + c.removed === 0)
    out.push('Nothing changed: everything in the file is already in your ledger.');
  else
    out.push(
      `Judge the new entries with: fathom judge. Undo the whole run with: fathom import undo ${r.run}`,
    );
  return out.join('\n');
}

export const importFile = defineOperation({
  name: 'import',
  summary:
    'Import contacts (vCard, LinkedIn, Google, Outlook, Facebook, Instagram, X exports or their ZIP) or a calendar (ICS) as ledger entries',
  mutates: true,
  input: z.object({
    file: line(1000).describe('The export file (its name, when the content is sent along)'),
    content: z.string().optional().describe('The file content, base64-encoded, when uploading over HTTP'),
    format: z.enum(formats).optional().describe('Read the file as this format instead of detecting it'),
    mapping: z
      .string()
      .max(2000)
      .optional()
      .describe('Columns of a generic CSV: name=Col,email=Col,phone=Col,…'),
    dryRun: z.boolean().optional().describe('Show what would change, write nothing'),
    skipErrors: z.boolean().optional().describe('Import the readable records of a file that has errors'),
    maxSize: z
      .union([z.number(), z.string()])
      .optional()
      .describe(
        'Largest file to read (default 100MB, or 1GB for a calendar read from disk; a bare number is MB)',
      ),
    from: entryDateField.optional().describe('Calendar: first day to import (default: a year before today)'),
    to: entryDateField.optional().describe('Calendar: last day to import (default: today)'),
    me: z
      .array(z.string().trim().max(320))
      .max(100)
      .optional()
      .describe('Calendar: your own email address, never turned into a person (remembered)'),
    keepSolo: z.boolean().optional().describe('Calendar: keep events with nobody but you on them'),
    mergeInto: z
      .array(
        z.union([
          z.string().trim().max(1100),
          z.object({ recordKey: z.string().min(1).max(1000), personId: z.number().int().positive() }),
        ]),
      )
      .max(10_000)
      .optional()
      .describe(
        'Contacts: merge a new person into one you have instead, as LINE=PERSON (file:LINE in a ZIP, or the record key a preview reports)',
      ),
  }),
  cli: { command: 'import', args: ['file'] },
  http: { method: 'POST', path: '/imports' },
  async run(ctx, input): Promise<ImportReport> {
    const maxBytes = input.maxSize === undefined ? defaultMaxImportBytes : parseSize(input.maxSize);
    const mapping = input.mapping !== undefined ? parseMapping(input.mapping) : undefined;
    const fileName = input.file.split(/[\\/]/).pop() || input.file;
    const calendarOptions = {
      fileName,
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.me ? { me: input.me } : {}),
      keepSolo: input.keepSolo ?? false,
      dryRun: input.dryRun ?? false,
      skipErrors: input.skipErrors ?? false,
    };
    const target = {
      db: ctx.db,
      dialect: ctx.store.dialect,
      accountId: ctx.accountId,
      now: ctx.now,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    };
    const calendar = (source: {
      chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
      size?: number;
    }) => {
      if (input.mergeInto?.length)
        throw new FathomError('invalid_input', 'mergeInto: only a contacts import takes it.', {
          field: 'mergeInto',
        });
      return importCalendar(target, { ...source, ...calendarOptions });
    };
    // A calendar on disk streams through the reader: years of a busy calendar never sit in memory whole.
    if (
      input.content === undefined &&
      ctx.streamFile &&
      (input.format === undefined || input.format === 'ics')
    ) {
      const limit = input.maxSize === undefined ? defaultMaxCalendarBytes : maxBytes;
      const file = await ctx.streamFile(input.file, limit, DETECTION_HEAD_BYTES);
      if ((input.format ?? detectContactFormat(fileName, file.head)) === 'ics')
        return calendar({ chunks: file.chunks(), ...(file.size !== undefined ? { size: file.size } : {}) });
    }
    let bytes: Uint8Array;
    if (input.content !== undefined) {
      // Refuse by the encoded length before decoding: base64 is 4/3 of the bytes.
      if (input.content.length > Math.ceil(maxBytes / 3) * 4 + 4) {
        throw new FathomError(
          'too_large',
          `file: ${input.file} is over the limit of ${Math.round(maxBytes / 1048576)} MB.`,
          { field: 'file' },
        );
      }
      bytes = Buffer.from(input.content, 'base64');
    } else if (ctx.readFile) {
      bytes = await ctx.readFile(input.file, maxBytes);
    } else {
      throw new FathomError('invalid_input', 'content: send the file content (base64) with the file name.', {
        field: 'content',
      });
    }
    const format = input.format ?? detectContactFormat(fileName, bytes.subarray(0, DETECTION_HEAD_BYTES));
    if (format === 'ics') {
      return calendar({ chunks: slices(bytes), size: bytes.length });
    }
    const calendarOnly = (['from', 'to', 'me', 'keepSolo'] as const).find((k) => input[k] !== undefined);
    if (calendarOnly) {
      throw new FathomError('invalid_input', `${calendarOnly}: only a calendar (ICS) import takes it.`, {
        field: calendarOnly,
      });
    }
    return importContacts(target, {
      bytes,
      fileName,
      maxBytes,
      ...(input.format && input.format !== 'ics' ? { format: input.format } : {}),
      ...(mapping ? { mapping } : {}),
      dryRun: input.dryRun ?? false,
      skipErrors: input.skipErrors ?? false,
      ...(input.mergeInto?.length
        ? { mergeInto: input.mergeInto.map((m, i) => parseMergeChoice(m, `mergeInto.${i}`)) }
        : {}),
    });
  },
  text: (r) => (isCalendarReport(r) ? calendarReportText(r) : importReportText(r)),
});

export const importList = defineOperation({
  name: 'import.list',
  summary: 'List import runs, newest first',
  mutates: false,
  input: z.object({ limit: z.number().int().min(1).max(1000).default(20).describe('At most this many') }),
  cli: { command: 'import list' },
  http: { method: 'GET', path: '/imports' },
  async run(ctx, input): Promise<{ runs: ImportRun[] }> {
    return { runs: await listImportRuns(ctx.db, ctx.accountId, input.limit) };
  },
  text: (r) => {
    if (r.runs.length === 0) return 'No imports yet. Import a file with: fathom import FILE';
    return r.runs
      .map((run) => {
        const c = run.counts;
        const when = (run.committedAt ?? run.createdAt).slice(0, 16).replace('T', ' ');
        const status = run.status === 'undone' ? ` (undone ${run.undoneAt?.slice(0, 10) ?? ''})` : '';
        return `#${String(run.id).padEnd(5)} ${when}  ${run.format.padEnd(10)} ${run.fileName}  ${c.created} created, ${c.matched} matched, ${c.updated} updated, ${c.unchanged} unchanged, ${c.merged ? `${c.merged} merged, ` : ''}${c.skipped} skipped${status}`;
      })
      .join('\n');
  },
});

export const importShow = defineOperation({
  name: 'import.show',
  summary: 'Show one import run',
  mutates: false,
  input: z.object({ run: idField.describe('Run number (see fathom import list)') }),
  cli: { command: 'import show', args: ['run'] },
  http: { method: 'GET', path: '/imports/{run}' },
  async run(ctx, input): Promise<ImportRun> {
    const run = await getImportRun(ctx.db, ctx.accountId, input.run);
    if (!run)
      throw new FathomError('not_found', `run: no import run #${input.run}. See: fathom import list`, {
        field: 'run',
      });
    return run;
  },
});

export const importUndo = defineOperation({
  name: 'import.undo',
  summary: 'Undo a whole import run',
  mutates: true,
  input: z.object({
    run: idField.describe('Run number (see fathom import list)'),
    force: z.boolean().optional().describe('Also remove people the run created that you changed since'),
  }),
  cli: { command: 'import undo', args: ['run'] },
  http: { method: 'POST', path: '/imports/{run}/undo' },
  async run(ctx, input): Promise<UndoResult | CalendarUndoResult> {
    const at = ctx.now().toISOString();
    const run = await getImportRun(ctx.db, ctx.accountId, input.run);
    if (run?.kind === 'calendar' && run.status === 'committed')
      return undoCalendarRun(ctx.db, ctx.store.dialect, ctx.accountId, run, at, input.force ?? false);
    return undoImportRun(ctx.db, ctx.accountId, input.run, at, input.force ?? false);
  },
  text: (r) => {
    if ('entriesRemoved' in r) {
      return `Undid import run #${r.run.id} (${r.run.fileName}): removed ${r.entriesRemoved} entries and ${r.peopleRemoved} ${r.peopleRemoved === 1 ? 'person' : 'people'}, put back ${r.entriesRestored} entries as they were.${
        r.keptEdits.length > 0
          ? `\nKept ${r.keptEdits.length} entries you changed after the import: ${r.keptEdits
              .slice(0, 10)
              .map((k) => k.field)
              .join(', ')}`
          : ''
      }`;
    }
    const lines = [
      `Undid import run #${r.run.id} (${r.run.fileName}): removed ${r.peopleRemoved} ${r.peopleRemoved === 1 ? 'person' : 'people'} and ${r.contactPointsRemoved} contact points, restored ${r.peopleRestored}.${
        r.unmerged > 0
          ? ` Took back ${r.unmerged} ${r.unmerged === 1 ? 'merge' : 'merges'} chosen in its preview.`
          : ''
      }`,
    ];
    if (r.keptEdits.length > 0) {
      lines.push(
        `Kept ${r.keptEdits.length} values you changed after the import: ${r.keptEdits
          .slice(0, 10)
          .map((k) => `#${k.personId} ${k.field}`)
          .join(', ')}`,
      );
    }
    return lines.join('\n');
  },
});
