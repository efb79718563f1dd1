import { invoke } from '../src/operations/registry.ts';
import { log } from '../src/operations/ledger-operations.ts';
import { report } from '../src/operations/report-operations.ts';
import { scaleLedger } from '../src/demo/scale-ledger.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId, updateSettings } from '../src/store/settings-store.ts';
import { median, printBudgets, timeIt } from './measure.ts';
import { cachedLedger } from './targets.ts';

/**
 * The foundation's figures on one database: bulk-load rate for 50,000 people and 200,000 entries
 * (when the ledger is loaded anew rather than copied), `log` latency, and `report` latency for a
 * month, the trailing twelve months and all time.
 */
export async function benchLedger(
  target: string,
  sizes = { people: 50_000, entries: 200_000 },
): Promise<Record<string, number>> {
  const until = '2026-11-26';
  const now = new Date('2026-11-26T18:00:00Z');
  const { loadMs } = await cachedLedger(target, { suite: 'ledger', ...sizes, until }, async (store) => {
    await ensureAccount(store.db, localAccountId);
    await updateSettings(store.db, localAccountId, { timeZone: 'Europe/Berlin' });
    const data = scaleLedger({ ...sizes, seed: 1, until, timeZone: 'Europe/Berlin' });
    await store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, data.people, data.entries));
  });
  const store = await openStore(target);
  try {
    const ctx = { store, accountId: localAccountId, now: () => now };
    const firstPeople = await store.db
      .selectFrom('people')
      .select('id')
      .where('account_id', '=', localAccountId)
      .orderBy('id')
      .limit(50)
      .execute();

    const reportMedian = async (input: Record<string, unknown>) => {
      await invoke(report, ctx, input);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) times.push(await timeIt(() => invoke(report, ctx, input)));
      return median(times);
    };
    const reads = {
      reportMonthMs: await reportMedian({ month: '2026-10' }),
      reportTrailingYearMs: await reportMedian({ months: 12 }),
      reportCustomRangeMs: await reportMedian({ from: '2026-01-15', to: '2026-10-10' }),
      reportAllTimeMs: await reportMedian({ all: true }),
    };
    const logTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const who = String(firstPeople[i % firstPeople.length]!.id);
      logTimes.push(
        await timeIt(() =>
          invoke(log, ctx, {
            duration: '45m',
            title: 'Coffee',
            with: [who],
            mode: 'networking',
            verdict: 'forward',
            at: '2026-11-20 10:00',
          }),
        ),
      );
    }
    const figures: Record<string, number> = {
      ...(loadMs === null
        ? {}
        : {
            loadSeconds: loadMs / 1000,
            loadRowsPerSecond: (sizes.people + sizes.entries) / (loadMs / 1000),
          }),
      logMedianMs: median(logTimes),
      ...reads,
    };
    printBudgets(`ledger (${store.dialect})`, figures, [
      { figure: 'reportMonthMs', under: 50, source: 'issue 2' },
      { figure: 'reportTrailingYearMs', under: 50, source: 'issue 2' },
      { figure: 'reportAllTimeMs', under: 200, source: 'issue 2' },
    ]);
    return figures;
  } finally {
    await store.close();
  }
}
