/** One pattern heuristic (see heuristics.ts): a regex over the normalised text and the words it needs. */
export interface Heuristic {
  rule: string;
  pattern: RegExp;
  score: number;
  strong: boolean;
  /**
   * Words (maximal runs of \w, as `\b` sees them) that every match contains: one of each group.
   * A text without them cannot match, so the regex is not run. This runs on every input, and
   * most texts contain none of a rule's words; the gates are checked against the ungated
   * patterns in heuristics.test.ts.
   */
  gate: readonly (readonly string[])[] | undefined;
}

export function H(rule: string, score: number, strong: boolean, pattern: RegExp): Heuristic;
export function H(rule: string, score: number, strong: boolean, gate: string[][], pattern: RegExp): Heuristic;
export function H(
  rule: string,
  score: number,
  strong: boolean,
  gateOrPattern: string[][] | RegExp,
  pattern?: RegExp,
): Heuristic {
  if (gateOrPattern instanceof RegExp)
    return { rule, score, strong, pattern: gateOrPattern, gate: undefined };
  return { rule, score, strong, pattern: pattern as RegExp, gate: gateOrPattern };
}

/** The words of a space-separated list, for gates and alternations alike. */
export const words = (text: string): string[] => text.trim().split(/\s+/);
