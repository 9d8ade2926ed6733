import { readFileSync } from 'node:fs';

/**
 * Word lists for the PERSON detector, built by scripts/build-name-lists.ts from independent sources
 * (data/pii/NAMES.md): ~62k given names, the 100 most common US surnames, ~70k English words
 * (~38k common, the rest marked less common), and the first two words of multi-word country names. Each file is loaded on first use and kept as its own text plus an index of line starts,
 * binary-searched: about 2 MB in all, where Sets of the same words would take several times that.
 */

/**
 * 'name': a popular given name; 'rare': a given name outside the popular lists (trusted when
 * capitalised, not in all-lowercase text); 'word': an established given name that is also a less
 * frequent word ("Jack", "Grace"), a name when capitalised mid-sentence; 'ambiguous': also a
 * frequent word ("Will", "Mark"); 'place': also a place, language, month, planet or brand
 * ("Georgia", "April", "Tesla"); 'city': a popular name that is also a city ("Sydney", "Paris").
 * The last three need a surname or context.
 */
export type GivenNameKind = 'name' | 'rare' | 'word' | 'ambiguous' | 'place' | 'city';

const NON_ASCII = /[^\x20-\x7e]/;
const MARKS = /\p{M}+/gu;

/** Latin letters that do not decompose into a base letter and a mark. */
const STROKED: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const STROKED_RE = /[øæœßłđðþıħ’]/g;

/**
 * Cyrillic and Greek letters in Latin (BGN/PCGN-style, lower case), so names in those scripts meet
 * the Latin name lists: "Иван" → "ivan", "Мария" → "mariya", "Γιώργος" → "giorgos".
 */
const TRANSLIT: Record<string, string> = Object.fromEntries(
  [
    ...'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:yi є:ye ґ:g ў:u'.split(
      ' ',
    ),
    ...'α:a β:v γ:g δ:d ε:e ζ:z η:i θ:th ι:i κ:k λ:l μ:m ν:n ξ:x ο:o π:p ρ:r σ:s ς:s τ:t υ:y φ:f χ:ch ψ:ps ω:o'.split(
      ' ',
    ),
  ].map((pair) => pair.split(':') as [string, string]),
);
/** Greek and Coptic, Cyrillic. */
const TRANSLIT_SCRIPTS = '[\\u0370-\\u03ff\\u0400-\\u04ff]';
const TRANSLIT_RE = new RegExp(TRANSLIT_SCRIPTS, 'g');
const HAS_TRANSLIT = new RegExp(TRANSLIT_SCRIPTS);

/** Whether foldName transliterates part of `word` (Cyrillic or Greek). */
export const isTransliterated = (word: string): boolean => HAS_TRANSLIT.test(word);

/**
 * Lower case without diacritics: "Kateřina" → "katerina", "Søren" → "soren", "Þór" → "thor";
 * Cyrillic and Greek are transliterated ("Иван" → "ivan").
 */
export function foldName(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(STROKED_RE, (ch) => (ch === '’' ? "'" : (STROKED[ch] as string)))
    .replace(TRANSLIT_RE, (ch) => TRANSLIT[ch] ?? ch);
}

const NEWLINE = 10;
const MEMO_LIMIT = 4096;

/** A sorted word list (one word a line, an optional one-character mark before it) searched in place. */
class WordTable {
  private readonly text: string;
  /** Offset of each word (after its mark). */
  private readonly starts: Uint32Array;
  /** The mark before each word, or 0. */
  readonly marks: Uint8Array;
  /** Length of the longest word: a longer one is not searched, nor kept in the memo. */
  private readonly longest: number;

  constructor(file: string, markChars = '') {
    this.text = readFileSync(new URL(`../../../../data/pii/${file}`, import.meta.url), 'utf8').replace(
      /\r/g,
      '',
    );
    const starts: number[] = [];
    const marks: number[] = [];
    let longest = 0;
    for (let at = 0; at < this.text.length; ) {
      let next = this.text.indexOf('\n', at);
      if (next < 0) next = this.text.length;
      const first = this.text[at];
      if (next > at && first !== '#') {
        const marked = first !== undefined && markChars.includes(first);
        starts.push(marked ? at + 1 : at);
        marks.push(marked ? this.text.charCodeAt(at) : 0);
        longest = Math.max(longest, next - (marked ? at + 1 : at));
      }
      at = next + 1;
    }
    this.starts = Uint32Array.from(starts);
    this.marks = Uint8Array.from(marks);
    this.longest = longest;
  }

