import { scaleLedger } from '../src/demo/scale-ledger.ts';
import {
  insightsAudit,
  insightsDashboard,
  insightsHoldingBack,
  insightsInvest,
  insightsKeepInTouch,
  introductions,
  purposeMatches,
} from '../src/operations/insights-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { insertGoal } from '../src/store/goals-store.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId, updateSettings } from '../src/store/settings-store.ts';
import { median, printBudgets, timeIt } from './measure.ts';
import { cachedLedger } from './targets.ts';

/**
 * The insights on 50,000 people and 200,000 entries: medians of the whole dashboard (target, where
 * the time goes, circle audit), audit + holding back + invest together, the common-purpose ranking
 * of every person, introductions, and keep-in-touch. Budgets: 100 ms, 300 ms, 300 ms, 1 s.
 */
export async function benchInsights(
  target: string,
  sizes = { people: 50_000, entries: 200_000 },
  runs = 9,
): Promise<Record<string, number>> {
  const until = '2026-11-26';
  const now = new Date('2026-11-26T18:00:00Z');
  const { loadMs } = await cachedLedger(target, { suite: 'insights', ...sizes, until }, async (store) => {
    await ensureAccount(store.db, localAccountId);
    await store.db.transaction().execute(async (trx) => {
      await updateSettings(trx, localAccountId, {
        timeZone: 'Europe/Berlin',
        purpose:
          'Build affordable open research software and lab instruments for small labs and independent scientists',
      });
      const goals = [
        await insertGoal(trx, localAccountId, 'Close the seed round with climate investors'),
        await insertGoal(trx, localAccountId, 'Ship reproducible science tools'),
      ];
      const data = scaleLedger({
        ...sizes,
        seed: 1,
        until,
        timeZone: 'Europe/Berlin',
        goalIds: goals.map((g) => g.id),
      });
      await bulkLoad(trx, localAccountId, data.people, data.entries);
    });
  });
  const store = await openStore(target);
  try {
    const ctx = { store, accountId: localAccountId, now: () => now };
    const measure = async (work: () => Promise<unknown>) => {
      await work();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await timeIt(work));
      return median(times);
    };
    const figures: Record<string, number> = {
      ...(loadMs === null ? {} : { loadSeconds: loadMs / 1000 }),
      dashboardMonthMs: await measure(() => invoke(insightsDashboard, ctx, {})),
      dashboardTrailingYearMs: await measure(() => invoke(insightsDashboard, ctx, { months: 12 })),
      auditHoldingBackInvestMs: await measure(async () => {
        await invoke(insightsAudit, ctx, {});
        await invoke(insightsHoldingBack, ctx, {});
        await invoke(insightsInvest, ctx, {});
      }),
      // Every person is scored either way; the second also explains and returns every match.
      purposeRankingMs: await measure(() => invoke(purposeMatches, ctx, { limit: 20 })),
      purposeRankingAllReturnedMs: await measure(() => invoke(purposeMatches, ctx, { limit: 50_000 })),
      introductionsMs: await measure(() => invoke(introductions, ctx, {})),
      keepInTouchMs: await measure(() => invoke(insightsKeepInTouch, ctx, {})),
    };
    printBudgets(`insights (${store.dialect})`, figures, [
      { figure: 'dashboardMonthMs', under: 100, source: 'issue 5' },
      { figure: 'dashboardTrailingYearMs', under: 100, source: 'issue 5' },
      { figure: 'auditHoldingBackInvestMs', under: 300, source: 'issue 5' },
      { figure: 'purposeRankingMs', under: 300, source: 'issue 5' },
      { figure: 'purposeRankingAllReturnedMs', under: 300, source: 'issue 5' },
      { figure: 'introductionsMs', under: 1000, source: 'issue 5' },
    ]);
    return figures;
  } finally {
    await store.close();
  }
}
