import { type NormalizedText, toOriginalSpan } from '../../normalize/index.ts';
import { builtinLexicon, type LexiconHit } from './lexicon.ts';
import { classifyWord, type WordKind } from './profanity-words.ts';

/** A word of normalised text (offsets into it), numbered by clause and sentence. */
export interface Token {
  word: string;
  start: number;
  end: number;
  /** Punctuation breaks (commas, brackets, sentence ends) before it. */
  clause: number;
  /** Sentence ends before it. */
  sentence: number;
  /** The expletive it stands for ('fuck' for "f*cking"), when it is one. */
  expletive?: string;
}

export interface ProfanityScan {
  tokens: Token[];
  /** Offensive words the lexicon missed or filed as profanity though they are not expletives. */
  hits: LexiconHit[];
}

// Mask characters stay inside words ("f*ck", "n****r"); sentence ends and other punctuation
// break clauses; a dot inside a word ("node.js") breaks nothing.
const TOKEN = /([\p{L}\p{N}'’*#@$]+)|([.!?]+(?=\s|$)|\n+)|[,;:()"[\]{}]+|\s[-–—]+\s/gu;
const SCORES: Record<WordKind, number> = { profanity: 0.35, sexual: 0.35, insult: 0.55, slur: 0.9 };

/** Strips quotes and stray symbols at a word's edges; emphasis stars ("*this*") too, not a mask's ("f***"). */
function trimWord(raw: string): { word: string; lead: number } {
  const body = raw.replace(/^[*'’#@$]+/, '');
  const lead = raw.length - body.length;
  const word = (raw.startsWith('*') ? body.replace(/[*'’#@$]+$/, '') : body.replace(/['’#@$]+$/, '')).replace(
    /’/g,
    "'",
  );
  return { word, lead };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let sentence = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] === undefined) {
      clause++;
      if (m[2] !== undefined) sentence++;
      continue;
    }
    const { word, lead } = trimWord(m[1]);
    if (!/\p{L}/u.test(word)) continue;
    const start = m.index + lead;
    tokens.push({ word, start, end: start + word.length, clause, sentence });
  }
  return tokens;
}

const WH = new Set(['what', 'why', 'how', 'who', 'where', 'when']);

/**
 * "hell" is an expletive in idioms ("what the hell", "hell no", "cold as hell", "go to hell"), not
 * as a place ("Dante's hell", "the hell of the gluttons").
 */
function hellIdiom(tokens: readonly Token[], i: number): boolean {
  const at = (k: number): string => (tokens[k]?.clause === tokens[i]!.clause ? tokens[k]!.word : '');
  return (
    (at(i - 1) === 'the' && WH.has(at(i - 2))) ||
    at(i - 1) === 'as' ||
    at(i - 1) === 'like' ||
    ((at(i - 1) === 'to' || at(i - 1) === 'the') && at(i + 1) === 'with') ||
    (at(i - 1) === 'to' && at(i - 2) === 'go') ||
    ['no', 'yes', 'yeah'].includes(at(i + 1))
  );
}

/** Words before a clause-opening curse: "oh screw this", "go screw yourself". */
const BEFORE_CURSE = new Set('and oh ah ugh well so just go man honestly seriously say'.split(' '));
/** What a curse's "screw" takes: "screw you", "screw this", "screw the rules", "screw my boss". */
const CURSE_OBJECT = new Set(
  "you u ya yall y'all yourself urself yourselves them him her 'em em it this that these those the all my your ur his their our everyone everybody".split(
    ' ',
  ),
);
/** Particles of the hardware verb: "screw the lid on", "screw it into the wall", "screw up". */
const SCREW_PARTICLES = new Set(
  'in into on onto down tight tightly back together through to up over loose firmly securely clockwise counterclockwise anticlockwise'.split(
    ' ',
  ),
);

/**
 * "screw" as a curse ("screw you", "screw this config", "screw Windows updates", "screw off"): it
 * opens its clause, takes a person, a pronoun, a determiner or a capitalised name, and no particle
 * of the hardware verb follows in the clause ("screw the lid on tight", "screw it into the wall",
 * "screw up the build", "they will screw you over" are not curses). `capitalised` says whether
 * the next word is shown with a capital.
 */
function screwCurse(tokens: readonly Token[], i: number, capitalised: boolean): boolean {
  const [prev, next] = [tokens[i - 1], tokens[i + 1]];
  if (prev !== undefined && prev.clause === tokens[i]!.clause && !BEFORE_CURSE.has(prev.word)) return false;
  if (next === undefined || next.clause !== tokens[i]!.clause) return false;
  if (next.word === 'off') return true;
  if (!CURSE_OBJECT.has(next.word) && !capitalised) return false;
  for (let k = i + 1; k <= i + 8 && tokens[k]?.clause === tokens[i]!.clause; k++) {
    if (SCREW_PARTICLES.has(tokens[k]!.word)) return false;
  }
  return true;
}

/** A lexicon slur written as two words ("towel heads", "rag-head"). */
function splitSlur(tokens: readonly Token[], i: number): boolean {
  const [a, b] = [tokens[i]!, tokens[i + 1]];
  return (
    b !== undefined &&
    a.clause === b.clause &&
    builtinLexicon().byWord.get(a.word + b.word)?.category === 'slur'
  );
}

/**
 * Tokens of the normalised text with expletives marked, and lexicon-style hits for offensive
 * words the lexicon does not cover as such: masked, stretched or split spellings (category by
 * what they stand for), profane words for people ('insult') and sexual words ('sexual'). "hell"
 * and "screw" are expletives only in their idioms; `original` (the text `normalized` came from)
 * shows which words are capitalised.
 */
export function scanProfanity(normalized: NormalizedText, original?: string): ProfanityScan {
  const tokens = tokenize(normalized.text);
  const byWord = builtinLexicon().byWord;
  const hits: LexiconHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (splitSlur(tokens, i)) {
      hits.push({
        category: 'slur',
        score: SCORES.slur,
        ...toOriginalSpan(normalized, token.start, tokens[i + 1]!.end),
      });
    }
    if (token.word === 'hell') {
      if (hellIdiom(tokens, i)) token.expletive = 'hell';
      continue;
    }
    if (token.word === 'screw') {
      const next = tokens[i + 1];
      const shown =
        next && original !== undefined ? original[normalized.offsets[next.start] ?? 0] : undefined;
      if (screwCurse(tokens, i, shown !== undefined && /\p{Lu}/u.test(shown))) token.expletive = 'screw';
      continue;
    }
    const found = classifyWord(token.word);
    if (!found) continue;
    if (found.expletive) token.expletive = found.expletive;
    const lexicon = byWord.get(token.word)?.category;
    // The lexicon already reports its own words; only new words and new categories are added.
    if (lexicon === found.kind || (lexicon !== undefined && found.kind === 'profanity')) continue;
    const span = toOriginalSpan(normalized, token.start, token.end);
    hits.push({ category: found.kind, score: SCORES[found.kind], ...span });
  }
  return { tokens, hits };
}

/**
 * Lexicon hits merged with the profanity scan's: a scan hit on the same span as a lexicon hit
 * replaces its category ("dick" is sexual, not an expletive), so no word counts twice.
 */
export function mergeHits(lexicon: readonly LexiconHit[], scan: readonly LexiconHit[]): LexiconHit[] {
  const merged = lexicon.map((hit) => ({ ...hit }));
  for (const hit of scan) {
    const same = merged.find((h) => h.start === hit.start && h.end === hit.end);
    if (same) Object.assign(same, hit);
    else merged.push(hit);
  }
  return merged;
}

/**
 * The normalised text with expletives cut out (each with the spaces after it), offsets kept, so
 * the harm patterns read "I will f*cking kill you" as the threat it is.
 */
export function cutExpletives(normalized: NormalizedText, tokens: readonly Token[]): NormalizedText {
  const keep: number[] = [];
  let text = '';
  let from = 0;
  const copy = (to: number): void => {
    text += normalized.text.slice(from, to);
    for (let k = from; k < to; k++) keep.push(normalized.offsets[k]!);
  };
  for (const token of tokens) {
    if (!token.expletive) continue;
    copy(token.start);
    from = token.end;
    while (normalized.text[from] === ' ') from++;
  }
  copy(normalized.text.length);
  keep.push(normalized.offsets[normalized.text.length]!);
  return { text, offsets: Int32Array.from(keep), smuggled: normalized.smuggled };
}

/** The text with every expletive blanked, for asking the classifier what is left. */
export function withoutExpletives(text: string, tokens: readonly Token[]): string {
  let out = '';
  let last = 0;
  for (const token of tokens) {
    if (!token.expletive) continue;
    out += `${text.slice(last, token.start)}${' '.repeat(token.end - token.start)}`;
    last = token.end;
  }
  return out + text.slice(last);
}
