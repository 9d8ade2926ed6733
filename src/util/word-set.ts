/** A set of the whitespace-separated words of `words` (lexicons written as one readable string). */
export function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}
