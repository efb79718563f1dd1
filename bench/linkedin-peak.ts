// The LinkedIn import's time and peak memory over several runs, each in a process of its own on a
// fresh copy of the same ledger: one run's peak depends on when the collector happens to run, so
// a single figure can differ from the next by a hundred megabytes.
// node --import tsx bench/linkedin-peak.ts DIRECTORY [RUNS]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeLinkedInCsv } from '../src/importers/contacts/contacts-bench.ts';
import { builtImportRun } from './built-import.ts';
import { seedLedger } from './contacts-bench.ts';

const [dir, runsText] = process.argv.slice(2);
if (!dir) throw new Error('usage: linkedin-peak.ts DIRECTORY [RUNS]');
const runs = Number(runsText ?? 5);
mkdirSync(dir, { recursive: true });
const csvPath = join(dir, 'Connections.csv');
const seedPath = join(dir, 'seed.db');

/** The ledger and file of `npm run bench`: 50,000 people, every fifth CSV row's profile among them. */
async function seed(): Promise<void> {
  const csv = makeLinkedInCsv(100_000);
  writeFileSync(csvPath, csv);
  await seedLedger(seedPath, csv);
}

if (!existsSync(seedPath) || !existsSync(csvPath)) await seed();
const script = builtImportRun();
const target = join(dir, 'run.db');
const figures: { ms: number; peakMb: number }[] = [];
for (let i = 0; i < runs; i++) {
  for (const end of ['', '-wal', '-shm']) rmSync(target + end, { force: true });
  copyFileSync(seedPath, target);
  const out = execFileSync(process.execPath, [script, target, csvPath], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
  });
  const run = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; peakMb: number };
  figures.push(run);
  console.log(`run ${i + 1}: ${Math.round(run.ms)} ms, peak rss ${Math.round(run.peakMb)} MB`);
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const peaks = figures.map((f) => f.peakMb);
console.log(
  `median ${Math.round(median(figures.map((f) => f.ms)))} ms; peak rss MB min ${Math.round(Math.min(...peaks))}, median ${Math.round(median(peaks))}, max ${Math.round(Math.max(...peaks))}`,
);
