// One import in a process of its own, so that its peak memory is its own: prints time, peak and counts.
// node --import tsx bench/import-run.ts DATABASE FILE [INPUT-JSON] [TIME-ZONE]
import { readLocalFile, streamLocalFile } from '../src/cli/local-file.ts';
import { importFile } from '../src/operations/import-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId, updateSettings } from '../src/store/settings-store.ts';

const [target, file, extra, timeZone] = process.argv.slice(2);
if (!target || !file) throw new Error('usage: import-run.ts DATABASE FILE [INPUT-JSON] [TIME-ZONE]');
const store = await openStore(target);
try {
  await ensureAccount(store.db, localAccountId);
  if (timeZone) await updateSettings(store.db, localAccountId, { timeZone });
  // The same context the CLI gives an operation: files are read or streamed from disk.
  const ctx = {
    store,
    accountId: localAccountId,
    now: () => new Date('2026-11-26T18:00:00Z'),
    readFile: readLocalFile,
    streamFile: streamLocalFile,
  };
  const input = { file, ...(extra ? (JSON.parse(extra) as Record<string, unknown>) : {}) };
  const baseMb = process.memoryUsage().rss / 1048576;
  const start = performance.now();
  const report = await invoke(importFile, ctx, input);
  const ms = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb, baseMb, run: report.run, counts: report.counts })}\n`);
} finally {
  await store.close();
}
