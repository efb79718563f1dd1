import { nameKey } from '../domain/contact-keys.ts';
import type { Channel, Circle, Mode, Standing, Verdict } from '../domain/vocabulary.ts';
import { channels } from '../domain/vocabulary.ts';
import { addDays, localDateOf, parseDate, zonedToUtc } from '../domain/zoned-time.ts';
import type { BulkEntry, BulkPerson } from '../store/bulk-load.ts';
import { cities, familyNames, givenNames, organizations, tags, titles } from './demo-words.ts';
import { Random } from './random.ts';

export interface ScaleOptions {
  people: number;
  entries: number;
  seed?: number;
  /** Last day of the ledger (YYYY-MM-DD). */
  until: string;
  timeZone: string;
  /** How many days back the entries reach (default about three years). */
  days?: number;
  /** Goal ids already in the ledger; networking entries name one of them now and then. */
  goalIds?: number[];
}

// Purposes are put together from parts, so that a large network holds many different ones that
// still overlap in words, as real people's aims do.
const purposeVerbs = [
  'Build',
  'Fund',
  'Teach',
  'Grow',
  'Design',
  'Publish',
  'Research',
  'Invest in',
  'Organize',
  'Write about',
];
const purposeObjects = [
  'open research software',
  'affordable lab instruments',
  'climate startups',
  'reproducible science',
  'data literacy',
  'robotics for agriculture',
  'community makerspaces',
  'design systems',
  'open hardware',
  'science journalism',
  'medical devices',
  'early-stage founders',
  'public health data',
  'youth football',
  'independent bookshops',
  'marathon training',
];
const purposeAudiences = [
  'for small labs',
  'for journalists',
  'at the seed stage',
  'in East Africa',
  'for rural schools',
  'for independent scientists',
  'with open licenses',
  'for hospitals',
  '',
  '',
];
const noteParts = [
  'Met at the lab tools meetup',
  'Introduced by a former colleague',
  'Wants feedback on a grant proposal',
  'Runs a reading group on research funding',
  'Knows everyone in the climate investor scene',
  'Old friend from university',
];

const standingValues: readonly (Standing | null)[] = ['ahead', 'alongside', 'behind', null];

// Circles by how much time a person gets: a handful of true friends, then the network, then the rest.
function circleFor(rng: Random, rank: number, total: number): Circle {
  if (rank < 5) return 'inner';
  const share = rank / total;
  const weights: [Circle, number][] =
    share < 0.01
      ? [
          ['network', 5],
          ['acquaintance', 2],
          ['social', 3],
        ]
      : share < 0.1
        ? [
            ['network', 3],
            ['acquaintance', 4],
            ['social', 2],
            ['unsorted', 1],
          ]
        : [
            ['network', 1],
            ['acquaintance', 3],
            ['social', 1],
            ['unsorted', 5],
          ];
  return weights[rng.weighted(weights.map(([, w]) => w))]![0];
}

/** Cumulative Zipf weights (exponent `s`) over ranks 0..n-1, for sampling by binary search. */
function zipfTable(n: number, s: number): Float64Array {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / (r + 1) ** s;
    cumulative[r] = sum;
  }
  return cumulative;
}