  /** Recent answers: prompts repeat their capitalised words, and a Map hit beats a binary search. */
  private readonly memo = new Map<string, number>();

  /** Index of `word`, or -1. */
  indexOf(word: string): number {
    // A 100 KB "word" in a prompt must not be held by the memo after the request.
    if (word.length > this.longest) return -1;
    const known = this.memo.get(word);
    if (known !== undefined) return known;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    const index = this.search(word);
    this.memo.set(word, index);
    return index;
  }

  /** Binary search; the file is sorted by UTF-16 code units, as `<` compares. */
  private search(word: string): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.compare(word, this.starts[mid] as number);
      if (cmp === 0) return mid;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  private compare(word: string, start: number): number {
    for (let k = 0; ; k++) {
      const a = k < word.length ? word.charCodeAt(k) : -1;
      const c = start + k < this.text.length ? this.text.charCodeAt(start + k) : NEWLINE;
      const b = c === NEWLINE ? -1 : c;
      if (a !== b) return a - b;
      if (a === -1) return 0;
    }
  }
}

let givenNames: WordTable | undefined;
let commonWords: WordTable | undefined;
let surnames: WordTable | undefined;
let placePairs: WordTable | undefined;

const KIND_BY_MARK = new Map<number, GivenNameKind>([
  ['?'.charCodeAt(0), 'ambiguous'],
  ['^'.charCodeAt(0), 'place'],
  ['*'.charCodeAt(0), 'word'],
  ['~'.charCodeAt(0), 'rare'],
  ['@'.charCodeAt(0), 'city'],
]);

/**
 * Kinds the built list gets wrong for prompts, where abbreviations no word list has are words:
 * "max" ("Max out the budget", "Set Max Tokens to 512") is a name mid-sentence but not at the start
 * of one; "dev", "min" and "zen" ("Deploy to Dev first", "Min 3 chars", "Zen mode") need a surname
 * or context. "Meta" and "Bard" are a company and an assistant, like the brands the build script
 * marks ("Meta released Llama 3", "Ask Bard").
 */
const KIND_OVERRIDES: ReadonlyMap<string, GivenNameKind> = new Map([
  ['max', 'word'],
  ['dev', 'ambiguous'],
  ['min', 'ambiguous'],
  ['zen', 'ambiguous'],
  ['meta', 'place'],
  ['bard', 'place'],
]);

/** `folded` is the output of foldName. */
export function givenNameKind(folded: string): GivenNameKind | undefined {
  const override = KIND_OVERRIDES.get(folded);
  if (override) return override;
  givenNames ??= new WordTable('given-names.txt', '?^*~@');
  const i = givenNames.indexOf(folded);
  if (i < 0) return undefined;
  return KIND_BY_MARK.get(givenNames.marks[i] as number) ?? 'name';
}

/** 0 for a common English word, 1 for a less common one, -1 for none. */
export function wordRank(folded: string): number {
  commonWords ??= new WordTable('common-words.txt', '+');
  const i = commonWords.indexOf(folded);
  return i < 0 ? -1 : commonWords.marks[i] === 0 ? 0 : 1;
}

/** A common English word (SCOWL sizes 10–35): "yesterday", "number", "golden". */
export const isCommonWord = (folded: string): boolean => wordRank(folded) === 0;

/** Any English word of the list, also less common ones (SCOWL 40–55): "browser", "zookeeper". */
export const isEnglishWord = (folded: string): boolean => wordRank(folded) >= 0;

/** One of the most common US surnames, which include words ("Smith", "Brown", "King"). */
export function isCommonSurname(folded: string): boolean {
  surnames ??= new WordTable('surnames.txt');
  return surnames.indexOf(folded) >= 0;
}

/** The first two words of a multi-word country name ("costa", "rica"): not given name and surname. */
export function isCountryPair(first: string, second: string): boolean {
  placePairs ??= new WordTable('place-pairs.txt');
  return placePairs.indexOf(`${first} ${second}`) >= 0;
}

/** Loads every list now (~30 ms once), so the first request that needs a name check does not pay it. */
export function loadNameLists(): void {
  givenNameKind('');
  wordRank('');
  isCommonSurname('');
  isCountryPair('', '');
}
