import { LEET } from './char-maps.ts';

/** LEET as a char-code table: 0 = not a leet character. */
const LEET_CODE = new Uint8Array(128);
for (const [from, to] of Object.entries(LEET)) LEET_CODE[from.charCodeAt(0)] = to.charCodeAt(0);

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

function isLeet(code: number): boolean {
  return code < 128 && LEET_CODE[code] !== 0;
}

function isWordCode(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || isLeet(code);
}

/**
 * Folds leetspeak inside word-like runs ("1gn0r3" → "ignore", "pa$$word" → "password", "4ll" →
 * "all"). A run is folded only when a leet character sits between letters or leads two or more
 * letters, so numbers, versions and units ("2023", "covid19", "4k", "$5", "1+1") are left alone.
 * Length-preserving: offsets stay valid. Expects lower-cased input.
 */
export function foldLeet(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && isWordCode(text.charCodeAt(j))) j++;
    if (j - i > 1 && hasFoldableLeet(text, i, j) && !literalSymbols(text, i, j)) {
      out += text.slice(copied, i);
      for (let k = i; k < j; k++) {
        const code = text.charCodeAt(k);
        out += isLeet(code) ? String.fromCharCode(LEET_CODE[code]!) : text[k];
      }
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Symbols that are not leetspeak where they stand: the "@" of an e-mail address ("bob@evil.com", the
 * run being followed by a dot and a letter) and the "|" of a chat template token ("<|im_start|>"),
 * which injection rules read as they are.
 */
function literalSymbols(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) === 0x7c && text.charCodeAt(start - 1) === 0x3c) return true;
  if (text.charCodeAt(end - 1) === 0x7c && text.charCodeAt(end) === 0x3e) return true;
  // Searched inside the run only: indexOf would scan the rest of the text for every run.
  if (text.charCodeAt(end) !== 0x2e || !isLetter(text.charCodeAt(end + 1))) return false;
  for (let k = start + 1; k < end - 1; k++) if (text.charCodeAt(k) === 0x40) return true;
  return false;
}

/** A leet character between letters ("h3llo"), or leading leet before 2+ letters ("4ll", "1gnore"). */
function hasFoldableLeet(text: string, start: number, end: number): boolean {
  let letters = 0;
  let leetAfterLetter = false;
  let leadingLeet = false;
  let otherDigit = false;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if (isLetter(code)) {
      if (leetAfterLetter) return true;
      letters++;
    } else if (isLeet(code)) {
      if (letters > 0) leetAfterLetter = true;
      else leadingLeet = true;
    } else otherDigit = true;
  }
  return leadingLeet && !leetAfterLetter && !otherDigit && letters >= 2;
}
