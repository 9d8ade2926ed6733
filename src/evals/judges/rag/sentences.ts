/**
 * Sentence splitting for context relevance and citation checks: a sentence ends at . ! ? (plus any
 * closing quotes/brackets and trailing citation markers like "[2]") followed by whitespace, or at a
 * line break. Abbreviations ("e.g. the") will split early; that is acceptable for counting.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.match(/[^.!?]+(?:[.!?]+["')\]]*(?:\s*\[[^\]\n]{1,64}\])*|$)/g) ?? [];
    for (const p of parts) {
      const s = p.trim();
      if (s !== '') out.push(s);
    }
  }
  return out;
}

/** Whitespace- and case-insensitive form for matching a sentence the judge copied back. */
export const normaliseSentence = (s: string) =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?]+$/, '')
    .trim();
