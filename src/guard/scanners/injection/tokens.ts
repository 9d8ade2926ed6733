import { isWordCharCode } from '../../normalize/index.ts';

/** A word of the normalised text, with its [start, end) offsets in that text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Apostrophes inside a word are dropped ("don't" → "dont"), as the lexicon spells them. */
function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019 || code === 0x60;
}

/** Splits normalised text into word tokens. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isWordCharCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let word = '';
    let runStart = i;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (isWordCharCode(code)) {
        i++;
        continue;
      }
      if (isApostrophe(code) && i + 1 < text.length && isWordCharCode(text.charCodeAt(i + 1))) {
        word += text.slice(runStart, i);
        runStart = ++i;
        continue;
      }
      break;
    }
    word += text.slice(runStart, i);
    tokens.push({ text: word, start, end: i });
  }
  return tokens;
}

/** Joiners attackers put inside a word to break matching: "ign.ore", "ig-nore", "ig_nore". */
export function isJoiner(char: string | undefined): boolean {
  return char === '.' || char === '-' || char === '_' || char === '*' || char === '|' || char === '~';
}
