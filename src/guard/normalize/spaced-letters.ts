/**
 * Joins words spelt out one character at a time ("i g n o r e", "i.g.n.o.r.e", "s-a-y") so
 * matchers see one word. The separator must be the same throughout a run; space-separated runs
 * need four or more characters and punctuation-separated ones three, which leaves ordinary prose
 * ("a b testing", "e.g.") alone.
 */
const SPACED =
  /(?<![\p{L}\p{N}])[\p{L}\p{N}]([ .\-_*|/])(?:[\p{L}\p{N}]\1){1,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;

function isJoinable(run: string, separator: string): boolean {
  const letters = Math.ceil(run.length / 2);
  return separator === ' ' ? letters >= 4 : letters >= 3;
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
    // Keep every other character (the letters), dropping the one-character separators.
    const end = match.index + match[0].length;
    for (let k = match.index; k < end; ) {
      const width = text.codePointAt(k)! > 0xffff ? 2 : 1;
      copy(k, k + width);
      k += width + 1;
    }
    last = match.index + match[0].length;
  }
  copy(last, text.length);
  outOffsets[out.length] = offsets[text.length]!;
  return { text: out, offsets: outOffsets.subarray(0, out.length + 1) };
}
