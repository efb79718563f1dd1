import type { ValueKind } from '../store/schema-catalog.ts';

/** The `format` every archive names itself with. */
export const archiveFormat = 'fathom-archive';

/**
 * The version of the layout this Fathom writes and reads. It goes up whenever an older Fathom
 * could misread an archive (a new way of writing values, rows or tables); a new table or column
 * does not change it, since the header's migrations say which schema the rows belong to.
 */
export const archiveVersion = 1;

/** Where the layout is described, for whoever opens an archive in an editor. */
export const archiveAbout =
  'A Fathom ledger archive: every table of one account. See docs/archive-format.md.';

/** The account an archive was made from. */
export interface ArchiveAccount {
  id: string;
  name: string;
  createdAt: string;
}

/** What an archive says about itself before its tables. */
export interface ArchiveHeader {
  format: string;
  version: number;
  exportedAt: string;
  /** The schema steps the ledger had, in order: the rows have exactly their columns. */
  migrations: string[];
  account: ArchiveAccount;
}

/** A column of an archived table as its header lists it. */
export interface ArchiveColumn {
  name: string;
  type: ValueKind;
}

export const valueKinds: readonly ValueKind[] = ['integer', 'real', 'text', 'blob', 'boolean'];

/** Binary values are written as `{"$base64": "…"}`: JSON has no bytes. */
export const base64Marker = '$base64';
/** Numbers JSON cannot write (NaN, Infinity) are written as `{"$number": "NaN"}`. */
export const numberMarker = '$number';

/** Why a database value cannot be archived as its column's kind. */
export class ValueError extends Error {}

function bytesOf(value: unknown): Uint8Array | null {
  return value instanceof Uint8Array ? value : null;
}

/**
 * A database value as the archive writes it: the same JSON from both dialects (PostgreSQL's
 * bigint arrives as text, its booleans as booleans, its bytes as a Buffer; SQLite's as numbers,
 * 0/1 and a Buffer).
 */
export function archiveValue(kind: ValueKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      const n = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) throw new ValueError(`${String(value)} is not a whole number`);
      return n;
    }
    case 'real': {
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(n) && typeof value !== 'number')
        throw new ValueError(`${String(value)} is not a number`);
      return Number.isFinite(n) ? n : { [numberMarker]: String(n) };
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      throw new ValueError(`${String(value)} is not true or false`);
    case 'blob': {
      const bytes = bytesOf(value);
      if (bytes)
        return {
          [base64Marker]: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
        };
      if (typeof value === 'string') return { [base64Marker]: Buffer.from(value).toString('base64') };
      throw new ValueError('is not bytes');
    }
    case 'text':
      if (typeof value === 'string') return value;
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
  }
}

/** A value's description for an error message: short, quoted when text. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An archive value as the database takes it, or a sentence saying why it cannot be one (the
 * caller adds the table, row and column). Booleans become 0/1 for SQLite.
 */
export function databaseValue(
  kind: ValueKind,
  value: unknown,
  dialect: 'sqlite' | 'postgres',
): { ok: true; value: unknown } | { ok: false; why: string } {
  if (value === null) return { ok: true, value: null };
  switch (kind) {
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return { ok: true, value };
      return { ok: false, why: `expected a whole number, found ${shown(value)}` };
    case 'real':
      if (typeof value === 'number') return { ok: true, value };
      if (typeof value === 'object' && !Array.isArray(value)) {
        const marked = (value as Record<string, unknown>)[numberMarker];
        if (
          Object.keys(value).length === 1 &&
          (marked === 'NaN' || marked === 'Infinity' || marked === '-Infinity')
        )
          return { ok: true, value: Number(marked) };
      }
      return { ok: false, why: `expected a number, found ${shown(value)}` };
    case 'boolean':
      if (typeof value === 'boolean')
        return { ok: true, value: dialect === 'sqlite' ? (value ? 1 : 0) : value };
      return { ok: false, why: `expected true or false, found ${shown(value)}` };
    case 'blob': {
      if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) {
        const text = (value as Record<string, unknown>)[base64Marker];
        if (typeof text === 'string' && text.length % 4 === 0 && base64Text.test(text))
          return { ok: true, value: Buffer.from(text, 'base64') };
      }
      return { ok: false, why: `expected bytes written as {"${base64Marker}": "…"}, found ${shown(value)}` };
    }
    case 'text':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: false, why: `expected text, found ${shown(value)}` };
  }
}
