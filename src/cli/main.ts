import { Command, CommanderError, Option } from 'commander';
import { FathomError } from '../domain/errors.ts';
import { operations } from '../operations/index.ts';
import { invoke } from '../operations/registry.ts';
import type { Context, Operation } from '../operations/registry.ts';
import { openStore } from '../store/open-store.ts';
import { ensureAccount, localAccountId } from '../store/settings-store.ts';
import { isSqliteBusy, ledgerBusy, statementWaitMs } from '../store/sqlite-write-lock.ts';
import { exitCodes } from './exit-codes.ts';
import { terminalJson, terminalText } from './terminal-text.ts';
import { runJudgeQueue } from './judge-queue.ts';
import { judgeAcceptSuggestions } from '../operations/suggestion-operations.ts';
import { runReviewPrompts, wantsReviewPrompts } from './review-prompts.ts';
import { readLocalFile, streamLocalFile, writeLocalFile } from './local-file.ts';
import { terminalProgress } from './progress-bar.ts';
import { runTriageQueue } from './triage-queue.ts';
import { addServeCommand } from './serve.ts';
import { kebab, objectFields } from '../operations/schema-fields.ts';
import type { FieldInfo } from '../operations/schema-fields.ts';

interface GlobalOptions {
  db?: string;
  json?: boolean;
}

/** Writes the result of a command: JSON for scripts, the operation's own text for people. */
function print(op: Operation, result: unknown, input: unknown, json: boolean): void {
  if (json) process.stdout.write(`${terminalJson(JSON.stringify(result, null, 2))}\n`);
  else
    process.stdout.write(
      `${op.text ? terminalText(op.text(result, input)) : terminalJson(JSON.stringify(result, null, 2))}\n`,
    );
}

