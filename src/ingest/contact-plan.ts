import { createHash } from 'node:crypto';
import { formatBirthday } from '../domain/birthday.ts';
import { formatSize } from '../domain/byte-size.ts';
import { compactKey, emailKey, nameKey, normalizeContact } from '../domain/contact-keys.ts';
import { FathomError, invalid } from '../domain/errors.ts';
import { addressLine } from '../domain/person.ts';
import { describeUnknownImage, maxPhotoBytes, sniffImageType } from '../domain/photo.ts';
import type { ContactKind } from '../domain/vocabulary.ts';
import type { ContactRecord } from '../importers/contact-record.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import { fitRecord } from './imported-values.ts';

/** The person fields an import may fill or update; birthday and anniversary are `YYYY-MM-DD` or `--MM-DD`. */
export const importedFields = [
  'name',
  'organization',
  'title',
  'location',
  'birthday',
  'notes',
  'namePrefix',
  'givenName',
  'middleName',
  'familyName',
  'nameSuffix',
  'nickname',
  'department',
  'anniversary',
] as const;
export type ImportedField = (typeof importedFields)[number];
export type FieldValues = Record<ImportedField, string | null>;

/** A contact point ready to write and to match: `match` is unique across kinds (and networks, for handles). */
export interface PreparedContact {
  kind: ContactKind;
  value: string;
  key: string;
  label: string | null;
  match: string;
  /** Whether this contact point is evidence of identity (a company home page is not). */
  identifies: boolean;
}

/** A postal address ready to write; `key` tells the same address apart whatever its label or spelling. */
export interface PreparedAddress {
  label: string | null;
  poBox: string | null;
  extended: string | null;
  street: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  key: string;
}

/** A related name ready to write; `key` is the folded name and the relation. */
export interface PreparedRelated {
  name: string;
  relation: string | null;
  key: string;
}

/** When the owner connected with the person on a network, YYYY-MM-DD. */
export interface PreparedConnection {
  network: string;
  on: string;
}

/** A photo checked to be an image a browser shows, within the size kept. */
export interface PreparedPhoto {
  bytes: Uint8Array;
  contentType: string;
  sha256: string;
}

/** What a person has several of (or one of, apart from the fields): written as rows of their own. */
export interface PersonDetails {
  addresses: PreparedAddress[];
  related: PreparedRelated[];
  connections: PreparedConnection[];
  photo: PreparedPhoto | null;
}

/** A source record normalized for matching, with the text the next import compares against. */
export interface PreparedRecord {
  record: ContactRecord;
  fields: FieldValues;
  tags: string[];
  contacts: PreparedContact[];
  /** Null when the record has none (most records of most files). */
  details: PersonDetails | null;
  snapshot: string;
}

/** What the last import of a record said (parsed from `import_records.snapshot`). */
export interface Snapshot {
  /** The fields the record had; a field left out was empty (or did not exist yet). */
  fields: Partial<FieldValues>;
  tags: string[];
  addressKeys: string[];
  relatedKeys: string[];
  /** The photo's SHA-256, null when the record had none. */
  photo: string | null;
}

/** A row a person has several of, as the planner compares them: its id, key, where it came from and how reports name it. */
export interface DetailRow {
  id: number;
  key: string;
  source: string;
  text: string;
}

/** A person as the planner sees them: current values, provenance, tags and contact keys. */
export interface PersonState {
  id: number;
  fields: FieldValues;
  /** Field → `manual` or `import:RUN`, as recorded. */
  sources: Record<string, string>;
  importRunId: number | null;
  tags: Set<string>;
  /** Match key (contactMatchKey) of every contact point. */
  contactKeys: Set<string>;
  addresses: DetailRow[];
  related: DetailRow[];
  /** Network → when the owner connected there, and the source of that date. */
  connections: Map<string, { on: string; source: string }>;
  photo: { sha256: string; source: string } | null;
  deleted: boolean;
  updatedAt: string;
}

/** People sharing a key: one person as their id, several as a list (most keys have one). */
export type PersonIds = number | number[];

/** The existing ledger, loaded once so that matching needs no query per record. */
export interface LedgerIndex {
  /** Contact match key → live people carrying it. */
  byContact: Map<string, PersonIds>;
  /** Folded name → live people. */
  byName: Map<string, PersonIds>;
  /** Source key → the person it became (already resolved through merges) and its last snapshot. */
  links: Map<string, { personId: number; snapshot: string; runId: number; deleted: boolean }>;
  /** When given, the links of the given source keys, read per batch (`links` is then left empty). */
  linksOf?(sourceKeys: string[]): Promise<LedgerIndex['links']>;
  ownEmails: Set<string>;
  phoneRegion: string | null;
}

/** A person reference in a plan: an existing id, or the index of a person the plan creates. */
export type PersonRef = { id: number } | { created: number };

export interface FieldChange {
  field: ImportedField;
  from: string | null;
  to: string | null;
}

export type MatchReason =
  | { kind: 'link'; sourceKey: string }
  | { kind: ContactKind; value: string; inFile?: { line: number; file?: string } };

