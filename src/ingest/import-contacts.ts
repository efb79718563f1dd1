import { createHash } from 'node:crypto';
import { FathomError } from '../domain/errors.ts';
import type { CsvColumnMapping } from '../importers/contacts/generic-csv.ts';
import { parseContactFile } from '../importers/contacts/parse-contacts.ts';
import type { ContactFileFormat, ContactFileResult } from '../importers/contacts/parse-contacts.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import type { Db, Dialect } from '../store/database.ts';
import {
  insertImportRun,
  loadLedgerIndex,
  loadPersonStates,
  setRunCounts,
  writeContactPlan,
} from '../store/import-runs-store.ts';
import type { ImportCounts } from '../store/import-runs-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { planContacts } from './contact-plan.ts';
import type {
  FieldChange,
  ImportedField,
  MatchReason,
  PersonRef,
  PersonState,
  RecordOutcome,
} from './contact-plan.ts';

/** The default upper bound of an import file: large enough for any real export, small enough to read whole. */
export const defaultMaxImportBytes = 100 * 1024 * 1024;

/** A size as people read it: bytes, KB or MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}

/** Detail lists in a report stop here; the counts are always complete. */
const detailLimit = 200;

export interface ContactImportInput {
  bytes: Uint8Array;
  fileName: string;
  format?: ContactFileFormat;
  mapping?: CsvColumnMapping;
  /** Work out and report everything, write nothing. */
  dryRun?: boolean;
  /** Import the records that could be read even though others could not. */
  skipErrors?: boolean;
  maxBytes?: number;
}

/** Where the import runs: the database (a transaction when committing), its dialect and the clock. */
export interface ImportTarget {
  db: Db;
  dialect: Dialect;
  accountId: string;
  now(): Date;
  progress?(phase: string, done: number, total: number): void;
}

/** A person as a report names them: an existing `#id`, or a person the import creates. */
export interface ReportPerson {
  id: number | null;
  name: string;
}

export interface ImportReport {
  /** `preview` for a dry run: nothing was written. */
  status: 'preview' | 'committed';
  run: number | null;
  fileName: string;
  format: string;
  /** For a ZIP: each contact file inside and how it was read. */
  entries?: { path: string; format: string }[];
  counts: ImportCounts;
  created: { line: number; file?: string; name: string }[];
  matched: { line: number; file?: string; name: string; person: ReportPerson; reason: string }[];
  changes: {
    line: number;
    file?: string;
    person: ReportPerson;
    field: ImportedField;
    from: string | null;
    to: string | null;
  }[];
  added: { line: number; file?: string; person: ReportPerson; contacts: string[]; tags: string[] }[];
  kept: {
    line: number;
    file?: string;
    person: ReportPerson;
    field: ImportedField;
    yours: string | null;
    fileValue: string | null;
    why: string;
  }[];
  suggestions: { line: number; file?: string; name: string; candidates: ReportPerson[] }[];
  skipped: SkippedRecord[];
  /** How many records were skipped for each reason. */
  skippedReasons: Record<string, number>;
  errors: ParseIssue[];
  warnings: ParseIssue[];
  /** Whether some detail lists were cut at their limit. */
  truncated: boolean;
}

