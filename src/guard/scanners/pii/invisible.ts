/**
 * Removes invisible format characters (zero-width spaces/joiners, bidi controls, soft hyphens, BOM)
 * that attackers insert inside an email or a key to slip past pattern matching, and keeps a map
 * back to the original offsets so spans and redactions still land on the caller's text.
 */

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'g');

export interface StrippedText {
  text: string;
  /** Maps an offset in `text` to the matching offset in the original (identity when nothing was removed). */
  toOriginal(offset: number): number;
}

const identity = (offset: number): number => offset;

export function stripInvisible(original: string): StrippedText {
  if (!INVISIBLE.test(original)) return { text: original, toOriginal: identity };
  const kept: number[] = [];
  let out = '';
  let last = 0;
  INVISIBLE_G.lastIndex = 0;
  for (let m = INVISIBLE_G.exec(original); m; m = INVISIBLE_G.exec(original)) {
    for (let i = last; i < m.index; i++) kept.push(i);
    out += original.slice(last, m.index);
    last = m.index + m[0].length;
  }
  for (let i = last; i < original.length; i++) kept.push(i);
  out += original.slice(last);
  const positions = Int32Array.from(kept);
  return {
    text: out,
    toOriginal(offset: number): number {
      if (offset >= positions.length) return original.length;
      return positions[offset] ?? original.length;
    },
  };
}

/** Maps a [start, end) span of the stripped text back to the original text. */
export function mapSpan(stripped: StrippedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) return { start: stripped.toOriginal(start), end: stripped.toOriginal(start) };
  return { start: stripped.toOriginal(start), end: stripped.toOriginal(end - 1) + 1 };
}
