import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { demoEntries, demoGoals, demoPeople, demoPurpose } from '../demo/demo-ledger.ts';
import { Random } from '../demo/random.ts';
import { bulkLoad } from '../store/bulk-load.ts';
import { removeDemoData } from '../store/demo-store.ts';
import type { DemoRemoval } from '../store/demo-store.ts';
import { insertGoal } from '../store/goals-store.ts';
import { getSettings, updateSettings } from '../store/settings-store.ts';
import { dateField } from './fields.ts';
import { defineOperation } from './registry.ts';

export interface DemoResult {
  created: boolean;
  people: number;
  entries: number;
  goals: number;
  until: string;
}

export const demo = defineOperation({
  name: 'demo',
  summary: 'Fill an empty ledger with a realistic demo network and 18 months of entries',
  mutates: true,
  input: z.object({
    people: z.number().int().min(10).max(5000).default(300).describe('How many people'),
    months: z.number().int().min(1).max(60).default(18).describe('How many months of entries'),
    seed: z.number().int().min(0).default(7).describe('Seed; the same seed gives the same ledger'),
    until: dateField.optional().describe('Last day of the demo ledger (default: today)'),
  }),
  cli: { command: 'demo' },
  http: { method: 'POST', path: '/demo' },
  async run(ctx, input): Promise<DemoResult> {
    const settings = await getSettings(ctx.db, ctx.accountId);
    const until = input.until ?? localDateOf(ctx.now(), settings.timeZone);
    const counts = await ctx.db
      .selectFrom('entries')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.sum<number>(eb.case().when('source', '=', 'demo').then(1).else(0).end()).as('demo'),
      ])
      .where('account_id', '=', ctx.accountId)
      .executeTakeFirst();
    const all = Number(counts?.all ?? 0);
    const demoCount = Number(counts?.demo ?? 0);
    const people = await ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', ctx.accountId)
      .executeTakeFirst();
    if (all > 0 && all === demoCount) {
      // Already a demo ledger: keep it, so running the demo twice changes nothing.
      const goals = await ctx.db
        .selectFrom('goals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', ctx.accountId)
        .executeTakeFirst();
      return {
        created: false,
        people: Number(people?.n ?? 0),
        entries: all,
        goals: Number(goals?.n ?? 0),
        until,
      };
    }
    if (all > 0 || Number(people?.n ?? 0) > 0) {
      throw new FathomError(
        'conflict',
        'This ledger already holds your own data; the demo only fills an empty one. Try: fathom demo --db /tmp/fathom-demo.db',
      );
    }
    const now = ctx.now().toISOString();
    const rng = new Random(input.seed);
    if (!settings.purpose)
      await updateSettings(ctx.db, ctx.accountId, { purpose: demoPurpose, initializedAt: now });
    const goalIds: number[] = [];
    for (const g of demoGoals) goalIds.push((await insertGoal(ctx.db, ctx.accountId, g)).id);
    const { people: bulkPeople, circleOf } = demoPeople(rng, input.people, 'demo', now);
    const entries = demoEntries(
      rng,
      circleOf,
      bulkPeople.map((p) => p.person.name),
      goalIds,
      { until, timeZone: settings.timeZone, months: input.months, unjudgedRecent: 0.6, source: 'demo' },
    );
    await bulkLoad(ctx.db, ctx.accountId, bulkPeople, entries);
    return {
      created: true,
      people: bulkPeople.length,
      entries: entries.length,
      goals: goalIds.length,
      until,
    };
  },
  text: (r) =>
    r.created
      ? `Demo ledger ready: ${r.people} people, ${r.entries} entries up to ${r.until}, ${r.goals} goals.`
      : `The demo ledger is already here (${r.people} people, ${r.entries} entries).`,
});

export const demoRemove = defineOperation({
  name: 'demo.remove',
  summary: 'Take the demo data out of the ledger, keeping everything you added yourself',
  mutates: true,
  input: z.object({}),
  cli: { command: 'demo remove' },
  http: { method: 'POST', path: '/demo/remove' },
  async run(ctx): Promise<DemoRemoval> {
    return removeDemoData(ctx.db, ctx.accountId, {
      source: 'demo',
      goalTitles: demoGoals,
      purpose: demoPurpose,
    });
  },
  text: (r) => {
    if (r.entries === 0 && r.people === 0 && r.goals === 0 && !r.purposeCleared)
      return 'There is no demo data in this ledger.';
    const kept =
      r.keptPeople > 0
        ? `\nKept ${r.keptPeople} demo ${r.keptPeople === 1 ? 'person' : 'people'} that your own entries name.`
        : '';
    const purpose = r.purposeCleared ? '\nThe demo purpose is gone: state yours with fathom init.' : '';
    return `Removed the demo: ${r.entries} entries, ${r.people} people, ${r.goals} goals.${kept}${purpose}`;
  },
});
