import { foldName, type GivenNameKind, givenNameKind, isCommonSurname, wordRank } from './names-lexicon.ts';
import { FUNCTION_WORDS, MODALS, PARTICLES, SUFFIXES, TITLES } from './person-context.ts';

/**
 * Word tokens and "chunks" for the PERSON detector. A chunk is a run of name-shaped words on one
 * line joined by single spaces ("Donald van der Voet", "Dr. J. Smith Jr"): the unit a name is
 * looked for in. One pass over the text; lexicon look-ups are made once per token, when needed.
 */

/** 'title': "Anna", "McDonald"; 'upper': "IBAN"; 'initial': "J"; 'lower': "anna". */
type Shape = 'title' | 'upper' | 'initial' | 'lower';

/** A word. Its folded form and lexicon answers are computed on first use: most words never need them. */
export class Tok {
  readonly start: number;
  /** End of the word, without a possessive "'s". */
  readonly end: number;
  readonly text: string;
  readonly shape: Shape;
  readonly possessive: boolean;
  /** Digits touch it: "Cas9", "Rad3", "Tim-1" are genes and models, not names. */
  readonly glued: boolean;
  private readonly ascii: boolean;
  private folded: string | undefined = undefined;
  private kindCache: GivenNameKind | null | undefined = undefined;
  private rankCache: number | undefined = undefined;

  constructor(text: string, start: number, ascii: boolean, possessive: boolean, glued = false) {
    this.start = start;
    this.end = start + text.length;
    this.text = text;
    this.shape = shapeOf(text, ascii);
    this.possessive = possessive;
    this.glued = glued;
    this.ascii = ascii;
  }

  /** Lower case without diacritics (foldName). */
  get fold(): string {
    this.folded ??= this.ascii ? this.text.toLowerCase() : foldName(this.text);
    return this.folded;
  }

  /**
   * "I'm", "they've", "don't", a word touching digits ("Cas9"), or capitals inside a word that are
   * not a name's ("ChatGPT", "YouTube", "HeLa", "IgA"; but "McDonald", "LaToya", "MaryAnn"): never a name.
   */
  get notName(): boolean {
    const t = this.text;
    if (this.glued) return true;
    if (this.shape === 'title' && INNER_CAPITAL.test(t) && !camelName(t)) return true;
    return (t.includes("'") || t.includes('’')) && CONTRACTION.test(t);
  }

  /** The given-name kind, looked up once. */
  get kind(): GivenNameKind | undefined {
    if (this.kindCache === undefined) this.kindCache = givenNameKind(this.fold) ?? null;
    return this.kindCache ?? undefined;
  }

  /**
   * Whether it is an English word, looked up once: a common one, or a less common one that is not
   * also a given name ("Browser", "Zookeeper"; not "Bailey").
   */
  get isWord(): boolean {
    return this.rank === 0 || (this.rank === 1 && this.kind === undefined);
  }

  /** A less common English word only ("Browser", "Morrow"): after "my name is" still a name. */
  get isRareWord(): boolean {
    return this.rank === 1 && this.kind === undefined;
  }

  private get rank(): number {
    this.rankCache ??= wordRank(this.fold);
    return this.rankCache;
  }
}

/** toks[i] for an index the caller knows is in range (a chunk's own tokens). */
export const tokAt = (toks: readonly Tok[], i: number): Tok => toks[i] as Tok;

export interface Chunk {
  from: number;
  to: number;
}

const CONTRACTION = /['’](?:m|ve|re|ll|d|t)$|n['’]t$/i;
const LETTER = /\p{L}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
/** A capital inside a word, not after a hyphen or apostrophe ("Anne-Lise", "O'Neil" have none). */
const INNER_CAPITAL = /[^-'’]\p{Lu}/u;
/** Prefixes of names written with an inner capital, followed by one capital and lower case. */
const NAME_CAMEL = /^(?:Mc|Mac|Fitz|Van|Von|De|Di|Da|Du|La|Le|St|Ja|Ke|Sha|Ty|Jo)\p{Lu}\p{Ll}+$/u;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** "McDonald", "DeShawn", "MaryAnn" (two given names), "PhD"; not "YouTube" or "HeLa". */
function camelName(word: string): boolean {
  if (NAME_CAMEL.test(word) || SUFFIXES.has(word.toLowerCase())) return true;
  const m = /^(\p{Lu}\p{Ll}+)(\p{Lu}\p{Ll}+)$/u.exec(word);
  if (!m) return false;
  const kind = givenNameKind(foldName(m[1] as string));
  return kind === 'name' || kind === 'rare';
}

const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isQuote = (c: number): boolean => c === 39 || c === 0x2019;
/** Apostrophes and hyphens continue a word ("O'Neil", "Anne-Lise"). */
const isJoiner = (c: number): boolean => isQuote(c) || c === 45;

/** An Arabic surname with its article or patronymic glued on: "al-Harbi", "el-Sayed", "abu-Bakr". */
const ARABIC_PREFIXED = /^(?:al|el|ad|ar|as|ash|at|az|an|bin|ben|bint|abu)-\p{Lu}\p{Ll}/u;

function shapeOf(word: string, ascii: boolean): Shape {
  const c = word.charCodeAt(0);
  if (c < 128 ? !(c >= 65 && c <= 90) : !UPPER.test(word[0] as string))
    return (c === 97 || c === 98 || c === 101) && ARABIC_PREFIXED.test(word) ? 'title' : 'lower';
  if (word.length === 1) return 'initial';
  return (ascii ? hasAsciiLower(word) : LOWER.test(word)) ? 'title' : 'upper';
}

/** LOWER.test for an ASCII word, without a regex call per word (most words are ASCII). */
function hasAsciiLower(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Words: a letter, then letters, marks, apostrophes and hyphens. A scan, no regex for ASCII. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 ? !isAsciiLetter(c) : !LETTER.test(text[i] as string)) {
      i++;
      continue;
    }
    let ascii = c < 128;
    let j = i + 1;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d < 128) {
        if (!isAsciiLetter(d) && !isJoiner(d)) break;
      } else if (isJoiner(d)) {
        ascii = false;
      } else if (LETTER_OR_MARK.test(text[j] as string)) {
        ascii = false;
      } else break;
    }
    // Trailing apostrophes and hyphens are punctuation; "Liam's" is the name Liam.
    let end = j;
    while (end > i + 1 && isJoiner(text.charCodeAt(end - 1))) end--;
    const possessive =
      end - i > 2 && isQuote(text.charCodeAt(end - 2)) && (text.charCodeAt(end - 1) | 32) === 115;
    if (possessive) end -= 2;
    while (end > i + 1 && isJoiner(text.charCodeAt(end - 1))) end--;
    const glued = isDigit(text.charCodeAt(j)) || isDigit(text.charCodeAt(i - 1));
    out.push(new Tok(text.slice(i, end), i, ascii, possessive, glued));
    i = j;
  }
  return out;
}

