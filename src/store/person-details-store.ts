import type { DetailRow, PersonDetails, PersonState, PreparedPhoto } from '../ingest/contact-plan.ts';
import { addressKey, addressText, relatedKey, relatedText } from '../ingest/contact-plan.ts';
import type { Selectable } from 'kysely';
import type { Db, Dialect, PersonAddressRow, PersonRelatedRow } from './database.ts';
import { insertRows } from './insert-rows.ts';
import type { JsonColumn } from './json-rows.ts';

const addressColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'label', type: 'text' },
  { name: 'po_box', type: 'text' },
  { name: 'extended', type: 'text' },
  { name: 'street', type: 'text' },
  { name: 'locality', type: 'text' },
  { name: 'region', type: 'text' },
  { name: 'postal_code', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'created_at', type: 'text' },
];

const relatedColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'relation', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'created_at', type: 'text' },
];

const connectionColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'network', type: 'text' },
  { name: 'connected_on', type: 'text' },
  { name: 'source', type: 'text' },
];

/** Photos per insert: each may be half a megabyte, so a statement stays a few megabytes. */
const photosPerStatement = 8;

/** The bytes as both drivers bind binary values (better-sqlite3 takes a Buffer, not any Uint8Array). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One person's details to write, by id. */
export interface DetailsWrite {
  personId: number;
  details: PersonDetails;
}

/**
 * Writes people's addresses, related names, connection dates and photos as a few set-based
 * statements (photos a few at a time), each row marked with `source`.
 */
export async function insertDetails(
  db: Db,
  dialect: Dialect,
  accountId: string,
  source: string,
  at: string,
  writes: readonly DetailsWrite[],
): Promise<void> {
  const addresses: unknown[][] = [];
  const related: unknown[][] = [];
  const connections: unknown[][] = [];
  const photos: { personId: number; photo: PreparedPhoto }[] = [];
  for (const { personId, details } of writes) {
    for (const a of details.addresses)
      addresses.push([
        accountId,
        personId,
        a.label,
        a.poBox,
        a.extended,
        a.street,
        a.locality,
        a.region,
        a.postalCode,
        a.country,
        source,
        at,
      ]);
    for (const r of details.related) related.push([accountId, personId, r.name, r.relation, source, at]);
    for (const c of details.connections) connections.push([accountId, personId, c.network, c.on, source]);
    if (details.photo !== null) photos.push({ personId, photo: details.photo });
  }
  await insertRows(db, dialect, 'person_addresses', addressColumns, addresses);
  await insertRows(db, dialect, 'person_related', relatedColumns, related);
  await insertRows(db, dialect, 'person_connections', connectionColumns, connections);
  for (let i = 0; i < photos.length; i += photosPerStatement) {
    await db
      .insertInto('person_photos')
      .values(
        photos.slice(i, i + photosPerStatement).map(({ personId, photo }) => ({
          account_id: accountId,
          person_id: personId,
          content_type: photo.contentType,
          bytes: asBuffer(photo.bytes),
          size: photo.bytes.length,
          sha256: photo.sha256,
          source,
          created_at: at,
        })),
      )
      .execute();
  }
}

/** The part of a person's state their details make. */
export type DetailState = Pick<PersonState, 'addresses' | 'related' | 'connections' | 'photo'>;

/**
 * The detail rows of the given people (a list short enough for one query): addresses and related names in the
 * order written, connections, and what lists need of a photo (its bytes stay in the database).
 */
