// `npm run bench`: prints every benchmark's figures. `npm run bench -- ledger insights` runs some.
import { benchCalendarImport } from './calendar-bench.ts';
import { benchContactsImport } from './contacts-bench.ts';
import { benchExport } from './export-bench.ts';
import { benchInsights } from './insights-bench.ts';
import { benchLedger } from './ledger-bench.ts';
import { benchServer } from './server-bench.ts';
import { benchTarget } from './targets.ts';
import { benchWeb } from './web-bench.ts';

type Figures = Record<string, number>;

interface Suite {
  name: string;
  /** Runs once per dialect when `perDialect`, else once. */
  perDialect: boolean;
  run(target: string): Promise<Figures>;
}

const suites: Suite[] = [
  { name: 'ledger', perDialect: true, run: (t) => benchLedger(t) },
  { name: 'insights', perDialect: true, run: (t) => benchInsights(t) },
  { name: 'server', perDialect: true, run: (t) => benchServer(t) },
  { name: 'contacts', perDialect: true, run: (t) => benchContactsImport(t) },
  { name: 'calendar', perDialect: true, run: (t) => benchCalendarImport(t) },
  { name: 'export', perDialect: true, run: (t) => benchExport(t) },
  { name: 'web', perDialect: false, run: () => benchWeb() },
];

function show(name: string, figures: Figures): void {
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(figures)) {
    const shown = Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toFixed(2);
    console.log(`  ${k.padEnd(34)} ${shown.padStart(12)}`);
  }
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  const dialects = suite.perDialect ? (['sqlite', 'postgres'] as const) : ([undefined] as const);
  for (const dialect of dialects) {
    const t = dialect ? await benchTarget(dialect, suite.name) : undefined;
    try {
      show(`${suite.name}${dialect ? ` (${dialect})` : ''}`, await suite.run(t?.target ?? ''));
    } finally {
      await t?.cleanup();
    }
  }
}
