import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { nameKey } from '../src/domain/contact-keys.ts';
import { makeLinkedInCsv } from '../src/importers/contacts/contacts-bench.ts';
import { parseContactFile } from '../src/importers/contacts/parse-contacts.ts';
import { generateVcards } from '../src/importers/vcard/vcard-bench.ts';
import type { BulkPerson } from '../src/store/bulk-load.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { importUndo } from '../src/operations/import-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../src/store/settings-store.ts';
import { builtImportRun } from './built-import.ts';

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * The ledger the imports land in: 50,000 people with an email each, of whom 10,000 also carry
 * the LinkedIn profile of a row of the CSV, so matching finds real work to do.
 */
async function existingPeople(profileUrls: string[], count: number): Promise<BulkPerson[]> {
  const at = '2026-01-01T00:00:00.000Z';
  const people: BulkPerson[] = [];
  for (let i = 0; i < count; i++) {
    const name = `Person ${i} Example`;
    const contacts: BulkPerson['contacts'] = [
      {
        kind: 'email',
        value: `seed${i}@example.org`,
        key: `seed${i}@example.org`,
        label: null,
        source: 'manual',
        created_at: at,
      },
    ];
    const url = i % 5 === 0 ? profileUrls[i / 5] : undefined;
    if (url)
      contacts.push({
        kind: 'url',
        value: `https://www.${url}`,
        key: url,
        label: 'linkedin',
        source: 'manual',
        created_at: at,
      });
    people.push({
      person: { name, name_key: nameKey(name), circle: 'network', aspire: 0, created_at: at, updated_at: at },
      tags: [],
      contacts,
    });
  }
  return people;
}

/**
 * Fills the ledger at `target` with the 50,000 people the LinkedIn import meets: every fifth row of
 * `csv` has its profile among them, as the matcher keys it, so matching finds real work to do.
 */
export async function seedLedger(target: string, csv: string): Promise<void> {
  const parsed = await parseContactFile(Buffer.from(csv), 'Connections.csv');
  const urls = parsed.records
    .filter((_, i) => i % 5 === 0)
    .map((r) => (r.urls[0]?.value ?? '').replace(/^https:\/\/www\./, '').toLowerCase());
  const store = await openStore(target);
  try {
    await ensureAccount(store.db, localAccountId);
    const seed = await existingPeople(urls, 50_000);
    await store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, seed, []));
  } finally {
    await store.close();
  }
}

/**
 * End-to-end contacts import (read, parse, match, write in one transaction) against the parser
 * baselines measured in the same run: a 100,000-row LinkedIn CSV against papaparse alone, and
 * 50,000 vCards against a plain line split, both into a database already holding 50,000 people.
 */
interface ChildRun {
  ms: number;
  peakMb: number;
  baseMb: number;
  run: number | null;
  counts: { created: number; matched: number; updated: number; unchanged: number };
}

/** Imports `file` in a child process, as the built program does, and returns its time, peak memory and counts. */
function importInChild(target: string, file: string): ChildRun {
  const out = execFileSync(process.execPath, [builtImportRun(), target, file], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildRun;
}

/** Undoes an import run as `fathom import undo` does, and returns how long it took. */
async function undoRun(target: string, run: number): Promise<number> {
  const store = await openStore(target);
  try {
    const ctx = { store, accountId: localAccountId, now: () => new Date('2026-11-27T09:00:00Z') };
    const start = performance.now();
    await invoke(importUndo, ctx, { run, force: true });
    return performance.now() - start;
  } finally {
    await store.close();
  }
}

/**
 * End-to-end contacts import (read, parse, match, write in one transaction) against the parser
 * baselines measured in the same run: a 100,000-row LinkedIn CSV against papaparse alone, and
 * 50,000 vCards against a plain line split, both into a database already holding 50,000 people.
 * Then each run is undone, newest first, each undo's target being its import's own time.
 * Each import runs in a process of its own, so its peak memory is measured alone.
 */
export async function benchContactsImport(target: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-contacts-bench-'));
  try {
    const csvPath = join(dir, 'Connections.csv');
    const vcfPath = join(dir, 'contacts.vcf');
    let papaparseMs: number;
    let splitMs: number;
    {
      const csv = makeLinkedInCsv(100_000);
      writeFileSync(csvPath, csv);
      await seedLedger(target, csv);
      papaparseMs = bestOf(3, () => Papa.parse<string[]>(csv, { header: false }));
      const vcf = generateVcards(50_000);
      writeFileSync(vcfPath, vcf);
      splitMs = bestOf(3, () => vcf.split(/\r?\n/));
    }
    const linkedin = importInChild(target, csvPath);
    const again = importInChild(target, csvPath);
    if (again.counts.created + again.counts.updated !== 0) throw new Error('re-import changed the ledger');
    const vcards = importInChild(target, vcfPath);
    if (vcards.run === null || linkedin.run === null) throw new Error('an import wrote no run');
    const vcardUndoMs = await undoRun(target, vcards.run);
    if (again.run !== null) await undoRun(target, again.run);
    const linkedinUndoMs = await undoRun(target, linkedin.run);

    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      'linkedin created': linkedin.counts.created,
      'linkedin matched': linkedin.counts.matched,
      'papaparse ms': round(papaparseMs),
      'linkedin import ms': round(linkedin.ms),
      'linkedin import / papaparse': round(linkedin.ms / papaparseMs),
      'linkedin peak rss MB': Math.round(linkedin.peakMb),
      'linkedin re-import ms': round(again.ms),
      'vcards created': vcards.counts.created,
      'vcards matched': vcards.counts.matched,
      'vcard line split ms': round(splitMs),
      'vcard import ms': round(vcards.ms),
      'vcard import / line split': round(vcards.ms / splitMs),
      'vcard peak rss MB': Math.round(vcards.peakMb),
      'vcard undo ms': round(vcardUndoMs),
      'vcard undo / import (target ≤ 1)': Math.round((vcardUndoMs / vcards.ms) * 100) / 100,
      'linkedin undo ms': round(linkedinUndoMs),
      'linkedin undo / import (target ≤ 1)': Math.round((linkedinUndoMs / linkedin.ms) * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: node --import tsx bench/contacts-bench.ts [database]
if (process.argv[1]?.endsWith('bench/contacts-bench.ts')) {
  const target = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'fathom-bench-')), 'fathom.db');
  benchContactsImport(target).then(
    (figures) => console.log(figures),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
