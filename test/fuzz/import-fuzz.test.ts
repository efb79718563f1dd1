import { test } from 'node:test';
import { dialects } from '../support/test-stores.ts';
import { countsText, fuzzImports } from './import-fuzz.ts';

// A few hundred damaged files on each `npm test`; `npm run fuzz` runs thousands with other seeds.
const casesPerDatabase = Number(process.env.FATHOM_FUZZ_CASES ?? 250);
const seed = 20261208;

for (const dialect of dialects) {
  test(`damaged import files end in a report or a documented refusal that changes nothing (${dialect})`, async (t) => {
    const counts = await fuzzImports(dialect, casesPerDatabase, seed);
    for (const line of countsText(counts).split('\n')) t.diagnostic(line);
  });
}
