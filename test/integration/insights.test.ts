import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import {
  insightsAudit,
  insightsDashboard,
  insightsHoldingBack,
  insightsInvest,
  insightsKeepInTouch,
  insightsReminders,
  insightsTarget,
  introductions,
  purposeMatches,
} from '../../src/operations/insights-operations.ts';
import { entriesDelete, log } from '../../src/operations/ledger-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { goalAdd, init, settingsSet } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { reviewList, reviewSave, reviewShow, reviewStart } from '../../src/operations/review-operations.ts';
import { FathomError } from '../../src/domain/errors.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

/*
 * A hand-built ledger in Europe/Berlin; "now" is Sunday 2026-03-15, 13:00 local.
 *
 *   E12 2025-12-05        100m networking forward, nobody            (December: missed)
 *   E10 2026-01-15        300m networking forward, Ana
 *   E11 2026-01-20         30m networking forward, Ana + Hal         (January: 330, met)
 *   E9  2026-02-10        200m networking forward, Ana
 *   E3  2026-02-28 23:30  120m networking forward, Ana               (crosses into March; counts for Feb: 320, met)
 *   E8  2026-03-01 00:30   60m networking forward, video, Cy         (still Feb 28 in UTC)
 *   E1  2026-03-02 10:00   60m networking forward, call, goal, Ana   (the only weekday)
 *   E2  2026-03-07 23:30   90m socializing back, in person, Bo + Eve (Saturday, crosses midnight)
 *   E4  2026-03-08 14:00   30m unjudged, message, Fay
 *   E5  2026-03-10 12:00   45m socializing forward, video, Cy        (deleted)
 *   E6  2026-03-14 20:00  120m socializing back, in person, Eve
 */
