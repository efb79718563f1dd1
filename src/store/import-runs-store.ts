import { parseBirthday } from '../domain/birthday.ts';
import { compactKey, emailKey, nameKey } from '../domain/contact-keys.ts';
import { FathomError } from '../domain/errors.ts';
import type {
  FieldValues,
  ImportedField,
  LedgerIndex,
  PersonIds,
  PersonState,
  PlanBatch,
  PlanEnd,
  PreparedContact,
} from '../ingest/contact-plan.ts';
import { contactMatchKey, importedFields } from '../ingest/contact-plan.ts';
import type { Db, Dialect, PersonRow } from './database.ts';
import { readFieldSources, writeFieldSources } from './field-sources-store.ts';
import { mergePeople, unmergePerson } from './merge-store.ts';
import type { RunMerge } from './merge-store.ts';
import {
  deleteDetailsOfRun,
  insertDetails,
  loadDetailStates,
  putBackAddress,
  putBackRelated,
  removeAddresses,
  removeRelated,
  replacePhoto,
  restorePhoto,
  savePhoto,
} from './person-details-store.ts';
import type { DetailsWrite, SavedAddress, SavedPhoto, SavedRelated } from './person-details-store.ts';
import { deleteIn, reserveIds, updateJsonRows } from './json-rows.ts';
import { insertRows } from './insert-rows.ts';
import type { JsonColumn } from './json-rows.ts';

/**
 * Figures of one run; every record ends in exactly one of created, matched, updated, unchanged,
 * merged (a new person merged into one you have, as chosen in the preview) or skipped.
 */
export interface ImportCounts {
  records: number;
  created: number;
  matched: number;
  updated: number;
  unchanged: number;
  /** Absent from runs recorded before merges could be chosen in a preview. */
  merged?: number;
  skipped: number;
  errors: number;
  warnings: number;
  suggestions: number;
}

export interface ImportRun {
  id: number;
  kind: string;
  format: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  status: 'committed' | 'undone';
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
  counts: ImportCounts;
}

/** The column of each imported field but the birthday, which is three (read and written by birthdayParts). */
const fieldColumns = {
  name: 'name',
  organization: 'organization',
  title: 'title',
  location: 'location',
  notes: 'notes',
  namePrefix: 'name_prefix',
  givenName: 'given_name',
  middleName: 'middle_name',
  familyName: 'family_name',
  nameSuffix: 'name_suffix',
  nickname: 'nickname',
  department: 'department',
  anniversary: 'anniversary',
} as const satisfies Record<Exclude<ImportedField, 'birthday'>, keyof PersonRow>;

/** The columns after `notes` that hold the fields added since (name parts, department, anniversary), in order. */
const laterFieldColumns = [
  'name_prefix',
  'given_name',
  'middle_name',
  'family_name',
  'name_suffix',
  'nickname',
  'department',
  'anniversary',
] as const;

/** Rows of the ledger index read per query. */
const indexPageRows = 20_000;

/** Follows merges to the surviving person; undefined when the chain is broken or loops. */
function survivorOf(id: number, mergedInto: Map<number, number>): number | undefined {
  let current = id;
  for (let hops = 0; hops < 100; hops++) {
    const next = mergedInto.get(current);
    if (next === undefined) return current;
    current = next;
  }
  return undefined;
}

