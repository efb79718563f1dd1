/** One value of a contact point as found in an export. */
export interface ContactValue {
  value: string;
  /** The label the source gave it: `work`, `home`, `cell`, or a custom label. */
  label?: string;
  /** The source marked it as the preferred / primary value. */
  preferred?: boolean;
}

/** A birthday; the year is often unknown (`--0501`, Apple's omit-year marker). */
export interface Birthday {
  year?: number;
  month: number;
  day: number;
}

/**
 * One person (or organization) read from a contacts export, before identity resolution.
 * Parsers fill what the source has and leave the rest empty; nothing here is normalized for
 * matching yet (that is the ingest path's job), but text is decoded, unescaped and trimmed.
 */
export interface ContactRecord {
  /** 1-based line in the file where the record starts (for error messages and provenance). */
  line: number;
  /** File name or ZIP entry the record came from. */
  file?: string;
  /** Stable key of this record within its source, so re-importing a newer export finds it again. */
  sourceKey: string;
  kind: 'person' | 'organization';
  name: string;
  givenName?: string;
  familyName?: string;
  emails: ContactValue[];
  phones: ContactValue[];
  urls: ContactValue[];
  /** Social handles such as `@ana` on X or an Instagram user name, with the network as label. */
  handles: ContactValue[];
  organization?: string;
  title?: string;
  location?: string;
  birthday?: Birthday;
  notes?: string;
  tags: string[];
  /** When the owner connected with this person on the source network (YYYY-MM-DD). */
  connectedOn?: string;
}
