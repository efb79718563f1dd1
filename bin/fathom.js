#!/usr/bin/env node
// Entry point. Runs the bundled CLI (built by `npm run build`, which `npm ci` runs too); while the
// sources are newer than the bundle, as during development, it runs them through the TypeScript loader.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'fathom-cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let bundled = 0;
try {
  bundled = statSync(bundle).mtimeMs;
} catch {
  bundled = 0;
}

let main;
if (bundled > 0 && bundled >= newestSource(join(root, 'src'))) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
