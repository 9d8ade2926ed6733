import type { Tok } from './person-tokens.ts';

/**
 * Lines in title case ("Vascular Calcification Is Induced by Bone Morphogenetic Protein-2",
 * "Senior Product Manager, Acme Corporation"): there capitals say nothing about names, so the
 * PERSON detector asks for more than a capitalised run. A line is in title case when at least three
 * of its plain English words (four letters or more, not given names) are capitalised and they
 * outnumber the lower-case words of four letters or more. Asked in text order, as the detector does, each line and each
 * token is looked at once.
 */
export class TitleCaseLines {
  private readonly text: string;
  private readonly toks: readonly Tok[];
  private start = 0;
  private end = -1;
  private titleCase = false;

  constructor(text: string, toks: readonly Tok[]) {
    this.text = text;
    this.toks = toks;
  }

  /** Whether the line holding token `k` is in title case. */
  has(k: number): boolean {
    const at = (this.toks[k] as Tok).start;
    if (at >= this.start && at < this.end) return this.titleCase;
    this.start = this.text.lastIndexOf('\n', at - 1) + 1;
    const end = this.text.indexOf('\n', at);
    this.end = end < 0 ? this.text.length : end;
    let first = k;
    while (first > 0 && (this.toks[first - 1] as Tok).start >= this.start) first--;
    let capitalised = 0;
    let lower = 0;
    for (let j = first; j < this.toks.length && (this.toks[j] as Tok).start < this.end; j++) {
      const tok = this.toks[j] as Tok;
      if (tok.text.length < 4) continue;
      // Lower-case words are counted without a look-up: nearly all of them are English words.
      if (tok.shape === 'lower') lower++;
      else if (tok.shape === 'title' && tok.isWord && tok.kind === undefined) capitalised++;
    }
    this.titleCase = capitalised >= 3 && capitalised > lower;
    return this.titleCase;
  }
}
