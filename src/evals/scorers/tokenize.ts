/**
 * The one tokenisation used by ROUGE and BLEU here: Unicode NFKC, lower-cased, then maximal runs of
 * letters, digits and combining marks (`[\p{L}\p{N}\p{M}]+`). Punctuation and whitespace separate
 * tokens and are dropped; an apostrophe splits ("don't" → "don", "t"). This is close to the
 * `rouge-score` package's default tokenizer (which keeps only [a-z0-9]) but also keeps non-Latin
 * words, and it is NOT sacreBLEU's 13a tokenizer, so BLEU here is comparable run to run, not with
 * published sacreBLEU numbers.
 */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/** Counts of each n-gram (tokens joined by U+0001, which the tokenizer never emits). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Σ over n-grams of min(count in a, count in b): the "clipped" overlap of ROUGE-N and BLEU. */
export function clippedOverlap(a: Map<string, number>, b: Map<string, number>): number {
  let overlap = 0;
  for (const [gram, count] of a) overlap += Math.min(count, b.get(gram) ?? 0);
  return overlap;
}

export function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += c;
  return sum;
}

/** F-measure with recall weighted β times as much as precision; 0 when both are 0. */
export function fMeasure(precision: number, recall: number, beta = 1): number {
  if (precision === 0 && recall === 0) return 0;
  const b2 = beta * beta;
  return ((1 + b2) * precision * recall) / (recall + b2 * precision);
}
