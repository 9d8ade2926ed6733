import { lookupWord } from './fuzzy-match.ts';
import type { LexiconEntry, WordClass } from './lexicon.ts';
import { segmentGlued } from './segment.ts';
import { isJoiner, type Token } from './tokens.ts';

/** What separates a word from the one before it: nothing but spaces, a comma-like pause, or a sentence end. */
export type Pause = 'none' | 'clause' | 'sentence';

/** A word of the normalised text with its lexicon entry (typoglycemia-tolerant), if any. */
export interface Word {
  /** The word as written (normalised), or the lexicon word for a part of a glued token. */
  text: string;
  start: number;
  end: number;
  entry: LexiconEntry | undefined;
  pause: Pause;
}

export function has(word: Word | undefined, cls: WordClass): boolean {
  return word?.entry?.classes.has(cls) ?? false;
}

/** Runs once per word, so a char-code loop rather than a slice and two regexes (~7 % of a scan). */
function pauseBetween(text: string, from: number, to: number): Pause {
  let clause = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? ; and newline end a sentence.
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return 'sentence';
    if (!clause && !isSpace(c)) clause = true;
  }
  return clause ? 'clause' : 'none';
}

/** `\s` as regexes see it, for the characters a normalised text can hold. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x3000 ||
    c === 0x1680 ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Tokens with their lexicon entries; "ign.ore" style splits are re-joined when that forms a word. */
export function resolveWords(tokens: readonly Token[], text: string): Word[] {
  const words: Word[] = [];
  let previousEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const pause = pauseBetween(text, previousEnd, token.start);
    const entry = lookupWord(token.text);
    const next = tokens[i + 1];
    if (!entry && next && next.start === token.end + 1 && isJoiner(text[token.end])) {
      const joined = lookupWord(token.text + next.text);
      if (joined) {
        words.push({ text: token.text + next.text, start: token.start, end: next.end, entry: joined, pause });
        previousEnd = next.end;
        i++;
        continue;
      }
    }
    const parts = entry ? undefined : segmentGlued(token.text);
    if (parts) {
      parts.forEach((part, k) => {
        const at = k === 0 ? pause : 'none';
        words.push({ text: part?.word ?? '', start: token.start, end: token.end, entry: part, pause: at });
      });
    } else {
      words.push({ text: token.text, start: token.start, end: token.end, entry, pause });
    }
    previousEnd = token.end;
  }
  return words;
}
