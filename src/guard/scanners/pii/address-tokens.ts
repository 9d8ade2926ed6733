import { ABBREVIATIONS, COLON_LABELS, STOP_WORDS } from './address-lexicon.ts';

/**
 * Whitespace tokens with surrounding punctuation split off. The address parser walks these instead
 * of running wide regexes, and tokenizes only small windows around house numbers that pass a cheap
 * check (see Lines.window), so ordinary prose costs a few character comparisons per number.
 */
export interface Tok {
  /** Offsets in the text; `e` includes a full stop only when it belongs to the token ("Apt."). */
  s: number;
  e: number;
  /** The token without surrounding punctuation or trailing full stop, and its lower case. */
  w: string;
  lw: string;
  kind: 'num' | 'word' | 'other';
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Ends in a full stop that was split off as sentence punctuation (see `brk`). */
  dot: boolean;
  /** Punctuation between this token and the next one: "", ",", ".", "?", "???"… */
  brk: string;
  /** Bit flags computed on first use (address-features.ts); -1 until then. */
  f: number;
}

const LEADING = '("\'“‘«[{`';
const TRAILING = ',;:!?)"\'”’»]}`،';
/**
 * Characters that end a token even with no space after them: field separators of CSV, key=value,
 * JSON and markup ("Jane Doe;12 Elm St;555-0100", "address=12 Elm St", "<td>12 Elm St</td>"):
 * ; | = { } < > ` and the double quote.
 */
/**
 * A comma with no space after it that separates fields ("Street,Springfield", "IL 62704,555-0100"
 * in CSV) rather than groups digits ("1,234", "12,500,000").
 */
export function gluedComma(text: string, j: number): boolean {
  if (j < 2 || j >= text.length || text.charCodeAt(j - 1) !== 44 || isWhite(text.charCodeAt(j))) return false;
  if (!isDigitAt(text, j - 2)) return true;
  let k = j - 2;
  while (k > 0 && isDigitAt(text, k - 1)) k--;
  let m = j;
  while (m < text.length && isDigitAt(text, m)) m++;
  return !(j - 1 - k <= 3 && m - j === 3);
}
export const isSeparator = (c: number): boolean =>
  c === 59 || c === 124 || c === 61 || c === 123 || c === 125 || c === 60 || c === 62 || c === 34 || c === 96;
