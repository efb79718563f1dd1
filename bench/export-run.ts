// One export or restore in a process of its own, so that its peak memory is its own: prints time,
// processor time, peak memory and what it wrote or read.
// node bench/out/export-run/export-run.js export|restore DATABASE FILE
import { readLocalFile, streamLocalFile, writeLocalFile } from '../src/cli/local-file.ts';
import { exportFile, restore } from '../src/operations/export-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../src/store/settings-store.ts';

const [mode, target, file] = process.argv.slice(2);
if ((mode !== 'export' && mode !== 'restore') || !target || !file)
  throw new Error('usage: export-run.ts export|restore DATABASE FILE');
const store = await openStore(target);
try {
  await ensureAccount(store.db, localAccountId);
  // The context the CLI gives an operation: files are read, streamed and written on disk.
  const ctx = {
    store,
    accountId: localAccountId,
    now: () => new Date('2026-11-26T18:00:00Z'),
    readFile: readLocalFile,
    streamFile: streamLocalFile,
    writeFile: writeLocalFile,
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result =
    mode === 'export'
      ? await invoke(exportFile, ctx, { file, force: true })
      : await invoke(restore, ctx, { file });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const bytes = 'bytes' in result ? result.bytes : undefined;
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, peakMb, bytes, tables: result.tables })}\n`,
  );
} finally {
  await store.close();
}
