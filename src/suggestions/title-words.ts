import { stemmer } from 'stemmer';
import { stopWords } from '../insights/text-relevance.ts';

/** Folds text for matching: compatibility forms, accents removed, lower case, single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Whether `needle` occurs in `haystack` starting at a word (both folded first): "sync" matches
 * "Weekly Sync" and "sync-up" but not "async"; "1:1" matches "1:1 with Ana" and "Ana / 1:1".
 */
export function containsWords(haystack: string, needle: string): boolean {
  const h = foldText(haystack);
  const n = foldText(needle);
  if (n === '') return false;
  let at = h.indexOf(n);
  while (at !== -1) {
    if (!isWordChar(n[0]) || !isWordChar(h[at - 1])) return true;
    at = h.indexOf(n, at + 1);
  }
  return false;
}

// A word keeps inner joiners so that "1:1", "1-on-1" and "q3/q4" stay one token.
const wordPattern = /[\p{L}\p{N}]+(?:[:/.'’-][\p{L}\p{N}]+)*/gu;
const stems = new Map<string, string | null>();

function stemOf(word: string): string | null {
  const known = stems.get(word);
  if (known !== undefined) return known;
  let stem: string | null = null;
  if (!stopWords.has(word) && !/^\d+$/.test(word) && (word.length > 1 || /\p{N}/u.test(word))) {
    stem = /^\p{L}+$/u.test(word) ? stemmer(word) : word;
  }
  if (stems.size < 100_000) stems.set(word, stem);
  return stem;
}

/** The distinct meaningful words of a title, stemmed and sorted: "Weekly syncs" and "weekly sync" give the same. */
export function titleWords(title: string): string[] {
  const out = new Set<string>();
  for (const m of foldText(title).matchAll(wordPattern)) {
    const stem = stemOf(m[0].replace(/['’]s$/, ''));
    if (stem !== null) out.add(stem);
  }
  return [...out].sort();
}
