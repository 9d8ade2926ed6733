import { COMPOUND_ENDING, EN_SUFFIX, FOREIGN_SUFFIX, PARTICLES } from './address-lexicon.ts';
import { parseTail } from './address-tail.ts';
import { type Lines, type Tok, tokenize } from './address-tokens.ts';

/**
 * Intersections: "the corner of Auenweg 85 and Kesä Street", "corner of 4748 Westfall Avenue and
 * Maclean Street", "the intersection of Koontz Lane and Hansen Street", "the junction of …". The first street is a few words with a capital or a number in them; the second
 * must end in a street type word or a house number, so "the corner of the room and the door" and
 * "the corner of my eye and 5 minutes later" stay prose.
 */

const CORNER = /\b(?:the\s+)?(?:corner|intersection|junction)\s+of\s+/gi;
const WINDOW_CHARS = 300;
const WINDOW_TOKENS = 24;

const isTypeWord = (t: Tok): boolean =>
  EN_SUFFIX.has(t.lw) || FOREIGN_SUFFIX.has(t.lw) || COMPOUND_ENDING.test(t.lw);

/** End of the second street in "… and Hansen Street" / "… and Koepoortwal 115", or -1. */
function secondStreetEnd(toks: Tok[], and: number, lower: boolean): number {
  const name = toks[and + 1];
  if (name?.kind !== 'word' || !(name.cap || lower || PARTICLES.has(name.lw))) return -1;
  let end = -1;
  for (let j = and + 1; j < toks.length && j <= and + 4; j++) {
    const t = toks[j] as Tok;
    if (j > and + 1 && (t.kind === 'num' || isTypeWord(t))) end = j;
    else if (j === and + 1 && t.kind === 'word' && COMPOUND_ENDING.test(t.lw)) end = j;
    if (t.brk) break;
  }
  return end;
}

/** Index of the "and" that joins the two streets, within seven tokens, or -1. */
function joiningAnd(toks: Tok[]): number {
  for (let j = 1; j < toks.length && j <= 7; j++) {
    const prev = toks[j - 1] as Tok;
    // "Erzsébet tér 19. and": a house number's stop does not end the first street.
    if (prev.brk && !(prev.kind === 'num' && prev.brk === '.')) return -1;
    if ((toks[j] as Tok).lw === 'and') return (toks[j] as Tok).brk ? -1 : j;
  }
  return -1;
}

export interface CornerSpan {
  start: number;
  end: number;
}

export function findCorners(lines: Lines): CornerSpan[] {
  const spans: CornerSpan[] = [];
  const { text } = lines;
  for (const m of text.matchAll(CORNER)) {
    const li = lines.lineOf(m.index);
    const from = m.index + m[0].length;
    const lineEnd = lines.end(li);
    if (from >= lineEnd) continue;
    const to = Math.min(lineEnd, from + WINDOW_CHARS);
    const toks = tokenize(text, from, to, WINDOW_TOKENS);
    // "Ship it to the corner of siikasaarentie 19 and matković street": lower case from the phrase on.
    const lower = lines.lowerFrom(li, m.index);
    const and = joiningAnd(toks);
    if (and < 0 || !toks.slice(0, and).some((t) => t.kind === 'num' || t.cap || lower)) continue;
    const end = secondStreetEnd(toks, and, lower);
    if (end < 0) continue;
    const last = toks[end] as Tok;
    const rest = { li, toks, cut: to < lineEnd || toks.length >= WINDOW_TOKENS };
    const tail = parseTail(lines, rest, end + 1, last.brk, lower);
    spans.push({ start: m.index, end: Math.max(last.e, tail.end) });
  }
  return spans;
}
