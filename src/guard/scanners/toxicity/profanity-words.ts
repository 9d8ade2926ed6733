import { builtinLexicon } from './lexicon.ts';

/**
 * What one word of detection-normalised text is, for telling profanity from abuse:
 * - `profanity`: an expletive (fuck, shit, damn, wtf, …) — says how the speaker feels, names no one;
 * - `insult`: a profane word for a person (motherfucker, dipshit, shithead) — it is its own target;
 * - `sexual`: dick, cock, pussy — not an expletive, so never "profanity aimed at no one";
 * - `slur`: a lexicon slur, found here only when spelt to dodge the lexicon (n*gger, faaaggot).
 * Spellings the lexicon misses are resolved here: masked letters (f*cking, sh*t, n****r), stretched
 * letters (fuuuuck) and common abbreviations (wtf, fkn). Leetspeak ("sh1t") is already folded.
 */
export type WordKind = 'profanity' | 'insult' | 'sexual' | 'slur';

/** Expletive spellings and the expletive each stands for ('fuck' for fkn, wtf, f*cking). */
const EXPLETIVE_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:f+u+c+k+|f+u+k+|f+c+k+|ph+u+c+k+)(?:s|ed|in|ing|ery|ingly|en|all|load|ton)?$/, 'fuck'],
  [/^(?:stfu|gtfo)$/, 'fuck off'],
  [/^(?:fkn|fkin|fking|effing|effin|motherfucking|clusterfuck|mindfuck|wtf|ffs|omfg|fml|jfc)$/, 'fuck'],
  // Masked: "f*ck", "f**k", "f*cking", "f***", "f***ing"; not "f#" (the language) or "f*s".
  [/^f(?:[*#@$]{1,2}c?k|[*#@$]{2,4})(?:s|ed|in|ing)?$/, 'fuck'],
  [/^s+h+i+t+e?(?:s|ty|tier|tiest|ting|ted|show|storm|load|ton|post|posting|hole)?$/, 'shit'],
  [/^(?:bullshit|bullshitting|horseshit|batshit|apeshit|shitless|sh[*#@$]t|s[*#@$]{2,3}t?)$/, 'shit'],
  [/^(?:god)?damn(?:ed|it)?$|^(?:god)?dammit$|^goddam$/, 'damn'],
  // Not "craps", the dice game.
  [/^(?:crap|crappy|crapped|bullcrap)$/, 'crap'],
  [/^(?:piss|pissed|pissing|pisses)$/, 'piss'],
  [/^(?:ass|arse|badass|assed)$/, 'ass'],
];

/** Plain expletive forms a masked word may stand for, besides the lexicon's words. */
const EXPLETIVE_WORDS = ['fuckin', 'shitty', 'shite', 'dammit', 'goddamn', 'crappy', 'pissed'];

const PERSON_NOUNS = new Set([
  'motherfucker',
  'motherfuckers',
  'mofo',
  'fucker',
  'fuckers',
  'fuckface',
  'fuckwit',
  'fuckwits',
  'fuckhead',
  'dumbfuck',
  'dipshit',
  'dipshits',
  'shithead',
  'shitheads',
  'shitbag',
  'chickenshit',
  'dickhead',
  'dickheads',
  'asshat',
  'jackass',
  'smartass',
  'cocksucker',
  'cocksuckers',
]);

const SEXUAL = new Set(['dick', 'dicks', 'cock', 'cocks', 'pussy', 'pussies']);

const SEVERITY: Record<WordKind, number> = { profanity: 0, sexual: 1, insult: 2, slur: 3 };
const MASK = /[*#@$]/;
let candidates: string[] | undefined;

/** A lexicon word's kind; its expletives are found by EXPLETIVE_FORMS, and "craps" is a dice game. */
function lexiconKind(word: string): WordKind | undefined {
  const entry = builtinLexicon().byWord.get(word);
  if (!entry) return undefined;
  if (entry.category === 'slur') return 'slur';
  if (entry.category === 'insult' || PERSON_NOUNS.has(word)) return 'insult';
  return /^(?:dick|cock|puss)/.test(word) ? 'sexual' : undefined;
}

/** The canonical expletive for a plain (unmasked) word, if it is one. */
function expletiveOf(word: string): string | undefined {
  if (PERSON_NOUNS.has(word) || SEXUAL.has(word)) return undefined;
  for (const [pattern, canonical] of EXPLETIVE_FORMS) if (pattern.test(word)) return canonical;
  return undefined;
}

function kindOfPlain(word: string): WordKind | undefined {
  if (PERSON_NOUNS.has(word)) return 'insult';
  if (SEXUAL.has(word)) return 'sexual';
  if (expletiveOf(word)) return 'profanity';
  return lexiconKind(word);
}

/**
 * A masked word ("n*gger", "b*tch") read against the known words: each mask character stands for
 * one letter, and at least two letters, the first among them, must be shown. When several words
 * fit ("s**t": shit or slut) the mildest reading is taken; a target still makes it abuse.
 */
function kindOfMasked(word: string): { kind: WordKind; expletive?: string } | undefined {
  const shown = word.replace(/[^a-z]/g, '').length;
  if (shown < 2 || !/^[a-z]/.test(word)) return undefined;
  candidates ??= [...builtinLexicon().byWord.keys(), ...PERSON_NOUNS, ...EXPLETIVE_WORDS];
  const pattern = new RegExp(`^${word.replace(/[*#@$]/g, '[a-z]')}$`);
  let best: { kind: WordKind; expletive?: string } | undefined;
  for (const candidate of candidates) {
    if (candidate.length !== word.length || !pattern.test(candidate)) continue;
    const kind = kindOfPlain(candidate);
    if (kind && (best === undefined || SEVERITY[kind] < SEVERITY[best.kind])) {
      const expletive = expletiveOf(candidate);
      best = expletive ? { kind, expletive } : { kind };
    }
  }
  return best;
}

/** Letters repeated three or more times, squeezed to one and to two ("fuuuck", "asssss"). */
function squeezed(word: string): string[] {
  if (!/([a-z])\1\1/.test(word)) return [];
  return [word.replace(/([a-z])\1{2,}/g, '$1'), word.replace(/([a-z])\1{2,}/g, '$1$1')];
}

/**
 * What kind of offensive word `word` (lower-case, from normalised text) is, if any, and the
 * expletive it stands for. Exact lexicon words are included, so every expletive is found here.
 */
export function classifyWord(word: string): { kind: WordKind; expletive?: string } | undefined {
  for (const form of [word, ...squeezed(word)]) {
    const expletive = expletiveOf(form);
    if (expletive) return { kind: 'profanity', expletive };
    const plain = kindOfPlain(form);
    if (plain) return { kind: plain };
  }
  return MASK.test(word) ? kindOfMasked(word) : undefined;
}
