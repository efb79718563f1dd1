import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

/** The program as `npm run build` makes it, for tests that start many CLI processes at once. */
export interface BuiltCli {
  /** What to pass to `node` before the CLI's own arguments. */
  argv: string[];
  remove(): void;
}

/**
 * Bundles the CLI (and the calendar reading thread beside it) into a temporary folder inside the
 * project, so that the bundle finds the packages it leaves out. A bundled process starts in a
 * fraction of the time the TypeScript loader takes, which matters when fifty start together.
 */
export function buildCli(): BuiltCli {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'fathom-cli-bundle-'));
  buildSync({
    entryPoints: {
      'fathom-cli': join(root, 'src', 'cli', 'main.ts'),
      'calendar-reader': join(root, 'src', 'ingest', 'calendar-reader-thread.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: dir,
    logLevel: 'silent',
  });
  const entry = pathToFileURL(join(dir, 'fathom-cli.js')).href;
  // As bin/fathom.js does: the arguments after the script are the CLI's.
  const start = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv);`;
  return {
    argv: ['--input-type=module', '-e', start, 'fathom'],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
