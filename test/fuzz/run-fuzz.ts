import { dialects } from '../support/test-stores.ts';
import { countsText, fuzzImports } from './import-fuzz.ts';

/**
 * The long fuzz run behind `npm run fuzz`: thousands of damaged files on each database, from seeds
 * other than the test suite's. `FATHOM_FUZZ_CASES` sets the cases per seed and database,
 * `FATHOM_FUZZ_SEEDS` the number of seeds.
 */
const cases = Number(process.env.FATHOM_FUZZ_CASES ?? 1000);
const seeds = Number(process.env.FATHOM_FUZZ_SEEDS ?? 2);
let total = 0;
const started = performance.now();
for (let s = 0; s < seeds; s++) {
  const seed = 7919 * (s + 1);
  for (const dialect of dialects) {
    const counts = await fuzzImports(dialect, cases, seed);
    total += counts.cases;
    process.stdout.write(`seed ${seed}, ${countsText(counts)}\n`);
  }
}
process.stdout.write(`${total} cases passed in ${Math.round((performance.now() - started) / 1000)} s\n`);
