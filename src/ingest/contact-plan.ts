import { formatBirthday } from '../domain/birthday.ts';
import { compactKey, emailKey, nameKey, normalizeContact } from '../domain/contact-keys.ts';
import { FathomError, invalid } from '../domain/errors.ts';
import type { ContactKind } from '../domain/vocabulary.ts';
import type { ContactRecord } from '../importers/contact-record.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import { fitRecord } from './imported-values.ts';

/** The person fields an import may fill or update; birthday is `YYYY-MM-DD` or `--MM-DD`. */
export const importedFields = ['name', 'organization', 'title', 'location', 'birthday', 'notes'] as const;
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

/** A source record normalized for matching, with the text the next import compares against. */
export interface PreparedRecord {
  record: ContactRecord;
  fields: FieldValues;
  tags: string[];
  contacts: PreparedContact[];
  snapshot: string;
}

/** What the last import of a record said (parsed from `import_records.snapshot`). */
export interface Snapshot {
  fields: FieldValues;
  tags: string[];
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

/**
 * Normalizes one record: field values, tags, and contact points with their matching keys.
 * Malformed contact values are dropped with a warning; the rest of the record still counts.
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
  };
  // Strongest evidence first (email, phone, URL, handle): matching reads them in this order.
  const contacts: PreparedContact[] = [];
  if (record.emails.length > 0) addContacts(contacts, record, 'email', record.emails, phoneRegion, warnings);
  if (record.phones.length > 0) addContacts(contacts, record, 'phone', record.phones, phoneRegion, warnings);
  if (record.urls.length > 0) addContacts(contacts, record, 'url', record.urls, phoneRegion, warnings);
  if (record.handles.length > 0)
    addContacts(contacts, record, 'handle', record.handles, phoneRegion, warnings);
  const tags = recordTags(record.tags);
  const matches = contacts.length === 1 ? [contacts[0]!.match] : contacts.map((c) => c.match).sort();
  const snapshot = JSON.stringify({ f: fields, t: tags, c: matches });
  return { record, fields, tags, contacts, snapshot };
}

/** Reads a stored snapshot back. */
export function readSnapshot(text: string): Snapshot {
  const parsed = JSON.parse(text) as { f: FieldValues; t: string[] };
  return { fields: parsed.f, tags: parsed.t };
}

/** The source a field's value came from: recorded, or the run that created the person. */
export function fieldSource(state: PersonState, field: ImportedField): string | null {
  return state.sources[field] ?? (state.importRunId !== null ? `import:${state.importRunId}` : null);
}

const none: never[] = [];
Object.freeze(none);

/** One field's bit in the mask of fields a new person already has. */
const fieldBit: Record<ImportedField, number> = {
  name: 1,
  organization: 2,
  title: 4,
  location: 8,
  birthday: 16,
  notes: 32,
};

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
        batch.creates.push({ fields: prepared.fields, tags: prepared.tags, contacts: prepared.contacts });
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
      out.addedTags.length === 0
    ) {
      // The record changed in ways that touch nothing here (a value you edited, say): only the link moves on.
      out.outcome = 'unchanged';
    }
    batch.outcomes.push(out);
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
