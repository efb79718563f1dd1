import { createHash } from 'node:crypto';
import { formatSize } from '../domain/byte-size.ts';
import { FathomError } from '../domain/errors.ts';
import type { CsvColumnMapping } from '../importers/contacts/generic-csv.ts';
import { readContactFile } from '../importers/contacts/parse-contacts.ts';
import type { ContactFileFormat } from '../importers/contacts/parse-contacts.ts';
import type { ContactRecord } from '../importers/contact-record.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import type { Db, Dialect } from '../store/database.ts';
import {
  ContactRunWriter,
  insertImportRun,
  loadLedgerIndex,
  loadPersonStates,
  setRunCounts,
} from '../store/import-runs-store.ts';
import type { ImportCounts } from '../store/import-runs-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { ContactPlanner } from './contact-plan.ts';
import type { ImportedField, MatchReason, PersonRef, PersonState, PlanBatch } from './contact-plan.ts';

/** The default upper bound of an import file: large enough for any real export, small enough to read whole. */
export const defaultMaxImportBytes = 100 * 1024 * 1024;

// Kept here too, where the command line has always found it.
export { formatSize };

/** Photo bytes a batch of records gathers at most before it is planned and written. */
const maxBatchPhotoBytes = 32 * 1024 * 1024;

/** Detail lists in a report stop here; the counts are always complete. */
const detailLimit = 200;

/** Errors a report (or a refusal) lists in full; the count is always complete. */
const errorLimit = 1000;

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
  /** What records added to people: contact points, tags, and details (addresses, related names, connection dates, photos). */
  added: {
    line: number;
    file?: string;
    person: ReportPerson;
    contacts: string[];
    tags: string[];
    details: string[];
  }[];
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

