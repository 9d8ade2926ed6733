import { HOMOGLYPHS, isInvisible, tagToAscii } from './char-maps.ts';
import { foldLeet } from './fold-leet.ts';
import { joinSpacedLetters } from './spaced-letters.ts';

/**
 * Detection-time normalisation. The result is only ever scanned, never sent upstream: it folds
 * away the tricks used to hide instructions from naive matchers (compatibility forms, invisible
 * characters, look-alike letters, diacritics, leetspeak, spaced-out letters, odd whitespace).
 */
export interface NormalizedText {
  /** The folded, lower-cased text. */
  readonly text: string;
  /**
   * offsets[i] is the index in the original string that produced text[i];
   * offsets[text.length] is the original length. Used to report spans on the original text.
   */
  readonly offsets: Int32Array;
  /** ASCII hidden in Unicode tag characters (U+E0020..E007E), if any: a payload to scan too. */
  readonly smuggled: string;
}

const CACHE_LIMIT = 8192;
const foldCache = new Map<number, string>();

/** NFKC, look-alike folding, lower-casing and Latin diacritic stripping for one code point. */
function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out = '';
  for (const ch of String.fromCodePoint(cp).normalize('NFKC')) {
    const mapped = HOMOGLYPHS.get(ch.codePointAt(0)!) ?? ch;
    // NFKD + dropping U+0300..U+036F turns "ïgnörë" into "ignore"; other scripts' marks are kept.
    const stripped = mapped
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '');
    for (const c of stripped) out += HOMOGLYPHS.get(c.codePointAt(0)!) ?? c;
  }
  if (foldCache.size < CACHE_LIMIT) foldCache.set(cp, out);
  return out;
}

function isSpaceCodePoint(cp: number): boolean {
  return (
    cp === 0x20 ||
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Accumulates output pieces with, for every output code unit, the input offset it came from. */
class Builder {
  parts: string[] = [];
  offsets: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
  }
  private ensure(extra: number): void {
    const need = this.length + extra + 1;
    if (need <= this.offsets.length) return;
    const grown = new Int32Array(Math.max(need, this.offsets.length * 2));
    grown.set(this.offsets);
    this.offsets = grown;
  }
  /** A piece produced by one input character: every unit points at that character. */
  push(piece: string, origin: number): void {
    this.ensure(piece.length);
    for (let k = 0; k < piece.length; k++) this.offsets[this.length + k] = origin;
    this.parts.push(piece);
    this.length += piece.length;
  }
  /** A run copied verbatim: offsets advance one by one from `origin`. */
  pushRun(run: string, origin: number): void {
    this.ensure(run.length);
    for (let k = 0; k < run.length; k++) this.offsets[this.length + k] = origin + k;
    this.parts.push(run);
    this.length += run.length;
  }
}

function isPlainAscii(cp: number): boolean {
  return cp > 0x20 && cp < 0x7f;
}

/** Character-level folding and whitespace collapsing (runs → one space, or one newline). */
function foldCharacters(input: string): { text: string; offsets: Int32Array; smuggled: string } {
  const out = new Builder(input.length);
  let smuggled = '';
  let pendingSpace = '';
  let pendingAt = 0;
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    if (isPlainAscii(cp)) {
      // Copy a whole run of printable ASCII at once: the common case, and the fast one. A single
      // space between two printable characters needs no collapsing, so it stays in the run.
      let j = i + 1;
      for (; j < input.length; j++) {
        const c = input.charCodeAt(j);
        if (isPlainAscii(c)) continue;
        if (c !== 0x20 || !isPlainAscii(input.charCodeAt(j + 1))) break;
        j++;
      }
      if (pendingSpace !== '' && out.length > 0) out.push(pendingSpace, pendingAt);
      pendingSpace = '';
      out.pushRun(input.slice(i, j), i);
      i = j;
      continue;
    }
    const width = cp > 0xffff ? 2 : 1;
    if (isSpaceCodePoint(cp)) {
      if (pendingSpace === '') pendingAt = i;
      if (pendingSpace !== '\n') pendingSpace = cp === 0x0a || cp === 0x0d || cp === 0x2028 ? '\n' : ' ';
    } else if (isInvisible(cp)) {
      smuggled += tagToAscii(cp) ?? '';
    } else {
      const piece = cp < 0x80 ? input[i]! : foldCodePoint(cp);
      if (piece !== '') {
        if (pendingSpace !== '' && out.length > 0) out.push(pendingSpace, pendingAt);
        pendingSpace = '';
        out.push(piece, i);
      }
    }
    i += width;
  }
  out.offsets[out.length] = input.length;
  // Folded pieces are already lower-case, so this only lower-cases the ASCII runs.
  return {
    text: out.parts.join('').toLowerCase(),
    offsets: out.offsets.subarray(0, out.length + 1),
    smuggled,
  };
}

/** Normalises `input` for detection. Linear in the input; see the module comment for the steps. */
export function normalizeForDetection(input: string): NormalizedText {
  const folded = foldCharacters(input);
  const leet = foldLeet(folded.text);
  const joined = joinSpacedLetters(leet, folded.offsets);
  return { text: joined.text, offsets: joined.offsets, smuggled: folded.smuggled };
}

/** Maps a [start, end) span of the normalised text back to the original string. */
export function toOriginalSpan(
  normalized: NormalizedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const { offsets, text } = normalized;
  const s = offsets[Math.max(0, Math.min(start, text.length))]!;
  const e = offsets[Math.max(0, Math.min(end, text.length))]!;
  return { start: s, end: Math.max(s, e) };
}
