import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Entry } from '../../src/domain/entry.ts';
import type { Person } from '../../src/domain/person.ts';
import type { Dashboard } from '../../src/insights/dashboard.ts';
import { isWeekend } from '../../src/insights/time-split.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));

function fathom<T>(db: string, ...args: string[]): T {
  const r = spawnSync(process.execPath, [bin, '--db', db, '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, FATHOM_DB: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `fathom ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Recomputes the dashboard's totals from the entries list, the way a skeptical user would. */
function fromEntries(entries: Entry[], circleOf: Map<number, string>) {
  const sum = (pick: (e: Entry) => boolean) => entries.filter(pick).reduce((s, e) => s + e.minutes, 0);
  const byCircle: Record<string, number> = {};
  for (const e of entries) {
    for (const p of e.people) {
      const c = circleOf.get(p.id)!;
      byCircle[c] = (byCircle[c] ?? 0) + e.minutes;
    }
  }
  const byGoal: Record<string, number> = {};
  for (const e of entries)
    if (e.mode === 'networking') byGoal[String(e.goalId)] = (byGoal[String(e.goalId)] ?? 0) + e.minutes;
  return {
    entries: entries.length,
    minutes: sum(() => true),
    networking: sum((e) => e.mode === 'networking'),
    socializing: sum((e) => e.mode === 'socializing'),
    forward: sum((e) => e.verdict === 'forward'),
    back: sum((e) => e.verdict === 'back'),
    call: sum((e) => e.channel === 'call'),
    unspecified: sum((e) => e.channel === null),
    weekend: sum((e) => isWeekend(e.localDate)),
    weekendSocial: sum((e) => isWeekend(e.localDate) && e.mode === 'socializing'),
    byCircle,
    byGoal,
  };
}

function fromDashboard(d: Dashboard) {
  const t = d.time;
  return {
    entries: t.totals.entries,
    minutes: t.totals.minutes,
    networking: t.byMode.networking.minutes,
    socializing: t.byMode.socializing.minutes,
    forward: t.byVerdict.forward.minutes,
    back: t.byVerdict.back.minutes,
    call: t.byChannel.call.minutes,
    unspecified: t.byChannel.unspecified.minutes,
    weekend: t.weekends.minutes,
    weekendSocial: t.weekendSocializing.minutes,
    byCircle: Object.fromEntries(
      Object.entries(t.byCircle)
        .filter(([, v]) => v.minutes > 0)
        .map(([k, v]) => [k, v.minutes]),
    ),
    byGoal: Object.fromEntries(t.byGoal.map((g) => [String(g.goalId), g.minutes])),
  };
}

for (const dialect of dialects) {
  describe(`insights agree with the entries on the demo ledger (${dialect})`, () => {
    let t: TestTarget;
    let circleOf: Map<number, string>;
    before(async () => {
      t = await freshTarget(dialect);
      fathom(t.target, 'demo');
      const people = fathom<{ people: Person[] }>(
        t.target,
        'person',
        'list',
        '--limit',
        '10000',
        '--archived',
      );
      circleOf = new Map(people.people.map((p) => [p.id, p.circle]));
    });
    after(async () => t.cleanup());

    test('this month: fathom insights --json equals a sum over fathom entries list --json', () => {
      const d = fathom<Dashboard>(t.target, 'insights');
      const { entries } = fathom<{ entries: Entry[] }>(
        t.target,
        'entries',
        'list',
        '--from',
        d.period.from,
        '--to',
        d.period.to,
      );
      const expected = fromEntries(entries, circleOf);
      assert.deepEqual(fromDashboard(d), expected);
      assert.equal(d.target.networkingMinutes, expected.networking);
      // An entry missing both its mode and its verdict counts once.
      assert.equal(
        d.target.unjudged.entries,
        entries.filter((e) => e.mode === null || e.verdict === null).length,
      );
      for (const top of d.time.topPeople) {
        const withThem = entries.filter((e) => e.people.some((p) => p.id === top.id));
        assert.equal(
          top.minutes,
          withThem.reduce((s, e) => s + e.minutes, 0),
          top.name,
        );
      }
    });

    test('all time, the trailing year of the target included', () => {
      const d = fathom<Dashboard>(t.target, 'insights', '--all');
      const { entries } = fathom<{ entries: Entry[] }>(t.target, 'entries', 'list');
      assert.deepEqual(fromDashboard(d), fromEntries(entries, circleOf));
      for (const m of d.target.trailing) {
        const minutes = entries
          .filter((e) => e.localDate.startsWith(m.month) && e.mode === 'networking')
          .reduce((s, e) => s + e.minutes, 0);
        assert.equal(m.networkingMinutes, minutes, m.month);
      }
    });
  });
}
