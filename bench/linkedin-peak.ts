// The LinkedIn import's time and peak memory over several runs, each in a process of its own on a
// fresh copy of the same ledger: one run's peak depends on when the collector happens to run, so
// a single figure can differ from the next by a hundred megabytes.
// node --import tsx bench/linkedin-peak.ts DIRECTORY [RUNS]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameKey } from '../src/domain/contact-keys.ts';
import { makeLinkedInCsv } from '../src/importers/contacts/contacts-bench.ts';
import { parseContactFile } from '../src/importers/contacts/parse-contacts.ts';
import type { BulkPerson } from '../src/store/bulk-load.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../src/store/settings-store.ts';
import { builtImportRun } from './built-import.ts';

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
  const parsed = await parseContactFile(Buffer.from(csv), 'Connections.csv');
  const urls = parsed.records
    .filter((_, i) => i % 5 === 0)
    .map((r) => (r.urls[0]?.value ?? '').replace(/^https:\/\/www\./, '').toLowerCase());
  const at = '2026-01-01T00:00:00.000Z';
  const people: BulkPerson[] = [];
  for (let i = 0; i < 50_000; i++) {
    const name = `Person ${i} Example`;
    const email = `seed${i}@example.org`;
    const contacts: BulkPerson['contacts'] = [
      { kind: 'email', value: email, key: email, label: null, source: 'manual', created_at: at },
    ];
    const url = i % 5 === 0 ? urls[i / 5] : undefined;
    if (url)
      contacts.push({
        kind: 'url',
        value: `https://www.${url}`,
        key: url,
        label: 'linkedin',
        source: 'manual',
        created_at: at,
      });
    const person = {
      name,
      name_key: nameKey(name),
      circle: 'network',
      aspire: 0,
      created_at: at,
      updated_at: at,
    };
    people.push({ person, tags: [], contacts });
  }
  const store = await openStore(seedPath);
  try {
    await ensureAccount(store.db, localAccountId);
    await store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, people, []));
  } finally {
    await store.close();
  }
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
