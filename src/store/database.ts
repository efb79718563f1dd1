import type { Generated, Kysely, Transaction } from 'kysely';

/** Tables as both dialects store them: times are ISO-8601 UTC text, booleans are 0/1 integers. */
export interface Database {
  fathom_migrations: MigrationRow;
  accounts: AccountRow;
  settings: SettingsRow;
  goals: GoalRow;
  people: PersonRow;
  person_tags: PersonTagRow;
  contact_points: ContactPointRow;
  person_addresses: PersonAddressRow;
  person_related: PersonRelatedRow;
  person_connections: PersonConnectionRow;
  person_photos: PersonPhotoRow;
  entries: EntryRow;
  entry_people: EntryPersonRow;
  rollup_days: RollupDayRow;
  rollup_person_months: RollupPersonMonthRow;
  rollup_day_facets: RollupDayFacetRow;
  rollup_month_facets: RollupMonthFacetRow;
  reviews: ReviewRow;
  rollup_people: RollupPersonRow;
  import_runs: ImportRunRow;
  import_changes: ImportChangeRow;
  import_records: ImportRecordRow;
  person_merges: PersonMergeRow;
  person_distinct: PersonDistinctRow;
  judging_rules: JudgingRuleRow;
  entry_revisions: EntryRevisionRow;
}

export interface MigrationRow {
  position: number;
  name: string;
  applied_at: string;
}

export interface AccountRow {
  id: string;
  name: string;
  created_at: string;
}

export interface SettingsRow {
  account_id: string;
  time_zone: string;
  monthly_target_minutes: number;
  inner_cap: number;
  week_start: string;
  purpose: string | null;
  /** JSON array of the owner's own email addresses. */
  my_emails: string;
  phone_region: string | null;
  initialized_at: string | null;
  updated_at: string;
}

export interface GoalRow {
  id: Generated<number>;
  account_id: string;
  title: string;
  status: string;
  created_at: string;
  done_at: string | null;
}

export interface PersonRow {
  id: Generated<number>;
  account_id: string;
  name: string;
  /** Name folded for search and matching: NFC, lower case, accents removed. */
  name_key: string;
  organization: string | null;
  title: string | null;
  location: string | null;
  birthday_year: number | null;
  birthday_month: number | null;
  birthday_day: number | null;
  notes: string | null;
  purpose: string | null;
  circle: string;
  verdict: string | null;
  aspire: number;
  cadence_days: number | null;
  standing_mastery: string | null;
  standing_contribution: string | null;
  standing_accomplishment: string | null;
  standing_greatness: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  deleted_at: string | null;
  merged_into: number | null;
  /** The import run that created this person; null when added by hand. */
  import_run_id: number | null;
  /** JSON object: field name → `manual` or `import:RUN`, for fields whose source is recorded. */
  field_sources: string | null;
  name_prefix: string | null;
  given_name: string | null;
  middle_name: string | null;
  family_name: string | null;
  name_suffix: string | null;
  nickname: string | null;
  department: string | null;
  /** `YYYY-MM-DD`, or `--MM-DD` when the year is unknown. */
  anniversary: string | null;
}

export interface PersonTagRow {
  account_id: string;
  person_id: number;
  tag: string;
}

export interface ContactPointRow {
  id: Generated<number>;
  account_id: string;
  person_id: number;
  kind: string;
  value: string;
  /** Normalized for matching: lower-cased email, E.164 phone, bare URL, handle without `@`. */
  key: string;
  label: string | null;
  /** Where the fact came from: `manual`, `demo`, or an import run such as `import:12`. */
  source: string;
  created_at: string;
}

/** A postal address of a person, in its parts; `source` as on contact points. */
export interface PersonAddressRow {
  id: Generated<number>;
  account_id: string;
  person_id: number;
  label: string | null;
  po_box: string | null;
  extended: string | null;
  street: string | null;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  source: string;
  created_at: string;
}

/** A name related to a person (spouse, assistant, …); `source` as on contact points. */
export interface PersonRelatedRow {
  id: Generated<number>;
  account_id: string;
  person_id: number;
  name: string;
  relation: string | null;
  source: string;
  created_at: string;
}

/** When the owner connected with a person on one network (`linkedin`, `facebook`, …), YYYY-MM-DD. */
export interface PersonConnectionRow {
  account_id: string;
  person_id: number;
  network: string;
  connected_on: string;
  source: string;
}

/** A person's one photo: its bytes (BLOB on SQLite, bytea on PostgreSQL) and the type they were checked to be. */
export interface PersonPhotoRow {
  account_id: string;
  person_id: number;
  content_type: string;
  bytes: Uint8Array;
  size: number;
  /** Hex SHA-256 of the bytes: whether a photo changed, and the version in its URL. */
  sha256: string;
  source: string;
  created_at: string;
}

