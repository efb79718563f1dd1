import type { Circle, Mode, Verdict } from '../domain/vocabulary.ts';
import { describeMatchers, ruleMatches, ruleSpecificity } from './judging-rule.ts';
import type { JudgingRule } from './judging-rule.ts';
import { titleWords } from './title-words.ts';

/** What Fathom knows about a person on an entry. */
export interface PersonFacts {
  id: number;
  name: string;
  circle: Circle;
  verdict: Verdict | null;
  organization: string | null;
  tags: readonly string[];
}

/** How the owner judged past live entries: each count is of entries with that value set. */
export interface PastJudgements {
  networking: number;
  socializing: number;
  forward: number;
  back: number;
  /** Goals that past networking entries served: goal id → entries. */
  goals: ReadonlyMap<number, number>;
}

/** Past live entries with one title and one judgement (mode, verdict and goal may each be missing). */
export interface TitleJudgements {
  title: string;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  entries: number;
}

/** Everything suggestions are made from, loaded in a few queries for a whole page of entries. */
export interface SuggestionEvidence {
  rules: readonly JudgingRule[];
  /** The people on the entries to suggest for. */
  people: ReadonlyMap<number, PersonFacts>;
  /** Past judgements of entries with each of those people. */
  history: ReadonlyMap<number, PastJudgements>;
  /** Past judgements grouped by title. */
  titles: readonly TitleJudgements[];
  /** Open goals by id: only these are suggested. */
  goals: ReadonlyMap<number, string>;
}

/** An entry waiting for a judgement; a mode or verdict already set is kept. */
export interface UnjudgedEntry {
  id: number;
  title: string;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  people: readonly { id: number; name: string }[];
}

/** A proposed judgement and why. */
export interface Suggestion {
  mode: Mode | null;
  verdict: Verdict | null;
  /** A goal only when one is clear (a rule names it, or most such networking entries served it). */
  goalId: number | null;
  goal: string | null;
  /** How sure, 0..1 (two decimals), that mode and verdict are both right: the lower of the two; 0 when either is unknown. */
  confidence: number;
  modeConfidence: number;
  verdictConfidence: number;
  /** Sentences, strongest first; evidence against the suggestion comes last, starting with "but". */
  reasons: string[];
}

type Field = 'mode' | 'verdict';
const firstValue = { mode: 'networking', verdict: 'forward' } as const;
const otherValue = { mode: 'socializing', verdict: 'back' } as const;

/** A rule's suggestion is the owner's own word; evidence against it this strong makes it doubtful. */
const ruleConfidence = 0.97;
const disputedRuleConfidence = 0.7;
const disputeThreshold = 0.75;
/** How much a person's circle (network → networking, social → socializing) and verdict say about an entry. */
const circleSays = 0.7;
const personVerdictSays = 0.75;
/** Sources beyond the strongest often rest on the same past entries, so each adds only half its weight. */
const corroborationWeight = 0.5;
/** Titles count as similar when their word sets overlap this much (Jaccard). */
const similarTitles = 0.5;

interface Vote {
  field: Field;
  value: string;
  /** Probability the source gives the value, above one half. */
  p: number;
}