/** `file:line: field: message`, as error lists show a problem. */
export function describeIssue(issue: ParseIssue, fallbackFile: string): string {
  const where = [issue.file ?? fallbackFile, issue.line].filter((x) => x !== undefined).join(':');
  return `${where}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

function reasonText(reason: MatchReason | undefined): string {
  if (!reason) return '';
  if (reason.kind === 'link') return 'imported before from this source';
  const what = { email: 'email', phone: 'phone', url: 'profile URL', handle: 'handle' }[reason.kind];
  const where = reason.inFile ? ` as line ${reason.inFile.line} of this file` : '';
  return `same ${what} ${reason.value}${where}`;
}

function located<T extends object>(
  o: { line: number; file?: string },
  rest: T,
): T & { line: number; file?: string } {
  return o.file !== undefined ? { line: o.line, file: o.file, ...rest } : { line: o.line, ...rest };
}

function countBy(list: SkippedRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of list) {
    // Reasons that name a person or address are grouped by their general part.
    const key = s.reason.replace(/ \(.*\)$/, '').replace(/#\d+/, '#…');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * The one ingest path for contacts: reads the file, matches every record against the ledger,
 * and (unless a dry run) writes the result as one import run. The caller provides the
 * transaction; a file with errors is refused whole unless `skipErrors` says otherwise.
 */
export async function importContacts(target: ImportTarget, input: ContactImportInput): Promise<ImportReport> {
  const { db, accountId } = target;
  const maxBytes = input.maxBytes ?? defaultMaxImportBytes;
  if (input.bytes.length > maxBytes) {
    throw new FathomError(
      'too_large',
      `file: ${input.fileName} is ${formatSize(input.bytes.length)}, over the limit of ${formatSize(maxBytes)}. Raise it with --max-size if the file is really a contacts export.`,
      { field: 'file' },
    );
  }
  target.progress?.('reading', 0, 1);
  let parsed: ContactFileResult | undefined = await parseContactFile(input.bytes, input.fileName, {
    ...(input.format ? { format: input.format } : {}),
    ...(input.mapping ? { mapping: input.mapping } : {}),
  });
  target.progress?.('reading', 1, 1);
  const problems = (list: ParseIssue[]) =>
    list
      .slice(0, 10)
      .map((e) => `  ${describeIssue(e, input.fileName)}`)
      .join('\n') + (list.length > 10 ? `\n  … and ${list.length - 10} more` : '');
  // Every problem the parser reports counts: a file with any is refused whole unless the owner
  // says to import what could be read (a dry run shows both lists first).
  const errors = parsed.errors;
  if (parsed.records.length === 0) {
    if (errors.length > 0) {
      throw new FathomError(
        'invalid_input',
        `file: ${input.fileName} cannot be imported:\n${problems(errors)}`,
        {
          field: 'file',
          details: errors.slice(0, 1000),
        },
      );
    }
    if (parsed.skipped.length === 0) {
      throw new FathomError('invalid_input', `file: ${input.fileName} holds no contacts.`, { field: 'file' });
    }
  }
  if (errors.length > 0 && !input.skipErrors && !input.dryRun) {
    throw new FathomError(
      'invalid_input',
      `file: ${input.fileName} has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}; nothing was imported.\n${problems(errors)}\nFix the file, or import the ${parsed.records.length} records that could be read with --skip-errors (see them first with --dry-run).`,
      { field: 'file', details: errors.slice(0, 1000) },
    );
  }

  target.progress?.('indexing', 0, 1);
  const settings = await getSettings(db, accountId);
  const index = await loadLedgerIndex(db, accountId, settings);
  target.progress?.('indexing', 1, 1);
  let states = new Map<number, PersonState>();
  const recordCount = parsed.records.length;
  const { format, entries, skipped: parseSkipped } = parsed;
  const plan = await planContacts(
    parsed.records,
    index,
    async (ids) => (states = await loadPersonStates(db, accountId, ids)),
    (done, total) => target.progress?.('matching', done, total),
  );

  // The records are no longer needed: let them go before the writes of a large file.
  parsed = undefined;
  const outcomes = (o: RecordOutcome['outcome']) => plan.outcomes.filter((x) => x.outcome === o).length;
  const counts: ImportCounts = {
    records: recordCount + parseSkipped.length,
    created: outcomes('created'),
    matched: outcomes('matched'),
    updated: outcomes('updated'),
    unchanged: outcomes('unchanged'),
    skipped: parseSkipped.length + plan.skipped.length,
    errors: errors.length,
    warnings: plan.warnings.length,
    suggestions: plan.suggestions.length,
  };

  let run: number | null = null;
  if (!input.dryRun) {
    const at = target.now().toISOString();
    run = await insertImportRun(db, accountId, {
      kind: 'contacts',
      format,
      fileName: input.fileName,
      fileSha256: createHash('sha256').update(input.bytes).digest('hex'),
      fileBytes: input.bytes.length,
      at,
    });
    await writeContactPlan(db, target.dialect, accountId, run, plan, at, (done, total) =>
      target.progress?.('writing', done, total),
    );
    await setRunCounts(db, accountId, run, counts);
  }

  let truncated = false;
  const cap = <T>(list: T[]): T[] => {
    if (list.length <= detailLimit) return list;
    truncated = true;
    return list.slice(0, detailLimit);
  };
  const who = (ref: PersonRef, fallback: string): ReportPerson =>
    'id' in ref
      ? { id: ref.id, name: states.get(ref.id)?.fields.name ?? fallback }
      : { id: null, name: fallback };
  const changes: ImportReport['changes'] = [];
  const kept: ImportReport['kept'] = [];
  const added: ImportReport['added'] = [];
  for (const o of plan.outcomes) {
    if (o.outcome === 'created') continue;
    const person = who(o.person, o.name);
    for (const c of o.changes as FieldChange[])
      changes.push(located(o, { person, field: c.field, from: c.from, to: c.to }));
    for (const k of o.kept)
      kept.push(
        located(o, {
          person,
          field: k.field,
          yours: k.yours,
          fileValue: k.file,
          why: k.why === 'manual' ? 'you set it by hand' : 'another source set it since',
        }),
      );
    if (o.addedContacts.length > 0 || o.addedTags.length > 0)
      added.push(located(o, { person, contacts: o.addedContacts, tags: o.addedTags }));
  }
  const skipped = [...parseSkipped, ...plan.skipped];
  const report: ImportReport = {
    status: input.dryRun ? 'preview' : 'committed',
    run,
    fileName: input.fileName,
    format,
    ...(entries ? { entries } : {}),
    counts,
    created: cap(
      plan.outcomes.filter((o) => o.outcome === 'created').map((o) => located(o, { name: o.name })),
    ),
    matched: cap(
      plan.outcomes
        .filter((o) => o.outcome === 'matched')
        .map((o) =>
          located(o, { name: o.name, person: who(o.person, o.name), reason: reasonText(o.reason) }),
        ),
    ),
    changes: cap(changes),
    added: cap(added),
    kept: cap(kept),
    suggestions: cap(plan.suggestions).map((s) =>
      located(s, { name: s.name, candidates: s.candidates.map((id) => ({ id, name: s.name })) }),
    ),
    skipped: cap(skipped),
    skippedReasons: countBy(skipped),
    errors: errors.length > 1000 ? ((truncated = true), errors.slice(0, 1000)) : errors,
    warnings: cap(plan.warnings),
    truncated,
  };
  return report;
}
