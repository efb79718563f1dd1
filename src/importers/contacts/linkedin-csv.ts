import { compactKey } from '../../domain/contact-keys.ts';
import type { ContactRecord } from '../contact-record.ts';
import type { ParseIssue, ParseResult, SkippedRecord } from '../parse-result.ts';
import { readCsvRowBatches, undecodableRow } from './csv-rows.ts';
import { isoDate } from './contact-dates.ts';
import { hashKey, makeSourceKeysUnique } from './source-key.ts';
import { decodeUtf8Pieces } from './text-decoding.ts';

type LinkedInField = 'firstName' | 'lastName' | 'url' | 'email' | 'company' | 'position' | 'connectedOn';

/** Header texts of LinkedIn exports in the languages people export in, lower-cased. */
const HEADER_NAMES: Record<string, LinkedInField> = {
  // English
  'first name': 'firstName',
  'last name': 'lastName',
  url: 'url',
  'email address': 'email',
  company: 'company',
  position: 'position',
  'connected on': 'connectedOn',
  // German
  vorname: 'firstName',
  nachname: 'lastName',
  'e-mail-adresse': 'email',
  unternehmen: 'company',
  'verbunden am': 'connectedOn',
  // French
  prénom: 'firstName',
  nom: 'lastName',
  'adresse e-mail': 'email',
  entreprise: 'company',
  poste: 'position',
  'date de connexion': 'connectedOn',
  // Spanish
  nombre: 'firstName',
  apellidos: 'lastName',
  'dirección de correo electrónico': 'email',
  empresa: 'company',
  cargo: 'position',
  'conectado el': 'connectedOn',
  // Portuguese
  nome: 'firstName',
  sobrenome: 'lastName',
  'endereço de e-mail': 'email',
  'endereço de email': 'email',
  'conectado em': 'connectedOn',
  // Italian
  cognome: 'lastName',
  'indirizzo email': 'email',
  azienda: 'company',
  posizione: 'position',
  'data del collegamento': 'connectedOn',
  // Dutch
  voornaam: 'firstName',
  achternaam: 'lastName',
  'e-mailadres': 'email',
  bedrijf: 'company',
  positie: 'position',
  'verbonden op': 'connectedOn',
};

/** Month names and abbreviations as they appear in LinkedIn dates across those languages. */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  [
    'jan',
    'january',
    'januar',
    'janv',
    'janvier',
    'ene',
    'enero',
    'janeiro',
    'gen',
    'gennaio',
    'januari',
    'jän',
  ],
  ['feb', 'february', 'februar', 'févr', 'février', 'febrero', 'fev', 'fevereiro', 'febbraio', 'februari'],
  ['mar', 'march', 'mär', 'mrz', 'märz', 'mars', 'marzo', 'março', 'mrt', 'maart'],
  ['apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'mag', 'maggio', 'mei'],
  ['jun', 'june', 'juni', 'juin', 'junio', 'junho', 'giu', 'giugno'],
  ['jul', 'july', 'juli', 'juil', 'juillet', 'julio', 'julho', 'lug', 'luglio'],
  ['aug', 'august', 'août', 'ago', 'agosto', 'augustus'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre', 'set', 'setembro', 'settembre'],
  ['oct', 'october', 'okt', 'oktober', 'octobre', 'octubre', 'out', 'outubro', 'ott', 'ottobre'],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro'],
  ['dec', 'december', 'dez', 'dezember', 'déc', 'décembre', 'dic', 'diciembre', 'dezembro', 'dicembre'],
];
MONTH_NAMES.forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});

