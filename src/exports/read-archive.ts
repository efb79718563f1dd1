import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FathomError } from '../domain/errors.ts';
import { JsonPieces, TextEnded, UnexpectedText } from './json-pieces.ts';

/** Rows handed on at a time: a restore checks and writes them as one batch. */
const batchRows = 5000;

/** What an archive holds, in the order it is read. */
export type ArchivePiece =
  /** Every field before `tables`, as written (the reader checks them). */
  | { kind: 'header'; fields: Record<string, unknown> }
  /** A table starts: its name and columns as written. */
  | { kind: 'table'; name: unknown; columns: unknown }
  /** Rows of the current table as parsed; `first` is the number of the first (from 1). */
  | { kind: 'rows'; rows: unknown[]; first: number }
  | { kind: 'tableEnd'; rows: number };

/** True when the bytes start as gzip does. */
function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The bytes of an archive as text: unpacked first when gzip-compressed, checked to be UTF-8. */
async function* archiveChars(chunks: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw invalid(fileName, 'the file is empty');
  // The first chunk was read to tell gzip from text; the rest follow it. Stopping early stops the source too.
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield first.value!;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  let bytes: AsyncIterable<Uint8Array> = all();
  if (isGzip(first.value)) {
    // `pipeline` ends the file's reading when the unpacking stops early, and the other way round.
    const gunzip = createGunzip();
    pipeline(Readable.from(bytes), gunzip, () => undefined);
    bytes = gunzip;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of bytes) {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((e as Error).message))
      throw new TextEnded('the compressed data ends early');
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
      throw invalid(fileName, 'the file is not UTF-8 text, so it is not a Fathom archive');
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw invalid(fileName, `its compressed data is damaged (${(e as Error).message})`);
    throw e;
  }
}

function invalid(fileName: string, why: string): FathomError {
  return new FathomError('invalid_input', `${fileName}: ${why}.`, { field: 'file' });
}

function parse(text: string, where: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UnexpectedText(`${where()} is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Reads an archive piece by piece with bounded memory: the header's fields, then each table's
 * name, columns and rows in batches. Checks the JSON's structure only; what the values mean is
 * the restore's to check. A file cut short, or one that is not JSON, is a `FathomError` naming
 * where it stops.
 */
export async function* readArchive(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
): AsyncGenerator<ArchivePiece> {
  const json = new JsonPieces(archiveChars(chunks, fileName));
  // Where reading is, for messages.
  let table: string | null = null;
  let row = 0;
  const place = () =>
    table === null ? 'the header' : row === 0 ? `table ${table}` : `table ${table}, row ${row}`;
  try {
    const start = await json.peek();
    if (start !== 0x7b)
      throw invalid(fileName, 'it is not a Fathom archive (an archive is a JSON document starting with {)');
    await json.expect('{', '{');
    const fields: Record<string, unknown> = {};
    let tablesSeen = false;
    if ((await json.peek()) === 0x7d) await json.expect('}', '}');
    else {
      for (;;) {
        const key = await json.key('a field name');
        await json.expect(':', `":" after "${key}"`);
        if (key !== 'tables') {
          fields[key] = parse(await json.value(), () => `the header's "${key}"`);
        } else {
          if (tablesSeen) throw new UnexpectedText('"tables" appears twice');
          tablesSeen = true;
          yield { kind: 'header', fields };
          await json.expect('[', 'a list of tables after "tables"');
          if ((await json.peek()) === 0x5d) await json.expect(']', ']');
          else
            for (;;) {
              yield* readTable(json, (name, n) => {
                table = name;
                row = n;
              });
              table = null;
              row = 0;
              if ((await json.expect(',]', '"," or "]" after a table')) === ']') break;
            }
        }
        if ((await json.expect(',}', `"," or "}" after the header's "${key}"`)) === '}') break;
        if (tablesSeen) throw new UnexpectedText('nothing may follow the tables');
      }
    }
    if (!tablesSeen) yield { kind: 'header', fields };
    if ((await json.peek()) >= 0) throw new UnexpectedText('text follows the end of the archive');
  } catch (e) {
    if (e instanceof TextEnded)
      throw invalid(fileName, `the archive ends early (truncated?): it stops in ${place()}`);
    if (e instanceof UnexpectedText)
      throw invalid(fileName, `the archive is damaged in ${place()}: ${e.message}`);
    throw e;
  } finally {
    await json.close();
  }
}

/** One table object: `name` and `columns`, then `rows`, read row by row. */
async function* readTable(
  json: JsonPieces,
  at: (table: string, row: number) => void,
): AsyncGenerator<ArchivePiece> {
  await json.expect('{', 'a table ({)');
  let name: unknown;
  let columns: unknown;
  let rowsSeen = false;
  for (;;) {
    const key = await json.key('a field of a table');
    await json.expect(':', `":" after "${key}"`);
    if (key === 'name') {
      name = parse(await json.value(), () => 'a table name');
      at(String(name), 0);
    } else if (key === 'columns') columns = parse(await json.value(), () => 'the columns');
    else if (key === 'rows') {
      if (name === undefined || columns === undefined)
        throw new UnexpectedText('a table must give its "name" and "columns" before its "rows"');
      if (rowsSeen) throw new UnexpectedText('"rows" appears twice');
      rowsSeen = true;
      yield { kind: 'table', name, columns };
      await json.expect('[', 'a list of rows after "rows"');
      let n = 0;
      let batch: unknown[] = [];
      if ((await json.peek()) === 0x5d) await json.expect(']', ']');
      else
        for (;;) {
          n++;
          at(String(name), n);
          batch.push(parse(await json.value(), () => 'the row'));
          if (batch.length === batchRows) {
            yield { kind: 'rows', rows: batch, first: n - batch.length + 1 };
            batch = [];
          }
          if ((await json.expect(',]', '"," or "]" after a row')) === ']') break;
        }
      if (batch.length > 0) yield { kind: 'rows', rows: batch, first: n - batch.length + 1 };
      yield { kind: 'tableEnd', rows: n };
      at(String(name), 0);
    } else throw new UnexpectedText(`a table has no field "${key}" (only name, columns and rows)`);
    if ((await json.expect(',}', '"," or "}" in a table')) === '}') break;
  }
  if (!rowsSeen) throw new UnexpectedText('a table must list its "rows"');
}