export interface RecordOutcome {
  line: number;
  file?: string;
  /** The record's key in its source (what a merge chosen in a preview names it by). */
  sourceKey: string;
  name: string;
  outcome: 'created' | 'matched' | 'updated' | 'unchanged';
  person: PersonRef;
  /** Why the record went to an existing person. */
  reason?: MatchReason;
  changes: FieldChange[];
  addedContacts: string[];
  addedTags: string[];
  /** Addresses, related names, connection dates and photos the record adds, changes or takes away, described. */
  details: string[];
  /** Fields the file would change but the owner set by hand, or another source set since. */
  kept: { field: ImportedField; yours: string | null; file: string | null; why: 'manual' | 'other-source' }[];
}

/** People sharing a name with a new person: shown for review, never merged automatically. */
export interface NameSuggestion {
  line: number;
  file?: string;
  sourceKey: string;
  name: string;
  /** What else the record says, for telling the people apart. */
  organization: string | null;
  email: string | null;
  person: PersonRef;
  candidates: number[];
}

export interface PlannedPerson {
  fields: FieldValues;
  /** The folded name, when matching already worked it out. */
  nameKey?: string;
  tags: string[];
  contacts: PreparedContact[];
  details: PersonDetails | null;
}

/** A connection date a run sets on someone who existed before, with what it replaces. */
export interface ConnectionWrite {
  network: string;
  on: string;
  before: { on: string; source: string } | null;
}

export interface PersonUpdate {
  id: number;
  /** `updated_at` before the import, put back by an undo. */
  updatedAt: string;
  before: FieldValues;
  after: FieldValues;
  beforeSources: Record<string, string>;
  afterSources: Record<string, string>;
  addTags: string[];
  addContacts: PreparedContact[];
  addAddresses: PreparedAddress[];
  /** Ids of address rows the source no longer has. */
  removeAddresses: number[];
  addRelated: PreparedRelated[];
  removeRelated: number[];
  connections: ConnectionWrite[];
  /** The photo to set (or, null, to take away), with the one it replaces. */
  photo?: { before: { sha256: string; source: string } | null; after: PreparedPhoto | null };
}

export interface LinkWrite {
  sourceKey: string;
  person: PersonRef;
  snapshot: string;
  /** The link as it was, when the record had been imported before. */
  previous?: { snapshot: string; runId: number };
}

export interface ContactPlan {
  creates: PlannedPerson[];
  /** Existing people the plan changes, by id. */
  updates: Map<number, PersonUpdate>;
  links: LinkWrite[];
  outcomes: RecordOutcome[];
  suggestions: NameSuggestion[];
  skipped: SkippedRecord[];
  /** Values left out of otherwise good records (a malformed email, …). */
  warnings: ParseIssue[];
}

function clean(text: string | undefined): string | null {
  if (text === undefined) return null;
  const t = text.trim();
  return t === '' ? null : t;
}

/** Known profile hosts: their URLs identify a person even without a path. */
const profileHosts = /^(linkedin\.com|x\.com|instagram\.com|facebook\.com|github\.com)\/./;

/**
 * The form of a URL key used for matching: on the big networks a profile has many spellings
 * (country subdomains, tracking queries, twitter.com for x.com, any letter case), one person.
 */
