/**
 * Whether a UTF-16 code unit of normalised (lower-cased) text belongs to a word: ASCII letters and
 * digits, and any non-ASCII character except general/CJK punctuation and a few quote and dot
 * marks. The classifier's word features and the injection lexicon split words the same way.
 */
export function isWordCharCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  return !(
    (code >= 0x2000 && code <= 0x206f) ||
    (code >= 0x3000 && code <= 0x303f) ||
    code === 0xab ||
    code === 0xbb ||
    code === 0xbf ||
    code === 0xa1 ||
    code === 0xb7
  );
}
