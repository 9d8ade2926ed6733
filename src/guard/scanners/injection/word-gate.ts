/**
 * Word gates for regex rules: a rule names words every match of it contains, and its regex is
 * only run when the text has one of them. Words are maximal runs of ASCII word characters, the
 * units `\b` delimits, so a gate word matches exactly where the pattern's `\b…\b` would.
 */
const isWordCode = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;

/**
 * The gates' words, numbered, found by a hash of each run computed during the scan and checked
 * against the text in place: nothing is sliced or allocated per word (this runs on every input).
 */
export class GateWords {
  readonly ids = new Map<string, number>();
  private readonly byHash = new Map<number, number[]>();
  private readonly list: string[] = [];
  private readonly maxLength: number;
  private readonly seen: Uint8Array;

  constructor(words: Iterable<string>) {
    for (const word of words) {
      if (this.ids.has(word)) continue;
      const id = this.list.push(word) - 1;
      this.ids.set(word, id);
      const h = hashOf(word, 0, word.length);
      this.byHash.set(h, [...(this.byHash.get(h) ?? []), id]);
    }
    this.maxLength = Math.max(...this.list.map((w) => w.length));
    this.seen = new Uint8Array(this.list.length);
  }

  /** seen[id] is 1 for each gate word that is a whole run of `text`. Reused between calls. */
  find(text: string): Uint8Array {
    const seen = this.seen;
    seen.fill(0);
    for (let i = 0; i < text.length; ) {
      if (!isWordCode(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      let h = 0;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (!isWordCode(c)) break;
        h = (Math.imul(h, 31) + c) | 0;
      }
      if (i - start > this.maxLength) continue;
      const ids = this.byHash.get(h);
      if (!ids) continue;
      for (const id of ids) {
        const word = this.list[id] as string;
        if (word.length === i - start && text.startsWith(word, start)) seen[id] = 1;
      }
    }
    return seen;
  }
}

function hashOf(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
