import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { scaleLedger } from '../src/demo/scale-ledger.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { isPostgresUrl } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId, updateSettings } from '../src/store/settings-store.ts';
import { printBudgets } from './measure.ts';
import { benchTarget, cachedLedger } from './targets.ts';

const root = join(import.meta.dirname, '..');

interface ChildRun {
  ms: number;
  cpuMs: number;
  peakMb: number;
  bytes?: number;
  tables: Record<string, number>;
}

/** `bench/export-run.ts` bundled as `npm run build` bundles the CLI: measured as users run it. */
function builtExportRun(): string {
  const outdir = join(root, 'bench', 'out', 'export-run');
  buildSync({
    entryPoints: { 'export-run': join(root, 'bench', 'export-run.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  });
  return join(outdir, 'export-run.js');
}

function inChild(script: string, ...args: string[]): ChildRun {
  const out = execFileSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildRun;
}

/** An archive's text without the instant it was written. */
function archiveText(path: string): string {
  const bytes = readFileSync(path);
  return (bytes[0] === 0x1f ? gunzipSync(bytes) : bytes)
    .toString('utf8')
    .replace(/"exportedAt":"[^"]*"/, '"exportedAt":"…"');
}

/**
 * Export and restore of the 50,000-people, 200,000-entries ledger (the ledger benchmark's own,
 * from its cached copy): the archive compressed and as plain JSON, then restored into an empty
 * database of the same kind and exported again, which must give the same archive. Each export and
 * restore runs in a process of its own, so its peak memory is its own.
 */
export async function benchExport(
  target: string,
  sizes = { people: 50_000, entries: 200_000 },
): Promise<Record<string, number>> {
  const until = '2026-11-26';
  await cachedLedger(target, { suite: 'ledger', ...sizes, until }, async (store) => {
    await ensureAccount(store.db, localAccountId);
    await updateSettings(store.db, localAccountId, { timeZone: 'Europe/Berlin' });
    const data = scaleLedger({ ...sizes, seed: 1, until, timeZone: 'Europe/Berlin' });
    await store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, data.people, data.entries));
  });
  const dir = mkdtempSync(join(tmpdir(), 'fathom-export-bench-'));
  const dialect = isPostgresUrl(target) ? 'postgres' : 'sqlite';
  const empty = await benchTarget(dialect, 'restore');
  try {
    const run = builtExportRun();
    const packed = join(dir, 'ledger.fathom');
    const plain = join(dir, 'ledger.json');
    const exported = inChild(run, 'export', target, packed);
    const exportedPlain = inChild(run, 'export', target, plain);
    const restored = inChild(run, 'restore', empty.target, packed);
    const again = join(dir, 'again.fathom');
    inChild(run, 'export', empty.target, again);
    if (archiveText(again) !== archiveText(packed))
      throw new Error('the restored ledger exports differently');
    const rows = Object.values(exported.tables).reduce((a, b) => a + b, 0);
    const round = (n: number) => Math.round(n * 10) / 10;
    const figures: Record<string, number> = {
      'archive rows': rows,
      'archive MB (compressed)': round(exported.bytes! / 1048576),
      'archive MB (plain JSON)': round(exportedPlain.bytes! / 1048576),
      'export ms': Math.round(exported.ms),
      'export cpu ms': Math.round(exported.cpuMs),
      'export peak rss MB': Math.round(exported.peakMb),
      'export plain ms': Math.round(exportedPlain.ms),
      'restore ms': Math.round(restored.ms),
      'restore cpu ms': Math.round(restored.cpuMs),
      'restore peak rss MB': Math.round(restored.peakMb),
    };
    if (dialect === 'sqlite')
      printBudgets('export (sqlite)', figures, [
        { figure: 'export ms', under: 10_000, source: 'issue 5' },
        { figure: 'restore ms', under: 10_000, source: 'issue 5' },
        { figure: 'export peak rss MB', under: 500, source: 'issue 5', unit: 'MB' },
        { figure: 'restore peak rss MB', under: 500, source: 'issue 5', unit: 'MB' },
      ]);
    return figures;
  } finally {
    await empty.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}
