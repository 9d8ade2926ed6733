import { LEXICON, type LexiconEntry } from './lexicon.ts';

/**
 * Typoglycemia-tolerant lexicon lookup. People read "ignroe all prevoius insturctions" without
 * effort, and so does the model; exact matchers do not. A word matches a lexicon word when first
 * and last letters agree and either the inner letters are a permutation (length ≥ 4) or the
 * Damerau–Levenshtein distance is ≤ 1 (length ≥ 6) or ≤ 2 (length ≥ 10). Short words match
 * exactly only, which keeps "abode" from matching "above".
 */
const byEnds = new Map<string, LexiconEntry[]>();
for (const entry of LEXICON.values()) {
  if (entry.word.length < 4) continue;
  const key = entry.word[0]! + entry.word[entry.word.length - 1]!;
  const list = byEnds.get(key) ?? [];
  list.push(entry);
  byEnds.set(key, list);
}

const CACHE_LIMIT = 50_000;
/**
 * Every word looked up so far, with its entry or null, seeded with the lexicon itself: one map
 * look-up per word of every input (two, the lexicon's then the cache's, were 3 % of the hook).
 */
const cache = new Map<string, LexiconEntry | null>(LEXICON);

function sortedInner(word: string): string {
  return [...word.slice(1, -1)].sort().join('');
}

/** `word` is `target` with its inner letters scrambled ("rsetrictions"), or `target` itself. */
export function isScrambleOf(word: string, target: string): boolean {
  if (word === target) return true;
  if (word.length !== target.length || word[0] !== target[0] || word.at(-1) !== target.at(-1)) return false;
  return sortedInner(word) === sortedInner(target);
}

/** Optimal-string-alignment distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

function fuzzyLookup(word: string): LexiconEntry | undefined {
  if (word.length < 4) return undefined;
  const candidates = byEnds.get(word[0]! + word[word.length - 1]!);
  if (!candidates) return undefined;
  const inner = sortedInner(word);
  for (const entry of candidates) {
    const target = entry.word;
    if (target.length === word.length && sortedInner(target) === inner) return entry;
    const limit =
      Math.min(word.length, target.length) >= 10 ? 2 : Math.min(word.length, target.length) >= 6 ? 1 : 0;
    if (limit > 0 && editDistance(word, target, limit) <= limit) return entry;
  }
  return undefined;
}

/** The lexicon entry `word` stands for, exactly or through a typoglycemia variant. */
export function lookupWord(word: string): LexiconEntry | undefined {
  const cached = cache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  const found = fuzzyLookup(word);
  if (cache.size >= LEXICON.size + CACHE_LIMIT) {
    cache.clear();
    for (const [w, entry] of LEXICON) cache.set(w, entry);
  }
  cache.set(word, found ?? null);
  return found;
}
