import { stemmer } from 'stemmer';

/**
 * English words too common to say anything about a purpose. Our own list: function words,
 * pronouns, auxiliaries, and a few words every purpose statement uses ("want", "help", "make").
 */
export const stopWords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing done down during each either else ever every few for from
  further get gets getting got had has have having he her here hers herself him himself his how i if in into
  is it its itself just least less let like made make makes making many may me might more most much must my
  myself neither no nor not now of off often on once one only or other others our ours ourselves out over
  own per quite rather really same shall she should so some such than that the their theirs them themselves
  then there these they this those though through thus to too toward towards under until up upon us very
  via was we well were what when where whether which while who whom whose why will with within without would
  yet you your yours yourself yourselves help helps helping want wants way ways thing things lot lots new
  good great better best around across among etc`
    .split(/\s+/)
    .filter(Boolean),
);

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Splits text into stems and keeps, for each stem, the first word it came from (for explanations). */
export class Tokenizer {
  private readonly stems = new Map<string, string | null>();
  private readonly memo = new Map<string, string[]>();
  /** The first surface word seen for each stem. */
  readonly surface = new Map<string, string>();

  /** Stems of the meaningful words in `text`, in order, repeats kept (they are term frequency). */
  tokens(text: string | null | undefined): string[] {
    if (!text) return [];
    // Organizations, titles and tags repeat across thousands of people: tokenize each text once.
    const known = this.memo.get(text);
    if (known) return known;
    const out: string[] = [];
    const folded = text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    for (const match of folded.matchAll(wordPattern)) {
      const stem = this.stemOf(match[0].replace(/['’]s$/, '').replace(/['’]/g, ''));
      if (stem !== null) out.push(stem);
    }
    if (this.memo.size < 200_000) this.memo.set(text, out);
    return out;
  }

  private stemOf(word: string): string | null {
    const cached = this.stems.get(word);
    if (cached !== undefined) return cached;
    let stem: string | null = null;
    if (word.length > 1 && !stopWords.has(word) && !/^\d+$/.test(word)) {
      stem = /^\p{N}/u.test(word) ? word : stemmer(word);
      if (!this.surface.has(stem)) this.surface.set(stem, word);
    }
    this.stems.set(word, stem);
    return stem;
  }
}

/** A field documents have, with its weight in the score (BM25F-style: a weighted term frequency). */
export interface WeightedField {
  name: string;
  weight: number;
}

/** A document: its id and the text of each field, in the order the fields are given. */
export interface RelevanceDoc {
  id: number;
  texts: readonly (string | null)[];
}

export interface TermMatch {
  /** The query's own word for the matched stem. */
  term: string;
  stem: string;
  /** Fields of the document the stem occurs in. */
  fields: string[];
}

export interface RelevanceHit {
  id: number;
  /** Where the document is in the list ranked. */
  index: number;
  score: number;
  matched: TermMatch[];
}

export interface RelevanceOptions {
  /** Term frequency saturation. */
  k1?: number;
  /** How much longer documents are discounted (0: not at all, 1: fully). */
  b?: number;
  /** Return only the best this many hits (all are still scored). */
  limit?: number;
}

/**
 * Ranks documents against a query with BM25 over stemmed words, fields weighted. Only documents
 * that share at least one stem with the query are returned, best first (ties by id).
 */
export function rankByRelevance(
  query: string,
  fields: readonly WeightedField[],
  docs: readonly RelevanceDoc[],
  options: RelevanceOptions = {},
  tokenizer = new Tokenizer(),
): { hits: RelevanceHit[]; matching: number; queryTerms: string[]; documents: number } {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const queryStems = [...new Set(tokenizer.tokens(query))];
  const queryWord = new Map<string, string>();
  // Explain matches with the query's own words, not with stems.
  for (const m of query
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .matchAll(wordPattern)) {
    const [stem] = new Tokenizer().tokens(m[0]);
    if (stem && !queryWord.has(stem)) queryWord.set(stem, m[0]);
  }
  const index = new Map(queryStems.map((s, i) => [s, i]));
  const q = queryStems.length;
  // What a text contributes, worked out once per distinct text: organizations, titles, tags and
  // often purposes repeat across thousands of people.
  const textInfo = new Map<string, { length: number; terms: number[] }>();
  const infoOf = (text: string) => {
    let info = textInfo.get(text);
    if (!info) {
      const tokens = tokenizer.tokens(text);
      const terms: number[] = [];
      for (const t of tokens) {
        const k = index.get(t);
        if (k !== undefined) terms.push(k);
      }
      info = { length: tokens.length, terms };
      textInfo.set(text, info);
    }
    return info;
  };
  const n = docs.length;
  const df = new Float64Array(q);
  const lengths = new Float64Array(n);
  // Flat arrays, one row of q per matching document: weighted term frequency, and a bit per field
  // the term was seen in. No allocation per document: this loop runs over a whole network.
  let tf = new Float64Array(Math.max(1, Math.min(n, 1024) * q));
  let bits = new Uint32Array(tf.length);
  const found: number[] = [];
  let totalLength = 0;
  for (let d = 0; d < n; d++) {
    let length = 0;
    let row = -1;
    const texts = docs[d]!.texts;
    for (let fi = 0; fi < fields.length; fi++) {
      const text = texts[fi];
      if (!text) continue;
      const weight = fields[fi]!.weight;
      const info = infoOf(text);
      length += info.length * weight;
      for (const k of info.terms) {
        if (row < 0) {
          row = found.length;
          found.push(d);
          if ((row + 1) * q > tf.length) {
            const grownTf = new Float64Array(tf.length * 2);
            grownTf.set(tf);
            tf = grownTf;
            const grownBits = new Uint32Array(bits.length * 2);
            grownBits.set(bits);
            bits = grownBits;
          }
        }
        if (tf[row * q + k] === 0) df[k]! += 1;
        tf[row * q + k]! += weight;
        bits[row * q + k]! |= 1 << fi;
      }
    }
    lengths[d] = length;
    totalLength += length;
  }
  const avgLength = n === 0 ? 0 : totalLength / n;
  const idf = Array.from(df, (x) => Math.log(1 + (n - x + 0.5) / (x + 0.5)));
  const scores = new Float64Array(found.length);
  for (let r = 0; r < found.length; r++) {
    const norm = k1 * (1 - b + (avgLength > 0 ? (b * lengths[found[r]!]!) / avgLength : 0));
    let score = 0;
    for (let k = 0; k < q; k++) {
      const f = tf[r * q + k]!;
      if (f > 0) score += (idf[k]! * (f * (k1 + 1))) / (f + norm);
    }
    scores[r] = score;
  }
  const ids = Float64Array.from(found, (d) => docs[d]!.id);
  const order = Array.from(found, (_, r) => r);
  order.sort((x, y) => scores[y]! - scores[x]! || ids[x]! - ids[y]!);
  // Explanations are built only for the hits a caller keeps. The field lists are shared between
  // hits: one list per combination of fields, worked out once.
  const terms = queryStems.map((stem) => queryWord.get(stem) ?? tokenizer.surface.get(stem) ?? stem);
  const shared = new Map<number, string[]>();
  const fieldsOf = (mask: number): string[] => {
    let list = shared.get(mask);
    if (!list) {
      list = fields.filter((_, fi) => (mask & (1 << fi)) !== 0).map((f) => f.name);
      shared.set(mask, list);
    }
    return list;
  };
  const kept = Math.min(order.length, options.limit ?? order.length);
  const hits: RelevanceHit[] = new Array<RelevanceHit>(kept);
  for (let h = 0; h < kept; h++) {
    const r = order[h]!;
    const doc = docs[found[r]!]!;
    const matched: TermMatch[] = [];
    for (let k = 0; k < q; k++) {
      if (tf[r * q + k]! === 0) continue;
      matched.push({ term: terms[k]!, stem: queryStems[k]!, fields: fieldsOf(bits[r * q + k]!) });
    }
    hits[h] = { id: doc.id, index: found[r]!, score: scores[r]!, matched };
  }
  return {
    hits,
    matching: found.length,
    queryTerms: queryStems.map((s) => queryWord.get(s) ?? s),
    documents: n,
  };
}
