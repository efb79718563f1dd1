import type { z } from 'zod';
import type { Db } from '../store/database.ts';
import type { Store } from '../store/open-store.ts';
import { FathomError } from '../domain/errors.ts';

/** What every operation runs with: the database (a transaction for writes), the account, the clock. */
export interface Context {
  store: Store;
  db: Db;
  accountId: string;
  now(): Date;
  /**
   * Reads a file named on the command line, refusing one over `maxBytes` before reading it.
   * Only the CLI provides it; over HTTP a file arrives as content, never as a server path.
   */
  readFile?(path: string, maxBytes: number): Promise<Uint8Array>;
  /** Opens such a file for reading in chunks: its first `headBytes` bytes, and a stream of the rest. */
  streamFile?(
    path: string,
    maxBytes: number,
    headBytes: number,
  ): Promise<{ head: Uint8Array; size?: number; chunks(): AsyncIterable<Uint8Array> }>;
  /**
   * Writes a file named on the command line: `write` fills a temporary file beside it, which then
   * takes the name, so a failed write leaves nothing half-written. An existing file is refused
   * unless `replace`. Only the CLI provides it; over HTTP a file goes back as a download.
   */
  writeFile?(
    path: string,
    write: (temporaryPath: string) => Promise<void>,
    options: { replace: boolean },
  ): Promise<{ path: string; bytes: number }>;
  /** Reports the progress of long work; the CLI draws a bar on a terminal. */
  progress?(phase: string, done: number, total: number): void;
}

/** A file an operation hands back to be saved: the HTTP face streams it as an attachment. */
export interface Download {
  fileName: string;
  contentType: string;
  /** Read once; the bytes are made as they are read, and ending the iteration early frees what they hold. */
  body: AsyncIterable<Uint8Array>;
}

/** True for a result that is a file to send rather than JSON. */
export function isDownload(result: unknown): result is Download {
  return (
    typeof result === 'object' &&
    result !== null &&
    'body' in result &&
    'contentType' in result &&
    'fileName' in result
  );
}

/** How the CLI presents an operation; everything else about the command is derived from its schema. */
export interface CliSpec {
  /** Words of the command, e.g. `person add`. */
  command: string;
  /** Input fields taken as positional arguments, in order; a trailing `...` marks a variadic one. */
  args?: string[];
  /** Shorthand switches that set a field to a value, e.g. `--networking` → mode. */
  switches?: Record<string, { field: string; value: unknown; description: string }>;
  /** Short option letters, e.g. `{ with: 'w' }`. */
  short?: Record<string, string>;
}

export interface HttpSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** The operation answers with a file (a `Download`) of one of these types, not JSON. */
  download?: readonly string[];
}

/** One use case, defined once: the CLI, the HTTP routes and the OpenAPI document derive from it. */
export interface Operation<S extends z.ZodType = z.ZodType, R = unknown> {
  name: string;
  summary: string;
  input: S;
  /** Writes run inside one transaction: all or nothing. */
  mutates: boolean;
  cli?: CliSpec;
  http?: HttpSpec;
  /**
   * Why the operation has no HTTP route: it reads or writes files of the machine it runs on
   * (a backup, a restore), which a request must never reach.
   */
  localOnly?: string;
  run(ctx: Context, input: z.output<S>): Promise<R>;
  /** Human-readable rendering for the terminal. */
  text?(result: R, input: z.output<S>): string;
}

export function defineOperation<S extends z.ZodType, R>(op: Operation<S, R>): Operation<S, R> {
  return op;
}

/** A zod issue as a sentence naming the field and, where there is one, the value given. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { field: string; message: string } {
  const field = issue.path.map(String).join('.') || 'input';
  let value: unknown = input;
  for (const key of issue.path) {
    value =
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const given = JSON.stringify(value);
  // Custom messages often quote the value already; say it once.
  const shown = value === undefined || issue.message.includes(String(value)) ? '' : ` (got ${given})`;
  return { field, message: `${field}: ${issue.message}${shown}` };
}

/** Validates raw input against the operation's schema, naming the field of the first problem. */
export function parseInput<S extends z.ZodType>(op: Operation<S, unknown>, raw: unknown): z.output<S> {
  const parsed = op.input.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => describeIssue(i, raw));
    const first = issues[0] ?? { field: 'input', message: 'invalid input' };
    throw new FathomError('invalid_input', issues.map((i) => i.message).join('; '), {
      field: first.field,
      details: issues,
    });
  }
  return parsed.data;
}

/** Runs an operation the way every face does: validate, then run (writes in one transaction). */
export async function invoke<S extends z.ZodType, R>(
  op: Operation<S, R>,
  base: Omit<Context, 'db'>,
  raw: unknown,
): Promise<R> {
  const input = parseInput(op, raw);
  if (!op.mutates) return op.run({ ...base, db: base.store.db }, input);
  return base.store.db.transaction().execute((trx) => op.run({ ...base, db: trx }, input));
}
