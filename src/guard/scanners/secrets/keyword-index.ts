/**
 * Aho–Corasick automaton over lower-cased keywords: one pass over the text tells which keywords
 * occur, so a rule's (comparatively expensive) regex runs only when one of its keywords is present.
 *
 * The automaton is compiled to a dense table over 7-bit characters (`state * 128 + char` → next
 * state, failure links folded in), so the scan is one typed-array read per character: it runs on
 * every prompt, and the Map-based trie walk it replaces was the secrets scanner's largest cost.
 * Characters from 128 up map to one extra symbol that no ASCII keyword contains; keywords with
 * such characters (none in the shipped rules) are matched by a plain substring search instead.
 */
const ALPHABET = 128;
const OTHER = 0; // NUL never occurs in a keyword: stands for every non-ASCII character.

export class KeywordIndex {
  readonly keywords: readonly string[];
  private readonly delta: Int32Array;
  private readonly out: readonly (readonly number[])[];
  /** Keywords outside 7-bit ASCII, by id: found with indexOf. */
  private readonly wide: readonly { id: number; kw: string }[];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    const next: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    const wide: { id: number; kw: string }[] = [];
    keywords.forEach((kw, id) => {
      if (kw.length === 0) return;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the 7-bit range is the point
      if (/[^\u0001-\u007f]/.test(kw)) {
        wide.push({ id, kw });
        return;
      }
      let state = 0;
      for (let i = 0; i < kw.length; i++) {
        const ch = kw.charCodeAt(i);
        let to = next[state]?.get(ch);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          out.push([]);
          next[state]?.set(ch, to);
        }
        state = to;
      }
      out[state]?.push(id);
    });
    this.delta = compile(next, out);
    this.out = out;
    this.wide = wide;
  }

  /** Ids of the keywords found in `lowerText` (which the caller has lower-cased). */
  find(lowerText: string): Set<number> {
    const found = new Set<number>();
    const { delta, out } = this;
    let state = 0;
    for (let i = 0; i < lowerText.length; i++) {
      const ch = lowerText.charCodeAt(i);
      state = delta[state * ALPHABET + (ch < ALPHABET ? ch : OTHER)] as number;
      const hits = out[state] as readonly number[];
      if (hits.length > 0) for (const id of hits) found.add(id);
    }
    for (const { id, kw } of this.wide) if (lowerText.includes(kw)) found.add(id);
    return found;
  }
}

/** The goto function with failure links resolved (breadth first), as a dense table. */
function compile(next: Map<number, number>[], out: number[][]): Int32Array {
  const delta = new Int32Array(next.length * ALPHABET);
  const fail = new Int32Array(next.length);
  const queue: number[] = [];
  for (const [ch, to] of next[0] ?? []) {
    delta[ch] = to;
    queue.push(to);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const f = fail[state] as number;
    // Start from the failure state's row (already complete: it is shallower), then the own edges.
    delta.copyWithin(state * ALPHABET, f * ALPHABET, (f + 1) * ALPHABET);
    for (const [ch, to] of next[state] ?? []) {
      fail[to] = delta[f * ALPHABET + ch] as number;
      delta[state * ALPHABET + ch] = to;
      out[to]?.push(...(out[fail[to] as number] ?? []));
      queue.push(to);
    }
  }
  return delta;
}
