import { LEXICON, type LexiconEntry } from './lexicon.ts';

/**
 * Splits a run of glued words ("ignoreallpreviousinstructions", what spaced-out letters become
 * once joined) into lexicon words and a few function words. Only long tokens are tried, results
 * are cached, and a token that does not split entirely into known words is left alone.
 */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'me',
  'my',
  'you',
  'to',
  'of',
  'now',
  'then',
  'just',
  'say',
  'tell',
  'that',
  'what',
  'is',
  'are',
  'i',
  'die',
  'der',
  'und',
]);

const MIN_LENGTH = 12;
const MAX_WORD = 16;
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Array<LexiconEntry | undefined> | null>();

function known(word: string): boolean {
  return LEXICON.has(word) || FUNCTION_WORDS.has(word);
}

/** Lexicon entries (undefined for function words) of the split, or undefined if it does not split. */
export function segmentGlued(token: string): Array<LexiconEntry | undefined> | undefined {
  if (token.length < MIN_LENGTH || token.length > 200) return undefined;
  const cached = cache.get(token);
  if (cached !== undefined) return cached ?? undefined;
  // best[i] = a split of token[0..i) into known words (fewest words), or undefined.
  const best: Array<string[] | undefined> = [[]];
  for (let end = 1; end <= token.length; end++) {
    for (let start = Math.max(0, end - MAX_WORD); start < end; start++) {
      const prefix = best[start];
      const word = token.slice(start, end);
      if (prefix && known(word) && (!best[end] || best[end]!.length > prefix.length + 1))
        best[end] = [...prefix, word];
    }
  }
  const words = best[token.length];
  const result = words?.some((w) => LEXICON.has(w)) ? words.map((w) => LEXICON.get(w)) : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, result);
  return result ?? undefined;
}