function sampleRank(rng: Random, cumulative: Float64Array): number {
  const target = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A large deterministic ledger for benchmarks: time concentrates on few people as in life (a
 * Zipf-like draw over people ranked by closeness), about three years of entries, mixed modes,
 * verdicts, circles, standings and purposes. The same options always give the same ledger.
 */
export function scaleLedger(o: ScaleOptions): { people: BulkPerson[]; entries: BulkEntry[] } {
  const rng = new Random(o.seed ?? 42);
  const createdAt = zonedToUtc({ ...parseDate(o.until), hour: 23, minute: 0 }, o.timeZone).toISOString();
  const people: BulkPerson[] = [];
  const circleOf: Circle[] = [];
  for (let i = 0; i < o.people; i++) {
    const name = `${rng.pick(givenNames)} ${rng.pick(familyNames)} ${i}`;
    const circle = circleFor(rng, i, o.people);
    circleOf.push(circle);
    const org = rng.pick(organizations);
    const email = `p${i}@${org.toLowerCase().replace(/[^a-z]/g, '')}.example`;
    const hasPurpose = rng.chance(circle === 'unsorted' ? 0.3 : 0.7);
    const purpose = hasPurpose
      ? `${rng.pick(purposeVerbs)} ${rng.pick(purposeObjects)} ${rng.pick(purposeAudiences)}`.trim()
      : null;
    const birthday = rng.chance(0.3);
    const judgedStanding = circle !== 'unsorted' || rng.chance(0.1);
    const standing = () => (judgedStanding ? rng.pick(standingValues) : null);
    const verdict: Verdict | null =
      circle === 'unsorted'
        ? null
        : rng.chance(circle === 'social' ? 0.4 : 0.15)
          ? 'back'
          : rng.chance(0.9)
            ? 'forward'
            : null;
    people.push({
      person: {
        name,
        name_key: nameKey(name),
        organization: org,
        title: rng.pick(titles),
        location: rng.pick(cities),
        birthday_year: null,
        birthday_month: birthday ? rng.int(1, 12) : null,
        birthday_day: birthday ? rng.int(1, 28) : null,
        notes: rng.chance(0.1) ? rng.pick(noteParts) : null,
        purpose,
        circle,
        verdict,
        aspire: circle === 'network' && rng.chance(0.1) ? 1 : rng.chance(0.005) ? 1 : 0,
        cadence_days: rng.chance(0.05) ? rng.pick([0, 7, 60, 180]) : null,
        standing_mastery: standing(),
        standing_contribution: standing(),
        standing_accomplishment: standing(),
        standing_greatness: standing(),
        created_at: createdAt,
        updated_at: createdAt,
        archived_at: null,
        deleted_at: null,
        merged_into: null,
      },
      tags: rng.chance(0.5) ? [rng.pick(tags), ...(rng.chance(0.2) ? [rng.pick(tags)] : [])] : [],
      contacts: [
        { kind: 'email', value: email, key: email, label: null, source: 'bench', created_at: createdAt },
      ],
    });
  }

  const days = o.days ?? 1095;
  const first = addDays(o.until, -days + 1);
  const { year, month, day } = parseDate(first);
  const firstMs = Date.UTC(year, month - 1, day);
  const zipf = zipfTable(o.people, 0.9);
  const goalIds = o.goalIds ?? [];
  const entries: BulkEntry[] = [];
  for (let i = 0; i < o.entries; i++) {
    const d = new Date(firstMs + rng.int(0, days - 1) * 86_400_000);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const who: number[] = [];
    if (!rng.chance(0.04)) {
      who.push(sampleRank(rng, zipf));
      if (rng.chance(0.15)) who.push(sampleRank(rng, zipf));
      if (rng.chance(0.03)) who.push(rng.int(0, o.people - 1));
    }
    const c = who.length > 0 ? circleOf[who[0]!]! : 'unsorted';
    const networkingOdds = { inner: 0.25, network: 0.8, acquaintance: 0.45, social: 0.1, unsorted: 0.5 }[c];
    const mode: Mode = rng.chance(weekend ? networkingOdds * 0.5 : networkingOdds)
      ? 'networking'
      : 'socializing';
    const verdict: Verdict = rng.chance(c === 'social' ? 0.45 : 0.2) ? 'back' : 'forward';
    // Evenings reach past midnight now and then, so days and months have entries that cross them.
    const hour = rng.chance(0.03)
      ? 23
      : weekend
        ? rng.int(10, 21)
        : mode === 'networking'
          ? rng.int(8, 17)
          : rng.int(18, 22);
    const started = zonedToUtc(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour,
        minute: rng.pick([0, 15, 30, 45]),
      },
      o.timeZone,
    );
    const judged = rng.chance(0.93);
    const channel: Channel | null = rng.chance(0.9) ? rng.pick(channels) : null;
    entries.push({
      entry: {
        started_at: started.toISOString(),
        time_zone: o.timeZone,
        local_date: localDateOf(started, o.timeZone),
        minutes: rng.pick([15, 30, 45, 60, 60, 90, 120, 180]),
        all_day: 0,
        title: mode === 'networking' ? 'Meeting' : 'Catching up',
        mode: judged ? mode : null,
        verdict: judged ? verdict : null,
        goal_id:
          judged && mode === 'networking' && goalIds.length > 0 && rng.chance(0.5) ? rng.pick(goalIds) : null,
        channel,
        notes: null,
        source: 'bench',
        source_key: null,
        created_at: createdAt,
        updated_at: createdAt,
        edited_at: null,
        deleted_at: null,
      },
      people: who,
    });
  }
  return { people, entries };
}