export async function readDetailRows(db: Db, accountId: string, ids: number[]) {
  const [addresses, related, connections, photos] = await Promise.all([
    db
      .selectFrom('person_addresses')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('person_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('person_related')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('person_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('person_connections')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('person_id', 'in', ids)
      .execute(),
    db
      .selectFrom('person_photos')
      .select(['person_id', 'content_type', 'size', 'sha256', 'source'])
      .where('account_id', '=', accountId)
      .where('person_id', 'in', ids)
      .execute(),
  ]);
  return { addresses, related, connections, photos };
}

/** Fills the details part of the given people's states (addresses, related names, connections, photo). */
export async function loadDetailStates(
  db: Db,
  accountId: string,
  ids: number[],
  states: Map<number, DetailState>,
): Promise<void> {
  const { addresses, related, connections, photos } = await readDetailRows(db, accountId, ids);
  for (const a of addresses) {
    const parts = {
      poBox: a.po_box,
      extended: a.extended,
      street: a.street,
      locality: a.locality,
      region: a.region,
      postalCode: a.postal_code,
      country: a.country,
    };
    const row: DetailRow = {
      id: Number(a.id),
      key: addressKey(parts),
      source: a.source,
      text: addressText(parts),
    };
    states.get(Number(a.person_id))?.addresses.push(row);
  }
  for (const r of related) {
    const row: DetailRow = {
      id: Number(r.id),
      key: relatedKey(r.name, r.relation),
      source: r.source,
      text: relatedText(r.name, r.relation),
    };
    states.get(Number(r.person_id))?.related.push(row);
  }
  for (const c of connections)
    states.get(Number(c.person_id))?.connections.set(c.network, { on: c.connected_on, source: c.source });
  for (const p of photos) {
    const state = states.get(Number(p.person_id));
    if (state) state.photo = { sha256: p.sha256, source: p.source };
  }
}

/** A person's photo with its bytes, for serving it; undefined when they have none. */
export async function getPhoto(
  db: Db,
  accountId: string,
  personId: number,
): Promise<{ contentType: string; bytes: Uint8Array; sha256: string } | undefined> {
  const row = await db
    .selectFrom('person_photos')
    .select(['content_type', 'bytes', 'sha256'])
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row && { contentType: row.content_type, bytes: row.bytes, sha256: row.sha256 };
}

/** A stored photo as an undo needs it back: every column, the bytes as base64 (import changes are text). */
export interface SavedPhoto {
  contentType: string;
  bytes: string;
  size: number;
  sha256: string;
  source: string;
  createdAt: string;
}

/** The photo a run is about to replace or take away, saved for an undo. */
export async function savePhoto(db: Db, accountId: string, personId: number): Promise<SavedPhoto | null> {
  const row = await db
    .selectFrom('person_photos')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    contentType: row.content_type,
    bytes: Buffer.from(row.bytes).toString('base64'),
    size: Number(row.size),
    sha256: row.sha256,
    source: row.source,
    createdAt: row.created_at,
  };
}

/** Replaces a person's photo (or, with null, takes it away). */
export async function replacePhoto(
  db: Db,
  accountId: string,
  personId: number,
  photo: { contentType: string; bytes: Uint8Array; sha256: string; source: string; createdAt: string } | null,
): Promise<void> {
  await db
    .deleteFrom('person_photos')
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .execute();
  if (photo === null) return;
  await db
    .insertInto('person_photos')
    .values({
      account_id: accountId,
      person_id: personId,
      content_type: photo.contentType,
      bytes: asBuffer(photo.bytes),
      size: photo.bytes.length,
      sha256: photo.sha256,
      source: photo.source,
      created_at: photo.createdAt,
    })
    .execute();
}

/** A saved photo back as it was. */
export async function restorePhoto(
  db: Db,
  accountId: string,
  personId: number,
  saved: SavedPhoto,
): Promise<void> {
  await replacePhoto(db, accountId, personId, {
    contentType: saved.contentType,
    bytes: Buffer.from(saved.bytes, 'base64'),
    sha256: saved.sha256,
    source: saved.source,
    createdAt: saved.createdAt,
  });
}

/** Rows of the detail tables a person has several of, as an undo puts them back: every column as it was. */
export type SavedAddress = Selectable<PersonAddressRow>;
export type SavedRelated = Selectable<PersonRelatedRow>;

/** Takes addresses out, returning them whole so that an undo can put them back. */
export async function removeAddresses(db: Db, accountId: string, ids: number[]): Promise<SavedAddress[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('person_addresses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  await db
    .deleteFrom('person_addresses')
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), person_id: Number(r.person_id) }));
}

