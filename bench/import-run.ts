// One import in a process of its own, so that its peak memory is its own: prints time, peak and counts.
// node --import tsx bench/contacts-import-run.ts DATABASE FILE
import { readLocalFile } from '../src/cli/local-file.ts';
import { importFile } from '../src/operations/import-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { openStore } from '../src/store/open-store.ts';
import { localAccountId } from '../src/store/settings-store.ts';

const [target, file] = process.argv.slice(2);
if (!target || !file) throw new Error('usage: contacts-import-run.ts DATABASE FILE');
const store = await openStore(target);
try {
  const ctx = {
    store,
    accountId: localAccountId,
    now: () => new Date('2026-11-26T18:00:00Z'),
    readFile: readLocalFile,
  };
  const baseMb = process.memoryUsage().rss / 1048576;
  const start = performance.now();
  const report = await invoke(importFile, ctx, { file });
  const ms = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb, baseMb, counts: report.counts })}\n`);
} finally {
  await store.close();
}