for (const dialect of dialects) {
  describe(`insights on ${dialect}`, () => {
    let l: TestLedger;
    const id: Record<string, number> = {};
    let goalId = 0;

    before(async () => {
      l = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      const c = l.ctx;
      await invoke(init, c, {
        purpose: 'Build open research tools for small labs',
        timeZone: 'Europe/Berlin',
      });
      await invoke(settingsSet, c, { innerCap: 2 });
      goalId = (await invoke(goalAdd, c, { title: 'Close the seed round' })).id;
      const add = async (name: string, fields: Record<string, unknown>) => {
        id[name] = (await invoke(personAdd, c, { name, ...fields })).person.id;
      };
      await add('Ana', {
        circle: 'inner',
        verdict: 'forward',
        mastery: 'ahead',
        contribution: 'ahead',
        purpose: 'Open research tools for labs',
        tag: ['research'],
      });
      await add('Bo', { circle: 'inner', verdict: 'back', mastery: 'behind', accomplishment: 'behind' });
      await add('Cy', { circle: 'inner' });
      await add('Dee', {
        circle: 'network',
        verdict: 'forward',
        aspire: true,
        greatness: 'ahead',
        purpose: 'Fund open research tools for small labs',
      });
      await add('Eve', {
        circle: 'social',
        verdict: 'back',
        mastery: 'behind',
        contribution: 'behind',
        accomplishment: 'behind',
        greatness: 'behind',
        cadence: 0,
      });
      await add('Fay', { circle: 'unsorted', cadence: 5 });
      await add('Gus', {
        circle: 'network',
        verdict: 'forward',
        purpose: 'Fund open research tools for small labs',
      });
      await add('Hal', {
        circle: 'network',
        verdict: 'forward',
        purpose: 'Fund open research tools for small labs',
      });
      // People are stamped with the real clock; put them before the test's "now".
      await l.store.db.updateTable('people').set({ created_at: '2026-01-01T10:00:00.000Z' }).execute();
      // Gus was merged into Ana (his entry links moved with him, so he has none left).
      await l.store.db
        .updateTable('people')
        .set({ merged_into: id.Ana! })
        .where('id', '=', id.Gus!)
        .execute();

      const entry = async (at: string, duration: string, fields: Record<string, unknown>) =>
        (await invoke(log, c, { at, duration, title: 'x', ...fields })).id;
      await entry('2025-12-05 10:00', '100m', { mode: 'networking', verdict: 'forward' });
      await entry('2026-01-15 10:00', '300m', { mode: 'networking', verdict: 'forward', with: ['Ana'] });
      await entry('2026-01-20 10:00', '30m', {
        mode: 'networking',
        verdict: 'forward',
        with: ['Ana', 'Hal'],
      });
      await entry('2026-02-10 10:00', '200m', { mode: 'networking', verdict: 'forward', with: ['Ana'] });
      await entry('2026-02-28 23:30', '120m', { mode: 'networking', verdict: 'forward', with: ['Ana'] });
      await entry('2026-03-01 00:30', '60m', {
        mode: 'networking',
        verdict: 'forward',
        channel: 'video',
        with: ['Cy'],
      });
      await entry('2026-03-02 10:00', '60m', {
        mode: 'networking',
        verdict: 'forward',
        channel: 'call',
        goal: String(goalId),
        with: ['Ana'],
      });
      await entry('2026-03-07 23:30', '90m', {
        mode: 'socializing',
        verdict: 'back',
        channel: 'in_person',
        with: ['Bo', 'Eve'],
      });
      await entry('2026-03-08 14:00', '30m', { channel: 'message', with: ['Fay'] });
      const e5 = await entry('2026-03-10 12:00', '45m', {
        mode: 'socializing',
        verdict: 'forward',
        channel: 'video',
        with: ['Cy'],
      });
      await entry('2026-03-14 20:00', '120m', {
        mode: 'socializing',
        verdict: 'back',
        channel: 'in_person',
        with: ['Eve'],
      });
      await invoke(entriesDelete, c, { id: e5 });
    });
    after(async () => l.close());

    test('target: this month, pace, the trailing year and the streak', async () => {
      const t = await invoke(insightsTarget, l.ctx, {});
      assert.equal(t.month, '2026-03');
      assert.equal(t.networkingMinutes, 120);
      assert.equal(t.targetMinutes, 300);
      assert.equal(t.progress, 0.4);
      // 120 minutes in 15 of 31 days → 248 by the end of March.
      assert.deepEqual(t.pace, { elapsedDays: 15, daysInMonth: 31, projectedMinutes: 248, onTrack: false });
      assert.deepEqual(t.unjudged, { entries: 1, minutes: 30 });
      assert.deepEqual(
        t.trailing.slice(-4).map((m) => [m.month, m.networkingMinutes, m.state]),
        [
          ['2025-12', 100, 'missed'],
          ['2026-01', 330, 'met'],
          ['2026-02', 320, 'met'],
          ['2026-03', 120, 'in_progress'],
        ],
      );
      assert.equal(t.streak, 2);
    });

    test('where the time goes this month', async () => {
      const d = await invoke(insightsDashboard, l.ctx, {});
      assert.deepEqual([d.period.from, d.period.to], ['2026-03-01', '2026-03-31']);
      const t = d.time;
      assert.deepEqual(t.totals, { entries: 5, minutes: 360 });
      assert.deepEqual(
        [t.byMode.networking.minutes, t.byMode.socializing.minutes, t.byMode.unjudged.minutes],
        [120, 210, 30],
      );
      assert.deepEqual(
        [t.byVerdict.forward.minutes, t.byVerdict.back.minutes, t.byVerdict.unjudged.entries],
        [120, 210, 1],
      );
      assert.deepEqual(
        t.byGoal.map((g) => [g.goalId, g.minutes]),
        [
          [goalId, 60],
          [null, 60],
        ],
      );
      assert.deepEqual(Object.fromEntries(Object.entries(t.byChannel).map(([k, v]) => [k, v.minutes])), {
        in_person: 210,
        call: 60,
        video: 60,
        message: 30,
        event: 0,
        unspecified: 0,
      });
      assert.deepEqual(t.weekdays, { entries: 1, minutes: 60, networkingMinutes: 60, socializingMinutes: 0 });
      assert.deepEqual(t.weekends, {
        entries: 4,
        minutes: 300,
        networkingMinutes: 60,
        socializingMinutes: 210,
      });
      assert.deepEqual(t.weekendSocializing, { minutes: 210, share: 1, packed: true });
      // Person-minutes: Ana 60, Bo 90, Cy 60, Eve 90 + 120, Fay 30; the deleted entry with Cy is gone.
      assert.equal(t.personMinutes, 450);
      assert.deepEqual(
        Object.fromEntries(Object.entries(t.byCircle).map(([k, v]) => [k, [v.minutes, v.people]])),
        { inner: [210, 3], network: [0, 0], acquaintance: [0, 0], social: [210, 1], unsorted: [30, 1] },
      );
      assert.deepEqual(
        t.topPeople.map((p) => [p.name, p.minutes, Math.round(p.share * 1000) / 1000]),
        [
          ['Eve', 210, 0.583],
          ['Bo', 90, 0.25],
          ['Ana', 60, 0.167],
          ['Cy', 60, 0.167],
          ['Fay', 30, 0.083],
        ],
      );
    });

    test('circle audit: inner cap, time-weighted standing, verdicts and the unsorted', async () => {
      const { audit: a } = await invoke(insightsDashboard, l.ctx, {});
      assert.deepEqual([a.inner.size, a.inner.cap, a.inner.over], [3, 2, true]);
      assert.deepEqual(
        a.inner.people.map((p) => p.name),
        ['Ana', 'Bo', 'Cy'],
      );
      const mins = (d: keyof typeof a.standing) =>
        Object.fromEntries(Object.entries(a.standing[d]).map(([k, v]) => [k, v.minutes]));
      assert.deepEqual(mins('mastery'), { ahead: 60, alongside: 0, behind: 300, unknown: 90 });
      assert.deepEqual(mins('contribution'), { ahead: 60, alongside: 0, behind: 210, unknown: 180 });
      assert.deepEqual(mins('accomplishment'), { ahead: 0, alongside: 0, behind: 300, unknown: 150 });
      assert.deepEqual(mins('greatness'), { ahead: 0, alongside: 0, behind: 210, unknown: 240 });
      assert.equal(a.standing.mastery.behind.share, 300 / 450);
      assert.deepEqual(
        [a.personVerdict.forward.minutes, a.personVerdict.back.minutes, a.personVerdict.unjudged.minutes],
        [60, 300, 90],
      );
      assert.deepEqual(
        a.warnings.map((w) => [w.code, w.dimension ?? null]),
        [
          ['inner_over_cap', null],
          ['mostly_behind', 'mastery'],
          ['mostly_behind', 'accomplishment'],
          ['mostly_back_people', null],
          ['mostly_back_entries', null],
        ],
      );
      // Back 210 of 330 judged minutes.
      assert.equal(a.warnings.at(-1)!.share, 210 / 330);
      assert.deepEqual([a.unsorted.unsortedCircle, a.unsorted.noVerdict, a.unsorted.either], [1, 2, 2]);
      assert.deepEqual(
        a.unsorted.withTime.map((p) => [p.name, p.minutes]),
        [
          ['Cy', 60],
          ['Fay', 30],
        ],
      );
      const trailing = await invoke(insightsAudit, l.ctx, { months: 3 });
      // January–March add Ana's 300 + 30 + 200 + 120 and Hal's 30.
      assert.equal(trailing.personMinutes, 450 + 650 + 30);
    });

    test('holding back: much time, mostly judged back', async () => {
      const r = await invoke(insightsHoldingBack, l.ctx, { month: '2026-03' });
      assert.equal(r.ownerMinutes, 360);
      assert.deepEqual(
        r.people.map((p) => [p.name, p.minutes, p.backMinutes, p.forwardMinutes, p.minutesAtStake]),
        [
          ['Eve', 210, 210, 0, 210],
          ['Bo', 90, 90, 0, 90],
        ],
      );
      assert.match(
        r.people[0]!.reasons.join('; '),
        /3h30 with them, 58% of your time in 2 entries; 3h30 of it judged back \(100% of the judged time\); you judged them as holding you back/,
      );
      // At a 30% threshold only Eve takes enough of the time.
      const strict = await invoke(insightsHoldingBack, l.ctx, { month: '2026-03', minShare: 0.3 });
      assert.deepEqual(
        strict.people.map((p) => p.name),
        ['Eve'],
      );
    });

    test('keep in touch: cadences, last contact from the ledger, overdue and coming due', async () => {
      const r = await invoke(insightsKeepInTouch, l.ctx, { days: 14 });
      assert.equal(r.today, '2026-03-15');
      // Dee: never in touch, added 2026-01-01, every 30 days → due 01-31, 43 days late.
      // Hal: last 01-20 (network, 30) → due 02-19, 24 days late. Fay: her own 5 days, last 03-08 → 2 days late.
      assert.deepEqual(
        r.overdue.map((p) => [p.name, p.lastDay, p.dueDate, p.overdueDays, p.cadenceSource]),
        [
          ['Dee', null, '2026-01-31', 43, 'circle'],
          ['Hal', '2026-01-20', '2026-02-19', 24, 'circle'],
          ['Fay', '2026-03-08', '2026-03-13', 2, 'person'],
        ],
      );
      // Cy's deleted entry on 03-10 does not count: last 03-01, due today. Eve has cadence 0: never.
      assert.deepEqual(
        r.upcoming.map((p) => [p.name, p.lastDay, p.dueDate]),
        [
          ['Cy', '2026-03-01', '2026-03-15'],
          ['Ana', '2026-03-02', '2026-03-16'],
          ['Bo', '2026-03-07', '2026-03-21'],
        ],
      );
      assert.equal(r.tracked, 7 - 1);
    });

    test('reminders as an iCalendar feed', async () => {
      const r = await invoke(insightsReminders, l.ctx, { ics: true });
      const ics = r.ics!;
      assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n'));
      assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
      for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
      const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
      const byDate = events.map((e) => [
        String(e.getFirstPropertyValue('dtstart')),
        e.getFirstPropertyValue('summary'),
      ]);
      // Overdue people sit on today; the rest on their due dates (60 days ahead at most).
      assert.deepEqual(byDate, [
        ['2026-03-15', 'Get in touch with Dee'],
        ['2026-03-15', 'Get in touch with Hal'],
        ['2026-03-15', 'Get in touch with Fay'],
        ['2026-03-15', 'Get in touch with Cy'],
        ['2026-03-16', 'Get in touch with Ana'],
        ['2026-03-21', 'Get in touch with Bo'],
      ]);
      assert.equal(events[0]!.getFirstPropertyValue('uid'), `keep-in-touch-local-${id.Dee}-20260131@fathom`);
      const again = await invoke(insightsReminders, l.ctx, { ics: true });
      assert.equal(again.ics, ics, 'the same ledger and clock give the same feed');
    });

    test('invest: aspired-to, ahead, network or common purpose, but neglected', async () => {
      const r = await invoke(insightsInvest, l.ctx, {});
      assert.equal(r.littleMinutes, 180);
      assert.deepEqual(
        r.people.map((p) => [p.name, p.periodMinutes, p.overdueDays]),
        [
          ['Dee', 0, 43],
          ['Hal', 30, 24],
        ],
      );
      const dee = r.people[0]!;
      assert.deepEqual(dee.ahead, ['greatness']);
      assert.ok(dee.reasons.includes('you aspire to be like them'));
      assert.ok(dee.reasons.includes('ahead of you in greatness'));
      assert.ok(dee.reasons.includes('no time together in the last 3 months'));
      assert.ok(dee.reasons.includes('43 days overdue (every 30 days; never in touch)'));
      assert.deepEqual(dee.purposeTerms, ['open', 'research', 'tools', 'small', 'labs']);
    });

    test('common purpose: ranked by relevance with the matched words; merged people never appear', async () => {
      const r = await invoke(purposeMatches, l.ctx, {});
      assert.equal(r.scored, 7);
      assert.deepEqual(
        r.matches.map((m) => m.name),
        ['Dee', 'Hal', 'Ana'],
      );
      assert.deepEqual(
        r.matches[2]!.matched.map((m) => [m.term, m.fields]),
        [
          ['open', ['purpose']],
          ['research', ['purpose', 'tags']],
          ['tools', ['purpose']],
          ['labs', ['purpose']],
        ],
      );
      assert.equal(r.matches[0]!.relative, 1);
    });

    test('introductions: shared purpose, never together in an entry', async () => {
      const r = await invoke(introductions, l.ctx, {});
      assert.equal(r.pool, 3);
      // Ana and Hal were in an entry together; Gus is merged away.
      assert.deepEqual(
        r.pairs.map((p) => [p.a.name, p.b.name, p.similarity]),
        [
          ['Dee', 'Hal', 1],
          ['Ana', 'Dee', r.pairs[1]!.similarity],
        ],
      );
      assert.ok(r.pairs[1]!.similarity > 0.3 && r.pairs[1]!.similarity < 1);
      assert.deepEqual(r.pairs[0]!.sharedTerms.sort(), [
        'fund',
        'labs',
        'open',
        'research',
        'small',
        'tools',
      ]);
      assert.match(r.pairs[0]!.reason, /never in an entry together/);
    });

    test('reviews: figures and questions, stored answers, list and show', async () => {
      const start = await invoke(reviewStart, l.ctx, { period: 'week' });
      assert.deepEqual([start.period.from, start.period.to], ['2026-03-09', '2026-03-15']);
      // This week, Monday 03-09 to Sunday 03-15: E6 (120m); E5 is deleted, E4 fell on the Sunday before.
      assert.deepEqual(start.figures.time.totals, { entries: 1, minutes: 120 });
      await assert.rejects(
        () => invoke(reviewSave, l.ctx, { period: 'week' }),
        (e: unknown) => e instanceof FathomError && e.field === 'forward',
      );
      await assert.rejects(
        () => invoke(reviewSave, l.ctx, { period: 'week', answersFile: '/etc/passwd' }),
        (e: unknown) => e instanceof FathomError && e.field === 'answersFile',
      );
      const saved = await invoke(reviewSave, l.ctx, {
        period: 'month',
        forward: 'The call with Ana',
        commit: 'See Dee this week',
      });
      assert.deepEqual([saved.kind, saved.from, saved.to], ['month', '2026-03-01', '2026-03-31']);
      assert.deepEqual(saved.answers, { forward: 'The call with Ana', commit: 'See Dee this week' });
      const shown = await invoke(reviewShow, l.ctx, { id: saved.id });
      assert.equal((shown.figures as { time: { totals: { minutes: number } } }).time.totals.minutes, 360);
      const list = await invoke(reviewList, l.ctx, {});
      assert.deepEqual(
        list.map((r) => r.id),
        [saved.id],
      );
      await assert.rejects(
        () => invoke(reviewShow, l.ctx, { id: saved.id + 100 }),
        (e: unknown) => e instanceof FathomError && e.code === 'not_found',
      );
    });

    test('separator characters inside typed text cannot shift fields (runs last: it adds a person)', async () => {
      await invoke(personAdd, l.ctx, {
        name: 'Ivy\u001eX\u001fY',
        circle: 'acquaintance',
        notes: 'odd\u001fnotes\u001ehere',
        purpose: 'Small labs',
        tag: ['labs'],
      });
      const r = await invoke(purposeMatches, l.ctx, {});
      const ivy = r.matches.find((m) => m.name.startsWith('Ivy'))!;
      assert.equal(ivy.name, 'Ivy X Y');
      assert.equal(ivy.circle, 'acquaintance');
      assert.equal(ivy.purpose, 'Small labs');
      assert.deepEqual(ivy.tags, ['labs']);
    });
  });
}
