import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocalFile, streamLocalFile } from '../../src/cli/local-file.ts';
import { exitCodes } from '../../src/cli/exit-codes.ts';
import { FathomError } from '../../src/domain/errors.ts';
import { importFile } from '../../src/operations/import-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import type { Context } from '../../src/operations/registry.ts';
import type { Dialect } from '../../src/store/database.ts';
import { dumpPeople, dumpRollups, plain } from '../support/ledger-dump.ts';
import { openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';
import { Random, fuzzInput, loadFixtures } from './fuzz-cases.ts';

/** The refusals an import may answer with: each maps to a documented exit code other than 1. */
const documented = new Set(Object.keys(exitCodes).filter((c) => c !== 'internal'));

/** The longest one case may take, and the most memory the process may hold after one. */
const caseMs = 60_000;
const rssLimit = 1536 * 1024 * 1024;

export interface FuzzCounts {
  dialect: Dialect;
  cases: number;
  imported: number;
  previews: number;
  refused: number;
  /** Refusals by error code. */
  codes: Record<string, number>;
  /** Cases by mutation (a case may carry several). */
  mutations: Record<string, number>;
  slowestMs: number;
  peakRssMb: number;
}

/** Everything an account holds that an import could change. */
async function dump(ledger: TestLedger): Promise<unknown> {
  const { db } = ledger.store;
  const id = ledger.ctx.accountId;
  return {
    ...(await dumpPeople(db, id)),
    ...(await dumpRollups(db, id)),
    entries: plain(
      await db.selectFrom('entries').selectAll().where('account_id', '=', id).orderBy('id').execute(),
    ),
    runs: plain(
      await db.selectFrom('import_runs').selectAll().where('account_id', '=', id).orderBy('id').execute(),
    ),
    changes: plain(
      await db
        .selectFrom('import_changes')
        .select(['run_id', 'subject', 'subject_id', 'action'])
        .where('account_id', '=', id)
        .orderBy('id')
        .execute(),
    ),
    settings: plain(await db.selectFrom('settings').selectAll().where('account_id', '=', id).execute()),
  };
}

async function runs(ledger: TestLedger): Promise<{ id: number; status: string }[]> {
  return plain(
    await ledger.store.db
      .selectFrom('import_runs')
      .select(['id', 'status'])
      .where('account_id', '=', ledger.ctx.accountId)
      .orderBy('id')
      .execute(),
  ) as { id: number; status: string }[];
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${caseMs / 1000} s`)), caseMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Imports `cases` damaged fixtures through the import operation, one after another into one ledger,
 * asserting for each: it ends in time with a report or a documented refusal; a refusal or a dry run
 * leaves the ledger exactly as it was; an import adds exactly one committed run and nothing else
 * is left half written. Throws on the first case that breaks a rule, naming its seed and index.
 */
export async function fuzzImports(dialect: Dialect, cases: number, seed: number): Promise<FuzzCounts> {
  const fixtures = loadFixtures();
  const random = new Random(seed);
  const dir = mkdtempSync(join(tmpdir(), 'fathom-fuzz-'));
  // The fixtures' calendars fall in early 2025; the clock stands just after them.
  const ledger = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
  const ctx: Omit<Context, 'db'> = { ...ledger.ctx, readFile: readLocalFile, streamFile: streamLocalFile };
  const counts: FuzzCounts = {
    dialect,
    cases: 0,
    imported: 0,
    previews: 0,
    refused: 0,
    codes: {},
    mutations: {},
    slowestMs: 0,
    peakRssMb: 0,
  };
  try {
    // Something to protect: one clean import of every fixture that imports cleanly.
    for (const f of fixtures) {
      const path = join(dir, f.name);
      writeFileSync(path, f.bytes);
      await invoke(importFile, ctx, {
        file: path,
        skipErrors: true,
        ...(f.calendar ? { from: '2025-01-01' } : {}),
      }).catch((e: unknown) => {
        if (!(e instanceof FathomError)) throw e;
      });
    }
    let before = await dump(ledger);
    for (let i = 0; i < cases; i++) {
      const input = await fuzzInput(fixtures, random);
      const label = `case ${i} (seed ${seed}, ${dialect}): ${input.name} with ${input.mutations.join(' + ')}`;
      for (const m of input.mutations) counts.mutations[m] = (counts.mutations[m] ?? 0) + 1;
      const dryRun = random.chance(0.15);
      const skipErrors = random.chance(0.4);
      // The CLI's way (a file on disk, calendars streamed) or the HTTP way (the bytes sent along).
      const upload = random.chance(0.3);
      const path = join(dir, `${i}-${input.name}`);
      if (!upload) writeFileSync(path, input.bytes);
      const options = {
        file: upload ? input.name : path,
        ...(upload ? { content: input.bytes.toString('base64') } : {}),
        ...(dryRun ? { dryRun } : {}),
        ...(skipErrors ? { skipErrors } : {}),
        ...(input.calendar ? { from: '2025-01-01' } : {}),
      };
      const runsBefore = await runs(ledger);
      const started = performance.now();
      let outcome: 'imported' | 'preview' | 'refused';
      try {
        const report = await withTimeout(invoke(importFile, ctx, options), label);
        outcome = report.status === 'preview' ? 'preview' : 'imported';
      } catch (e) {
        if (!(e instanceof FathomError)) {
          throw new Error(`${label}: not a documented error: ${e instanceof Error ? e.stack : String(e)}`);
        }
        assert.ok(documented.has(e.code), `${label}: error code ${e.code}: ${e.message}`);
        counts.codes[e.code] = (counts.codes[e.code] ?? 0) + 1;
        outcome = 'refused';
      }
      const ms = performance.now() - started;
      counts.slowestMs = Math.max(counts.slowestMs, Math.round(ms));
      rmSync(path, { force: true });
      const after = await dump(ledger);
      if (outcome === 'imported') {
        counts.imported += 1;
        const runsAfter = await runs(ledger);
        // A run of its own, whole: committed, and every earlier run as it was.
        assert.equal(runsAfter.length, runsBefore.length + 1, `${label}: one new run`);
        assert.deepEqual(runsAfter.slice(0, -1), runsBefore, `${label}: earlier runs untouched`);
        assert.equal(runsAfter.at(-1)!.status, 'committed', label);
        before = after;
      } else {
        if (outcome === 'preview') counts.previews += 1;
        else counts.refused += 1;
        assert.deepEqual(after, before, `${label}: the ledger changed after a ${outcome}`);
      }
      const rss = process.memoryUsage().rss;
      counts.peakRssMb = Math.max(counts.peakRssMb, Math.round(rss / 1048576));
      assert.ok(rss < rssLimit, `${label}: the process holds ${Math.round(rss / 1048576)} MB`);
      counts.cases += 1;
    }
    return counts;
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The counts as one paragraph a person reads. */
export function countsText(c: FuzzCounts): string {
  const byCode = Object.entries(c.codes)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const byMutation = Object.entries(c.mutations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `${c.dialect}: ${c.cases} cases: ${c.imported} imported, ${c.previews} previewed, ${c.refused} refused (${byCode || 'none'})`,
    `  mutations: ${byMutation}`,
    `  slowest case ${c.slowestMs} ms, peak memory ${c.peakRssMb} MB`,
  ].join('\n');
}
