/**
 * Aho–Corasick automaton over lower-cased keywords: one pass over the text tells which keywords
 * occur, so a rule's (comparatively expensive) regex runs only when one of its keywords is present.
 */
export class KeywordIndex {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  readonly keywords: readonly string[];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    keywords.forEach((kw, id) => {
      let state = 0;
      for (let i = 0; i < kw.length; i++) {
        const ch = kw.charCodeAt(i);
        let to = this.next[state]?.get(ch);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[state]?.set(ch, to);
        }
        state = to;
      }
      this.out[state]?.push(id);
    });
    this.buildFailureLinks();
  }

  private buildFailureLinks(): void {
    const queue: number[] = [...(this.next[0]?.values() ?? [])];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      for (const [ch, to] of this.next[state] ?? []) {
        queue.push(to);
        let f = this.fail[state] as number;
        while (f !== 0 && !this.next[f]?.has(ch)) f = this.fail[f] as number;
        const target = this.next[f]?.get(ch);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        this.out[to]?.push(...(this.out[this.fail[to] as number] ?? []));
      }
    }
  }

  /** Ids of the keywords found in `lowerText` (which the caller has lower-cased). */
  find(lowerText: string): Set<number> {
    const found = new Set<number>();
    let state = 0;
    for (let i = 0; i < lowerText.length; i++) {
      const ch = lowerText.charCodeAt(i);
      while (state !== 0 && !this.next[state]?.has(ch)) state = this.fail[state] as number;
      state = this.next[state]?.get(ch) ?? 0;
      const hits = this.out[state];
      if (hits && hits.length > 0) for (const id of hits) found.add(id);
    }
    return found;
  }
}
