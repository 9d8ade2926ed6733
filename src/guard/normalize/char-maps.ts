/**
 * Character tables for detection-time normalisation. Only what NFKC does not already fold:
 * invisible/format characters, cross-script look-alikes (Cyrillic, Greek, IPA small capitals) and
 * leetspeak digits/symbols. Tables are small and explicit so a reviewer can see every mapping.
 */

/** True for characters that render as nothing (or only steer layout) and are used to split words. */
export function isInvisible(cp: number): boolean {
  if (cp < 0xad) return false;
  return (
    cp === 0xad || // soft hyphen
    cp === 0x34f || // combining grapheme joiner
    cp === 0x61c || // Arabic letter mark
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) || // Mongolian variation selectors / vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM/RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings/overrides
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, bidi isolates (2066..2069)
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff) // tags + variation selectors supplement
  );
}

/** Unicode "tag" characters U+E0020..U+E007E mirror printable ASCII and are used to smuggle text. */
export function tagToAscii(cp: number): string | undefined {
  return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : undefined;
}

/**
 * Look-alikes → Latin. Applied after NFKC and before lower-casing, so both cases are listed where
 * the lower-case form alone would not look Latin (Cyrillic В/в, Н/н, Т/т).
 */
const HOMOGLYPH_PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ['А', 'A'],
  ['В', 'B'],
  ['С', 'C'],
  ['Е', 'E'],
  ['Н', 'H'],
  ['І', 'I'],
  ['Ј', 'J'],
  ['К', 'K'],
  ['М', 'M'],
  ['О', 'O'],
  ['Р', 'P'],
  ['Ѕ', 'S'],
  ['Т', 'T'],
  ['Х', 'X'],
  ['У', 'Y'],
  ['Ү', 'Y'],
  ['Ԁ', 'D'],
  ['Ԛ', 'Q'],
  ['Ԝ', 'W'],
  ['а', 'a'],
  ['с', 'c'],
  ['ԁ', 'd'],
  ['е', 'e'],
  ['ё', 'e'],
  ['һ', 'h'],
  ['і', 'i'],
  ['ї', 'i'],
  ['ј', 'j'],
  ['о', 'o'],
  ['р', 'p'],
  ['ԛ', 'q'],
  ['ѕ', 's'],
  ['у', 'y'],
  ['ԝ', 'w'],
  ['х', 'x'],
  ['ү', 'y'],
  // Greek
  ['Α', 'A'],
  ['Β', 'B'],
  ['Ε', 'E'],
  ['Ζ', 'Z'],
  ['Η', 'H'],
  ['Ι', 'I'],
  ['Κ', 'K'],
  ['Μ', 'M'],
  ['Ν', 'N'],
  ['Ο', 'O'],
  ['Ρ', 'P'],
  ['Τ', 'T'],
  ['Υ', 'Y'],
  ['Χ', 'X'],
  ['α', 'a'],
  ['ι', 'i'],
  ['κ', 'k'],
  ['ν', 'v'],
  ['ο', 'o'],
  ['ρ', 'p'],
  ['τ', 't'],
  ['υ', 'u'],
  ['χ', 'x'],
  // Latin look-alikes that NFKC keeps: dotless i, script g, small capitals, Latin alpha
  ['ı', 'i'],
  ['ɡ', 'g'],
  ['ɑ', 'a'],
  ['ɩ', 'i'],
  ['ᴀ', 'a'],
  ['ʙ', 'b'],
  ['ᴄ', 'c'],
  ['ᴅ', 'd'],
  ['ᴇ', 'e'],
  ['ɢ', 'g'],
  ['ʜ', 'h'],
  ['ɪ', 'i'],
  ['ᴊ', 'j'],
  ['ᴋ', 'k'],
  ['ʟ', 'l'],
  ['ᴍ', 'm'],
  ['ɴ', 'n'],
  ['ᴏ', 'o'],
  ['ᴘ', 'p'],
  ['ʀ', 'r'],
  ['ꜱ', 's'],
  ['ᴛ', 't'],
  ['ᴜ', 'u'],
  ['ᴠ', 'v'],
  ['ᴡ', 'w'],
  ['ʏ', 'y'],
  ['ᴢ', 'z'],
];

export const HOMOGLYPHS: ReadonlyMap<number, string> = new Map(
  HOMOGLYPH_PAIRS.map(([from, to]) => [from.codePointAt(0)!, to]),
);

/** Leetspeak → letter, applied only inside word-like tokens (see fold-leet.ts). */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};
