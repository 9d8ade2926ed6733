import { AMBIGUOUS_NAMES, FIRST_NAMES } from './first-names.ts';
import type { PiiSpan } from './types.ts';

/**
 * Person names by heuristics, not a model: (1) a known given name, extended over following
 * capitalised surnames and particles (van, de, von…); (2) a courtesy title before capitalised words
 * ("Dr. Okafor"); (3) an introducing phrase ("my name is", "said", "Dear") before capitalised
 * words. Surnames alone, rare given names and names in all-lowercase text are missed, and
 * capitalised brand words after a given name can be swept in; the evaluation reports the rate.
 */

const TOKEN = /[\p{L}][\p{L}'’-]*/gu;
const PARTICLES = new Set([
  'van',
  'de',
  'der',
  'den',
  'von',
  'da',
  'di',
  'le',
  'la',
  'del',
  'du',
  'dos',
  'bin',
  'ten',
  'ter',
]);
// Generational and academic suffixes that belong to the name.
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md']);
// A given name right after these is part of a place ("Rue Joseph Vernet", "Port Edward", "Saint Lucia").
const PLACE_WORDS = new Set(
  'rue rua via san santa santo saint st ste port fort mount mt lake avenida avenue calle cape isla'.split(
    ' ',
  ),
);
// Function words that end a name in all-lowercase text ("emily is …").
const LOWER_STOP = new Set(
  'is was are were be been has have had and or but of in on at to for from with by the a an so as if it its who that this'.split(
    ' ',
  ),
);
// Capitalised words that follow a name but are not part of it.
const NOT_SURNAME = new Set(
  (
    'i the a an and or but of in on at to for from with by is was are will be has have had said says ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march july september ' +
    'october november december street avenue road bank inc llc ltd corp company group university ' +
    'college hospital school church airport hotel station park mr mrs ms dr please thanks hi hello dear'
  ).split(' '),
);
const TITLE_BEFORE = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Madam|Lady|Lord|Rev)\.?\s+$/;
const STRONG_CONTEXT =
  /\b(?:my name is|name is|name's|name:|named|called|signed|sincerely,|regards,|i am|i'm|this is|calls me|call me)\s+$/i;
const WEAK_CONTEXT = /\b(?:said|says|asked|told|dear|hi|hello|hey|thanks|thank you)\s+$/i;

interface Tok {
  start: number;
  end: number;
  text: string;
}

const isCapitalised = (t: string): boolean => /^\p{Lu}/u.test(t);

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    // "Liam's" is the name Liam; the possessive is not part of it.
    const word = m[0].replace(/['’]s$/, '');
    out.push({ start: m.index, end: m.index + word.length, text: word });
  }
  return out;
}

/** Extends a name from token `i` over following surname-like tokens on the same line. */
function extendSurname(text: string, toks: Tok[], i: number, lowercaseText = false): number {
  let last = i;
  for (let j = i + 1; j < toks.length && j <= i + 5; j++) {
    const prev = toks[j - 1] as Tok;
    const tok = toks[j] as Tok;
    const gap = text.slice(prev.end, tok.start);
    // Same line, separated by one space or by a middle initial's "." plus space.
    if (!(gap === ' ' || gap === '. ') || (gap === '. ' && prev.text.length > 1)) break;
    const lower = tok.text.toLowerCase();
    if (SUFFIXES.has(lower) && j > i + 1) {
      last = j;
      break;
    }
    if (PARTICLES.has(lower) && nextCapitalisedAfterParticles(toks, j)) continue;
    if (lowercaseText) {
      // All-lowercase text: take one following non-function word as the surname.
      if (j === i + 1 && !LOWER_STOP.has(lower) && !NOT_SURNAME.has(lower)) last = j;
      break;
    }
    if (!isCapitalised(tok.text) || NOT_SURNAME.has(lower)) break;
    last = j;
  }
  return last;
}

function nextCapitalisedAfterParticles(toks: Tok[], j: number): boolean {
  let k = j;
  while (toks[k] && PARTICLES.has((toks[k] as Tok).text.toLowerCase())) k++;
  return toks[k] !== undefined && isCapitalised((toks[k] as Tok).text);
}

function span(toks: Tok[], from: number, to: number, score: number): PiiSpan {
  return { start: (toks[from] as Tok).start, end: (toks[to] as Tok).end, type: 'PERSON', score };
}

/** "Rue Joseph …", "Port Edward", "73 Emily Place": a given name inside a place or street name. */
function isPlacePrefix(text: string, prev: Tok, tok: Tok): boolean {
  const gap = text.slice(prev.end, tok.start);
  if (/^\.?\s$/.test(gap) && PLACE_WORDS.has(prev.text.toLowerCase())) return true;
  return /\d\s+$/.test(text.slice(Math.max(0, tok.start - 8), tok.start));
}

function fromGivenNames(text: string, toks: Tok[], spans: PiiSpan[]): void {
  const lowercaseText = !/\p{Lu}/u.test(text);
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] as Tok;
    const lower = tok.text.toLowerCase();
    if (!FIRST_NAMES.has(lower)) continue;
    if (!isCapitalised(tok.text) && !(lowercaseText && !AMBIGUOUS_NAMES.has(lower))) continue;
    if (i > 0 && isPlacePrefix(text, toks[i - 1] as Tok, tok)) continue;
    const last = extendSurname(text, toks, i, lowercaseText);
    if (AMBIGUOUS_NAMES.has(lower) && last === i) continue;
    spans.push(span(toks, i, last, last > i ? 0.85 : 0.7));
    i = last;
  }
}

function fromContext(text: string, toks: Tok[], spans: PiiSpan[]): void {
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] as Tok;
    if (!isCapitalised(tok.text) || NOT_SURNAME.has(tok.text.toLowerCase())) continue;
    const before = text.slice(Math.max(0, tok.start - 24), tok.start);
    const titled = TITLE_BEFORE.test(before);
    const strong = STRONG_CONTEXT.test(before);
    const weak = !titled && !strong && WEAK_CONTEXT.test(before);
    if (!titled && !strong && !weak) continue;
    // "I am Happy" / "this is Google": a single capitalised word after these needs the name list.
    const last = extendSurname(text, toks, i);
    if (weak && last === i && !/^\p{Lu}\p{Ll}+$/u.test(tok.text)) continue;
    spans.push(span(toks, i, last, titled ? 0.9 : strong ? 0.8 : 0.6));
    i = last;
  }
}

export function detectPersons(text: string): PiiSpan[] {
  const toks = tokens(text);
  const spans: PiiSpan[] = [];
  fromGivenNames(text, toks, spans);
  fromContext(text, toks, spans);
  return spans;
}