export function urlMatchKey(key: string): string {
  const m =
    /^(?:[a-z]{2,3}\.)?(linkedin\.com|twitter\.com|x\.com|instagram\.com|facebook\.com|github\.com)(?=$|[/?#])(\/[^?#]*)?/.exec(
      key,
    );
  if (!m) return key;
  const host = m[1] === 'twitter.com' ? 'x.com' : m[1]!;
  return `${host}${(m[2] ?? '').replace(/\/+$/, '').toLowerCase()}`;
}

/** The key two contact points share when they are the same fact: per kind, and per network for handles. */
export function contactMatchKey(kind: string, key: string, label: string | null): string {
  if (kind === 'handle') return `handle:${(label ?? '').toLowerCase()}:${key}`;
  if (kind === 'url') return `url:${urlMatchKey(key)}`;
  return `${kind}:${key}`;
}

/** Whether a URL key points at one person rather than a company or a home page. */
function urlIdentifies(key: string): boolean {
  if (profileHosts.test(key)) return true;
  const slash = key.indexOf('/');
  return slash > 0 && slash < key.length - 1;
}

/** An http(s) URL the URL parser would leave as it is: lower-case host of plain labels, a path of plain characters. */
const plainUrl = /^https?:\/\/((?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*)(\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?$/;

/**
 * A URL as normalizeContact checks it, keyed in the one spelling matching uses (so the same
 * profile is one fact), parsing it once: exports carry a URL in nearly every row. Plain URLs
 * (nearly all of them) are taken as they are, the way the URL parser would write them.
 */
function readUrl(raw: string): { value: string; key: string } {
  const v = raw.trim();
  if (v === '') throw invalid('url', 'is empty.');
  if (v.length > 500) throw invalid('url', 'is longer than 500 characters.');
  const plain = plainUrl.exec(v);
  // Punycode labels are checked by the parser; dot segments (`/./`, `/%2e%2e/`) are resolved by it.
  if (plain && !plain[1]!.includes('xn--') && !(plain[2] !== undefined && /\/(?:\.|%2e)/i.test(plain[2]))) {
    const host = plain[1]!.startsWith('www.') ? plain[1]!.slice(4) : plain[1]!;
    const path = plain[2] ?? '';
    let end = path.length;
    while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
    return { value: path === '' ? `${v}/` : v, key: urlMatchKey(host + path.slice(0, end)) };
  }
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`);
  } catch {
    throw invalid('url', `"${raw}" is not a web address.`);
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !u.hostname.includes('.')) {
    throw invalid('url', `"${raw}" is not a web address (only http and https links).`);
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  return { value: u.href, key: urlMatchKey(`${host}${u.pathname.replace(/\/+$/, '')}${u.search}`) };
}

function issueOf(record: ContactRecord, field: string, message: string): ParseIssue {
  const issue: ParseIssue = { line: record.line, field, message };
  if (record.file !== undefined) issue.file = record.file;
  return issue;
}

function skip(record: ContactRecord, reason: string): SkippedRecord {
  const s: SkippedRecord = { line: record.line, reason };
  if (record.file !== undefined) s.file = record.file;
  return s;
}

/** Adds one kind of a record's contact points to `contacts`, dropping malformed values with a warning. */
function addContacts(
  contacts: PreparedContact[],
  record: ContactRecord,
  kind: ContactKind,
  values: ContactRecord['emails'],
  phoneRegion: string | null,
  warnings: ParseIssue[],
): void {
  for (const v of values) {
    try {
      const n = kind === 'url' ? readUrl(v.value) : normalizeContact(kind, v.value, kind, phoneRegion);
      const label = clean(v.label);
      const network = kind === 'handle' ? (label ?? '').toLowerCase() : '';
      // A URL key is in its matching spelling already. New people's keys are kept for the whole run.
      const match = compactKey(kind === 'url' ? `url:${n.key}` : contactMatchKey(kind, n.key, network));
      if (contacts.some((c) => c.match === match)) continue;
      const identifies = kind === 'url' ? urlIdentifies(n.key) : kind === 'handle' ? network !== '' : true;
      contacts.push({ kind, value: n.value, key: n.key, label, match, identifies });
    } catch (e) {
      if (!(e instanceof FathomError)) throw e;
      warnings.push(issueOf(record, kind, `${e.message.replace(/^[^:]*: /, '')} The value was left out.`));
    }
  }
}

/** The tags of a record as they are kept: trimmed, lower case, no longer than 60, each once, sorted. */
function recordTags(tags: readonly string[]): string[] {
  if (tags.length === 0) return [];
  return [
    ...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== '' && t.length <= 60)),
  ].sort();
}

/** Networks whose exports say when the owner connected with someone; the record's source key names it. */
const connectionNetworks = new Set(['linkedin', 'facebook', 'instagram', 'x']);

/** The parts of an address in ADR's order. */
const addressParts = ['poBox', 'extended', 'street', 'locality', 'region', 'postalCode', 'country'] as const;
type AddressParts = Pick<PreparedAddress, (typeof addressParts)[number]>;

/** The key of an address: its parts folded, so spelling, case and accents do not make two of one place. */
export function addressKey(address: AddressParts): string {
  return addressParts.map((part) => nameKey(address[part] ?? '')).join('|');
}

/** An address on one line, as reports name it (as the person's card does). */
export function addressText(address: AddressParts): string {
  return addressLine(address);
}

/** The key of a related name: the folded name and the relation. */
export function relatedKey(name: string, relation: string | null): string {
  return `${nameKey(name)}|${relation ?? ''}`;
}

/** A related name as reports show it: `Jane Doe (spouse)`. */
export function relatedText(name: string, relation: string | null): string {
  return relation ? `${name} (${relation})` : name;
}

/** The record's photo if it is one a browser shows and small enough to keep; a warning says why not. */
function preparePhoto(record: ContactRecord, warnings: ParseIssue[]): PreparedPhoto | null {
  const photo = record.photo;
  if (photo === undefined) return null;
  let problem: string | undefined;
  let contentType: string | undefined;
  if (photo.url !== undefined) {
    problem = `is a link (${photo.url.length > 80 ? `${photo.url.slice(0, 77)}…` : photo.url}), which Fathom does not fetch`;
  } else if (photo.bytes === undefined || photo.size > maxPhotoBytes) {
    problem = `is ${formatSize(photo.size)}, over the limit of ${formatSize(maxPhotoBytes)}`;
  } else {
    contentType = sniffImageType(photo.bytes);
    if (contentType === undefined) problem = `is ${describeUnknownImage(photo.bytes, photo.declaredType)}`;
  }
  if (problem !== undefined || contentType === undefined || photo.bytes === undefined) {
    warnings.push(issueOf(record, 'photo', `${problem ?? 'is not an image'}; the photo was left out.`));
    return null;
  }
  const sha256 = createHash('sha256').update(photo.bytes).digest('hex');
  return { bytes: photo.bytes, contentType, sha256 };
}

/** A record's addresses, related names, connection date and photo, ready to write; null when it has none. */
function prepareDetails(record: ContactRecord, warnings: ParseIssue[]): PersonDetails | null {
  const photo = preparePhoto(record, warnings);
  const network = record.sourceKey.slice(0, record.sourceKey.indexOf(':'));
  const connected =
    record.connectedOn !== undefined &&
    /^\d{4}-\d{2}-\d{2}$/.test(record.connectedOn) &&
    connectionNetworks.has(network);
  if (record.addresses === undefined && record.related === undefined && !connected && photo === null)
    return null;
  const addresses: PreparedAddress[] = [];
  for (const a of record.addresses ?? []) {
    const parts: AddressParts = {
      poBox: clean(a.poBox),
      extended: clean(a.extended),
      street: clean(a.street),
      locality: clean(a.locality),
      region: clean(a.region),
      postalCode: clean(a.postalCode),
      country: clean(a.country),
    };
    const key = addressKey(parts);
    if (/^\|*$/.test(key) || addresses.some((x) => x.key === key)) continue;
    addresses.push({ label: clean(a.label), ...parts, key });
  }
  const related: PreparedRelated[] = [];
  for (const r of record.related ?? []) {
    const name = clean(r.name);
    if (name === null) continue;
    const relation = clean(r.relation)?.toLowerCase() ?? null;
    const key = relatedKey(name, relation);
    if (!related.some((x) => x.key === key)) related.push({ name, relation, key });
  }
  return {
    addresses,
    related,
    connections: connected ? [{ network, on: record.connectedOn! }] : [],
    photo,
  };
}

/**
 * Normalizes one record: field values, tags, contact points with their matching keys, and its
 * details. Malformed contact values and unusable photos are dropped with a warning; the rest of
 * the record still counts.
 */
export function prepareRecord(
  source: ContactRecord,
  phoneRegion: string | null,
  warnings: ParseIssue[],
): PreparedRecord {
  const record = fitRecord(source, warnings);
  const fields: FieldValues = {
    name: clean(record.name),
    organization: clean(record.organization),
    title: clean(record.title),
    location: clean(record.location),
    birthday: record.birthday ? formatBirthday(record.birthday) : null,
    notes: clean(record.notes),
    namePrefix: clean(record.namePrefix),
    givenName: clean(record.givenName),
    middleName: clean(record.middleName),
    familyName: clean(record.familyName),
    nameSuffix: clean(record.nameSuffix),
    nickname: clean(record.nickname),
    department: clean(record.department),
    anniversary: record.anniversary ? formatBirthday(record.anniversary) : null,
  };
  // Strongest evidence first (email, phone, URL, handle): matching reads them in this order.
  const contacts: PreparedContact[] = [];
  if (record.emails.length > 0) addContacts(contacts, record, 'email', record.emails, phoneRegion, warnings);
  if (record.phones.length > 0) addContacts(contacts, record, 'phone', record.phones, phoneRegion, warnings);
  if (record.urls.length > 0) addContacts(contacts, record, 'url', record.urls, phoneRegion, warnings);
  if (record.handles.length > 0)
    addContacts(contacts, record, 'handle', record.handles, phoneRegion, warnings);
  const tags = recordTags(record.tags);
  const details = prepareDetails(record, warnings);
  const matches = contacts.length === 1 ? [contacts[0]!.match] : contacts.map((c) => c.match).sort();
  // Only the fields a record has: a missing field reads as empty, and short snapshots cost less to write.
  const present: Partial<FieldValues> = {};
  for (const f of importedFields) if (fields[f] !== null) present[f] = fields[f];
  const snap: Record<string, unknown> = { f: present, t: tags, c: matches };
  if (details !== null) {
    // Only what a record has: most records have none of these, and their snapshots stay short.
    if (details.addresses.length > 0) snap.a = details.addresses.map((a) => a.key).sort();
    if (details.related.length > 0) snap.r = details.related.map((r) => r.key).sort();
    if (details.connections.length > 0) snap.k = details.connections.map((c) => `${c.network}:${c.on}`);
    if (details.photo !== null) snap.p = details.photo.sha256;
  }
  const snapshot = JSON.stringify(snap);
  return { record, fields, tags, contacts, details, snapshot };
}

/** Reads a stored snapshot back; snapshots written before a field or detail existed lack it. */
export function readSnapshot(text: string): Snapshot {
  const parsed = JSON.parse(text) as {
    f: Partial<FieldValues>;
    t: string[];
    a?: string[];
    r?: string[];
    p?: string;
  };
  return {
    fields: parsed.f,
    tags: parsed.t,
    addressKeys: parsed.a ?? [],
    relatedKeys: parsed.r ?? [],
    photo: parsed.p ?? null,
  };
}

/** The source a field's value came from: recorded, or the run that created the person. */
export function fieldSource(state: PersonState, field: ImportedField): string | null {
  return state.sources[field] ?? (state.importRunId !== null ? `import:${state.importRunId}` : null);
}

const none: never[] = [];
Object.freeze(none);

/** One field's bit in the mask of fields a new person already has. */
const fieldBit = Object.fromEntries(importedFields.map((f, i) => [f, 1 << i])) as Record<
  ImportedField,
  number
>;

/** What one batch of records adds to a run: written before the next batch is read. */
export interface PlanBatch {
  /** Run-wide index of this batch's first new person (`{ created: n }` refers to run-wide indexes). */
  firstCreated: number;
  creates: PlannedPerson[];
  links: LinkWrite[];
  /** Contact points later rows add to people created by an earlier batch. */
  addContacts: { created: number; contact: PreparedContact }[];
  /** Tags later rows add to people created by an earlier batch. */
  addTags: { created: number; tag: string }[];
  /** Addresses, related names, connection dates and photos later rows add to people created by an earlier batch. */
  addDetails: { created: number; details: PersonDetails }[];
  outcomes: RecordOutcome[];
  suggestions: NameSuggestion[];
  skipped: SkippedRecord[];
  warnings: ParseIssue[];
}

/** What is known only once every record was read: changes to existing people, late fills of new ones. */
export interface PlanEnd {
  updates: Map<number, PersonUpdate>;
  /** Fields later rows filled in people created by an earlier batch: run-wide index → values. */
  fills: Map<number, Partial<FieldValues>>;
}

/**
 * The keys of the details a new person has, so later rows of the file add only what is new: each
 * prefixed by its kind (`a` address, `r` related name, `n` network, `p` the photo), a lone key as
 * itself. Held for every new person of a run, so as small as can be: most have one network.
 */
type DetailKeys = string | string[];

/** `n` and a network's name, made once per network rather than once per person. */
const networkKeys = new Map<string, string>();

function networkKey(network: string): string {
  let key = networkKeys.get(network);
  if (key === undefined) {
    key = `n${network}`;
    networkKeys.set(network, key);
  }
  return key;
}

function detailKeys(details: PersonDetails): DetailKeys {
  const keys = [
    ...details.addresses.map((a) => `a${a.key}`),
    ...details.related.map((r) => `r${r.key}`),
    ...details.connections.map((c) => networkKey(c.network)),
    ...(details.photo !== null ? ['p'] : []),
  ];
  return keys.length === 1 ? keys[0]! : keys;
}

interface Pending {
  prepared: PreparedRecord;
  person: PersonRef;
  outcome: RecordOutcome['outcome'];
  reason?: MatchReason;
  previous?: { snapshot: string; runId: number };
}

/**
 * Plans an import batch by batch, so that a large file never has every record, plan and row in
 * memory at once. Decisions are the same as for the whole file at once: later batches find the
 * people earlier ones created, and changes to existing people gather until `finish`.
 */
export class ContactPlanner {
  readonly #index: LedgerIndex;
  readonly #loadStates: (ids: number[]) => Promise<Map<number, PersonState>>;
  /** People the run touches, loaded once each and kept up to date as records change them. */
  readonly states = new Map<number, PersonState>();
  readonly #updates = new Map<number, PersonUpdate>();
  readonly #fills = new Map<number, Partial<FieldValues>>();
  readonly #seenKeys = new Set<string>();
  /** Identifying contact match key → the new person that first carried it. */
  readonly #createdBy = new Map<string, number>();
  /** Where each new person was first read (for "same email as line 12 of this file"). */
  readonly #createdLine: number[] = [];
  readonly #createdFile: (string | undefined)[] = [];
  /** Fields each new person already has, as bits. */
  readonly #createdMask: number[] = [];
  /** The contact match keys and the tags each new person has (a lone key as itself, no tags as undefined). */
  readonly #createdMatches: (string | string[] | undefined)[] = [];
  readonly #createdTags: (string[] | undefined)[] = [];
  /** The keys of the details each new person has (undefined when none, as for most). */
  readonly #createdDetails: (DetailKeys | undefined)[] = [];
  #created = 0;

  constructor(index: LedgerIndex, loadStates: (ids: number[]) => Promise<Map<number, PersonState>>) {
    this.#index = index;
    this.#loadStates = loadStates;
  }

  /** How many new people the run has planned so far. */
  get createdCount(): number {
    return this.#created;
  }

  #inFile(created: number): { line: number; file?: string } {
    const file = this.#createdFile[created];
    const line = this.#createdLine[created]!;
    return file !== undefined ? { line, file } : { line };
  }

  /** Decides, for each record of the batch, whether it is new, an existing person (and why), or known. */
  async planBatch(records: readonly ContactRecord[]): Promise<PlanBatch> {
    const index = this.#index;
    const batch: PlanBatch = {
      firstCreated: this.#created,
      creates: [],
      links: [],
      addContacts: [],
      addTags: [],
      addDetails: [],
      outcomes: [],
      suggestions: [],
      skipped: [],
      warnings: [],
    };
    const pending: Pending[] = [];
    const links = index.linksOf ? await index.linksOf(records.map((r) => r.sourceKey)) : index.links;
    for (const record of records) {
      if (record.kind === 'organization') {
        batch.skipped.push(skip(record, 'an organization, not a person'));
        continue;
      }
      if (this.#seenKeys.has(record.sourceKey)) {
        batch.skipped.push(skip(record, 'the same record appears earlier in the file'));
        continue;
      }
      this.#seenKeys.add(record.sourceKey);
      const own =
        index.ownEmails.size > 0
          ? record.emails.find((e) => index.ownEmails.has(emailKey(e.value)))
          : undefined;
      if (own) {
        batch.skipped.push(skip(record, `this is you (${own.value} is one of your own addresses)`));
        continue;
      }
      const prepared = prepareRecord(record, index.phoneRegion, batch.warnings);
      if (prepared.fields.name === null) {
        batch.skipped.push(skip(record, 'no name'));
        continue;
      }

      const link = links.get(record.sourceKey);
      if (link) {
        if (link.deleted) {
          batch.skipped.push(skip(record, `imported before as person #${link.personId}, whom you deleted`));
          continue;
        }
        const same = link.snapshot === prepared.snapshot;
        pending.push({
          prepared,
          person: { id: link.personId },
          outcome: same ? 'unchanged' : 'updated',
          reason: { kind: 'link', sourceKey: record.sourceKey },
          previous: { snapshot: link.snapshot, runId: link.runId },
        });
        continue;
      }

      // Strongest evidence first (prepareRecord orders them so); a key several people share decides nothing.
      let found: { person: PersonRef; reason: MatchReason } | undefined;
      for (const c of prepared.contacts) {
        if (!c.identifies) continue;
        const existing = index.byContact.get(c.match);
        const only =
          typeof existing === 'number' ? existing : existing?.length === 1 ? existing[0] : undefined;
        if (only !== undefined) {
          found = { person: { id: only }, reason: { kind: c.kind, value: c.value } };
          break;
        }
        if (existing !== undefined && typeof existing !== 'number' && existing.length > 1) continue;
        const created = this.#createdBy.get(c.match);
        if (created !== undefined) {
          found = {
            person: { created },
            reason: { kind: c.kind, value: c.value, inFile: this.#inFile(created) },
          };
          break;
        }
      }
      if (found) {
        pending.push({ prepared, person: found.person, outcome: 'matched', reason: found.reason });
        if ('id' in found.person) continue;
      }
      let ref = found?.person;
      if (!ref) {
        const created = this.#created++;
        const name = prepared.fields.name;
        // The record's own values become the new person's: later rows only add to them.
        batch.creates.push({
          fields: prepared.fields,
          tags: prepared.tags,
          contacts: prepared.contacts,
          details: prepared.details,
        });
        this.#createdDetails.push(prepared.details === null ? undefined : detailKeys(prepared.details));
        this.#createdLine.push(record.line);
        this.#createdFile.push(record.file);
        let mask = 0;
        for (const f of importedFields) if (prepared.fields[f] !== null) mask |= fieldBit[f];
        this.#createdMask.push(mask);
        const matches = prepared.contacts.map((c) => c.match);
        this.#createdMatches.push(matches.length > 1 ? matches : matches[0]);
        this.#createdTags.push(prepared.tags.length === 0 ? undefined : [...prepared.tags]);
        ref = { created };
        pending.push({ prepared, person: ref, outcome: 'created' });
        if (index.byName.size > 0) {
          const folded = nameKey(name);
          batch.creates[batch.creates.length - 1]!.nameKey = folded;
          const named = index.byName.get(folded);
          const sameName = typeof named === 'number' ? [named] : named;
          if (sameName && sameName.length > 0) {
            const s: NameSuggestion = {
              line: record.line,
              sourceKey: record.sourceKey,
              name,
              organization: prepared.fields.organization,
              email: prepared.contacts.find((c) => c.kind === 'email')?.value ?? null,
              person: ref,
              candidates: sameName.slice(0, 5),
            };
            if (record.file !== undefined) s.file = record.file;
            batch.suggestions.push(s);
          }
        }
      }
      // Later rows of this file may match this new person by any of its keys.
      const created = (ref as { created: number }).created;
      for (const c of prepared.contacts)
        if (c.identifies && !this.#createdBy.has(c.match)) this.#createdBy.set(c.match, created);
    }

    // Records unchanged since their last import need nothing from the ledger.
    const wanted = new Set<number>();
    for (const p of pending)
      if ('id' in p.person && p.outcome !== 'unchanged' && !this.states.has(p.person.id))
        wanted.add(p.person.id);
    if (wanted.size > 0)
      for (const [id, state] of await this.#loadStates([...wanted])) this.states.set(id, state);

    for (let k = 0; k < pending.length; k++) {
      const p = pending[k]!;
      // Let each record go once planned: a large batch's records are most of its memory.
      pending[k] = undefined as unknown as Pending;
      this.#finishRecord(p, batch);
    }
    return batch;
  }

  #finishRecord(p: Pending, batch: PlanBatch): void {
    const { prepared } = p;
    const light = p.outcome === 'created' || p.outcome === 'unchanged';
    const out: RecordOutcome = {
      line: prepared.record.line,
      sourceKey: prepared.record.sourceKey,
      name: prepared.fields.name!,
      outcome: p.outcome,
      person: p.person,
      // Created and unchanged records change nothing else: they share one empty list.
      changes: light ? none : [],
      addedContacts: light ? none : [],
      addedTags: light ? none : [],
      details: light ? none : [],
      kept: light ? none : [],
    };
    if (prepared.record.file !== undefined) out.file = prepared.record.file;
    if (p.reason) out.reason = p.reason;
    const link: LinkWrite = {
      sourceKey: prepared.record.sourceKey,
      person: p.person,
      snapshot: prepared.snapshot,
    };
    if (p.previous) link.previous = p.previous;

    if (p.outcome === 'unchanged') {
      batch.outcomes.push(out);
      return;
    }
    if (p.outcome === 'created') {
      batch.links.push(link);
      batch.outcomes.push(out);
      return;
    }
    const snapshot = p.previous ? readSnapshot(p.previous.snapshot) : undefined;
    if ('created' in p.person) {
      // A later row of the same file: it only fills what the first row left empty.
      batch.links.push(link);
      const created = p.person.created;
      const target = created >= batch.firstCreated ? batch.creates[created - batch.firstCreated] : undefined;
      for (const f of importedFields) {
        const v = prepared.fields[f];
        if (v === null || (this.#createdMask[created]! & fieldBit[f]) !== 0) continue;
        this.#createdMask[created]! |= fieldBit[f];
        out.changes.push({ field: f, from: null, to: v });
        if (target) target.fields[f] = v;
        else {
          const fill = this.#fills.get(created) ?? {};
          fill[f] = v;
          this.#fills.set(created, fill);
        }
      }
      const had = this.#createdMatches[created];
      const matches = had === undefined ? [] : typeof had === 'string' ? [had] : had;
      this.#createdMatches[created] = matches;
      for (const c of prepared.contacts) {
        if (matches.includes(c.match)) continue;
        matches.push(c.match);
        if (target) target.contacts.push(c);
        else batch.addContacts.push({ created, contact: c });
        out.addedContacts.push(c.value);
      }
      const tags = this.#createdTags[created] ?? [];
      this.#createdTags[created] = tags;
      for (const t of prepared.tags) {
        if (tags.includes(t)) continue;
        tags.push(t);
        if (target) target.tags.push(t);
        else batch.addTags.push({ created, tag: t });
        out.addedTags.push(t);
      }
      if (prepared.details !== null) this.#fillCreatedDetails(created, prepared.details, target, batch, out);
      batch.outcomes.push(out);
      return;
    }

    const state = this.states.get(p.person.id);
    if (!state || state.deleted) {
      batch.skipped.push(skip(prepared.record, `person #${p.person.id} is no longer in your ledger`));
      return;
    }
    batch.links.push(link);
    let update = this.#updates.get(state.id);
    const ensureUpdate = (): PersonUpdate => {
      update ??= {
        id: state.id,
        updatedAt: state.updatedAt,
        before: { ...state.fields },
        after: state.fields,
        beforeSources: { ...state.sources },
        afterSources: state.sources,
        addTags: [],
        addContacts: [],
        addAddresses: [],
        removeAddresses: [],
        addRelated: [],
        removeRelated: [],
        connections: [],
      };
      this.#updates.set(state.id, update);
      return update;
    };
    for (const f of importedFields) {
      const v = prepared.fields[f];
      const current = state.fields[f];
      if (v === current) continue;
      const last = snapshot?.fields[f];
      if (snapshot && last === v) continue;
      const source = fieldSource(state, f);
      if (v === null) {
        // The source dropped a value: clear it only where it still holds what that source gave.
        if (snapshot && last !== null && current === last && source !== 'manual' && f !== 'name') {
          out.changes.push({ field: f, from: current, to: null });
        }
        continue;
      }
      if (source === 'manual') {
        out.kept.push({ field: f, yours: current, file: v, why: 'manual' });
        continue;
      }
      if (current === null || (snapshot !== undefined && current === last)) {
        out.changes.push({ field: f, from: current, to: v });
      } else if (snapshot !== undefined) {
        out.kept.push({ field: f, yours: current, file: v, why: 'other-source' });
      }
    }
    for (const c of prepared.contacts) {
      if (state.contactKeys.has(c.match)) continue;
      state.contactKeys.add(c.match);
      ensureUpdate().addContacts.push(c);
      out.addedContacts.push(c.value);
    }
    const newTags = snapshot ? prepared.tags.filter((t) => !snapshot.tags.includes(t)) : prepared.tags;
    for (const t of newTags) {
      if (state.tags.has(t)) continue;
      state.tags.add(t);
      ensureUpdate().addTags.push(t);
      out.addedTags.push(t);
    }
    this.#updateDetails(state, prepared.details, snapshot, ensureUpdate, out);
    if (out.changes.length > 0) {
      const u = ensureUpdate();
      for (const ch of out.changes) {
        u.after[ch.field] = ch.to;
        // The writer replaces `import` with the run's own `import:RUN` once the run has an id.
        u.afterSources[ch.field] = 'import';
      }
    }
    if (
      p.outcome === 'updated' &&
      out.changes.length === 0 &&
      out.addedContacts.length === 0 &&
      out.addedTags.length === 0 &&
      out.details.length === 0
    ) {
      // The record changed in ways that touch nothing here (a value you edited, say): only the link moves on.
      out.outcome = 'unchanged';
    }
    batch.outcomes.push(out);
  }

  /** A later row of the file adds the details the new person does not have yet (a photo only when there is none). */
  #fillCreatedDetails(
    created: number,
    details: PersonDetails,
    target: PlannedPerson | undefined,
    batch: PlanBatch,
    out: RecordOutcome,
  ): void {
    const had = this.#createdDetails[created];
    const known = had === undefined ? [] : typeof had === 'string' ? [had] : had;
    this.#createdDetails[created] = known;
    const added: PersonDetails = { addresses: [], related: [], connections: [], photo: null };
    for (const a of details.addresses) {
      if (known.includes(`a${a.key}`)) continue;
      known.push(`a${a.key}`);
      added.addresses.push(a);
      out.details.push(`address ${addressText(a)}`);
    }
    for (const r of details.related) {
      if (known.includes(`r${r.key}`)) continue;
      known.push(`r${r.key}`);
      added.related.push(r);
      out.details.push(`related ${relatedText(r.name, r.relation)}`);
    }
    for (const c of details.connections) {
      if (known.includes(networkKey(c.network))) continue;
      known.push(networkKey(c.network));
      added.connections.push(c);
      out.details.push(`connected on ${c.network} ${c.on}`);
    }
    if (details.photo !== null && !known.includes('p')) {
      known.push('p');
      added.photo = details.photo;
      out.details.push('photo');
    }
    if (
      added.addresses.length + added.related.length + added.connections.length === 0 &&
      added.photo === null
    )
      return;
    if (target === undefined) {
      batch.addDetails.push({ created, details: added });
      return;
    }
    const into = (target.details ??= { addresses: [], related: [], connections: [], photo: null });
    into.addresses.push(...added.addresses);
    into.related.push(...added.related);
    into.connections.push(...added.connections);
    into.photo ??= added.photo;
  }

  /**
   * What a record changes in the details of someone who existed before: addresses and related
   * names are added, and those the same source gave before and dropped since are taken away
   * (never ones the owner added); a connection date is set, or moved when the same source moved
   * it; the photo follows the same rule as a field.
   */
  #updateDetails(
    state: PersonState,
    details: PersonDetails | null,
    snapshot: Snapshot | undefined,
    ensureUpdate: () => PersonUpdate,
    out: RecordOutcome,
  ): void {
    const addresses = details?.addresses ?? [];
    for (const a of addresses) {
      if (state.addresses.some((row) => row.key === a.key)) continue;
      state.addresses.push({ id: 0, key: a.key, source: 'import', text: addressText(a) });
      ensureUpdate().addAddresses.push(a);
      out.details.push(`address ${addressText(a)}`);
    }
    const related = details?.related ?? [];
    for (const r of related) {
      if (state.related.some((row) => row.key === r.key)) continue;
      state.related.push({ id: 0, key: r.key, source: 'import', text: relatedText(r.name, r.relation) });
      ensureUpdate().addRelated.push(r);
      out.details.push(`related ${relatedText(r.name, r.relation)}`);
    }
    if (snapshot !== undefined) {
      const gone = (rows: DetailRow[], had: string[], now: string[]): DetailRow[] =>
        rows.filter(
          (row) =>
            row.id > 0 && row.source.startsWith('import:') && had.includes(row.key) && !now.includes(row.key),
        );
      for (const row of gone(
        state.addresses,
        snapshot.addressKeys,
        addresses.map((a) => a.key),
      )) {
        ensureUpdate().removeAddresses.push(row.id);
        state.addresses = state.addresses.filter((x) => x !== row);
        out.details.push(`address removed: ${row.text}`);
      }
      for (const row of gone(
        state.related,
        snapshot.relatedKeys,
        related.map((r) => r.key),
      )) {
        ensureUpdate().removeRelated.push(row.id);
        state.related = state.related.filter((x) => x !== row);
        out.details.push(`related removed: ${row.text}`);
      }
    }
    for (const c of details?.connections ?? []) {
      const current = state.connections.get(c.network);
      if (current?.on === c.on) continue;
      // A date another record gave is left alone; the same source may move its own.
      if (current !== undefined && (snapshot === undefined || current.source === 'manual')) continue;
      // Two records of one run moving the same date: the first one's `before` is what an undo restores.
      const u = ensureUpdate();
      const planned = u.connections.find((x) => x.network === c.network);
      if (planned) planned.on = c.on;
      else u.connections.push({ network: c.network, on: c.on, before: current ?? null });
      state.connections.set(c.network, { on: c.on, source: 'import' });
      out.details.push(
        current === undefined
          ? `connected on ${c.network} ${c.on}`
          : `connected on ${c.network} ${current.on} → ${c.on}`,
      );
    }
    const photo = details?.photo ?? null;
    const current = state.photo;
    const next = photo?.sha256 ?? null;
    if (next === (current?.sha256 ?? null)) return;
    const last = snapshot?.photo ?? null;
    // As for a field: a photo is set where there is none, replaced or taken away only where it
    // still is the one this source gave, and never over one the owner chose.
    if (snapshot !== undefined && last === next) return;
    if (current?.source === 'manual') return;
    if (photo === null) {
      if (snapshot === undefined || last === null || current?.sha256 !== last) return;
      const u = ensureUpdate();
      u.photo = { before: u.photo ? u.photo.before : current, after: null };
      state.photo = null;
      out.details.push('photo removed');
      return;
    }
    if (current !== null && (snapshot === undefined || current.sha256 !== last)) return;
    const u = ensureUpdate();
    u.photo = { before: u.photo ? u.photo.before : current, after: photo };
    state.photo = { sha256: photo.sha256, source: 'import' };
    out.details.push(current === null ? 'photo' : 'photo replaced');
  }

  /** The changes to existing people and the late fills of new ones, once every batch is planned. */
  finish(): PlanEnd {
    return { updates: this.#updates, fills: this.#fills };
  }
}

/**
 * Decides, for every record, whether it is a new person, an existing one (and why), or a record
 * imported before; and what each would change, as one plan. Pure: the ledger comes in as an index
 * and the states of the people the records point at, loaded through `loadStates`.
 */
export async function planContacts(
  records: ContactRecord[],
  index: LedgerIndex,
  loadStates: (ids: number[]) => Promise<Map<number, PersonState>>,
  onProgress?: (done: number, total: number) => void,
): Promise<ContactPlan> {
  onProgress?.(0, records.length);
  const planner = new ContactPlanner(index, loadStates);
  // One batch: every new person stays in `creates`, so later rows fill them in place.
  const batch = await planner.planBatch(records);
  const end = planner.finish();
  onProgress?.(records.length, records.length);
  return {
    creates: batch.creates,
    updates: end.updates,
    links: batch.links,
    outcomes: batch.outcomes,
    suggestions: batch.suggestions,
    skipped: batch.skipped,
    warnings: batch.warnings,
  };
}
