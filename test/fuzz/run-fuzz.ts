import { dialects } from '../support/test-stores.ts';
import { countsText, fuzzImports } from './import-fuzz.ts';

/**
 * The long fuzz run behind `npm run fuzz`: thousands of damaged files on each database, from seeds
 * other than the test suite's. `FATHOM_FUZZ_CASES` sets the cases per seed and database,
 * `FATHOM_FUZZ_SEEDS` the number of seeds. A failing run is reported and the others still run;
 * the exit code is 1 when any failed.
 */
const cases = Number(process.env.FATHOM_FUZZ_CASES ?? 1000);
const seeds = Number(process.env.FATHOM_FUZZ_SEEDS ?? 2);
let passed = 0;
const failures: string[] = [];
const started = performance.now();
for (let s = 0; s < seeds; s++) {
  const seed = 7919 * (s + 1);
  for (const dialect of dialects) {
    try {
      const counts = await fuzzImports(dialect, cases, seed);
      passed += counts.cases;
      process.stdout.write(`seed ${seed}, ${countsText(counts)}\n`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      failures.push(message);
      process.stdout.write(
        `seed ${seed}, ${dialect}: FAILED\n  ${message.split('\n').slice(0, 12).join('\n  ')}\n`,
      );
    }
  }
}
const seconds = Math.round((performance.now() - started) / 1000);
process.stdout.write(
  `${passed} cases passed${failures.length ? `, ${failures.length} runs failed` : ''} in ${seconds} s\n`,
);
process.exitCode = failures.length > 0 ? 1 : 0;