/** Opens the database, makes sure the account exists, and hands a context to `work`. */
export async function withContext<T>(
  options: GlobalOptions,
  work: (ctx: Omit<Context, 'db'>) => Promise<T>,
): Promise<T> {
  const store = await openStore(options.db);
  try {
    await ensureAccount(store.db, localAccountId);
    const bar = terminalProgress(Boolean(options.json));
    try {
      return await work({
        store,
        accountId: localAccountId,
        now: () => new Date(),
        readFile: readLocalFile,
        streamFile: streamLocalFile,
        writeFile: writeLocalFile,
        ...(bar.progress ? { progress: bar.progress } : {}),
      });
    } finally {
      bar.stop();
    }
  } finally {
    await store.close();
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Turns parsed options and positionals back into the operation's raw input. */
function rawInput(
  op: Operation,
  fields: FieldInfo[],
  args: (string | undefined)[],
  opts: Record<string, unknown>,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const positional = (op.cli?.args ?? []).map((a) => a.replace(/\.\.\.$/, ''));
  positional.forEach((name, i) => {
    const value = args[i];
    if (value === undefined) return;
    const f = fields.find((x) => x.key === name);
    raw[name] =
      f?.kind === 'list'
        ? Array.isArray(value)
          ? value
          : [value]
        : f?.kind === 'number' && /^-?\d+$/.test(value)
          ? Number(value)
          : value;
  });
  for (const f of fields) {
    if (positional.includes(f.key)) continue;
    const v = opts[f.key];
    if (v === undefined) continue;
    raw[f.key] = f.kind === 'number' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  const set = new Map<string, string>();
  for (const [name, sw] of Object.entries(op.cli?.switches ?? {})) {
    if (!opts[name]) continue;
    const other = set.get(sw.field);
    if (other)
      throw new FathomError('invalid_input', `${sw.field}: --${other} and --${name} cannot both be given.`, {
        field: sw.field,
      });
    set.set(sw.field, name);
    raw[sw.field] = sw.value;
  }
  return raw;
}

function addOperation(program: Command, op: Operation): void {
  const spec = op.cli!;
  const words = spec.command.split(' ');
  let parent = program;
  for (const word of words.slice(0, -1)) {
    parent =
      parent.commands.find((c) => c.name() === word) ?? parent.command(word).description(`${word} commands`);
  }
  const cmd = parent.command(words.at(-1)!).description(op.summary);
  const fields = objectFields(op.input);
  const interactive = op.name === 'judge';
  for (const a of spec.args ?? []) {
    const name = a.replace(/\.\.\.$/, '');
    const f = fields.find((x) => x.key === name);
    const required = f?.required && !interactive;
    cmd.argument(required ? `<${kebab(name)}>` : `[${kebab(name)}]`, f?.description ?? '');
  }
  for (const f of fields) {
    if ((spec.args ?? []).some((a) => a.replace(/\.\.\.$/, '') === f.key)) continue;
    const flag = kebab(f.key);
    const short = spec.short?.[f.key] ? `-${spec.short[f.key]}, ` : '';
    if (f.kind === 'boolean') {
      cmd.addOption(new Option(`${short}--${flag}`, f.description).default(undefined));
      continue;
    }
    const o = new Option(
      `${short}--${flag} <${f.kind === 'number' ? 'n' : 'value'}>`,
      f.description + (f.kind === 'list' ? ' (repeatable)' : ''),
    );
    if (f.kind === 'list') o.argParser(collect);
    if (f.choices) o.choices(f.choices);
    cmd.addOption(o);
  }
  for (const [name, sw] of Object.entries(spec.switches ?? {})) {
    cmd.addOption(new Option(`--${name}`, sw.description));
  }
  // `fathom judge --accept-suggestions` reaches the bulk operation, whose options join the command's.
  const bulk = interactive ? judgeAcceptSuggestions : undefined;
  const bulkFields = bulk ? objectFields(bulk.input) : [];
  if (bulk) {
    cmd.addOption(new Option('--accept-suggestions', bulk.summary));
    for (const f of bulkFields) {
      if (fields.some((x) => x.key === f.key)) continue;
      const flag = kebab(f.key);
      cmd.addOption(
        f.kind === 'boolean'
          ? new Option(`--${flag}`, f.description).default(undefined)
          : new Option(`--${flag} <${f.kind === 'number' ? 'n' : 'value'}>`, f.description),
      );
    }
  }
  cmd.action(async (...params: unknown[]) => {
    const command = params.at(-1) as Command;
    const opts = command.opts() as Record<string, unknown>;
    const globals = command.optsWithGlobals() as GlobalOptions;
    const args = params.slice(0, (spec.args ?? []).length) as (string | undefined)[];
    if (bulk && opts.acceptSuggestions) {
      if (args[0] !== undefined)
        throw new FathomError(
          'invalid_input',
          'judge: --accept-suggestions judges many entries; give no id.',
          {
            field: 'id',
          },
        );
      const raw = rawInput(bulk, bulkFields, [], opts);
      const result = await withContext(globals, (ctx) => invoke(bulk, ctx, raw));
      print(bulk, result, raw, Boolean(globals.json));
      return;
    }
    if (interactive && args[0] === undefined) {
      await withContext(globals, (ctx) => runJudgeQueue(ctx, { json: Boolean(globals.json) }));
      return;
    }
    const raw = rawInput(op, fields, args, opts);
    if (op.name === 'review' && wantsReviewPrompts(raw, Boolean(globals.json))) {
      process.stdout.write(
        `${terminalText(await withContext(globals, (ctx) => runReviewPrompts(ctx, raw)))}\n`,
      );
      return;
    }
    if (op.name === 'triage' && raw.to === undefined && process.stdin.isTTY && !globals.json) {
      const filter = Object.fromEntries(
        ['tag', 'source', 'org'].flatMap((k) => (typeof raw[k] === 'string' ? [[k, raw[k]]] : [])),
      );
      await withContext(globals, (ctx) => runTriageQueue(ctx, filter, { json: false }));
      return;
    }
    const result = await withContext(globals, (ctx) => invoke(op, ctx, raw));
    print(op, result, raw, Boolean(globals.json));
  });
}

/** What commander would print about bad usage, held until it is known whether a clearer answer replaces it. */
const commanderErrors: string[] = [];

/** A clearer answer than commander's for a value it took for an option: a negative number or duration. */
function negativeValueMessage(e: CommanderError): string | undefined {
  if (e.code !== 'commander.unknownOption') return undefined;
  const option = /'(-[^']*)'/.exec(e.message)?.[1];
  if (option === undefined || !/^-\d/.test(option)) return undefined;
  return `"${option}" is negative; durations, counts and times are given as positive values (like 45m or 1h30).`;
}

/** Builds the `fathom` program from the operations registry. */
export function buildProgram(): Command {
  const program = new Command('fathom')
    .description('Fathom: an honest ledger of the time you spend with people')
    .option(
      '--db <path-or-url>',
      'database file, or a postgres:// URL (default: $FATHOM_DB or your data folder)',
    )
    .option('--json', 'print results as JSON')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (s) => commanderErrors.push(s) });
  for (const op of operations) if (op.cli) addOperation(program, op);
  addServeCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    process.stderr.write(commanderErrors.splice(0).join(''));
    return 0;
  } catch (thrown) {
    const held = commanderErrors.splice(0).join('');
    // A statement outside a transaction that waited out SQLite's own busy timeout.
    const e = isSqliteBusy(thrown) ? ledgerBusy(undefined, statementWaitMs) : thrown;
    if (e instanceof CommanderError) {
      const negative = negativeValueMessage(e);
      process.stderr.write(terminalText(negative === undefined ? held : `fathom: ${negative}\n`));
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(terminalText(held));
    if (e instanceof FathomError) {
      if (json)
        process.stderr.write(
          `${terminalJson(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.details !== undefined ? { details: e.details } : {}) } }))}\n`,
        );
      else process.stderr.write(`fathom: ${terminalText(e.message)}\n`);
      return exitCodes[e.code];
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`fathom: unexpected error: ${terminalText(message)}\n`);
    if (process.env.FATHOM_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