interface Source {
  reason: string;
  votes: Vote[];
  /** Goals served by the networking entries behind this source. */
  goals?: { counts: ReadonlyMap<number, number>; networking: number };
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const round2 = (x: number) => Math.round(x * 100) / 100;
/** Laplace's rule of succession: k of n past cases, one imagined each way. */
const rate = (k: number, n: number) => (k + 1) / (n + 2);

function towardFirst(v: Vote): number {
  return (v.value === firstValue[v.field] ? 1 : -1) * logit(v.p);
}

function countVotes(field: Field, a: number, b: number): Vote | undefined {
  if (a + b === 0 || a === b) return undefined;
  const value = a > b ? firstValue[field] : otherValue[field];
  return { field, value, p: rate(Math.max(a, b), a + b) };
}

const timesWord = (n: number) => (n === 1 ? 'time' : 'times');

interface TitleGroup {
  words: string[];
  sample: string;
  sampleEntries: number;
  counts: { networking: number; socializing: number; forward: number; back: number };
  goals: Map<number, number>;
}

/** Makes suggestions for unjudged entries from one load of evidence; build once per page. */
export class Suggester {
  private readonly groups: TitleGroup[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly similarMemo = new Map<string, { group: TitleGroup; similarity: number }[]>();
  private readonly rulesBySpecificity: JudgingRule[];

  constructor(private readonly evidence: SuggestionEvidence) {
    this.rulesBySpecificity = [...evidence.rules].sort(
      (a, b) => ruleSpecificity(b) - ruleSpecificity(a) || b.id - a.id,
    );
    const byKey = new Map<string, TitleGroup>();
    const entriesByTitle = new Map<string, number>();
    for (const t of evidence.titles) {
      const words = titleWords(t.title);
      if (words.length === 0) continue;
      const key = words.join(' ');
      let g = byKey.get(key);
      if (!g) {
        g = {
          words,
          sample: t.title,
          sampleEntries: 0,
          counts: { networking: 0, socializing: 0, forward: 0, back: 0 },
          goals: new Map(),
        };
        byKey.set(key, g);
        this.groups.push(g);
        for (const w of words) {
          const list = this.postings.get(w) ?? [];
          list.push(this.groups.length - 1);
          this.postings.set(w, list);
        }
      }
      if (t.mode) g.counts[t.mode] += t.entries;
      if (t.verdict) g.counts[t.verdict] += t.entries;
      if (t.mode === 'networking' && t.goalId !== null)
        g.goals.set(t.goalId, (g.goals.get(t.goalId) ?? 0) + t.entries);
      // The group speaks through the title most of its entries had.
      const titleKey = `${key}\u0000${t.title}`;
      const n = (entriesByTitle.get(titleKey) ?? 0) + t.entries;
      entriesByTitle.set(titleKey, n);
      if (n > g.sampleEntries) {
        g.sample = t.title;
        g.sampleEntries = n;
      }
    }
  }

  /** Past title groups whose words overlap the title's by at least half (Jaccard), most similar first. */
  private similar(title: string): { group: TitleGroup; similarity: number }[] {
    const words = titleWords(title);
    const key = words.join(' ');
    const known = this.similarMemo.get(key);
    if (known) return known;
    const out: { group: TitleGroup; similarity: number }[] = [];
    if (words.length > 0) {
      // A group at least half as similar shares at least half of these words, so it holds one of the
      // rarest (n - ceil(n/2) + 1) of them: only their postings need reading.
      const need = Math.ceil(words.length / 2);
      const rarest = [...words]
        .sort((a, b) => (this.postings.get(a)?.length ?? 0) - (this.postings.get(b)?.length ?? 0))
        .slice(0, words.length - need + 1);
      const mine = new Set(words);
      const seen = new Set<number>();
      for (const w of rarest) {
        for (const gi of this.postings.get(w) ?? []) {
          if (seen.has(gi)) continue;
          seen.add(gi);
          const g = this.groups[gi]!;
          if (g.words.length > 2 * words.length || 2 * g.words.length < words.length) continue;
          let shared = 0;
          for (const x of g.words) if (mine.has(x)) shared++;
          const similarity = shared / (words.length + g.words.length - shared);
          if (similarity >= similarTitles) out.push({ group: g, similarity });
        }
      }
      out.sort((a, b) => b.similarity - a.similarity || b.group.sampleEntries - a.group.sampleEntries);
    }
    if (this.similarMemo.size < 50_000) this.similarMemo.set(key, out);
    return out;
  }

  private titleSource(title: string): Source | undefined {
    const matches = this.similar(title);
    if (matches.length === 0) return undefined;
    const weighted = { networking: 0, socializing: 0, forward: 0, back: 0 };
    const shown = { networking: 0, socializing: 0, forward: 0, back: 0 };
    const goals = new Map<number, number>();
    for (const { group, similarity } of matches) {
      for (const k of ['networking', 'socializing', 'forward', 'back'] as const) {
        weighted[k] += similarity * group.counts[k];
        shown[k] += group.counts[k];
      }
      for (const [id, n] of group.goals) goals.set(id, (goals.get(id) ?? 0) + n);
    }
    const votes: Vote[] = [];
    const mode = countVotes('mode', weighted.networking, weighted.socializing);
    const verdict = countVotes('verdict', weighted.forward, weighted.back);
    const said: { value: string; k: number; n: number }[] = [];
    for (const v of [mode, verdict]) {
      if (!v) continue;
      votes.push(v);
      const k = shown[v.value as keyof typeof shown];
      const n = v.field === 'mode' ? shown.networking + shown.socializing : shown.forward + shown.back;
      said.push({ value: v.value, k, n });
    }
    if (votes.length === 0) return undefined;
    const unanimous = said.every((x) => x.k === x.n && x.n === said[0]!.n);
    const parts = unanimous
      ? [`${said.map((x) => x.value).join(', ')} ${said[0]!.n} ${timesWord(said[0]!.n)}`]
      : said.map((x) =>
          x.k === x.n ? `${x.value} ${x.n} ${timesWord(x.n)}` : `${x.value} ${x.k} of ${x.n} times`,
        );
    const more = matches.length > 1 ? ` and ${matches.length - 1} more` : '';
    return {
      reason: `similar titles: “${matches[0]!.group.sample}”${more} judged ${parts.join(', ')}`,
      votes,
      goals: { counts: goals, networking: shown.networking },
    };
  }

  private historySource(person: { id: number; name: string }): Source | undefined {
    const h = this.evidence.history.get(person.id);
    if (!h) return undefined;
    const mode = countVotes('mode', h.networking, h.socializing);
    const verdict = countVotes('verdict', h.forward, h.back);
    const votes = [mode, verdict].filter((v): v is Vote => v !== undefined);
    if (votes.length === 0) return undefined;
    const count = (v: Vote) => h[v.value as 'networking' | 'socializing' | 'forward' | 'back'];
    const total = (v: Vote) => (v.field === 'mode' ? h.networking + h.socializing : h.forward + h.back);
    const name = this.evidence.people.get(person.id)?.name ?? person.name;
    const entries = (n: number) => (n === 1 ? 'entry' : 'entries');
    const were = (n: number) => (n === 1 ? 'was' : 'were');
    let reason: string;
    const [a, b] = votes;
    if (b && count(a!) === count(b) && total(a!) === total(b)) {
      reason = `${count(a!)} of your ${total(a!)} past ${entries(total(a!))} with ${name} ${were(count(a!))} ${a!.value}, ${b.value}`;
    } else {
      reason = `${count(a!)} of your ${total(a!)} past ${entries(total(a!))} with ${name} ${were(count(a!))} ${a!.value}`;
      if (b) reason += `; ${count(b)} of ${total(b)} ${b.value}`;
    }
    return { reason, votes, goals: { counts: h.goals, networking: h.networking } };
  }

  private personSource(person: PersonFacts): Source | undefined {
    const votes: Vote[] = [];
    const parts: string[] = [];
    if (person.circle === 'network' || person.circle === 'social') {
      votes.push({
        field: 'mode',
        value: person.circle === 'network' ? 'networking' : 'socializing',
        p: circleSays,
      });
      parts.push(`is in your ${person.circle} circle`);
    }
    if (person.verdict) {
      votes.push({ field: 'verdict', value: person.verdict, p: personVerdictSays });
      parts.push(`judged ${person.verdict}`);
    }
    if (votes.length === 0) return undefined;
    return { reason: `${person.name} ${parts.join(' and ')}`, votes };
  }

  /** The suggestion for one entry, or null when nothing at all speaks for a judgement. */
  suggest(entry: UnjudgedEntry): Suggestion | null {
    const facts = entry.people.map((p) => this.evidence.people.get(p.id)).filter((p) => p !== undefined);
    const subject = { title: entry.title, people: facts };
    const matching = this.rulesBySpecificity.filter((r) => ruleMatches(r, subject));
    const sources: Source[] = [];
    for (const p of entry.people) {
      const s = this.historySource(p);
      if (s) sources.push(s);
    }
    const titled = this.titleSource(entry.title);
    if (titled) sources.push(titled);
    for (const p of facts) {
      const s = this.personSource(p);
      if (s) sources.push(s);
    }

    const missing: Field[] = [];
    if (entry.mode === null) missing.push('mode');
    if (entry.verdict === null) missing.push('verdict');
    const chosen: Record<Field, { value: string | null; confidence: number }> = {
      mode: { value: entry.mode, confidence: entry.mode === null ? 0 : 1 },
      verdict: { value: entry.verdict, confidence: entry.verdict === null ? 0 : 1 },
    };
    const usedRules: JudgingRule[] = [];
    for (const field of missing) {
      const votes = sources
        .flatMap((s) => s.votes.filter((v) => v.field === field))
        .map(towardFirst)
        .sort((a, b) => Math.abs(b) - Math.abs(a));
      const total = votes.reduce((sum, l, i) => sum + (i === 0 ? l : corroborationWeight * l), 0);
      const rule = matching.find((r) => r[field] !== null);
      if (rule) {
        const value = rule[field]!;
        if (!usedRules.includes(rule)) usedRules.push(rule);
        const against = value === firstValue[field] ? sigmoid(-total) : sigmoid(total);
        chosen[field] = {
          value,
          confidence: against >= disputeThreshold ? disputedRuleConfidence : ruleConfidence,
        };
      } else if (total !== 0) {
        chosen[field] = {
          value: total > 0 ? firstValue[field] : otherValue[field],
          confidence: sigmoid(Math.abs(total)),
        };
      }
    }
    if (missing.every((f) => chosen[f].value === null) && matching.every((r) => !r.goal)) return null;

    const goal = this.goalFor(entry, chosen.mode.value, matching, sources, usedRules);
    const agrees = (s: Source) =>
      s.votes.some((v) => missing.includes(v.field) && chosen[v.field].value === v.value);
    const strength = (s: Source) =>
      Math.max(...s.votes.filter((v) => missing.includes(v.field)).map((v) => logit(v.p)), 0);
    const relevant = sources.filter((s) => s.votes.some((v) => missing.includes(v.field)));
    const support = relevant.filter(agrees).sort((a, b) => strength(b) - strength(a));
    const dissent = relevant.filter((s) => !agrees(s)).sort((a, b) => strength(b) - strength(a));
    const reasons = [
      ...usedRules.map((r) => `rule #${r.id}: ${describeMatchers(r)}`),
      ...support.map((s) => s.reason),
      ...dissent.map((s) => `but ${s.reason}`),
    ];
    if (goal.reason) reasons.push(goal.reason);
    const confidence = Math.min(
      ...[chosen.mode, chosen.verdict].map((c) => (c.value === null ? 0 : c.confidence)),
    );
    return {
      mode: chosen.mode.value as Mode | null,
      verdict: chosen.verdict.value as Verdict | null,
      goalId: goal.id,
      goal: goal.id === null ? null : (this.evidence.goals.get(goal.id) ?? null),
      confidence: round2(confidence),
      modeConfidence: round2(chosen.mode.confidence),
      verdictConfidence: round2(chosen.verdict.confidence),
      reasons,
    };
  }

  /**
   * A goal only when clear: a matching rule names an open one, or, for networking, at least two of
   * the networking entries behind the supporting sources served the same open goal, and most did.
   */
  private goalFor(
    entry: UnjudgedEntry,
    mode: string | null,
    rules: JudgingRule[],
    sources: Source[],
    usedRules: JudgingRule[],
  ): { id: number | null; reason?: string } {
    if (entry.goalId !== null) return { id: entry.goalId };
    const ruled = rules.find((r) => r.goal !== null && this.evidence.goals.has(r.goal.id));
    if (ruled) {
      return {
        id: ruled.goal!.id,
        ...(usedRules.includes(ruled) ? {} : { reason: `rule #${ruled.id}: ${describeMatchers(ruled)}` }),
      };
    }
    if (mode !== 'networking') return { id: null };
    const counts = new Map<number, number>();
    let networking = 0;
    for (const s of sources) {
      if (!s.goals || s.goals.networking === 0) continue;
      networking += s.goals.networking;
      for (const [id, n] of s.goals.counts) counts.set(id, (counts.get(id) ?? 0) + n);
    }
    let best: [number, number] | undefined;
    for (const [id, n] of counts) {
      if (!this.evidence.goals.has(id)) continue;
      if (!best || n > best[1] || (n === best[1] && id < best[0])) best = [id, n];
    }
    if (!best || best[1] < 2 || best[1] * 2 <= networking) return { id: null };
    return {
      id: best[0],
      reason: `“${this.evidence.goals.get(best[0])}”: served by ${best[1]} of ${networking} such networking entries`,
    };
  }
}