/** Takes related names out, returning them whole so that an undo can put them back. */
export async function removeRelated(db: Db, accountId: string, ids: number[]): Promise<SavedRelated[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('person_related')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  await db.deleteFrom('person_related').where('account_id', '=', accountId).where('id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), person_id: Number(r.person_id) }));
}

/** Puts a removed address back as it was, with its id. */
export async function putBackAddress(db: Db, row: SavedAddress): Promise<void> {
  await db.insertInto('person_addresses').values(row).execute();
}

/** Puts a removed related name back as it was, with its id. */
export async function putBackRelated(db: Db, row: SavedRelated): Promise<void> {
  await db.insertInto('person_related').values(row).execute();
}

/** Every detail row a run wrote, taken out by its source; returns how many went. */
export async function deleteDetailsOfRun(db: Db, accountId: string, source: string): Promise<number> {
  let removed = 0;
  for (const table of [
    'person_addresses',
    'person_related',
    'person_connections',
    'person_photos',
  ] as const) {
    const result = await db
      .deleteFrom(table)
      .where('account_id', '=', accountId)
      .where('source', '=', source)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

/** What a merge moved from the merged person to the survivor, for an exact unmerge. */
export interface MovedDetails {
  addresses: number[];
  related: number[];
  /** Networks whose connection date moved. */
  connections: string[];
  photo: boolean;
}

/**
 * Moves the merged person's details the survivor lacks to the survivor: addresses and related
 * names not already there, connection dates of networks it has none for, and the photo when it
 * has none. What both had stays with the merged person, and comes back with them on unmerge.
 */
export async function moveDetails(
  db: Db,
  accountId: string,
  survivorId: number,
  mergedId: number,
): Promise<MovedDetails> {
  const states = new Map<number, DetailState>();
  for (const id of [survivorId, mergedId])
    states.set(id, { addresses: [], related: [], connections: new Map(), photo: null });
  await loadDetailStates(db, accountId, [survivorId, mergedId], states);
  const survivor = states.get(survivorId)!;
  const merged = states.get(mergedId)!;
  const missing = (rows: DetailRow[], have: DetailRow[]) =>
    rows.filter((r) => !have.some((h) => h.key === r.key)).map((r) => r.id);
  const moved: MovedDetails = {
    addresses: missing(merged.addresses, survivor.addresses),
    related: missing(merged.related, survivor.related),
    connections: [...merged.connections.keys()].filter((n) => !survivor.connections.has(n)),
    photo: merged.photo !== null && survivor.photo === null,
  };
  await setOwner(db, accountId, mergedId, survivorId, moved);
  return moved;
}

/** Gives the merged person back what a merge moved to the survivor. */
export async function returnDetails(
  db: Db,
  accountId: string,
  survivorId: number,
  mergedId: number,
  moved: MovedDetails,
): Promise<void> {
  await setOwner(db, accountId, survivorId, mergedId, moved);
}

async function setOwner(
  db: Db,
  accountId: string,
  from: number,
  to: number,
  moved: MovedDetails,
): Promise<void> {
  for (const [table, ids] of [
    ['person_addresses', moved.addresses],
    ['person_related', moved.related],
  ] as const) {
    if (ids.length === 0) continue;
    await db
      .updateTable(table)
      .set({ person_id: to })
      .where('account_id', '=', accountId)
      .where('person_id', '=', from)
      .where('id', 'in', ids)
      .execute();
  }
  if (moved.connections.length > 0)
    await db
      .updateTable('person_connections')
      .set({ person_id: to })
      .where('account_id', '=', accountId)
      .where('person_id', '=', from)
      .where('network', 'in', moved.connections)
      .execute();
  if (moved.photo)
    await db
      .updateTable('person_photos')
      .set({ person_id: to })
      .where('account_id', '=', accountId)
      .where('person_id', '=', from)
      .execute();
}
