import { isFamousStreet } from './address-famous.ts';
import {
  COMPOUND_ENDING,
  EN_SUFFIX,
  FOREIGN_SUFFIX,
  NOT_COMPOUND,
  PARTICLES,
  STREET_PREFIX,
} from './address-lexicon.ts';
import { parseTail } from './address-tail.ts';
import { type Lines, type Tok, tokenize } from './address-tokens.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * Intersections: "the corner of Auenweg 85 and Kesä Street", "corner of 4748 Westfall Avenue and
 * Maclean Street", "the intersection of Koontz Lane and Hansen Street", "the junction of …". The first street is a few words with a capital or a number in them; the second
 * must end in a street type word or a house number, so "the corner of the room and the door" and
 * "the corner of my eye and 5 minutes later" stay prose.
 */

// English, Spanish ("la esquina de"), French ("l'angle de la"), German ("Ecke"), Italian ("all'angolo tra").
const CORNER =
  /(?:\b(?:the\s+)?(?:corner|intersection|junction)\s+of|\b(?:la\s+)?esquina\s+de|\bl['’]angle\s+(?:de\s+la|de\s+l['’]|du|des|de)|\bEcke|\ball['’]angolo\s+(?:tra|fra|di))\s+/giu;
/** Words that join the two streets: "and", "y", "et", "und", "e", "&", and the slash forms use. */
const JOINERS = new Set(['and', 'y', 'et', 'und', 'e', '&', '/']);
const WINDOW_CHARS = 300;
const WINDOW_TOKENS = 24;

const isTypeWord = (t: Tok): boolean =>
  EN_SUFFIX.has(t.lw) || FOREIGN_SUFFIX.has(t.lw) || (COMPOUND_ENDING.test(t.lw) && !NOT_COMPOUND.has(t.lw));

/** End of the second street in "… and Hansen Street" / "… and Koepoortwal 115", or -1. */
function secondStreetEnd(toks: Tok[], and: number, lower: boolean): number {
  const name = toks[and + 1];
  // "… et rue du Louvre", "… e Via Garibaldi": a type word first, then its name.
  if (name?.kind === 'word' && STREET_PREFIX.has(name.lw) && !name.brk)
    return prefixedEnd(toks, and + 1, lower);
  if (name?.kind !== 'word' || !(name.cap || lower || PARTICLES.has(name.lw))) return -1;
  let end = -1;
  let typed = -1;
  for (let j = and + 1; j < toks.length && j <= and + 4; j++) {
    const t = toks[j] as Tok;
    // After a type word only its house number may follow: "… and Wall Street after 2008" ends at Street.
    if (typed >= 0 && !(t.kind === 'num' && j === typed + 1)) break;
    if (j > and + 1 && isTypeWord(t)) typed = j;
    if (j > and + 1 && (t.kind === 'num' || isTypeWord(t))) end = j;
    else if (j === and + 1 && t.kind === 'word' && COMPOUND_ENDING.test(t.lw)) end = j;
    if (t.brk) break;
  }
  return end;
}

/** End of "rue du Louvre" from its type word at `from`: name words and particles, or -1. */
function prefixedEnd(toks: Tok[], from: number, lower: boolean): number {
  let end = -1;
  for (let j = from + 1; j < toks.length && j <= from + 4; j++) {
    const t = toks[j] as Tok;
    if (t.kind === 'num' || t.cap || lower) end = j;
    else if (!PARTICLES.has(t.lw)) break;
    if (t.brk) break;
  }
  return end;
}

/** Index of the "and" that joins the two streets, within seven tokens, or -1. */
function joiningAnd(toks: Tok[]): number {
  for (let j = 1; j < toks.length && j <= 7; j++) {
    const prev = toks[j - 1] as Tok;
    // "Erzsébet tér 19. and": a house number's stop does not end the first street. "Ecke
    // Kastanienallee / Oderberger Straße": the slash is the joiner.
    if (prev.brk.trim() === '/' && !(toks[j] as Tok).brk) return j - 1;
    if (prev.brk && !(prev.kind === 'num' && prev.brk === '.')) return -1;
    if (JOINERS.has((toks[j] as Tok).lw)) return (toks[j] as Tok).brk ? -1 : j;
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
    // With a slash the joiner is the first street's last token's break, so that token is its name.
    const firstEnd = and >= 0 && (toks[and] as Tok).brk.trim() === '/' ? and + 1 : and;
    if (and < 0 || !toks.slice(0, firstEnd).some((t) => t.kind === 'num' || t.cap || lower)) continue;
    const end = secondStreetEnd(toks, and, lower);
    if (end < 0) continue;
    // "The intersection of Line 1 and Line 2", "the junction of Exon 2 and Exon 3": outside
    // "corner", which names nothing but places, both streets need a type word, and neither may be
    // a street that stands for something else ("the intersection of Silicon Valley and Wall Street").
    // "l'angle des vecteurs u et v", "in der Ecke Stuttgart und Heilbronn": the other languages'
    // words also mean an angle or a region, so their streets need a type word too.
    if (!/corner/i.test(m[0])) {
      const first = toks.slice(0, firstEnd);
      const second = toks.slice(and + 1, end + 1);
      const typed = (ts: Tok[]): boolean => ts.some((t) => isTypeWord(t) || STREET_PREFIX.has(t.lw));
      if (!typed(first) || !typed(second)) continue;
      const name = (ts: Tok[]) => text.slice((ts[0] as Tok).s, (ts.at(-1) as Tok).e);
      if (
        isFamousStreet(name(first), 0, name(first).length) ||
        isFamousStreet(name(second), 0, name(second).length)
      )
        continue;
    }
    // "The corner of Row 5 and Column 7", "the corner of Aisle 5 and Aisle 6": English words and
    // numbers alone name a grid, a page or a shop floor; a street has a type word or a name.
    // A type word right before a number numbers something ("Row 5", "Gate 12", "Route 9").
    const both = [...toks.slice(0, firstEnd), ...toks.slice(and + 1, end + 1)];
    const named = both.some(
      (t, i) =>
        ((isTypeWord(t) || STREET_PREFIX.has(t.lw)) && both[i + 1]?.kind !== 'num') ||
        (t.kind === 'word' && !isEnglishWord(foldName(t.lw))),
    );
    if (!named) continue;
    const last = toks[end] as Tok;
    const rest = { li, toks, cut: to < lineEnd || toks.length >= WINDOW_TOKENS };
    const tail = parseTail(lines, rest, end + 1, last.brk, lower);
    spans.push({ start: m.index, end: Math.max(last.e, tail.end) });
  }
  return spans;
}
