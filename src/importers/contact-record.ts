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

/** A postal address as an export gives it; parts the source left empty are left out. */
export interface ContactAddress {
  /** `home`, `work`, or the source's own label. */
  label?: string;
  preferred?: boolean;
  poBox?: string;
  extended?: string;
  street?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** A name related to the person, with the relation the source gave (`spouse`, `manager`, …). */
export interface ContactRelated {
  name: string;
  relation?: string;
}

/**
 * A photo as an export carries it. Its bytes are kept only up to a little over the size Fathom
 * keeps (see maxPhotoBytes), so a huge one costs no memory; `size` tells how large it was.
 */
export interface ContactPhoto {
  /** The decoded bytes; missing when the photo was too large to keep or is only a link. */
  bytes?: Uint8Array;
  /** Size in bytes (estimated from its encoded length when the bytes were not kept). */
  size: number;
  /** The media type the source named (`image/jpeg`), which the bytes are checked against. */
  declaredType?: string;
  /** A photo given as a link: never fetched (no network calls), only reported. */
  url?: string;
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
  /** The plain name people use: the formatted name, or given and family name. */
  name: string;
  namePrefix?: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  nameSuffix?: string;
  nickname?: string;
  emails: ContactValue[];
  phones: ContactValue[];
  urls: ContactValue[];
  /** Social handles such as `@ana` on X or an Instagram user name, with the network as label. */
  handles: ContactValue[];
  organization?: string;
  department?: string;
  title?: string;
  location?: string;
  birthday?: Birthday;
  anniversary?: Birthday;
  notes?: string;
  tags: string[];
  addresses?: ContactAddress[];
  related?: ContactRelated[];
  photo?: ContactPhoto;
  /**
   * When the owner connected with this person on the source network (YYYY-MM-DD); the network is
   * the one the source key names (`linkedin:…`, `facebook:…`).
   */
  connectedOn?: string;
}
