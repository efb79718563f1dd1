import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCalendar } from '../src/importers/calendar/calendar-bench.ts';
import { builtImportRun } from './built-import.ts';

interface ImportChild {
  ms: number;
  peakMb: number;
  counts: { records: number; created: number; updated: number; removed: number; unchanged: number };
}

interface IcalChild {
  ms: number;
  totalMs: number;
  peakRssMb: number;
}

const root = join(import.meta.dirname, '..');

/** Runs a script in a process of its own and returns the JSON it printed last (TypeScript through the loader). */
function child<T>(args: string[]): T {
  const loader = args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const out = execFileSync(process.execPath, [...loader, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/**
 * A generated 100,000-event calendar (attendees, recurring series with EXDATEs, overrides before
 * their series, cancelled occurrences, folded lines, four zones) imported end to end — stream,
 * expand, match and create people, write entries in one transaction — against ical.js alone
 * parsing the same file and building its events, each in a process of its own so that the peak
 * memory is its own. A second import of the same file must change nothing.
 */
export async function benchCalendarImport(target: string, events = 100_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-calendar-bench-'));
  try {
    const path = join(dir, 'calendar.ics');
    writeFileSync(path, makeCalendar(events));
    const bytes = statSync(path).size;
    const ical = child<IcalChild>(['src/importers/calendar/calendar-bench.ts', '--ical', path]);
    const input = JSON.stringify({ from: '2022-01-01', to: '2024-12-31', me: ['me@example.com'] });
    const run = builtImportRun();
    const first = child<ImportChild>([run, target, path, input, 'Europe/Berlin']);
    const again = child<ImportChild>([run, target, path, input, 'Europe/Berlin']);
    if (again.counts.created + again.counts.updated + again.counts.removed !== 0)
      throw new Error(`re-import changed the ledger: ${JSON.stringify(again.counts)}`);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      events,
      'file MB': round(bytes / 1048576),
      'entries created': first.counts.created,
      'ical.js parse + events ms': Math.round(ical.ms),
      'ical.js events/s': Math.round(events / (ical.ms / 1000)),
      'ical.js peak rss MB': ical.peakRssMb,
      'import ms': Math.round(first.ms),
      'import events/s': Math.round(events / (first.ms / 1000)),
      'import / ical.js': round(first.ms / ical.ms),
      'import peak rss MB': Math.round(first.peakMb),
      're-import ms': Math.round(again.ms),
      're-import peak rss MB': Math.round(again.peakMb),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: node --import tsx bench/calendar-bench.ts [database] [events]
if (process.argv[1]?.endsWith('bench/calendar-bench.ts')) {
  const target = process.argv[2] || join(mkdtempSync(join(tmpdir(), 'fathom-bench-')), 'fathom.db');
  benchCalendarImport(target, Number(process.argv[3] ?? 100_000)).then(
    (figures) => console.log(figures),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