/**
 * Whether a word can be part of a name: capitalised, or in all-lowercase text any word that is not
 * a function word or an English word ("reynolds number": "number" is not). A less common word or a
 * common surname can continue a lower-case name ("jillian capon", "john smith") but not start one
 * ("author generalizes").
 */
function nameShaped(tok: Tok, lowercase: boolean, continues = false): boolean {
  if (!lowercase) return tok.shape !== 'lower' && !tok.notName;
  if (FUNCTION_WORDS.has(tok.fold) || tok.notName) return false;
  // A common surname continues one even when it is also a word: "john smith", "anna baker".
  return continues ? !tok.isWord || tok.isRareWord || isCommonSurname(tok.fold) : !tok.isWord;
}

/** Whether `tok` can continue a chunk whose previous token is `prev`, given the gap between them. */
function joins(prev: Tok, tok: Tok, gap: string, first: Tok, lowercase: boolean): boolean {
  const abbreviation = prev.text.length === 1 || TITLES.has(prev.fold) || SUFFIXES.has(prev.fold);
  if (!(gap === ' ' || (gap === '. ' && abbreviation))) return false;
  if (!nameShaped(tok, lowercase, true)) return false;
  // In lower-case text a stray letter or another script ("schiavone ג") does not continue a name.
  if (lowercase) return tok.text.length > 1 && /^\p{Script=Latin}/u.test(tok.text);
  // A capitalised function word ends a name: "Maria Garcia And Wei Zhang" are two ("Anna May" is one).
  if (FUNCTION_WORDS.has(tok.fold) && !MODALS.has(tok.fold) && !PARTICLES.has(tok.fold)) return false;
  // Capitals after a capitalised word ("My IBAN") are an acronym, not a surname, unless a suffix.
  if (tok.shape === 'upper' && first.shape !== 'upper' && !SUFFIXES.has(tok.fold)) return false;
  if (first.shape === 'upper' && tok.shape === 'title') return false;
  return true;
}

/** "van der" joins a chunk only when a name-shaped word follows the particles; returns that word's index. */
function afterParticles(text: string, toks: Tok[], j: number, lowercase: boolean): number {
  let k = j;
  while (k < toks.length && PARTICLES.has((toks[k] as Tok).fold) && (toks[k] as Tok).shape === 'lower') k++;
  const next = toks[k];
  if (!next || !nameShaped(next, lowercase) || text.slice((toks[k - 1] as Tok).end, next.start) !== ' ')
    return -1;
  return k;
}

const PRONOUN_I_AFTER = /^(?:[ \t]+\p{Ll}|['’]\p{Ll})/u;

/** Chunks of name-shaped words (see nameShaped). */
export function chunks(text: string, toks: Tok[], lowercase: boolean): Chunk[] {
  const out: Chunk[] = [];
  let i = 0;
  while (i < toks.length) {
    const first = toks[i] as Tok;
    if (!nameShaped(first, lowercase)) {
      i++;
      continue;
    }
    let to = i;
    for (let j = i + 1; j < toks.length; j++) {
      const prev = toks[j - 1] as Tok;
      const tok = toks[j] as Tok;
      const gap = text.slice(prev.end, tok.start);
      if (prev.possessive) break;
      if (PARTICLES.has(tok.fold) && tok.shape === 'lower' && gap === ' ') {
        const k = afterParticles(text, toks, j, lowercase);
        if (k < 0) break;
        j = k;
        to = k;
        continue;
      }
      if (!joins(prev, tok, gap, first, lowercase)) break;
      // "Tell Fatima I said hi": the pronoun, not a regnal number.
      if (tok.text === 'I' && PRONOUN_I_AFTER.test(text.slice(tok.end, tok.end + 3))) break;
      to = j;
    }
    out.push({ from: i, to });
    i = to + 1;
  }
  return out;
}