/** Loads every contact key and folded name of the account into memory maps, once; source links are read as needed. */
export async function loadLedgerIndex(
  db: Db,
  dialect: Dialect,
  accountId: string,
  settings: { myEmails: string[]; phoneRegion: string | null },
): Promise<LedgerIndex> {
  const mergedInto = new Map<number, number>();
  const live = new Set<number>();
  const byName = new Map<string, PersonIds>();
  const add = (map: Map<string, PersonIds>, key: string, id: number): void => {
    const had = map.get(key);
    if (had === undefined) map.set(key, id);
    else if (typeof had === 'number') {
      if (had !== id) map.set(key, [had, id]);
    } else if (!had.includes(id)) had.push(id);
  };
  // A page of rows at a time, by id: a large account's people never sit in one result. SQLite
  // reads the ids in order only when asked for them alone (with `account_id = ?` it sorts the
  // account's index), so there the account is checked on the rows.
  const byAccount = dialect === 'postgres';
  for (let after = 0; ;) {
    const people = await db
      .selectFrom('people')
      .select(['id', 'account_id', 'name_key', 'merged_into', 'deleted_at'])
      .$if(byAccount, (q) => q.where('account_id', '=', accountId))
      .where('id', '>', after)
      .orderBy('id')
      .limit(indexPageRows)
      .execute();
    for (const p of people) {
      if (p.account_id !== accountId) continue;
      const id = Number(p.id);
      if (p.merged_into !== null) mergedInto.set(id, Number(p.merged_into));
      else if (p.deleted_at === null) {
        live.add(id);
        if (p.name_key !== '') add(byName, p.name_key, id);
      }
    }
    if (people.length < indexPageRows) break;
    after = Number(people[people.length - 1]!.id);
  }
  const byContact = new Map<string, PersonIds>();
  for (let after = 0; ;) {
    const contacts = await db
      .selectFrom('contact_points')
      .select(['id', 'account_id', 'person_id', 'kind', 'key', 'label'])
      .$if(byAccount, (q) => q.where('account_id', '=', accountId))
      .where('id', '>', after)
      .orderBy('id')
      .limit(indexPageRows)
      .execute();
    for (const c of contacts) {
      const id = Number(c.person_id);
      if (c.account_id !== accountId || !live.has(id)) continue;
      // Held for the whole import: as one compact string rather than its parts.
      add(byContact, compactKey(contactMatchKey(c.kind, c.key, c.label)), id);
    }
    if (contacts.length < indexPageRows) break;
    after = Number(contacts[contacts.length - 1]!.id);
  }
  // Links are looked up a batch of records at a time: an account that imported a hundred
  // thousand records before need not hold every one's snapshot to import a file of others.
  const linksOf = async (sourceKeys: string[]): Promise<LedgerIndex['links']> => {
    const links: LedgerIndex['links'] = new Map();
    for (let i = 0; i < sourceKeys.length; i += 1000) {
      const rows = await db
        .selectFrom('import_records')
        .select(['source_key', 'person_id', 'snapshot', 'run_id'])
        .where('account_id', '=', accountId)
        .where('source_key', 'in', sourceKeys.slice(i, i + 1000))
        .execute();
      for (const l of rows) {
        const survivor = survivorOf(Number(l.person_id), mergedInto);
        const personId = survivor ?? Number(l.person_id);
        links.set(l.source_key, {
          personId,
          snapshot: l.snapshot,
          runId: Number(l.run_id),
          deleted: survivor === undefined || !live.has(personId),
        });
      }
    }
    return links;
  };
  return {
    byContact,
    byName,
    links: new Map(),
    linksOf,
    ownEmails: new Set(settings.myEmails.map(emailKey)),
    phoneRegion: settings.phoneRegion,
  };
}

