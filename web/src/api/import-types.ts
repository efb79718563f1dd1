// The parts of the import operations' results the web app shows. Kept here rather than imported,
// so the page keeps building while the import report grows new fields.

export interface ImportCounts {
  records: number;
  created: number;
  matched: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: number;
  warnings: number;
  suggestions: number;
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
  suggestions: { line: number; name: string; candidates: ReportPersonRef[] }[];
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
  counts: ImportCounts;
}

export interface UndoResult {
  run: ImportRun;
  peopleRemoved: number;
  peopleRestored: number;
  contactPointsRemoved: number;
  keptEdits: { personId: number; field: string }[];
  editedSince: number;
}
