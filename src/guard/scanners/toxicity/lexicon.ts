import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type NormalizedText, toOriginalSpan } from '../../normalize/index.ts';

/** A lexicon match: category, its score, and the span in the original text. */
export interface LexiconHit {
  category: string;
  score: number;
  start: number;
  end: number;
}

const fileSchema = z.object({
  categories: z.record(z.string(), z.object({ score: z.number().min(0).max(1) })),
  terms: z.record(z.string(), z.array(z.string().min(2))),
});

interface Lexicon {
  byWord: Map<string, { category: string; score: number }>;
}

let builtin: Lexicon | undefined;

function build(raw: unknown): Lexicon {
  const data = fileSchema.parse(raw);
  const byWord = new Map<string, { category: string; score: number }>();
  for (const [category, words] of Object.entries(data.terms)) {
    const score = data.categories[category]?.score ?? 0.5;
    for (const word of words) {
      // Simple inflections, so "bitches", "fucking", "retarded" match without a stemmer.
      for (const form of [word, `${word}s`, `${word}es`, `${word}ed`, `${word}ing`, `${word}z`]) {
        if (!byWord.has(form)) byWord.set(form, { category, score });
      }
    }
  }
  return { byWord };
}

/** The built-in lexicon (lexicon.json beside this file), loaded once. */
export function builtinLexicon(): Lexicon {
  builtin ??= build(JSON.parse(readFileSync(new URL('./lexicon.json', import.meta.url), 'utf8')));
  return builtin;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Whole-word lexicon matches in normalised text, with spans on the original. */
export function matchLexicon(normalized: NormalizedText, lexicon: Lexicon = builtinLexicon()): LexiconHit[] {
  const hits: LexiconHit[] = [];
  for (const match of normalized.text.matchAll(WORD)) {
    const entry = lexicon.byWord.get(match[0]);
    if (entry) {
      const span = toOriginalSpan(normalized, match.index, match.index + match[0].length);
      hits.push({ category: entry.category, score: entry.score, ...span });
    }
  }
  return hits;
}

/** Noisy-OR of the hits' scores, one per category-word. */
export function lexiconScore(hits: readonly LexiconHit[]): number {
  let miss = 1;
  for (const hit of hits) miss *= 1 - hit.score;
  return 1 - miss;
}