function birthdayText(y: number | null, m: number | null, d: number | null): string | null {
  if (m === null || d === null) return null;
  const md = `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return y === null ? `--${md}` : `${String(y).padStart(4, '0')}-${md}`;
}

function birthdayParts(text: string | null): [number | null, number | null, number | null] {
  if (text === null) return [null, null, null];
  try {
    const b = parseBirthday(text);
    return [b.year ?? null, b.month, b.day];
  } catch {
    // A date a source got wrong (31 February) is left out rather than failing the import.
    return [null, null, null];
  }
}

/**
 * The current values, provenance, tags and contact keys of the given people, in batches. Rows
 * are found by their keys alone and the account is checked here: with `account_id = ?` beside
 * the id list, SQLite walks the account's index instead of looking each id up.
 */
export async function loadPersonStates(
  db: Db,
  accountId: string,
  ids: number[],
): Promise<Map<number, PersonState>> {
  const states = new Map<number, PersonState>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('people')
      .select([
        'id',
        'account_id',
        'name',
        'organization',
        'title',
        'location',
        'birthday_year',
        'birthday_month',
        'birthday_day',
        'notes',
        ...laterFieldColumns,
        'field_sources',
        'import_run_id',
        'deleted_at',
        'merged_into',
        'updated_at',
      ])
      .where('id', 'in', chunk)
      .execute();
    for (const r of rows) {
      if (r.account_id !== accountId) continue;
      const n = (v: number | null) => (v === null ? null : Number(v));
      states.set(Number(r.id), {
        id: Number(r.id),
        fields: {
          name: r.name,
          organization: r.organization,
          title: r.title,
          location: r.location,
          birthday: birthdayText(n(r.birthday_year), n(r.birthday_month), n(r.birthday_day)),
          notes: r.notes,
          namePrefix: r.name_prefix,
          givenName: r.given_name,
          middleName: r.middle_name,
          familyName: r.family_name,
          nameSuffix: r.name_suffix,
          nickname: r.nickname,
          department: r.department,
          anniversary: r.anniversary,
        },
        sources: readFieldSources(r.field_sources),
        importRunId: r.import_run_id === null ? null : Number(r.import_run_id),
        tags: new Set(),
        contactKeys: new Set(),
        addresses: [],
        related: [],
        connections: new Map(),
        photo: null,
        deleted: r.deleted_at !== null || r.merged_into !== null,
        updatedAt: r.updated_at,
      });
    }
    // A person's tags and contact points are theirs alone: the states found above are the account check.
    const tags = await db
      .selectFrom('person_tags')
      .select(['person_id', 'tag'])
      .where('person_id', 'in', chunk)
      .execute();
    for (const t of tags) states.get(Number(t.person_id))?.tags.add(t.tag);
    const contacts = await db
      .selectFrom('contact_points')
      .select(['person_id', 'kind', 'key', 'label'])
      .where('person_id', 'in', chunk)
      .execute();
    for (const c of contacts)
      states.get(Number(c.person_id))?.contactKeys.add(contactMatchKey(c.kind, c.key, c.label));
    await loadDetailStates(db, accountId, chunk, states);
  }
  return states;
}

/** Records a committed run (its counts are filled in once the run is written). */
export async function insertImportRun(
  db: Db,
  accountId: string,
  run: { kind: string; format: string; fileName: string; fileSha256: string; fileBytes: number; at: string },
): Promise<number> {
  const row = await db
    .insertInto('import_runs')
    .values({
      account_id: accountId,
      kind: run.kind,
      format: run.format,
      file_name: run.fileName,
      file_sha256: run.fileSha256,
      file_bytes: run.fileBytes,
      status: 'committed',
      created_at: run.at,
      committed_at: run.at,
      undone_at: null,
      counts: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setRunCounts(
  db: Db,
  accountId: string,
  runId: number,
  counts: ImportCounts,
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ counts: JSON.stringify(counts) })
    .where('account_id', '=', accountId)
    .where('id', '=', runId)
    .execute();
}

const personColumns: JsonColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'account_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'name_key', type: 'text' },
  { name: 'organization', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'location', type: 'text' },
  { name: 'birthday_year', type: 'integer' },
  { name: 'birthday_month', type: 'integer' },
  { name: 'birthday_day', type: 'integer' },
  { name: 'notes', type: 'text' },
  ...laterFieldColumns.map((name): JsonColumn => ({ name, type: 'text' })),
  { name: 'circle', type: 'text' },
  { name: 'aspire', type: 'integer' },
  { name: 'created_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
  { name: 'import_run_id', type: 'integer' },
];

const contactColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'kind', type: 'text' },
  { name: 'value', type: 'text' },
  { name: 'key', type: 'text' },
  { name: 'label', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'created_at', type: 'text' },
];

const tagColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'tag', type: 'text' },
];

const changeColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'run_id', type: 'integer' },
  { name: 'subject', type: 'text' },
  { name: 'subject_id', type: 'integer' },
  { name: 'action', type: 'text' },
  { name: 'field', type: 'text' },
  { name: 'before', type: 'text' },
  { name: 'after', type: 'text' },
];

const linkColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'source_key', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'created_run_id', type: 'integer' },
  { name: 'run_id', type: 'integer' },
  { name: 'snapshot', type: 'text' },
];

const personUpdateColumns: JsonColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'name_key', type: 'text' },
  { name: 'organization', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'location', type: 'text' },
  { name: 'birthday_year', type: 'integer' },
  { name: 'birthday_month', type: 'integer' },
  { name: 'birthday_day', type: 'integer' },
  { name: 'notes', type: 'text' },
  ...laterFieldColumns.map((name): JsonColumn => ({ name, type: 'text' })),
  { name: 'field_sources', type: 'text' },
  { name: 'updated_at', type: 'text' },
];

const movedLinkColumns: JsonColumn[] = [
  { name: 'source_key', type: 'text' },
  { name: 'run_id', type: 'integer' },
  { name: 'snapshot', type: 'text' },
];

function fieldRow(f: FieldValues, folded?: string): unknown[] {
  return [
    f.name,
    folded ?? nameKey(f.name ?? ''),
    f.organization,
    f.title,
    f.location,
    ...birthdayParts(f.birthday),
    f.notes,
    f.namePrefix,
    f.givenName,
    f.middleName,
    f.familyName,
    f.nameSuffix,
    f.nickname,
    f.department,
    f.anniversary,
  ];
}

/**
 * Writes an import run batch by batch, set-based: each batch's new people, contact points, tags
 * and links go in as a few large statements as soon as the batch is planned; changes to people
 * who existed before are written by `finish`, recorded with their old values for undo.
 */
export class ContactRunWriter {
  readonly #db: Db;
  readonly #dialect: Dialect;
  readonly #accountId: string;
  readonly #runId: number;
  readonly #at: string;
  readonly #source: string;
  /** Run-wide index of a new person → the id it was written with. */
  readonly #createdIds: number[] = [];

  constructor(db: Db, dialect: Dialect, accountId: string, runId: number, at: string) {
    this.#db = db;
    this.#dialect = dialect;
    this.#accountId = accountId;
    this.#runId = runId;
    this.#at = at;
    this.#source = `import:${runId}`;
  }

  #idOf(ref: { id: number } | { created: number }): number {
    return 'id' in ref ? ref.id : this.#createdIds[ref.created]!;
  }

  #contactRow(personId: number, c: PreparedContact): unknown[] {
    return [this.#accountId, personId, c.kind, c.value, c.key, c.label, this.#source, this.#at];
  }

  /** Writes a batch's new people with their contact points and tags, and every link it made or moved. */
  async writeBatch(batch: PlanBatch): Promise<void> {
    const db = this.#db;
    const dialect = this.#dialect;
    const accountId = this.#accountId;
    const runId = this.#runId;
    const at = this.#at;
    if (batch.firstCreated !== this.#createdIds.length)
      throw new Error(`batch starts at new person ${batch.firstCreated}, ${this.#createdIds.length} written`);
    const newIds = await reserveIds(db, dialect, 'people', batch.creates.length);
    for (const id of newIds) this.#createdIds.push(id);
    const contactRows: unknown[][] = [];
    const tagRows: unknown[][] = [];
    const personRows = batch.creates.map((p, k) => {
      const id = newIds[k]!;
      for (const c of p.contacts) contactRows.push(this.#contactRow(id, c));
      for (const t of p.tags) tagRows.push([accountId, id, t]);
      return [id, accountId, ...fieldRow(p.fields, p.nameKey), 'unsorted', 0, at, at, runId];
    });
    for (const a of batch.addContacts) contactRows.push(this.#contactRow(this.#idOf(a), a.contact));
    for (const a of batch.addTags) tagRows.push([accountId, this.#idOf(a), a.tag]);
    const details: DetailsWrite[] = [];
    batch.creates.forEach((p, k) => {
      if (p.details !== null) details.push({ personId: newIds[k]!, details: p.details });
    });
    for (const a of batch.addDetails) details.push({ personId: this.#idOf(a), details: a.details });
    await insertRows(db, dialect, 'people', personColumns, personRows);
    await insertRows(db, dialect, 'contact_points', contactColumns, contactRows);
    await insertRows(db, dialect, 'person_tags', tagColumns, tagRows);
    await insertDetails(db, dialect, accountId, this.#source, at, details);

    const fresh: unknown[][] = [];
    const moved: unknown[][] = [];
    const changeRows: unknown[][] = [];
    for (const l of batch.links) {
      if (l.previous) {
        moved.push([l.sourceKey, runId, l.snapshot]);
        changeRows.push([
          accountId,
          runId,
          'person',
          this.#idOf(l.person),
          'link_updated',
          l.sourceKey,
          JSON.stringify({ runId: l.previous.runId, snapshot: l.previous.snapshot }),
          null,
        ]);
      } else {
        fresh.push([accountId, l.sourceKey, this.#idOf(l.person), runId, runId, l.snapshot]);
      }
    }
    await insertRows(db, dialect, 'import_records', linkColumns, fresh);
    await updateJsonRows(db, dialect, 'import_records', accountId, movedLinkColumns, moved);
    await insertRows(db, dialect, 'import_changes', changeColumns, changeRows);
  }

  /**
   * Merges new people into the people the preview chose for them, once every batch is written;
   * each merge is recorded as part of the run, so that undoing the run takes it back first.
   */
  async mergeChosen(picks: readonly { created: number; personId: number }[]): Promise<void> {
    if (picks.length === 0) return;
    const rows: unknown[][] = [];
    for (const p of picks) {
      const mergedId = this.#createdIds[p.created]!;
      const record = await mergePeople(this.#db, this.#accountId, p.personId, mergedId, this.#at);
      const after: RunMerge = { merge: record.id, into: p.personId };
      rows.push([
        this.#accountId,
        this.#runId,
        'person',
        mergedId,
        'merged',
        null,
        null,
        JSON.stringify(after),
      ]);
    }
    await insertRows(this.#db, this.#dialect, 'import_changes', changeColumns, rows);
  }

  /** Fills what later batches found for people written earlier, and writes the changes to existing people. */
  async finish(end: PlanEnd): Promise<void> {
    const db = this.#db;
    const dialect = this.#dialect;
    const accountId = this.#accountId;
    const runId = this.#runId;
    const at = this.#at;
    const source = this.#source;
    // People this run created: undo removes them whole, so their fills need no record. People
    // filled in the same fields are updated together.
    const fillGroups = new Map<string, { columns: JsonColumn[]; rows: unknown[][] }>();
    for (const [created, fill] of end.fills) {
      const fields = importedFields.filter((f) => fill[f] !== undefined);
      const key = fields.join(',');
      let group = fillGroups.get(key);
      if (!group) {
        const columns: JsonColumn[] = [{ name: 'id', type: 'integer' }];
        for (const f of fields) {
          if (f === 'birthday')
            for (const part of ['birthday_year', 'birthday_month', 'birthday_day'])
              columns.push({ name: part, type: 'integer' });
          else {
            columns.push({ name: fieldColumns[f], type: 'text' });
            if (f === 'name') columns.push({ name: 'name_key', type: 'text' });
          }
        }
        group = { columns, rows: [] };
        fillGroups.set(key, group);
      }
      const row: unknown[] = [this.#createdIds[created]!];
      for (const f of fields) {
        const value = fill[f]!;
        if (f === 'birthday') row.push(...birthdayParts(value));
        else {
          row.push(value);
          if (f === 'name') row.push(nameKey(value));
        }
      }
      group.rows.push(row);
    }
    for (const group of fillGroups.values())
      await updateJsonRows(db, dialect, 'people', accountId, group.columns, group.rows);

    const contactRows: unknown[][] = [];
    const tagRows: unknown[][] = [];
    const changeRows: unknown[][] = [];
    const updateRows: unknown[][] = [];
    const details: DetailsWrite[] = [];
    const change = (id: number, action: string, field: string | null, before: unknown, after: unknown) =>
      changeRows.push([
        accountId,
        runId,
        'person',
        id,
        action,
        field,
        before === undefined ? null : JSON.stringify(before),
        after === undefined ? null : JSON.stringify(after),
      ]);
    for (const u of end.updates.values()) {
      // Added rows go with the run's source, so an undo finds them; taken away or replaced ones are saved whole.
      const added = {
        addresses: u.addAddresses,
        related: u.addRelated,
        connections: u.connections.filter((c) => c.before === null),
        photo: null,
      };
      if (added.addresses.length + added.related.length + added.connections.length > 0)
        details.push({ personId: u.id, details: added });
      for (const row of await removeAddresses(db, accountId, u.removeAddresses))
        change(u.id, 'address_removed', String(row.id), row, undefined);
      for (const row of await removeRelated(db, accountId, u.removeRelated))
        change(u.id, 'related_removed', String(row.id), row, undefined);
      for (const c of u.connections) {
        if (c.before === null) continue;
        await db
          .updateTable('person_connections')
          .set({ connected_on: c.on, source })
          .where('account_id', '=', accountId)
          .where('person_id', '=', u.id)
          .where('network', '=', c.network)
          .execute();
        change(u.id, 'connection_set', c.network, c.before, { on: c.on, source });
      }
      if (u.photo !== undefined) {
        const saved = await savePhoto(db, accountId, u.id);
        const after = u.photo.after;
        await replacePhoto(
          db,
          accountId,
          u.id,
          after && {
            contentType: after.contentType,
            bytes: after.bytes,
            sha256: after.sha256,
            source,
            createdAt: at,
          },
        );
        change(u.id, 'photo_set', null, saved, after && { sha256: after.sha256, source });
      }
      for (const c of u.addContacts) contactRows.push(this.#contactRow(u.id, c));
      for (const t of u.addTags) {
        tagRows.push([accountId, u.id, t]);
        changeRows.push([accountId, runId, 'person', u.id, 'tag_added', t, null, null]);
      }
      const afterSources: Record<string, string> = {};
      for (const [k, v] of Object.entries(u.afterSources)) afterSources[k] = v === 'import' ? source : v;
      for (const f of importedFields) {
        if (u.before[f] === u.after[f]) continue;
        changeRows.push([
          accountId,
          runId,
          'person',
          u.id,
          'field_set',
          f,
          JSON.stringify({ value: u.before[f], source: u.beforeSources[f] ?? null }),
          JSON.stringify({ value: u.after[f], source }),
        ]);
      }
      changeRows.push([
        accountId,
        runId,
        'person',
        u.id,
        'touched',
        null,
        JSON.stringify(u.updatedAt),
        JSON.stringify(at),
      ]);
      updateRows.push([u.id, ...fieldRow(u.after), writeFieldSources(afterSources), at]);
    }
    await updateJsonRows(db, dialect, 'people', accountId, personUpdateColumns, updateRows);
    await insertRows(db, dialect, 'contact_points', contactColumns, contactRows);
    await insertRows(db, dialect, 'person_tags', tagColumns, tagRows);
    await insertDetails(db, dialect, accountId, source, at, details);
    await insertRows(db, dialect, 'import_changes', changeColumns, changeRows);
  }
}

function toRun(r: {
  id: number;
  kind: string;
  format: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  status: string;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
  counts: string;
}): ImportRun {
  return {
    id: Number(r.id),
    kind: r.kind,
    format: r.format,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileBytes: Number(r.file_bytes),
    status: r.status as ImportRun['status'],
    createdAt: r.created_at,
    committedAt: r.committed_at,
    undoneAt: r.undone_at,
    counts: JSON.parse(r.counts) as ImportCounts,
  };
}

/** Runs of the account, newest first. */
export async function listImportRuns(db: Db, accountId: string, limit: number): Promise<ImportRun[]> {
  const rows = await db
    .selectFrom('import_runs')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

export async function getImportRun(db: Db, accountId: string, id: number): Promise<ImportRun | undefined> {
  const row = await db
    .selectFrom('import_runs')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export interface UndoResult {
  run: ImportRun;
  /** Merges the run's preview chose, taken back. */
  unmerged: number;
  peopleRemoved: number;
  peopleRestored: number;
  contactPointsRemoved: number;
  /** Field values left as they are because you changed them after the import. */
  keptEdits: { personId: number; field: string }[];
  /** People the run created whom you had changed since (removed only with `force`). */
  editedSince: number;
}

type PersonFieldRow = Pick<
  PersonRow,
  | (typeof fieldColumns)[keyof typeof fieldColumns]
  | 'birthday_year'
  | 'birthday_month'
  | 'birthday_day'
  | 'field_sources'
  | 'updated_at'
>;

function currentValue(row: PersonFieldRow, field: ImportedField): string | null {
  if (field === 'birthday') {
    const n = (v: number | null) => (v === null ? null : Number(v));
    return birthdayText(n(row.birthday_year), n(row.birthday_month), n(row.birthday_day));
  }
  return row[fieldColumns[field]];
}

function describeBlockers(list: { id: number; name: string; why: string }[]): string {
  const shown = list.slice(0, 8).map((b) => `  #${b.id} ${b.name}: ${b.why}`);
  if (list.length > 8) shown.push(`  … and ${list.length - 8} more`);
  return shown.join('\n');
}

/**
 * Unmerges, newest first, the people run `runId` merged as its preview chose. A merge the owner
 * took back since is left alone; one they made again by hand is left to the blockers of the undo.
 */
async function unmergeRunMerges(db: Db, accountId: string, runId: number, at: string): Promise<number> {
  const chosen = await db
    .selectFrom('import_changes')
    .select(['subject_id', 'after'])
    .where('account_id', '=', accountId)
    .where('run_id', '=', runId)
    .where('action', '=', 'merged')
    .orderBy('id', 'desc')
    .execute();
  let unmerged = 0;
  for (const c of chosen) {
    const mergedId = Number(c.subject_id);
    const { merge } = JSON.parse(c.after!) as RunMerge;
    const current = await db
      .selectFrom('person_merges')
      .select('id')
      .where('account_id', '=', accountId)
      .where('merged_id', '=', mergedId)
      .where('undone_at', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!current || Number(current.id) !== merge) continue;
    try {
      await unmergePerson(db, accountId, mergedId, at);
    } catch (e) {
      if (!(e instanceof FathomError)) throw e;
      throw new FathomError(
        e.code,
        `run: import run #${runId} cannot be undone: it merged #${mergedId} into #${
          (JSON.parse(c.after!) as RunMerge).into
        }, which cannot be taken back: ${e.message.replace(/^person: /, '')}`,
        { field: 'run' },
      );
    }
    unmerged += 1;
  }
  return unmerged;
}

/**
 * Takes back everything run `runId` did: removes the people it created, the contact points and
 * tags it added and the links it made, and puts back the field values it changed (unless you
 * changed them again since). Refuses, naming the people, when later work depends on the run.
 */
export async function undoImportRun(
  db: Db,
  accountId: string,
  runId: number,
  at: string,
  force: boolean,
): Promise<UndoResult> {
  const run = await getImportRun(db, accountId, runId);
  if (!run)
    throw new FathomError('not_found', `run: no import run #${runId}. See: fathom import list`, {
      field: 'run',
    });
  if (run.status === 'undone') {
    throw new FathomError(
      'conflict',
      `run: import run #${runId} was already undone on ${run.undoneAt ?? '?'}.`,
      { field: 'run' },
    );
  }
  // The merges the run's preview chose come apart first: their new people are then the run's own again.
  const unmerged = await unmergeRunMerges(db, accountId, runId, at);
  const created = await db
    .selectFrom('people')
    .select(['id', 'name', 'updated_at', 'merged_into', 'deleted_at'])
    .where('account_id', '=', accountId)
    .where('import_run_id', '=', runId)
    .execute();
  const createdIds = created.map((p) => Number(p.id));
  const nameOf = new Map(created.map((p) => [Number(p.id), p.name]));
  const blockers: { id: number; name: string; why: string }[] = [];
  for (let i = 0; i < createdIds.length; i += 1000) {
    const chunk = createdIds.slice(i, i + 1000);
    const entryLinks = await db
      .selectFrom('entry_people')
      .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('person_id', 'in', chunk)
      .groupBy('person_id')
      .execute();
    for (const e of entryLinks) {
      const id = Number(e.person_id);
      blockers.push({
        id,
        name: nameOf.get(id) ?? '',
        why: `${e.n} ledger ${Number(e.n) === 1 ? 'entry names' : 'entries name'} them`,
      });
    }
    // People merged into the run's, and the run's merged into others. Both are found by their
    // keys alone and the account is checked on the rows: with `account_id = ?` beside the keys,
    // SQLite walks all of the account's people (or records) for every chunk, and undo grows
    // with the square of the run.
    const mergedIntoThem = await db
      .selectFrom('people')
      .select(['id', 'account_id', 'name', 'merged_into'])
      .where('merged_into', 'in', chunk)
      .execute();
    const mergedThemselves = await db
      .selectFrom('people')
      .select(['id', 'account_id', 'name', 'merged_into'])
      .where('id', 'in', chunk)
      .where('merged_into', 'is not', null)
      .execute();
    for (const m of [...mergedIntoThem, ...mergedThemselves]) {
      if (m.account_id !== accountId) continue;
      const id = Number(m.id);
      blockers.push({
        id,
        name: m.name,
        why: `merged into #${m.merged_into}; unmerge first (fathom person unmerge ${id})`,
      });
    }
    const later = (
      await db
        .selectFrom('import_records')
        .innerJoin('import_runs', 'import_runs.id', 'import_records.run_id')
        .select(['import_records.account_id', 'import_records.person_id', 'import_records.run_id'])
        .where('import_records.person_id', 'in', chunk)
        .where('import_records.run_id', '>', runId)
        .where('import_runs.status', '=', 'committed')
        .execute()
    ).filter((l) => l.account_id === accountId);
    const laterChanges = await db
      .selectFrom('import_changes')
      .innerJoin('import_runs', 'import_runs.id', 'import_changes.run_id')
      .select(['import_changes.subject_id as person_id', 'import_changes.run_id'])
      .where('import_changes.account_id', '=', accountId)
      .where('import_changes.subject', '=', 'person')
      .where('import_changes.subject_id', 'in', chunk)
      .where('import_changes.run_id', '>', runId)
      .where('import_runs.status', '=', 'committed')
      .execute();
    const seen = new Set<number>();
    for (const l of [...later, ...laterChanges]) {
      const id = Number(l.person_id);
      if (seen.has(id)) continue;
      seen.add(id);
      blockers.push({
        id,
        name: nameOf.get(id) ?? '',
        why: `import run #${l.run_id} added to them since; undo it first`,
      });
    }
  }
  if (blockers.length > 0) {
    throw new FathomError(
      'conflict',
      `run: import run #${runId} cannot be undone: ${blockers.length} of the people it created are used since.\n${describeBlockers(blockers)}`,
      { field: 'run', details: blockers },
    );
  }
  const committed = run.committedAt ?? run.createdAt;
  const editedSince = created.filter((p) => p.updated_at > committed).length;
  if (editedSince > 0 && !force) {
    throw new FathomError(
      'conflict',
      `run: ${editedSince} of the people import run #${runId} created were changed since (circle, notes, …); undoing removes them with your changes. Add --force to undo anyway.`,
      { field: 'run' },
    );
  }

  // Put back, newest first, what the run changed in people who existed before it.
  const changes = await db
    .selectFrom('import_changes')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('run_id', '=', runId)
    .orderBy('id', 'desc')
    .execute();
  const keptEdits: UndoResult['keptEdits'] = [];
  const restored = new Set<number>();
  for (const c of changes) {
    const personId = Number(c.subject_id);
    if (c.subject !== 'person') continue;
    if (c.action === 'tag_added') {
      await db
        .deleteFrom('person_tags')
        .where('account_id', '=', accountId)
        .where('person_id', '=', personId)
        .where('tag', '=', c.field!)
        .execute();
      restored.add(personId);
    } else if (c.action === 'link_updated') {
      const before = JSON.parse(c.before!) as { runId: number; snapshot: string };
      await db
        .updateTable('import_records')
        .set({ run_id: before.runId, snapshot: before.snapshot })
        .where('account_id', '=', accountId)
        .where('source_key', '=', c.field!)
        .execute();
    } else if (c.action === 'field_set') {
      const field = c.field as ImportedField;
      const before = JSON.parse(c.before!) as { value: string | null; source: string | null };
      const after = JSON.parse(c.after!) as { value: string | null; source: string };
      const row = await db
        .selectFrom('people')
        .select([
          ...Object.values(fieldColumns),
          'birthday_year',
          'birthday_month',
          'birthday_day',
          'field_sources',
          'updated_at',
        ])
        .where('account_id', '=', accountId)
        .where('id', '=', personId)
        .executeTakeFirst();
      if (!row) continue;
      const sources = readFieldSources(row.field_sources);
      if (currentValue(row, field) !== after.value || sources[field] !== after.source) {
        keptEdits.push({ personId, field });
        continue;
      }
      if (before.source === null) delete sources[field];
      else sources[field] = before.source;
      const set: Record<string, string | number | null> = { field_sources: writeFieldSources(sources) };
      if (field === 'birthday') {
        const [y, m, d] = birthdayParts(before.value);
        set.birthday_year = y;
        set.birthday_month = m;
        set.birthday_day = d;
      } else {
        set[fieldColumns[field]] = before.value;
        if (field === 'name') set.name_key = nameKey(before.value ?? '');
      }
      await db
        .updateTable('people')
        .set(set)
        .where('account_id', '=', accountId)
        .where('id', '=', personId)
        .execute();
      restored.add(personId);
    } else if (c.action === 'address_removed') {
      await putBackAddress(db, JSON.parse(c.before!) as SavedAddress);
      restored.add(personId);
    } else if (c.action === 'related_removed') {
      await putBackRelated(db, JSON.parse(c.before!) as SavedRelated);
      restored.add(personId);
    } else if (c.action === 'connection_set') {
      const before = JSON.parse(c.before!) as { on: string; source: string };
      const after = JSON.parse(c.after!) as { on: string; source: string };
      // Only the date this run set goes back; another run's since is theirs to undo.
      await db
        .updateTable('person_connections')
        .set({ connected_on: before.on, source: before.source })
        .where('account_id', '=', accountId)
        .where('person_id', '=', personId)
        .where('network', '=', c.field!)
        .where('connected_on', '=', after.on)
        .where('source', '=', after.source)
        .execute();
      restored.add(personId);
    } else if (c.action === 'photo_set') {
      const before = c.before === null ? null : (JSON.parse(c.before) as SavedPhoto);
      const after = c.after === null ? null : (JSON.parse(c.after) as { sha256: string; source: string });
      const now = await db
        .selectFrom('person_photos')
        .select(['sha256', 'source'])
        .where('account_id', '=', accountId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (
        (now?.sha256 ?? null) !== (after?.sha256 ?? null) ||
        (now?.source ?? null) !== (after?.source ?? null)
      ) {
        keptEdits.push({ personId, field: 'photo' });
        continue;
      }
      if (before === null) await replacePhoto(db, accountId, personId, null);
      else await restorePhoto(db, accountId, personId, before);
      restored.add(personId);
    } else if (c.action === 'touched') {
      const before = JSON.parse(c.before!) as string;
      const after = JSON.parse(c.after!) as string;
      // Only when nothing else changed the person since the import.
      await db
        .updateTable('people')
        .set({ updated_at: before })
        .where('account_id', '=', accountId)
        .where('id', '=', personId)
        .where('updated_at', '=', after)
        .execute();
      restored.add(personId);
    }
  }
  const removedContacts = await db
    .deleteFrom('contact_points')
    .where('account_id', '=', accountId)
    .where('source', '=', `import:${runId}`)
    .executeTakeFirst();
  await deleteDetailsOfRun(db, accountId, `import:${runId}`);
  await db
    .deleteFrom('import_records')
    .where('account_id', '=', accountId)
    .where('created_run_id', '=', runId)
    .execute();
  await deleteIn(db, 'people', accountId, 'id', createdIds);
  await db
    .updateTable('import_runs')
    .set({ status: 'undone', undone_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', runId)
    .execute();
  return {
    run: { ...run, status: 'undone', undoneAt: at },
    unmerged,
    peopleRemoved: createdIds.length,
    peopleRestored: [...restored].filter((id) => !nameOf.has(id)).length,
    contactPointsRemoved: Number(removedContacts.numDeletedRows),
    keptEdits,
    editedSince,
  };
}
