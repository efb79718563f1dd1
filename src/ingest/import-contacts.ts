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
import { peopleStatus, personSummaries } from '../store/merge-store.ts';
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
  /** New people the owner chose, in a preview, to merge into people they have. */
  mergeInto?: MergeChoice[];
  /** Import the records that could be read even though others could not. */
  skipErrors?: boolean;
  maxBytes?: number;
}

/**
 * A merge chosen in a preview: the new person a record would become goes into an existing person
 * instead, inside the run (and an undo of the run takes it back).
 */
export interface MergeChoice {
  /** The record by its key in the source, as a preview reports it … */
  recordKey?: string;
  /** … or by where it starts: its line, and inside a ZIP its file. */
  line?: number;
  file?: string;
  personId: number;
  /** The input field the choice came from, for errors: `mergeInto.0`. */
  field: string;
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

/** A person you have who shares a name with a new one, with what tells them apart. */
export interface Candidate extends ReportPerson {
  id: number;
  organization: string | null;
  title: string | null;
  email: string | null;
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
  /** New people left apart though they share a name with people you have; each may be merged instead. */
  suggestions: {
    line: number;
    file?: string;
    recordKey: string;
    name: string;
    organization: string | null;
    email: string | null;
    candidates: Candidate[];
  }[];
  /** Records merged into people you have, as chosen in the preview (`mergeInto`). */
  merged: { line: number; file?: string; recordKey: string; name: string; person: ReportPerson }[];
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
  readonly suggestions = new Capped<
    Omit<ImportReport['suggestions'][number], 'candidates'> & { candidates: number[] }
  >();
  readonly merged = new Capped<ImportReport['merged'][number]>();
  readonly parseSkipped = new Capped<SkippedRecord>();
  readonly planSkipped = new Capped<SkippedRecord>();
  readonly skippedReasons: Record<string, number> = {};
  readonly errors = new Capped<ParseIssue>(errorLimit);
  readonly warnings = new Capped<ParseIssue>();
  records = 0;
  mergedCount = 0;

  skip(list: Capped<SkippedRecord>, skipped: readonly SkippedRecord[]): void {
    for (const s of skipped) {
      list.add(s);
      const key = reasonKey(s.reason);
      this.skippedReasons[key] = (this.skippedReasons[key] ?? 0) + 1;
    }
  }

  /** Adds what one planned batch decided; `picks` are its new people chosen to be merged, by record key. */
  addBatch(batch: PlanBatch, picks: ReadonlyMap<string, { person: ReportPerson }>): void {
    for (const o of batch.outcomes) {
      const pick = o.outcome === 'created' ? picks.get(o.sourceKey) : undefined;
      if (pick) {
        this.mergedCount += 1;
        this.merged.add(located(o, { recordKey: o.sourceKey, name: o.name, person: pick.person }));
        continue;
      }
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
    for (const s of batch.suggestions) {
      if (picks.has(s.sourceKey)) continue;
      this.suggestions.add(
        located(s, {
          recordKey: s.sourceKey,
          name: s.name,
          organization: s.organization,
          email: s.email,
          candidates: s.candidates,
        }),
      );
    }
    this.skip(this.planSkipped, batch.skipped);
    this.warnings.addAll(batch.warnings);
  }

  importCounts(): ImportCounts {
    return {
      records: this.records + this.parseSkipped.count,
      ...this.counts,
      merged: this.mergedCount,
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
    candidates: ReadonlyMap<number, Omit<Candidate, 'id'>>,
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
      this.merged,
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
      suggestions: this.suggestions.items.map((x) => ({
        ...x,
        candidates: x.candidates.map((id): Candidate => ({
          id,
          ...(candidates.get(id) ?? { name: x.name, organization: null, title: null, email: null }),
        })),
      })),
      merged: this.merged.items,
      skipped,
      skippedReasons: this.skippedReasons,
      errors: this.errors.items,
      warnings: this.warnings.items,
      truncated,
    };
  }
}

/** Where a record starts, as a choice names it: its line, and its file when that is not the import's own (a ZIP's entry). */
function place(file: string | undefined, line: number): string {
  return `${file ?? ''}\u0000${line}`;
}

function whereText(line: number, file: string | undefined): string {
  return `line ${line}${file !== undefined ? ` of ${file}` : ''}`;
}

/**
 * The merges a preview chose, found among the records as they are planned. A choice that names
 * no new person (a record matched to someone, skipped, or not in the file) is a problem of its field.
 */
class MergePicks {
  readonly #byKey = new Map<string, MergeChoice>();
  readonly #byPlace = new Map<string, MergeChoice>();
  readonly #all: readonly MergeChoice[];
  readonly #found = new Set<MergeChoice>();
  readonly #names: ReadonlyMap<number, string>;
  readonly #fileName: string;
  /** Whether records came from files inside the import (a ZIP), which a line alone does not name. */
  #zipped = false;
  readonly problems: { field: string; message: string }[] = [];
  /** Each chosen new person (by run-wide index) and whom they merge into, in file order. */
  readonly picked: { created: number; personId: number }[] = [];