/** `12 Mar 2021` (in any of the languages above) or `2021-03-12` → `2021-03-12`. */
export function parseLinkedInDate(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 10 && text[4] === '-' && text[7] === '-') {
    const [y, m, d] = text.split('-').map(Number);
    return y && m && d && m <= 12 && d <= 31 ? text : undefined;
  }
  // Tokens like `12.`, `mar.` and the Spanish/Portuguese `de` filler are tolerated.
  const tokens = text
    .toLowerCase()
    .split(' ')
    .map((token) => (token.endsWith('.') ? token.slice(0, -1) : token))
    .filter((token) => token !== '' && token !== 'de');
  if (tokens.length !== 3) return undefined;
  const day = Number(tokens[0]);
  const month = MONTHS[tokens[1] as string];
  const year = Number(tokens[2]);
  if (!month || !Number.isInteger(day) || day < 1 || day > 31 || !Number.isInteger(year) || year < 1000) {
    return undefined;
  }
  return isoDate(year, month, day);
}

const PROFILE_PREFIX = 'https://www.linkedin.com/in/';

/** Canonical form of a profile URL for source keys: https, www host, no query, no trailing slash. */
export function canonicalLinkedInUrl(url: string): string {
  // Nearly every URL in an export already has the canonical shape; checking is cheaper than rebuilding.
  if (url.startsWith(PROFILE_PREFIX) && !url.endsWith('/') && !url.includes('?') && !url.includes('#')) {
    return url.toLowerCase();
  }
  let text = url.trim().toLowerCase();
  for (const mark of ['?', '#']) {
    const at = text.indexOf(mark);
    if (at !== -1) text = text.slice(0, at);
  }
  while (text.endsWith('/')) text = text.slice(0, -1);
  const path = text.indexOf('/in/');
  return path === -1 ? text : `https://www.linkedin.com${text.slice(path)}`;
}

/** True when header cells are LinkedIn's Connections.csv header, in any supported language. */
export function isLinkedInHeader(cells: string[]): boolean {
  const fields = new Set(cells.map((cell) => HEADER_NAMES[cell.trim().toLowerCase()]));
  return (
    fields.has('url') && (fields.has('firstName') || fields.has('lastName')) && fields.has('connectedOn')
  );
}

/** Finds the header row (after the `Notes:` preamble) among the first rows and maps its columns to fields. */
function findHeader(
  rows: string[][],
): { at: number; columns: Partial<Record<LinkedInField, number>> } | undefined {
  const limit = Math.min(rows.length, headerSearchRows);
  for (let at = 0; at < limit; at++) {
    const row = rows[at] as string[];
    const columns: Partial<Record<LinkedInField, number>> = {};
    row.forEach((cell, i) => {
      const field = HEADER_NAMES[cell.trim().toLowerCase()];
      if (field && columns[field] === undefined) columns[field] = i;
    });
    if (columns.url !== undefined && (columns.firstName !== undefined || columns.lastName !== undefined)) {
      return { at, columns };
    }
  }
  return undefined;
}

/** The header is looked for among this many rows. */
const headerSearchRows = 30;

/**
 * Reads LinkedIn's `Connections.csv` (any export language, with or without the Notes preamble)
 * a chunk of the file at a time, yielding each chunk's records, issues and skipped rows, and the
 * share of the file read so far.
 */
