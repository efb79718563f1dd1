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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

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
  const store = await openStore(target);
  const until = '2026-11-26';
  const now = new Date('2026-11-26T18:00:00Z');
  try {
    await ensureAccount(store.db, localAccountId);
    const loadStart = performance.now();
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
    const loadMs = performance.now() - loadStart;
    const ctx = { store, accountId: localAccountId, now: () => now };
    const measure = async (work: () => Promise<unknown>) => {
      await work();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await timeIt(work));
      return median(times);
    };
    return {
      loadSeconds: loadMs / 1000,
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
  } finally {
    await store.close();
  }
}
