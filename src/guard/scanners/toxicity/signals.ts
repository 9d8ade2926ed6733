import { type NormalizedText, normalizeForDetection } from '../../normalize/index.ts';
import { matchHarmPatterns } from './harm-patterns.ts';
import { type LexiconHit, lexiconScore, matchLexicon } from './lexicon.ts';

/**
 * Tweet furniture (retweet markers, @mentions, links, HTML entities) carries no toxicity but is
 * everywhere in the training data; it is removed before featurising, in training and at scan time.
 */
export function stripFurniture(text: string): string {
  return text
    .replace(/&#?\w+;/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)@\w+:?/g, ' ')
    .replace(/(^|\s)rt(?=\s)/g, ' ');
}

export interface ToxicitySignals {
  normalized: NormalizedText;
  /** The classifier's input: normalised text without tweet furniture. */
  text: string;
  hits: LexiconHit[];
  features: string[];
}

export function findToxicitySignals(input: string): ToxicitySignals {
  const normalized = normalizeForDetection(input);
  const words = matchLexicon(normalized);
  // Harm patterns add evidence and spans, not classifier features: the committed model was
  // trained on the word categories alone.
  const hits = [...words, ...matchHarmPatterns(normalized)];
  const features = [...new Set(words.map((hit) => `L:${hit.category}`))];
  return { normalized, text: stripFurniture(normalized.text), hits, features };
}

export function prepareToxicityText(input: string): { text: string; extra: string[] } {
  const signals = findToxicitySignals(input);
  return { text: signals.text, extra: signals.features };
}

/** Classifier probability and lexicon evidence combined: the stronger of the two. */
export function combineToxicity(probability: number, hits: readonly LexiconHit[]): number {
  return Math.max(probability, lexiconScore(hits));
}
