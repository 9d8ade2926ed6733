import type { LinearModel } from '../../classifier/index.ts';
import { type NormalizedText, toOriginalSpan } from '../../normalize/index.ts';
import { classifyWindows } from './classify-windows.ts';
import { matchHarmPatterns } from './harm-patterns.ts';
import { type LexiconHit, lexiconScore } from './lexicon.ts';
import { cutExpletives, mergeHits, scanProfanity, type Token, withoutExpletives } from './profanity.ts';
import { addressedCurses, profanityTarget } from './profanity-target.ts';
import { findToxicitySignals, stripFurniture } from './signals.ts';

export interface ToxicityAnalysis {
  /** max(classifier, lexicon), profanity included: the score before profanity and abuse are told apart. */
  score: number;
  classifier: number;
  lexicon: number;
  hits: Array<{ category: string; start: number; end: number }>;
  /** Expletives (fuck, shit, damn, …, masked or stretched), as spans on the original text. */
  profanity: Array<{ start: number; end: number }>;
  /** Why the expletives count as aimed at someone ('addressed', 'person', 'group', 'name'), if they do. */
  target?: string;
  /** True when expletives aimed at no one are the only offensive words found. */
  profanityOnly: boolean;
  /** The score without the expletives (classifier on the text with them blanked); `score` otherwise. */
  abuseScore: number;
}

/** Expletives aimed at someone weigh like the harm patterns: abuse, blocking on their own. */
const TARGETED_SCORE = 0.9;
/** Curses said to the reader without an expletive ("bite me"), like the harm patterns' insults. */
const CURSE_SCORE = 0.88;

function spansOf(
  tokens: readonly Token[],
  normalized: NormalizedText,
): Array<{ start: number; end: number }> {
  return tokens.filter((t) => t.expletive).map((t) => toOriginalSpan(normalized, t.start, t.end));
}

/**
 * The classifier and lexicon evidence for a text (as before), plus what tells profanity from
 * abuse: the expletives, whether they are aimed at someone, and — when expletives aimed at no one
 * are all there is — the classifier's score once they are blanked out. The classifier was
 * trained on tweets labelled "offensive" for profanity alone, so it cannot tell the two apart.
 */
export function analyseToxicity(model: LinearModel, text: string): ToxicityAnalysis {
  const signals = findToxicitySignals(text);
  const { normalized } = signals;
  const startOf = (n: number): number => normalized.offsets[n] ?? text.length;
  const scan = scanProfanity(normalized, text);
  const target = profanityTarget(scan.tokens, text, startOf);
  const profanity = spansOf(scan.tokens, normalized);
  const targeted: LexiconHit[] = target
    ? profanity.map((span) => ({ category: 'targeted-profanity', score: TARGETED_SCORE, ...span }))
    : [];
  const curses: LexiconHit[] = addressedCurses(scan.tokens).map(({ from, to }) => ({
    category: 'insult',
    score: CURSE_SCORE,
    ...toOriginalSpan(normalized, scan.tokens[from]!.start, scan.tokens[to]!.end),
  }));
  // Harm patterns again without the expletives: "I will f*cking kill you" is a threat.
  const cut = profanity.length > 0 ? matchHarmPatterns(cutExpletives(normalized, scan.tokens)) : [];
  const hits = mergeHits(signals.hits, [...scan.hits, ...targeted, ...curses, ...cut]);
  const classifier = classifyWindows(model, signals.text, signals.features);
  const lexicon = lexiconScore(hits);
  const score = Math.max(classifier, lexicon);
  const profanityOnly = profanity.length > 0 && hits.every((hit) => hit.category === 'profanity');
  let abuseScore = score;
  if (profanityOnly) {
    const rest = stripFurniture(withoutExpletives(normalized.text, scan.tokens));
    abuseScore = classifyWindows(
      model,
      rest,
      signals.features.filter((f) => f !== 'L:profanity'),
    );
  }
  return {
    score,
    classifier,
    lexicon,
    hits: hits.map(({ category, start, end }) => ({ category, start, end })),
    profanity,
    ...(target ? { target } : {}),
    profanityOnly,
    abuseScore,
  };
}
