import { buildSync } from 'esbuild';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/**
 * Bundles `bench/import-run.ts` the way `npm run build` bundles the CLI, with the calendar reading
 * thread as a bundle of its own beside it, and returns the script to run: an import is measured
 * as users run it, not through the TypeScript loader.
 */
export function builtImportRun(): string {
  const outdir = join(root, 'bench', 'out', 'import-run');
  buildSync({
    entryPoints: {
      'import-run': join(root, 'bench', 'import-run.ts'),
      'calendar-reader': join(root, 'src', 'ingest', 'calendar-reader-thread.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  });
  return join(outdir, 'import-run.js');
}