export interface EntryRow {
  id: Generated<number>;
  account_id: string;
  started_at: string;
  time_zone: string;
  /** Day of `started_at` in the owner's time zone when written; rollups and day ranges use it. */
  local_date: string;
  minutes: number;
  all_day: number;
  title: string;
  mode: string | null;
  verdict: string | null;
  goal_id: number | null;
  channel: string | null;
  notes: string | null;
  source: string;
  source_key: string | null;
  created_at: string;
  updated_at: string;
  /** Set when the owner changes an imported entry by hand, so re-imports leave it alone. */
  edited_at: string | null;
  deleted_at: string | null;
  /** The import run that created the entry; null when written by hand. */
  import_run_id: number | null;
  /** JSON: what an import last wrote into the entry, so a newer export keeps the owner's own changes. */
  imported: string | null;
}

export interface EntryPersonRow {
  account_id: string;
  entry_id: number;
  person_id: number;
}

/** Exact per-day totals of live entries, kept by the write path; `''` stands for unjudged. */
export interface RollupDayRow {
  account_id: string;
  day: string;
  mode: string;
  verdict: string;
  entries: number;
  minutes: number;
}

/** Exact per-person, per-month totals of live entries (every person gets the entry's minutes). */
export interface RollupPersonMonthRow {
  account_id: string;
  person_id: number;
  month: string;
  mode: string;
  verdict: string;
  entries: number;
  minutes: number;
}

/** Exact per-day totals by mode, verdict, goal (0: none) and channel ('': none); `''` mode or verdict is unjudged. */
export interface RollupDayFacetRow {
  account_id: string;
  day: string;
  mode: string;
  verdict: string;
  goal_id: number;
  channel: string;
  entries: number;
  minutes: number;
}

/** The same facets summed per month (YYYY-MM); kept by the write path with the days. */
export type RollupMonthFacetRow = Omit<RollupDayFacetRow, 'day'> & { month: string };

/** All-time totals per person over live entries and the last local day they were in one; kept by the write path. */
export interface RollupPersonRow {
  account_id: string;
  person_id: number;
  entries: number;
  minutes: number;
  /** Null when no live entry names the person. */
  last_day: string | null;
}

/** A periodic review: the owner's answers and the period's figures as they were, both JSON text. */
export interface ReviewRow {
  id: Generated<number>;
  account_id: string;
  /** `week` or `month`. */
  period_kind: string;
  period_from: string;
  period_to: string;
  created_at: string;
  answers: string;
  figures: string;
}

/** One committed import; `counts` is JSON. A dry run is never stored. */
export interface ImportRunRow {
  id: Generated<number>;
  account_id: string;
  /** What was imported: `contacts` (later `calendar`). */
  kind: string;
  format: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  /** `committed` or `undone`. */
  status: string;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
  counts: string;
}

/** A change a run made to a row that existed before it; `before` and `after` are JSON. */
export interface ImportChangeRow {
  id: Generated<number>;
  account_id: string;
  run_id: number;
  /** `person` or `entry`. */
  subject: string;
  subject_id: number;
  /** `field_set`, `tag_added`, `link_updated`, `touched`, … */
  action: string;
  field: string | null;
  before: string | null;
  after: string | null;
}

/** Which person a source record became, and what the record said when last imported (JSON). */
export interface ImportRecordRow {
  account_id: string;
  source_key: string;
  person_id: number;
  created_run_id: number;
  run_id: number;
  snapshot: string;
}

/** A merge of `merged_id` into `survivor_id`; `moved` (JSON) lists what moved, for an exact unmerge. */
export interface PersonMergeRow {
  id: Generated<number>;
  account_id: string;
  survivor_id: number;
  merged_id: number;
  created_at: string;
  undone_at: string | null;
  moved: string;
}

/** Two people the owner said are not the same person (`person_a` < `person_b`). */
export interface PersonDistinctRow {
  account_id: string;
  person_a: number;
  person_b: number;
  created_at: string;
}

/** A judging rule: every non-null matcher must hold for an entry; mode, verdict and goal are what it suggests. */
export interface JudgingRuleRow {
  id: Generated<number>;
  account_id: string;
  /** Text the entry's title must contain, as the owner typed it. */
  title_text: string | null;
  person_id: number | null;
  organization: string | null;
  /** Lower-cased, as person tags are stored. */
  tag: string | null;
  mode: string | null;
  verdict: string | null;
  goal_id: number | null;
  created_at: string;
}

/** What an entry was before one edit and what the edit left (both JSON `EntryState`); undone ones stay. */
export interface EntryRevisionRow {
  id: Generated<number>;
  account_id: string;
  entry_id: number;
  created_at: string;
  before: string;
  after: string;
  undone_at: string | null;
}

export type Db = Kysely<Database> | Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';
