/** A problem found while reading an input file; parsers report these instead of throwing. */
export interface ParseIssue {
  /** File name (or ZIP entry path) the problem is in, when known. */
  file?: string;
  /** 1-based line number where the offending record or line starts. */
  line?: number;
  /** Field or property name, e.g. `BDAY`, `Email Address`. */
  field?: string;
  message: string;
}

/** A record left out on purpose (empty row, organization card, …), with the reason. */
export interface SkippedRecord {
  file?: string;
  line?: number;
  reason: string;
}

/** What every parser returns: the records it could read, and everything it could not. */
export interface ParseResult<R> {
  records: R[];
  errors: ParseIssue[];
  skipped: SkippedRecord[];
}
