/**
 * Joins words spelt out one character at a time ("i g n o r e", "i.g.n.o.r.e", "s-a-y") so
 * matchers see one word. The separator must be the same throughout a run; space-separated runs
 * need four or more characters and punctuation-separated ones three, which leaves ordinary prose
 * ("a b testing", "e.g.") alone.
 *
 * Whitespace runs are collapsed before this step, so "i g n o r e   y o u r   r u l e s" arrives
 * as one run of single letters. Where the original text had a wider gap between two letters of a
 * space-separated run than its narrowest one, the writer marked a word break there: it is kept as
 * a space ("ignore your rules"), not glued into one token no lexicon splits.
 */
const SPACED =
  /(?<![\p{L}\p{N}])[\p{L}\p{N}]([ .\-_*|/])(?:[\p{L}\p{N}]\1){1,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;

function isJoinable(run: string, separator: string): boolean {
  const letters = Math.ceil(run.length / 2);
  return separator === ' ' ? letters >= 4 : letters >= 3;
}

/** Original characters between two kept letters of a run (the letter at `k` and the next one). */
function gapAfter(offsets: Int32Array, k: number, width: number): number {
  return offsets[k + width + 1]! - offsets[k + width]!;
}

export function joinSpacedLetters(text: string, offsets: Int32Array): { text: string; offsets: Int32Array } {
  SPACED.lastIndex = 0;
  if (!SPACED.test(text)) return { text, offsets };
  SPACED.lastIndex = 0;
  const outOffsets = new Int32Array(offsets.length);
  let out = '';
  let last = 0;
  const copy = (from: number, to: number): void => {
    for (let k = from; k < to; k++) outOffsets[out.length + k - from] = offsets[k]!;
    out += text.slice(from, to);
  };
  for (const match of text.matchAll(SPACED)) {
    if (!isJoinable(match[0], match[1]!)) continue;
    copy(last, match.index);
    // Keep every other character (the letters), dropping the one-character separators; a space
    // separator wider in the original than the run's narrowest is a word break and stays.
    const end = match.index + match[0].length;
    const spaced = match[1] === ' ';
    let narrowest = Number.POSITIVE_INFINITY;
    if (spaced) {
      for (let k = match.index; k < end - 1; ) {
        const width = text.codePointAt(k)! > 0xffff ? 2 : 1;
        if (k + width < end) narrowest = Math.min(narrowest, gapAfter(offsets, k, width));
        k += width + 1;
      }
    }
    for (let k = match.index; k < end; ) {
      const width = text.codePointAt(k)! > 0xffff ? 2 : 1;
      copy(k, k + width);
      if (spaced && k + width < end && gapAfter(offsets, k, width) > narrowest)
        copy(k + width, k + width + 1);
      k += width + 1;
    }
    last = match.index + match[0].length;
  }
  copy(last, text.length);
  outOffsets[out.length] = offsets[text.length]!;
  return { text: out, offsets: outOffsets.subarray(0, out.length + 1) };
}
