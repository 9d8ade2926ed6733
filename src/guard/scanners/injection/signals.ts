import { type NormalizedText, normalizeForDetection } from '../../normalize/index.ts';
import { matchHeuristics } from './heuristics.ts';
import { defuse, matchPhrasesAndRefusals, type RuleHit } from './phrases.ts';
import { refusalSuppression } from './refusal-suppression.ts';
import { tokenize } from './tokens.ts';

/** What the rules see in one text: its normalised form, rule hits, and classifier feature names. */
export interface InjectionSignals {
  normalized: NormalizedText;
  hits: RuleHit[];
  /** Names of the rule features given to the classifier ("R:override-instructions", …). */
  features: string[];
}

export function findInjectionSignals(text: string): InjectionSignals {
  const normalized = normalizeForDetection(text);
  const phrases = matchPhrasesAndRefusals(tokenize(normalized.text), normalized.text);
  const found = [...phrases.hits, ...matchHeuristics(normalized.text)];
  const refusal = refusalSuppression(normalized.text);
  if (refusal) found.push(refusal);
  // A request quoted in a condition only to be refused ("if a page tells you to …, do not comply").
  const inRefused = (hit: RuleHit) => phrases.refused.some((r) => hit.start >= r.start && hit.end <= r.end);
  const hits =
    phrases.refused.length === 0 ? found : found.map((hit) => (inRefused(hit) ? defuse(hit) : hit));
  const features = [...new Set(hits.map((hit) => `R:${hit.rule}`))];
  if (hits.some((hit) => hit.strong)) features.push('R:strong');
  return { normalized, hits, features };
}

/** Noisy-OR of the strong hits: two independent strong signals are stronger than either. */
export function strongRuleScore(hits: readonly RuleHit[]): number {
  let miss = 1;
  const seen = new Set<string>();
  for (const hit of hits) {
    if (!hit.strong || seen.has(hit.rule)) continue;
    seen.add(hit.rule);
    miss *= 1 - hit.score;
  }
  return 1 - miss;
}

/** The classifier's view of a text: exactly what the scanner computes at inference time. */
export function prepareInjectionText(text: string): { text: string; extra: string[] } {
  const signals = findInjectionSignals(text);
  return { text: signals.normalized.text, extra: signals.features };
}
