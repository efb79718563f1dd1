import { nameKey } from '../domain/contact-keys.ts';
import type { Circle, Mode, Standing, Verdict } from '../domain/vocabulary.ts';
import { channels, standingDimensions } from '../domain/vocabulary.ts';
import { addDays, localDateOf, parseDate, zonedToUtc } from '../domain/zoned-time.ts';
import type { BulkEntry, BulkPerson } from '../store/bulk-load.ts';
import {
  cities,
  familyNames,
  givenNames,
  networkingTitles,
  organizations,
  purposes,
  socialTitles,
  tags,
  titles,
} from './demo-words.ts';
import type { Random } from './random.ts';

export const demoPurpose = 'Build an independent studio that makes affordable research tools for small labs';
export const demoGoals = [
  'Close the seed round',
  'Ship the public beta',
  'Sign three design-partner labs',
  'Speak at a research conference',
];

export interface DemoOptions {
  /** Last day of the ledger (YYYY-MM-DD); entries go back `months` months from it. */
  until: string;
  timeZone: string;
  people?: number;
  months?: number;
  seed?: number;
  /** Share of the last ten days left unjudged, so the review queue has work. */
  unjudgedRecent?: number;
  source?: string;
}

const circlePlan: [Circle, number][] = [
  ['inner', 5],
  ['network', 0.22],
  ['acquaintance', 0.38],
  ['social', 0.2],
  ['unsorted', 0.2],
];