const LETTER_OR_DIGIT = /[\p{L}\p{N}#]/u;
// "12", "12a", "12-14", "1/3", "22/B", "120/3/12", "1-2-3".
const DK_SIDE_AFTER = /^[ \t]+(?:tv|th|mf)(?![\p{L}\p{N}])/iu;
const SIN_NUMERO = /^[sS]\/[nN]$/;
const HOUSE_NUMBER = /^\d{1,5}[a-zA-Z]?(?:[-/](?:\d{1,4}[a-zA-Z]?|[a-zA-Z]))?(?:[-/]\d{1,3})?$/;
const ORDINAL = /^\d{1,4}(?:st|nd|rd|th)$/i;
const WORD = /^[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.\-/]*$/u;
const UPPER_START = /^\p{Lu}/u;
// "l’Opéra", "dell'Orso", "d'Italia": an elided article before a capitalised name.
const ELIDED_CAP = /^(?:l|d|dell|dall|nell|sull|all|qu)['’]\p{Lu}/u;
const hasApostrophe = (w: string): boolean => w.includes("'") || w.includes('’');

/** WORD.test(w), without the regex for the plain ASCII words that most tokens are. */
function isWord(w: string): boolean {
  const c0 = w.charCodeAt(0) | 32;
  if (c0 < 97 || c0 > 122) return WORD.test(w);
  for (let i = 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return WORD.test(w);
    const lc = c | 32;
    // Letters, digits, ' . - /
    if (!((lc >= 97 && lc <= 122) || (c >= 45 && c <= 57) || c === 39)) return false;
  }
  return true;
}

/** A colon inside text[i, j) with something after it, within a label's length of i; else -1. */
function colonIn(text: string, i: number, j: number): number {
  const to = Math.min(j - 1, i + 8);
  for (let c = i + 1; c < to; c++) if (text.charCodeAt(c) === 58) return c;
  return -1;
}
export const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};
/** Words before a house number a street name can take ("11 via goffredo mameli 149"). */
const LOWER_WORDS_BEFORE = 4;
const CLAUSE_MARK = /[:;,([{"“«]/;

export function isUpper(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_START.test(text.slice(i, i + 2));
}

/** Offset of the last upper-case letter in text[start, end), or -1. */
export function lastUpperIn(text: string, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (
      c < 128
        ? c >= 65 && c <= 90
        : c >= 0xc0 && isUpper(text, i > start && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i)
    )
      return i;
  }
  return -1;
}

/** Whitespace as `\s` sees it, by code unit. */
export function isWhite(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return c === 133;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Only whitespace from `i` to the end of the line or text (a CRLF line's "\r", trailing spaces). */
function endsLine(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (!isWhite(c)) return false;
  }
  return true;
}

/** The token text[p, q) (a whitespace-free run), or its text when it is punctuation only. */
function makeTok(text: string, p: number, q: number): Tok | string {
  let a = p;
  let b = q;
  while (a < b && LEADING.includes(text[a] as string)) a++;
  while (b > a && TRAILING.includes(text[b - 1] as string)) b--;
  if (a === b) return text.slice(p, q);
  const c0 = text.charCodeAt(a);
  const asciiAlnum = (c0 >= 48 && c0 <= 57) || ((c0 | 32) >= 97 && (c0 | 32) <= 122);
  let core = text.slice(a, b);
  if (!asciiAlnum && !LETTER_OR_DIGIT.test(core)) return text.slice(p, q);
  let brk = b < q ? text.slice(b, q) : '';
  // "No: 120", "Daire: 4": the colon belongs to the label, not to the sentence.
  if (brk === ':' && COLON_LABELS.has(text.slice(a, b).toLowerCase())) brk = '';
  // "Napoli (NA)": a bracketed province code keeps its closing bracket; "Toronto (home)" is a note.
  if (a > p && text[a - 1] === '(' && text[b] === ')' && /^[A-Z]{2,3}$/.test(core)) {
    b++;
    brk = brk.slice(1);
  }
  let dot = false;
  let e = b;
  if (text.charCodeAt(b - 1) === 46) {
    const bare = core.replace(/\.+$/, '');
    const lwBare = bare.toLowerCase();
    // "Apt.", "u.", "B.", "p.o.", "Chausseestr." keep their stop; "Belarus." ends a sentence.
    // A lone letter is an initial ("Β. Αλεξάνδρου") unless it ends the line ("København K.").
    // A digit and a stop ("1. 12 Elm St") number a list item.
    const initial = bare.length === 1 && !(c0 >= 48 && c0 <= 57) && !endsLine(text, q);
    // "5. tv" (Denmark: fifth floor, left door): the stop belongs to the floor number.
    const floor = c0 >= 48 && c0 <= 57 && bare.length <= 2 && DK_SIDE_AFTER.test(text.slice(q, q + 5));
    const abbreviation =
      ABBREVIATIONS.has(lwBare) || initial || floor || bare.includes('.') || lwBare.endsWith('str');
    if (!abbreviation) {
      dot = true;
      brk = `.${brk}`;
      e -= core.length - bare.length;
    } else if (core.length - bare.length > 1) {
      // "Quinta María Soledad s/n.. Leave it": one stop is the abbreviation's, the next ends the sentence.
      e = a + bare.length + 1;
      brk = `${core.slice(bare.length + 1)}${brk}`;
    }
    core = bare;
  }
  const digit = c0 >= 48 && c0 <= 57;
  // "Calle Mayor s/n": Spanish "sin número" stands where the house number would.
  const kind = digit
    ? HOUSE_NUMBER.test(core)
      ? 'num'
      : ORDINAL.test(core)
        ? 'word'
        : 'other'
    : SIN_NUMERO.test(core)
      ? 'num'
      : isWord(core)
        ? 'word'
        : 'other';
  return {
    s: a,
    e,
    w: core,
    lw: core.toLowerCase(),
    kind,
    cap: !digit && (isUpper(core, 0) || (hasApostrophe(core) && ELIDED_CAP.test(core))),
    dot,
    brk,
    f: -1,
  };
}

/**
 * Appends the tokens of text[from, to) to `toks`, at most `max` in all, and returns where a later
 * call should resume. A token cut by `to` is left for that call. Punctuation-only tokens ("???",
 * "-", ",") become the previous token's `brk`.
 */
function tokenizeInto(toks: Tok[], text: string, from: number, to: number, max: number): number {
  let i = from;
  for (;;) {
    let tab = false;
    for (; i < to && isWhite(text.charCodeAt(i)); i++) tab ||= text.charCodeAt(i) === 9;
    if (i >= to) return to;
    // A tab separates fields as a comma does ("Hale\tFreistädter Strasse 61\tChorzów"): a name in
    // the column before is not part of the street.
    const before = toks.at(-1);
    if (tab && before && !before.brk.includes(',')) before.brk += ',';
    let j = i + 1;
    if (!isSeparator(text.charCodeAt(i))) {
      while (
        j < text.length &&
        !isWhite(text.charCodeAt(j)) &&
        !isSeparator(text.charCodeAt(j)) &&
        !gluedComma(text, j)
      )
        j++;
    }
    if (j > to || toks.length >= max) return i;
    // "No:5 D:3" (Turkey): a house-number or door label glued to its number is two tokens.
    const colon = colonIn(text, i, j);
    if (colon > i && isDigitAt(text, colon + 1) && COLON_LABELS.has(text.slice(i, colon).toLowerCase())) {
      const label = makeTok(text, i, colon);
      if (typeof label !== 'string') toks.push(label);
      i = colon + 1;
      continue;
    }
    const t = makeTok(text, i, j);
    if (typeof t !== 'string') {
      // An opening bracket or quote ends what came before: in "Our HQ (78 Camiño Ancho 91)" the
      // address starts at 78, and "HQ" is not part of a street name. ("Napoli (NA)" is one token.)
      const prev = toks.at(-1);
      if (prev && t.s > i && text.charCodeAt(t.e - 1) !== 41) prev.brk += text.slice(i, t.s);
      toks.push(t);
    } else {
      const prev = toks.at(-1);
      // "1428, ??? Apt. 004, ??? Americana": question marks where an encoding lost a bullet, after
      // a comma, separate parts; they do not end a sentence.
      if (prev && !(LOST_BULLET.test(t) && prev.brk.endsWith(','))) prev.brk += t;
    }
    i = j;
  }
}

const LOST_BULLET = /^\?{2,}$/;

/** Tokens of text[from, to), at most `max`. */
export function tokenize(text: string, from: number, to: number, max = Number.POSITIVE_INFINITY): Tok[] {
  const toks: Tok[] = [];
  tokenizeInto(toks, text, from, to, max);
  return toks;
}

/** Enough tokens for a street, a unit and a town line, with room to spare. */
const HEAD_TOKENS = 24;

interface LineCache {
  from: number;
  toks: Tok[];
  resume: number;
}

/** Line boundaries, plus each line's tokens, made on demand and kept for the windows that follow. */
export class Lines {
  readonly text: string;
  private readonly starts: number[] = [0];
  private readonly cache = new Map<number, LineCache>();
  private readonly lastUpperAt = new Map<number, number>();
  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get count(): number {
    return this.starts.length;
  }
  start(i: number): number {
    return this.starts[i] as number;
  }
  end(i: number): number {
    return i + 1 < this.starts.length ? (this.starts[i + 1] as number) - 1 : this.text.length;
  }
  /** Index of the line holding offset pos. */
  lineOf(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  private lastLine = -1;
  private last: LineCache | undefined;
  private entry(li: number, from: number): LineCache {
    let c = li === this.lastLine ? this.last : this.cache.get(li);
    if (c === undefined || c.from > from) {
      c = { from, toks: [], resume: from };
      this.cache.set(li, c);
    }
    this.lastLine = li;
    this.last = c;
    return c;
  }
  /**
   * Tokens of line li from `from` on, extended to at least offset `to`. Numbers are visited in
   * text order, so one growing array serves every window on a line and each token is made once.
   */
  lineTokens(li: number, from: number, to: number): { toks: Tok[]; cut: boolean } {
    const c = this.entry(li, from);
    const end = Math.min(this.end(li), to);
    if (c.resume < end) c.resume = tokenizeInto(c.toks, this.text, c.resume, end, Number.POSITIVE_INFINITY);
    return { toks: c.toks, cut: c.resume < this.end(li) };
  }
  /** Line i's tokens from its start, at least HEAD_TOKENS of them; `cut` says the line goes on. */
  head(i: number): { toks: Tok[]; cut: boolean } {
    const c = this.entry(i, this.start(i));
    const end = this.end(i);
    if (c.toks.length < HEAD_TOKENS && c.resume < end) {
      c.resume = tokenizeInto(c.toks, this.text, c.resume, end, HEAD_TOKENS);
    }
    return { toks: c.toks, cut: c.resume < end };
  }
  /**
   * Whether the address around `pos` on line li is written in lower case: no upper-case letter
   * from LOWER_WORDS_BEFORE words before it to the end of the line. A sentence typed normally
   * can hold an address typed in lower case ("Ship it to 19 pierre delannoyplaats 211"); the
   * words a street name could take before the number decide, not the sentence's first word.
   */
  lowerCaseAt(li: number, pos: number): boolean {
    if (this.lowerCase(li)) return true;
    const { text } = this;
    const ls = this.start(li);
    let from = pos;
    for (let words = 0; words < LOWER_WORDS_BEFORE; words++) {
      let j = from;
      while (j > ls && isWhite(text.charCodeAt(j - 1))) j--;
      let k = j;
      // A field separator ends the name as a space does ("<td>19 pierre delannoyplaats 211").
      while (k > ls && !isWhite(text.charCodeAt(k - 1)) && !isSeparator(text.charCodeAt(k - 1))) k--;
      const word = text.slice(k, j);
      // The name does not run back over a label's colon, a comma, a bracket ("To: 19 via …",
      // "Rue Saint-Denis, 12 of us") or a function word ("Ship it to machelsesteenweg 197").
      if (k === j || CLAUSE_MARK.test(word)) break;
      // After a function word the name can only follow the number ("I live on 97 guildry street").
      if (STOP_WORDS.has(word.toLowerCase())) return this.lowerFrom(li, from);
      from = k;
    }
    return from < pos && this.lowerFrom(li, from);
  }
  /** No upper-case letter on line li from `from` to its end. */
  lowerFrom(li: number, from: number): boolean {
    return this.lastUpper(li) < from;
  }
  /** Offset of the last upper-case letter on line li (-1 if none), found once per line. */
  private lastUpper(li: number): number {
    let at = this.lastUpperAt.get(li);
    if (at === undefined) {
      at = lastUpperIn(this.text, this.start(li), this.end(li));
      this.lastUpperAt.set(li, at);
    }
    return at;
  }
  /** No upper-case letter on line li: names and towns there may be lower case. */
  lowerCase(li: number): boolean {
    return this.lowerFrom(li, this.start(li));
  }
}

const WORD_BEFORE = /(\p{L}[\p{L}\p{M}'’.-]*)[ \t]+$/u;

/**
 * The word right before `at`, past blanks on the same line (a trailing full stop kept), or
 * undefined when punctuation, a line start or nothing stands there. Shared by the finders that
 * ask what opens a phrase or a name ("Police closed …", "Elke Hellweg", "Liverpool 4 …").
 */
export function wordBefore(text: string, at: number): string | undefined {
  return WORD_BEFORE.exec(text.slice(Math.max(0, at - 40), at))?.[1];
}