/** Reasons that name a person or address are grouped by their general part. */
function reasonKey(reason: string): string {
  return reason.replace(/ \(.*\)$/, '').replace(/#\d+/, '#…');
}

/** A list that keeps its first `limit` items and counts them all. */
class Capped<T> {
  readonly items: T[] = [];
  count = 0;
  readonly #limit: number;

  constructor(limit = detailLimit) {
    this.#limit = limit;
  }

  get full(): boolean {
    return this.count >= this.#limit;
  }

  add(item: T): void {
    if (this.items.length < this.#limit) this.items.push(item);
    this.count += 1;
  }

  addAll(list: readonly T[]): void {
    for (const item of list) this.add(item);
  }

  get truncated(): boolean {
    return this.count > this.items.length;
  }
}

/** A person of a report entry, named once the run is planned (a later record may rename them). */
interface Named {
  ref: PersonRef;
  fallback: string;
}

/**
 * The report of a run built as its batches are planned: counts stay complete, detail lists keep
 * their first entries, so a large file's report holds no more than a small one's.
 */
class ContactReportBuilder {
  readonly counts = { created: 0, matched: 0, updated: 0, unchanged: 0 };
  readonly created = new Capped<{ line: number; file?: string; name: string }>();
  readonly matched = new Capped<{
    line: number;
    file?: string;
    name: string;
    person: Named;
    reason: string;
  }>();
  readonly changes = new Capped<{
    line: number;
    file?: string;
    person: Named;
    field: ImportedField;
    from: string | null;
    to: string | null;
  }>();
  readonly added = new Capped<{
    line: number;
    file?: string;
    person: Named;
    contacts: string[];
    tags: string[];
    details: string[];
  }>();
  readonly kept = new Capped<{
    line: number;
    file?: string;
    person: Named;
    field: ImportedField;
    yours: string | null;
    fileValue: string | null;
    why: string;
  }>();
  readonly suggestions = new Capped<ImportReport['suggestions'][number]>();
  readonly parseSkipped = new Capped<SkippedRecord>();
  readonly planSkipped = new Capped<SkippedRecord>();
  readonly skippedReasons: Record<string, number> = {};
  readonly errors = new Capped<ParseIssue>(errorLimit);
  readonly warnings = new Capped<ParseIssue>();
  records = 0;

  skip(list: Capped<SkippedRecord>, skipped: readonly SkippedRecord[]): void {
    for (const s of skipped) {
      list.add(s);
      const key = reasonKey(s.reason);
      this.skippedReasons[key] = (this.skippedReasons[key] ?? 0) + 1;
    }
  }

  /** Adds what one planned batch decided. */
  addBatch(batch: PlanBatch): void {
    for (const o of batch.outcomes) {
      this.counts[o.outcome] += 1;
      if (o.outcome === 'created') {
        // Most records of a large file are new people: only the first few are worth an entry.
        if (this.created.full) this.created.count += 1;
        else this.created.add(located(o, { name: o.name }));
        continue;
      }
      const person: Named = { ref: o.person, fallback: o.name };
      if (o.outcome === 'matched')
        this.matched.add(located(o, { name: o.name, person, reason: reasonText(o.reason) }));
      for (const c of o.changes)
        this.changes.add(located(o, { person, field: c.field, from: c.from, to: c.to }));
      for (const k of o.kept)
        this.kept.add(
          located(o, {
            person,
            field: k.field,
            yours: k.yours,
            fileValue: k.file,
            why: k.why === 'manual' ? 'you set it by hand' : 'another source set it since',
          }),
        );
      if (o.addedContacts.length > 0 || o.addedTags.length > 0 || o.details.length > 0)
        this.added.add(
          located(o, { person, contacts: o.addedContacts, tags: o.addedTags, details: o.details }),
        );
    }
    for (const s of batch.suggestions)
      this.suggestions.add(
        located(s, { name: s.name, candidates: s.candidates.map((id) => ({ id, name: s.name })) }),
      );
    this.skip(this.planSkipped, batch.skipped);
    this.warnings.addAll(batch.warnings);
  }

  importCounts(): ImportCounts {
    return {
      records: this.records + this.parseSkipped.count,
      ...this.counts,
      skipped: this.parseSkipped.count + this.planSkipped.count,
      errors: this.errors.count,
      warnings: this.warnings.count,
      suggestions: this.suggestions.count,
    };
  }

  /** The report, naming existing people as they are after the run. */
  report(
    head: Pick<ImportReport, 'status' | 'run' | 'fileName' | 'format' | 'entries'>,
    states: Map<number, PersonState>,
  ): ImportReport {
    const who = ({ ref, fallback }: Named): ReportPerson =>
      'id' in ref
        ? { id: ref.id, name: states.get(ref.id)?.fields.name ?? fallback }
        : { id: null, name: fallback };
    const skipped = [...this.parseSkipped.items, ...this.planSkipped.items].slice(0, detailLimit);
    const lists = [
      this.created,
      this.matched,
      this.changes,
      this.added,
      this.kept,
      this.suggestions,
      this.warnings,
      this.errors,
    ];
    const truncated =
      lists.some((l) => l.truncated) || this.parseSkipped.count + this.planSkipped.count > skipped.length;
    const { entries, ...rest } = head;
    return {
      ...rest,
      ...(entries ? { entries } : {}),
      counts: this.importCounts(),
      created: this.created.items,
      matched: this.matched.items.map((m) => ({ ...m, person: who(m.person) })),
      changes: this.changes.items.map((c) => ({ ...c, person: who(c.person) })),
      added: this.added.items.map((a) => ({ ...a, person: who(a.person) })),
      kept: this.kept.items.map((k) => ({ ...k, person: who(k.person) })),
      suggestions: this.suggestions.items,
      skipped,
      skippedReasons: this.skippedReasons,
      errors: this.errors.items,
      warnings: this.warnings.items,
      truncated,
    };
  }
}

/**
 * The one ingest path for contacts: reads the file a part at a time, matches each part's
 * records against the ledger and (unless a dry run) writes them as one import run before the
 * next part is read, so a large file never sits in memory as records, plans and rows at once.
 * The caller provides the transaction; a file with errors is refused whole unless `skipErrors`
 * says otherwise (the transaction then takes back what was written).
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
  target.progress?.('indexing', 0, 1);
  const settings = await getSettings(db, accountId);
  const index = await loadLedgerIndex(db, target.dialect, accountId, settings);
  target.progress?.('indexing', 1, 1);
  const reader = await readContactFile(input.bytes, input.fileName, {
    ...(input.format ? { format: input.format } : {}),
    ...(input.mapping ? { mapping: input.mapping } : {}),
  });
  const { format } = reader;
  const planner = new ContactPlanner(index, (ids) => loadPersonStates(db, accountId, ids));
  const built = new ContactReportBuilder();
  const at = target.now().toISOString();
  let run: number | null = null;
  let writer: ContactRunWriter | undefined;
  const startRun = async (): Promise<ContactRunWriter> => {
    run = await insertImportRun(db, accountId, {
      kind: 'contacts',
      format,
      fileName: input.fileName,
      fileSha256: createHash('sha256').update(input.bytes).digest('hex'),
      fileBytes: input.bytes.length,
      at,
    });
    return new ContactRunWriter(db, target.dialect, accountId, run, at);
  };
  // Once a file is known to be refused, the rest is only read for its problems and counts.
  let refused = false;
  target.progress?.('importing', 0, 100);
  // PostgreSQL answers each statement over a connection: there parts are gathered to some
  // fifteen hundred records a batch; SQLite, in the process, takes each part as it comes.
  const batchRecords = target.dialect === 'postgres' ? 1500 : 0;
  let waiting: ContactRecord[] = [];
  // Photos are most of an address book's bytes: a batch holding many goes before it is full.
  let waitingPhotoBytes = 0;
  const planWaiting = async (): Promise<void> => {
    const records = waiting;
    waiting = [];
    waitingPhotoBytes = 0;
    const batch = await planner.planBatch(records);
    built.addBatch(batch);
    if (!input.dryRun) {
      writer ??= await startRun();
      await writer.writeBatch(batch);
    }
  };
  for (const part of reader.parts) {
    built.records += part.records.length;
    built.errors.addAll(part.errors);
    built.skip(built.parseSkipped, part.skipped);
    if (built.errors.count > 0 && !input.skipErrors && !input.dryRun) refused = true;
    if (refused) waiting = [];
    else {
      for (const record of part.records) {
        waiting.push(record);
        waitingPhotoBytes += record.photo?.bytes?.length ?? 0;
      }
      if (waiting.length >= batchRecords || waitingPhotoBytes >= maxBatchPhotoBytes) await planWaiting();
    }
    target.progress?.('importing', Math.round(part.read * 100), 100);
  }
  if (!refused && waiting.length > 0) await planWaiting();

  const errors = built.errors;
  const problems = (list: ParseIssue[], count: number) =>
    list
      .slice(0, 10)
      .map((e) => `  ${describeIssue(e, input.fileName)}`)
      .join('\n') + (count > 10 ? `\n  … and ${count - 10} more` : '');
  // Every problem the parser reports counts: a file with any is refused whole unless the owner
  // says to import what could be read (a dry run shows both lists first).
  if (built.records === 0) {
    if (errors.count > 0) {
      throw new FathomError(
        'invalid_input',
        `file: ${input.fileName} cannot be imported:\n${problems(errors.items, errors.count)}`,
        { field: 'file', details: errors.items },
      );
    }
    if (built.parseSkipped.count === 0) {
      throw new FathomError('invalid_input', `file: ${input.fileName} holds no contacts.`, { field: 'file' });
    }
  }
  if (refused) {
    throw new FathomError(
      'invalid_input',
      `file: ${input.fileName} has ${errors.count} ${errors.count === 1 ? 'problem' : 'problems'}; nothing was imported.\n${problems(errors.items, errors.count)}\nFix the file, or import the ${built.records} records that could be read with --skip-errors (see them first with --dry-run).`,
      { field: 'file', details: errors.items },
    );
  }

  if (!input.dryRun) {
    writer ??= await startRun();
    await writer.finish(planner.finish());
    await setRunCounts(db, accountId, run!, built.importCounts());
  }
  target.progress?.('importing', 100, 100);
  return built.report(
    {
      status: input.dryRun ? 'preview' : 'committed',
      run,
      fileName: input.fileName,
      format,
      ...(reader.entries ? { entries: reader.entries } : {}),
    },
    planner.states,
  );
}