  constructor(choices: readonly MergeChoice[], fileName: string, names: ReadonlyMap<number, string>) {
    this.#all = choices;
    this.#names = names;
    this.#fileName = fileName;
    for (const c of choices) {
      // A choice may name its record both ways (`file:12` is a place, and may be a key): either finds it.
      const names: [Map<string, MergeChoice>, string][] = [];
      if (c.recordKey !== undefined) names.push([this.#byKey, c.recordKey]);
      if (c.line !== undefined)
        names.push([this.#byPlace, place(c.file === fileName ? undefined : c.file, c.line)]);
      const other = names.map(([map, key]) => map.get(key)).find((x) => x !== undefined);
      if (other) {
        this.problems.push({
          field: c.field,
          message: `${c.field}: the same record is already chosen by ${other.field}.`,
        });
        this.#found.add(c);
      } else for (const [map, key] of names) map.set(key, c);
    }
  }

  /** A record's file as places name it: none when it is the imported file itself. */
  #inZip(file: string | undefined): string | undefined {
    if (file === this.#fileName) return undefined;
    if (file !== undefined) this.#zipped = true;
    return file;
  }

  get empty(): boolean {
    return this.#all.length === 0;
  }

  /** The new people of a planned batch chosen to be merged, by record key, with whom they merge into. */
  take(batch: PlanBatch): Map<string, { person: ReportPerson }> {
    const picks = new Map<string, { person: ReportPerson }>();
    if (this.empty) return picks;
    for (const o of batch.outcomes) {
      const file = this.#inZip(o.file);
      const c = this.#byKey.get(o.sourceKey) ?? this.#byPlace.get(place(file, o.line));
      if (!c || this.#found.has(c)) continue;
      this.#found.add(c);
      if (o.outcome !== 'created' || !('created' in o.person)) {
        const why =
          'created' in o.person
            ? `it is the same person as ${reasonText(o.reason).replace(/^.* as /, '')}; choose that record`
            : o.reason?.kind === 'link'
              ? `it was imported before as #${o.person.id}`
              : `it already goes to #${o.person.id} (${reasonText(o.reason)})`;
        this.problems.push({
          field: c.field,
          message: `${c.field}: ${whereText(o.line, file)} (${o.name}) is not a new person: ${why}.`,
        });
        continue;
      }
      this.picked.push({ created: o.person.created, personId: c.personId });
      picks.set(o.sourceKey, { person: { id: c.personId, name: this.#names.get(c.personId) ?? '' } });
    }
    for (const k of batch.skipped) {
      if (k.line === undefined) continue;
      const file = this.#inZip(k.file);
      const c = this.#byPlace.get(place(file, k.line));
      if (!c || this.#found.has(c)) continue;
      this.#found.add(c);
      this.problems.push({
        field: c.field,
        message: `${c.field}: ${whereText(k.line, file)} is skipped (${k.reason}).`,
      });
    }
    return picks;
  }

  /** Notes every choice that named no record of the file; call once every record was read. */
  finish(): void {
    for (const c of this.#all) {
      if (this.#found.has(c)) continue;
      const file = c.file === this.#fileName ? undefined : c.file;
      const at = c.line !== undefined ? `starts at ${whereText(c.line, file)}` : '';
      const what =
        c.recordKey === undefined
          ? `no record ${at}`
          : at
            ? `no record is "${c.recordKey}" or ${at}`
            : `no record "${c.recordKey}"`;
      const hint =
        c.recordKey === undefined && file === undefined && this.#zipped
          ? ' (in a ZIP, name the file too: FILE:LINE=PERSON)'
          : '';
      this.problems.push({ field: c.field, message: `${c.field}: ${what} in ${this.#fileName}${hint}.` });
    }
  }
}

/** Checks that every person a choice merges into is live, and returns their names. */
async function mergeTargets(
  target: ImportTarget,
  choices: readonly MergeChoice[],
): Promise<Map<number, string>> {
  const status = await peopleStatus(target.db, target.accountId, [
    ...new Set(choices.map((c) => c.personId)),
  ]);
  const names = new Map<number, string>();
  const problems: { field: string; message: string }[] = [];
  for (const c of choices) {
    const p = status.get(c.personId);
    if (!p) problems.push({ field: c.field, message: `${c.field}: no person #${c.personId}.` });
    else if (p.mergedInto !== null)
      problems.push({
        field: c.field,
        message: `${c.field}: #${c.personId} ${p.name} is merged into #${p.mergedInto}; choose #${p.mergedInto}.`,
      });
    else if (p.deleted)
      problems.push({ field: c.field, message: `${c.field}: #${c.personId} ${p.name} is deleted.` });
    else names.set(c.personId, p.name);
  }
  if (problems.length > 0) throw mergeProblems(problems);
  return names;
}

function mergeProblems(problems: { field: string; message: string }[]): FathomError {
  return new FathomError('invalid_input', problems.map((p) => p.message).join('\n'), {
    field: problems[0]!.field,
    details: problems,
  });
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
  const choices = input.mergeInto ?? [];
  const merges = new MergePicks(
    choices,
    input.fileName,
    choices.length > 0 ? await mergeTargets(target, choices) : new Map(),
  );
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
    built.addBatch(batch, merges.take(batch));
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

  merges.finish();
  if (merges.problems.length > 0) throw mergeProblems(merges.problems);

  if (!input.dryRun) {
    writer ??= await startRun();
    await writer.finish(planner.finish());
    await writer.mergeChosen(merges.picked);
    await setRunCounts(db, accountId, run!, built.importCounts());
  }
  target.progress?.('importing', 100, 100);
  const candidates = await personSummaries(db, accountId, [
    ...new Set(built.suggestions.items.flatMap((x) => x.candidates)),
  ]);
  return built.report(
    {
      status: input.dryRun ? 'preview' : 'committed',
      run,
      fileName: input.fileName,
      format,
      ...(reader.entries ? { entries: reader.entries } : {}),
    },
    planner.states,
    candidates,
  );
}
