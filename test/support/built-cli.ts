import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

/** The program as `npm run build` makes it, for tests that start many CLI processes at once. */
export interface BuiltCli {
  /** What to pass to `node` before the CLI's own arguments. */
  argv: string[];
  /** The same, for a CLI that ends by printing `peak-rss-kb N` on stderr. */
  measuredArgv: string[];
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
  // Started from files beside the bundle, as bin/fathom.js starts it, so that the calendar reading
  // thread starts as it does for users; the measured one reports its peak memory as it ends.
  const launcher = join(dir, 'fathom.mjs');
  writeFileSync(
    launcher,
    `import { main } from './fathom-cli.js';\nprocess.exitCode = await main(process.argv);\n`,
  );
  const measured = join(dir, 'fathom-measured.mjs');
  writeFileSync(
    measured,
    `import { main } from './fathom-cli.js';\nconst code = await main(process.argv);\nprocess.stderr.write('\\npeak-rss-kb ' + process.resourceUsage().maxRSS + '\\n');\nprocess.exitCode = code;\n`,
  );
  return {
    argv: [launcher],
    measuredArgv: [measured],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
