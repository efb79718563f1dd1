import type { Circle, Verdict } from '../domain/vocabulary.ts';

/** A person who could be introduced: their purpose as stems, their tags, and how close they are. */
export interface IntroPerson {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  /** Stems of their purpose (repeats count). */
  stems: readonly string[];
  tags: readonly string[];
  /** 0..1: how much an introduction through the owner is worth for this person (see `introWeight`). */
  weight: number;
}

export interface IntroPair {
  a: { id: number; name: string; circle: Circle; verdict: Verdict | null };
  b: { id: number; name: string; circle: Circle; verdict: Verdict | null };
  /** Cosine similarity of their purposes and tags (TF-IDF weighted), 0..1. */
  similarity: number;
  /** similarity × weight(a) × weight(b): the ranking. */
  score: number;
  /** Shared purpose stems, most telling first. */
  sharedStems: string[];
  sharedTags: string[];
}

const circleWeight: Record<Circle, number> = {
  inner: 1,
  network: 1,
  acquaintance: 0.7,
  social: 0.5,
  unsorted: 0.3,
};
const verdictWeight = { forward: 1, back: 0.5, none: 0.8 };

/**
 * How much an introduction through the owner is worth for one person: closer circles, people who
 * move the owner forward, and people the owner spends time with count for more.
 */
export function introWeight(circle: Circle, verdict: Verdict | null, totalMinutes: number): number {
  const closeness = 0.6 + 0.4 * Math.min(1, Math.log1p(totalMinutes) / Math.log1p(3000));
  return circleWeight[circle] * verdictWeight[verdict ?? 'none'] * closeness;
}

/**
 * Finds the pairs of people whose purposes and tags are most alike. Exact top-k with pruning: people
 * are visited by descending weight, and since similarity is at most 1 a pair can score no more than
 * the product of the weights, so whole stretches of candidates are skipped once k good pairs are known.
 * Vectors and postings live in flat typed arrays (compressed rows), built without a per-person object.
 */
export class IntroductionIndex {
  private readonly people: IntroPerson[];
  private readonly weights: Float64Array;
  private readonly features: string[] = [];
  /** Person i's features are rowFeature[rowStart[i] .. rowStart[i + 1]), with values and posting slots. */
  private readonly rowStart: Int32Array;
  private readonly rowFeature: Int32Array;
  private readonly rowValue: Float64Array;
  private readonly rowSlot: Int32Array;
  /** Feature f's people are postPerson[postStart[f] .. postStart[f + 1]), ascending. */
  private readonly postStart: Int32Array;
  private readonly postPerson: Int32Array;
  private readonly postValue: Float64Array;

