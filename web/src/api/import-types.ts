// The parts of the import operations' results the web app shows. Kept here rather than imported,
// so the page keeps building while the import report grows new fields.

export interface ImportCounts {
  records: number;
  created: number;
  matched: number;
  updated: number;
  unchanged: number;
  /** New people merged into people you have, as chosen in the preview (absent from older runs). */
  merged?: number;
  skipped: number;
  errors: number;
  warnings: number;
  suggestions: number;
}

/** A person you have who shares a name with a newcomer, with what tells them apart. */
export interface SuggestionCandidate {
  id: number;
  name: string;
  organization: string | null;
  title: string | null;
  email: string | null;
}

/** A newcomer left apart though they share a name with people you have; the preview may merge them instead. */
export interface ImportSuggestion {
  line: number;
  file?: string;
  recordKey: string;
  name: string;
  organization: string | null;
  email: string | null;
  candidates: SuggestionCandidate[];
}

export interface ReportPersonRef {
  id: number | null;
  name: string;
}

export interface ImportIssue {
  line?: number;
  file?: string;
  field?: string;
  message: string;
}

export interface ImportReport {
  status: 'preview' | 'committed';
  run: number | null;
  fileName: string;
  format: string;
  entries?: { path: string; format: string }[];
  counts: ImportCounts;
  created: { line: number; file?: string; name: string }[];
  matched: { line: number; file?: string; name: string; person: ReportPersonRef; reason: string }[];
  changes: { line: number; person: ReportPersonRef; field: string; from: string | null; to: string | null }[];
  suggestions: ImportSuggestion[];
  merged?: { line: number; file?: string; recordKey: string; name: string; person: ReportPersonRef }[];
  skippedReasons: Record<string, number>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  truncated: boolean;
}

export interface ImportRun {
  id: number;
  kind: string;
  format: string;
  fileName: string;
  fileBytes: number;
  status: 'committed' | 'undone';
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
  /** A calendar run's counts also say what happened to entries and people. */
  counts: ImportCounts & Partial<Omit<CalendarCounts, keyof ImportCounts>>;
}

export interface UndoResult {
  run: ImportRun;
  /** Merges chosen in the run's preview, taken back. */
  unmerged?: number;
  peopleRemoved: number;
  peopleRestored: number;
  contactPointsRemoved: number;
  keptEdits: { personId: number; field: string }[];
  editedSince: number;
}

/** Counts of a calendar import: entries created, moved or changed, removed, kept; people met. */
export interface CalendarCounts extends ImportCounts {
  removed: number;
  kept: number;
  peopleCreated: number;
  peopleMatched: number;
}

/** One occurrence of a calendar event as a report names it; `entry` is null in a preview of a new one. */
export interface ReportOccurrence {
  line: number;
  file?: string;
  name: string;
  key: string;
  start: string;
  allDay: boolean;
  minutes: number;
  entry: number | null;
}

/** The preview or result of a calendar (ICS) import. */
export interface CalendarImportReport extends Omit<ImportReport, 'counts' | 'created'> {
  format: 'ics';
  window: { from: string; to: string };
  timeZone: string;
  counts: CalendarCounts;
  created: ReportOccurrence[];
  updated: (ReportOccurrence & { fields: string[] })[];
  removed: ReportOccurrence[];
  keptEntries: (ReportOccurrence & { fields: string[]; why: string })[];
  newPeople: { name: string; email: string }[];
}

/** Whether an import's report is a calendar's (it carries the window it read). */
export function isCalendarReport(r: ImportReport | CalendarImportReport): r is CalendarImportReport {
  return r.format === 'ics' && 'window' in r;
}

/** What undoing a calendar run did, besides what every undo reports. */
export interface CalendarUndoResult extends UndoResult {
  entriesRemoved: number;
  entriesRestored: number;
}

/** Whether an undo's result is a calendar run's. */
export function isCalendarUndo(r: UndoResult | CalendarUndoResult): r is CalendarUndoResult {
  return 'entriesRemoved' in r;
}