export function* readLinkedInConnections(
  input: Uint8Array | string,
  options: { file?: string; chunkChars?: number } = {},
): Generator<ParseResult<ContactRecord> & { read: number }> {
  const { file } = options;
  const decoded = decodeUtf8Pieces(input, file);
  const chunks = readCsvRowBatches(decoded.pieces, {
    delimiter: ',',
    ...(file !== undefined ? { file } : {}),
    ...(options.chunkChars !== undefined ? { chunkChars: options.chunkChars } : {}),
  });
  // Rows are gathered until the header is found (or cannot be any more).
  let rows: string[][] = [];
  let lines: number[] = [];
  const early: ParseIssue[] = [...decoded.errors];
  let header: ReturnType<typeof findHeader>;
  let next = chunks.next();
  for (; !next.done; next = chunks.next()) {
    rows.push(...next.value.rows);
    lines.push(...next.value.lines);
    early.push(...next.value.errors);
    header = findHeader(rows);
    if (header || rows.length >= headerSearchRows) break;
  }
  if (!header) {
    // The rest of the file still counts for its CSV problems.
    if (!next.done)
      for (next = chunks.next(); !next.done; next = chunks.next()) early.push(...next.value.errors);
    early.push({
      file,
      line: 1,
      message:
        'no LinkedIn header row found (expected First Name, Last Name, URL, Email Address, Company, Position, Connected On)',
    });
    yield { records: [], errors: early, skipped: [], read: 1 };
    return;
  }
  const headerRow = rows[header.at] as string[];
  const c = header.columns;
  const dateColumn = c.connectedOn === undefined ? 'Connected On' : (headerRow[c.connectedOn]?.trim() ?? '');
  // Exports hold a few hundred distinct dates for thousands of rows: parse each once.
  const dates = new Map<string, string | undefined>();
  const sourceKeys = new Map<string, number>();
  const cell = (row: string[], index: number | undefined): string =>
    index === undefined ? '' : (row[index] ?? '').trim();

  let first = header.at + 1;
  let errors = early;
  let read = next.done ? 1 : next.value.read;
  for (;;) {
    const skipped: SkippedRecord[] = [];
    const records: ContactRecord[] = [];
    for (let r = first; r < rows.length; r++) {
      const row = rows[r] as string[];
      const line = lines[r] as number;
      const undecodable = undecodableRow(file, row, line, headerRow, decoded.invalidLines);
      if (undecodable) {
        errors.push(undecodable);
        continue;
      }
      const firstName = cell(row, c.firstName);
      const lastName = cell(row, c.lastName);
      const url = cell(row, c.url);
      const email = cell(row, c.email);
      if (!firstName && !lastName && !url && !email) {
        skipped.push({
          file,
          line,
          reason: 'connection without name or profile URL (the member left LinkedIn or hides their data)',
        });
        continue;
      }
      const rawDate = cell(row, c.connectedOn);
      let connectedOn: string | undefined;
      if (rawDate) {
        if (dates.has(rawDate)) connectedOn = dates.get(rawDate);
        else dates.set(rawDate, (connectedOn = parseLinkedInDate(rawDate)));
        if (connectedOn === undefined) {
          errors.push({ file, line, field: dateColumn, message: `unrecognized date "${rawDate}"` });
        }
      }
      const name = firstName && lastName ? `${firstName} ${lastName}` : firstName || lastName || email || url;
      const record: ContactRecord = {
        line,
        // Kept until the import ends: in one byte per character where it can be.
        sourceKey: compactKey(
          url ? `linkedin:${canonicalLinkedInUrl(url)}` : `linkedin:${hashKey(name, email, rawDate)}`,
        ),
        kind: 'person',
        name,
        emails: email ? [{ value: email }] : [],
        phones: [],
        urls: url ? [{ value: url, label: 'linkedin' }] : [],
        handles: [],
        tags: [],
      };
      if (file !== undefined) record.file = file;
      if (firstName) record.givenName = firstName;
      if (lastName) record.familyName = lastName;
      const company = cell(row, c.company);
      if (company) record.organization = company;
      const position = cell(row, c.position);
      if (position) record.title = position;
      if (connectedOn) record.connectedOn = connectedOn;
      records.push(record);
    }
    makeSourceKeysUnique(records, sourceKeys);
    yield { records, errors, skipped, read };
    next = chunks.next();
    if (next.done) return;
    ({ rows, lines, read } = next.value);
    errors = next.value.errors;
    first = 0;
  }
}

/** Reads LinkedIn's `Connections.csv` whole (see readLinkedInConnections). */
export function parseLinkedInConnections(
  input: Uint8Array | string,
  options: { file?: string } = {},
): ParseResult<ContactRecord> {
  const all: ParseResult<ContactRecord> = { records: [], errors: [], skipped: [] };
  for (const batch of readLinkedInConnections(input, options)) {
    for (const r of batch.records) all.records.push(r);
    for (const e of batch.errors) all.errors.push(e);
    for (const s of batch.skipped) all.skipped.push(s);
  }
  return all;
}