function personName(rng: Random, used: Set<string>): string {
  for (;;) {
    const name = `${rng.pick(givenNames)} ${rng.pick(familyNames)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    if (used.size > givenNames.length * familyNames.length * 0.8) return `${name} ${used.size}`;
  }
}

/** A deterministic, realistic network: people across all circles with purposes and standings. */
export function demoPeople(
  rng: Random,
  count: number,
  source: string,
  now: string,
): { people: BulkPerson[]; circleOf: Circle[] } {
  const people: BulkPerson[] = [];
  const circleOf: Circle[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let circle: Circle;
    if (i < 5) circle = 'inner';
    else {
      const k = rng.weighted(circlePlan.slice(1).map(([, w]) => w));
      circle = circlePlan[k + 1]![0];
    }
    const name = personName(rng, used);
    const [given = 'x', family = 'y'] = name.split(' ');
    const org = rng.pick(organizations);
    const isCommon = circle === 'network' ? rng.chance(0.8) : rng.chance(0.3);
    const purpose = isCommon ? rng.pick(purposes.slice(0, 9)) : rng.pick(purposes);
    const standing: Record<string, Standing | null> = {};
    for (const d of standingDimensions) {
      standing[`standing_${d}`] =
        circle === 'unsorted' || rng.chance(0.25)
          ? null
          : (['ahead', 'alongside', 'behind'] as const)[
              rng.weighted(circle === 'network' ? [5, 3, 2] : [2, 3, 4])
            ]!;
    }
    const verdict: Verdict | null =
      circle === 'unsorted'
        ? null
        : rng.chance(circle === 'social' ? 0.45 : circle === 'inner' ? 0.15 : 0.2)
          ? 'back'
          : rng.chance(0.9)
            ? 'forward'
            : null;
    const email = `${nameKey(given).replace(/\s/g, '')}.${nameKey(family).replace(/\s/g, '')}${i}@${org.toLowerCase().replace(/[^a-z]/g, '')}.example`;
    const contacts: BulkPerson['contacts'] = [
      { kind: 'email', value: email, key: email, label: 'work', source, created_at: now },
    ];
    if (rng.chance(0.5)) {
      const phone = `+49151${String(1000000 + i * 37).padStart(7, '0')}`;
      contacts.push({ kind: 'phone', value: phone, key: phone, label: 'cell', source, created_at: now });
    }
    const birthdayKnown = rng.chance(0.4);
    people.push({
      person: {
        name,
        name_key: nameKey(name),
        organization: org,
        title: rng.pick(titles),
        location: rng.pick(cities),
        birthday_year: birthdayKnown && rng.chance(0.6) ? rng.int(1960, 2000) : null,
        birthday_month: birthdayKnown ? rng.int(1, 12) : null,
        birthday_day: birthdayKnown ? rng.int(1, 28) : null,
        notes: null,
        purpose,
        circle,
        verdict,
        aspire: circle === 'network' && rng.chance(0.15) ? 1 : 0,
        cadence_days: null,
        standing_mastery: standing.standing_mastery ?? null,
        standing_contribution: standing.standing_contribution ?? null,
        standing_accomplishment: standing.standing_accomplishment ?? null,
        standing_greatness: standing.standing_greatness ?? null,
        created_at: now,
        updated_at: now,
        archived_at: null,
        deleted_at: null,
        merged_into: null,
      },
      tags: rng.chance(0.6) ? [rng.pick(tags), ...(rng.chance(0.3) ? [rng.pick(tags)] : [])] : [],
      contacts,
    });
    circleOf.push(circle);
  }
  return { people, circleOf };
}

const minutesChoices = [30, 45, 60, 60, 90, 120, 180];

/** A deterministic ledger of `months` months ending on `until`, weighted toward close circles. */
export function demoEntries(
  rng: Random,
  circleOf: Circle[],
  names: string[],
  goalIds: number[],
  o: Required<Omit<DemoOptions, 'people' | 'seed'>>,
): BulkEntry[] {
  const byCircle = new Map<Circle, number[]>();
  circleOf.forEach((c, i) => byCircle.set(c, [...(byCircle.get(c) ?? []), i]));
  const circleWeights: [Circle, number][] = [
    ['inner', 4],
    ['network', 4],
    ['acquaintance', 1.5],
    ['social', 2.5],
    ['unsorted', 0.3],
  ];
  const start = addDays(o.until, -Math.round(o.months * 30.44));
  const out: BulkEntry[] = [];
  const createdAt = zonedToUtc({ ...parseDate(o.until), hour: 23, minute: 0 }, o.timeZone).toISOString();
  for (let day = start; day <= o.until; day = addDays(day, 1)) {
    const d = parseDate(day);
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const count = rng.weighted(weekend ? [3, 4, 2, 1] : [5, 4, 1, 0.3]);
    for (let k = 0; k < count; k++) {
      const c =
        circleWeights[
          rng.weighted(circleWeights.map(([circle, w]) => (byCircle.get(circle)?.length ? w : 0)))
        ]![0];
      const pool = byCircle.get(c) ?? [];
      const people = [rng.pick(pool)];
      if (rng.chance(0.18)) people.push(rng.pick(byCircle.get(rng.chance(0.5) ? c : 'acquaintance') ?? pool));
      const networkingOdds = { inner: 0.25, network: 0.85, acquaintance: 0.4, social: 0.08, unsorted: 0.5 }[
        c
      ];
      const mode: Mode = rng.chance(weekend ? networkingOdds * 0.4 : networkingOdds)
        ? 'networking'
        : 'socializing';
      const backOdds = { inner: 0.1, network: 0.08, acquaintance: 0.25, social: 0.5, unsorted: 0.3 }[c];
      const verdict: Verdict = rng.chance(backOdds) ? 'back' : 'forward';
      const minutes =
        mode === 'networking' ? rng.pick(minutesChoices.slice(0, 5)) : rng.pick(minutesChoices.slice(2));
      const hour = weekend ? rng.int(10, 20) : mode === 'networking' ? rng.int(8, 17) : rng.int(18, 21);
      const started = zonedToUtc({ ...d, hour, minute: rng.pick([0, 15, 30, 45]) }, o.timeZone);
      const recent = day > addDays(o.until, -10);
      const unjudged = recent && rng.chance(o.unjudgedRecent);
      const titleTemplate = mode === 'networking' ? rng.pick(networkingTitles) : rng.pick(socialTitles);
      out.push({
        entry: {
          started_at: started.toISOString(),
          time_zone: o.timeZone,
          local_date: localDateOf(started, o.timeZone),
          minutes,
          all_day: 0,
          title: titleTemplate.replace('{name}', (names[people[0]!] ?? '').split(' ')[0] ?? ''),
          mode: unjudged ? null : mode,
          verdict: unjudged ? null : verdict,
          goal_id:
            !unjudged && mode === 'networking' && goalIds.length > 0 && rng.chance(0.6)
              ? rng.pick(goalIds)
              : null,
          channel: rng.pick(channels),
          notes: null,
          source: o.source,
          source_key: null,
          created_at: createdAt,
          updated_at: createdAt,
          edited_at: null,
          deleted_at: null,
        },
        people,
      });
    }
  }
  return out;
}