  constructor(people: readonly IntroPerson[]) {
    this.people = people
      .filter((p) => p.stems.length > 0 || p.tags.length > 0)
      .sort((x, y) => y.weight - x.weight || x.id - y.id);
    const n = this.people.length;
    this.weights = Float64Array.from(this.people, (p) => p.weight);
    const featureId = new Map<string, number>();
    const idOf = (key: string) => {
      let id = featureId.get(key);
      if (id === undefined) {
        id = this.features.length;
        featureId.set(key, id);
        this.features.push(key);
      }
      return id;
    };
    // Pass 1: distinct features per person with their counts.
    const feats: number[] = [];
    const counts: number[] = [];
    this.rowStart = new Int32Array(n + 1);
    const local = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const p = this.people[i]!;
      local.clear();
      for (const stem of p.stems) {
        const f = idOf(stem);
        local.set(f, (local.get(f) ?? 0) + 1);
      }
      // Tags are marked so a tag never collides with a purpose word; a tag counts once.
      for (const tag of p.tags) local.set(idOf(`#${tag.toLowerCase()}`), 1);
      for (const [f, c] of local) {
        feats.push(f);
        counts.push(c);
      }
      this.rowStart[i + 1] = feats.length;
    }
    const m = this.features.length;
    const df = new Int32Array(m);
    for (const f of feats) df[f]! += 1;
    // Pass 2: TF-IDF values (smoothed, so a word everyone shares still counts a little), normalized.
    const value = new Float64Array(feats.length);
    for (let i = 0; i < n; i++) {
      let norm = 0;
      for (let k = this.rowStart[i]!; k < this.rowStart[i + 1]!; k++) {
        const w = (1 + Math.log(counts[k]!)) * Math.log(1 + n / df[feats[k]!]!);
        value[k] = w;
        norm += w * w;
      }
      norm = Math.sqrt(norm);
      for (let k = this.rowStart[i]!; k < this.rowStart[i + 1]!; k++)
        value[k] = norm === 0 ? 0 : value[k]! / norm;
    }
    this.rowFeature = Int32Array.from(feats);
    this.rowValue = value;
    // Pass 3: postings in person order, remembering where each row entry sits in its posting.
    this.postStart = new Int32Array(m + 1);
    for (let k = 0; k < feats.length; k++) if (value[k]! > 0) this.postStart[feats[k]! + 1]! += 1;
    for (let f = 0; f < m; f++) this.postStart[f + 1]! += this.postStart[f]!;
    const fill = this.postStart.slice(0, m);
    this.postPerson = new Int32Array(this.postStart[m]!);
    this.postValue = new Float64Array(this.postStart[m]!);
    this.rowSlot = new Int32Array(feats.length).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = this.rowStart[i]!; k < this.rowStart[i + 1]!; k++) {
        if (value[k]! <= 0) continue;
        const at = fill[feats[k]!]!;
        this.postPerson[at] = i;
        this.postValue[at] = value[k]!;
        this.rowSlot[k] = at;
        fill[feats[k]!] = at + 1;
      }
    }
  }

  /** How many people carry any purpose words or tags. */
  get size(): number {
    return this.people.length;
  }

  /** The `k` best pairs with at least `minSimilarity`, skipping pairs whose key is in `exclude`. */
  top(k: number, minSimilarity: number, exclude: ReadonlySet<string>): IntroPair[] {
    const n = this.people.length;
    const heap = new MinHeap(k);
    const acc = new Float64Array(n);
    const touched = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const wi = this.weights[i]!;
      if (heap.full && wi * wi <= heap.min) break;
      let t = 0;
      const floor = heap.full ? heap.min : -1;
      for (let r = this.rowStart[i]!; r < this.rowStart[i + 1]!; r++) {
        const slot = this.rowSlot[r]!;
        if (slot < 0) continue;
        const x = this.rowValue[r]!;
        const end = this.postStart[this.rowFeature[r]! + 1]!;
        for (let s = slot + 1; s < end; s++) {
          const j = this.postPerson[s]!;
          if (wi * this.weights[j]! <= floor) break;
          if (acc[j] === 0) touched[t++] = j;
          acc[j]! += x * this.postValue[s]!;
        }
      }
      const a = this.people[i]!;
      for (let q = 0; q < t; q++) {
        const j = touched[q]!;
        const sim = Math.min(1, acc[j]!);
        acc[j] = 0;
        if (sim < minSimilarity) continue;
        const score = sim * wi * this.weights[j]!;
        if (heap.full && score <= heap.min) continue;
        const b = this.people[j]!;
        if (exclude.has(a.id < b.id ? `${a.id}:${b.id}` : `${b.id}:${a.id}`)) continue;
        heap.push(score, i, j, sim);
      }
    }
    return heap
      .sorted()
      .map(({ score, i, j, sim }) => this.explain(i, j, sim, score))
      .sort((x, y) => y.score - x.score || x.a.id - y.a.id || x.b.id - y.b.id);
  }

  private explain(i: number, j: number, similarity: number, score: number): IntroPair {
    const inJ = new Map<number, number>();
    for (let r = this.rowStart[j]!; r < this.rowStart[j + 1]!; r++)
      inJ.set(this.rowFeature[r]!, this.rowValue[r]!);
    const shared: [string, number][] = [];
    for (let r = this.rowStart[i]!; r < this.rowStart[i + 1]!; r++) {
      const y = inJ.get(this.rowFeature[r]!);
      if (y !== undefined && y > 0 && this.rowValue[r]! > 0)
        shared.push([this.features[this.rowFeature[r]!]!, this.rowValue[r]! * y]);
    }
    shared.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const who = (p: IntroPerson) => ({ id: p.id, name: p.name, circle: p.circle, verdict: p.verdict });
    const [a, b] =
      this.people[i]!.id < this.people[j]!.id
        ? [this.people[i]!, this.people[j]!]
        : [this.people[j]!, this.people[i]!];
    return {
      a: who(a),
      b: who(b),
      similarity: Math.round(similarity * 1000) / 1000,
      score: Math.round(score * 1000) / 1000,
      sharedStems: shared.filter(([f]) => !f.startsWith('#')).map(([f]) => f),
      sharedTags: shared.filter(([f]) => f.startsWith('#')).map(([f]) => f.slice(1)),
    };
  }
}

/** Keeps the `capacity` largest scores seen. */
class MinHeap {
  private readonly items: { score: number; i: number; j: number; sim: number }[] = [];
  constructor(private readonly capacity: number) {}

  get full(): boolean {
    return this.items.length >= this.capacity;
  }

  get min(): number {
    return this.items[0]?.score ?? -1;
  }

  push(score: number, i: number, j: number, sim: number): void {
    if (this.capacity <= 0) return;
    const item = { score, i, j, sim };
    if (!this.full) {
      this.items.push(item);
      this.up(this.items.length - 1);
    } else if (score > this.min) {
      this.items[0] = item;
      this.down(0);
    }
  }

  sorted(): { score: number; i: number; j: number; sim: number }[] {
    return [...this.items].sort((x, y) => y.score - x.score);
  }

  private up(k: number): void {
    const h = this.items;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (h[parent]!.score <= h[k]!.score) break;
      [h[parent], h[k]] = [h[k]!, h[parent]!];
      k = parent;
    }
  }

  private down(k: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < h.length && h[l]!.score < h[m]!.score) m = l;
      if (r < h.length && h[r]!.score < h[m]!.score) m = r;
      if (m === k) return;
      [h[m], h[k]] = [h[k]!, h[m]!];
      k = m;
    }
  }
}

/** Picks pairs best first while no person appears more than `perPerson` times. */
export function diversePairs(pairs: readonly IntroPair[], limit: number, perPerson: number): IntroPair[] {
  const used = new Map<number, number>();
  const out: IntroPair[] = [];
  for (const p of pairs) {
    if (out.length >= limit) break;
    if ((used.get(p.a.id) ?? 0) >= perPerson || (used.get(p.b.id) ?? 0) >= perPerson) continue;
    used.set(p.a.id, (used.get(p.a.id) ?? 0) + 1);
    used.set(p.b.id, (used.get(p.b.id) ?? 0) + 1);
    out.push(p);
  }
  return out;
}
