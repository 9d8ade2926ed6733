/**
 * Scorers for evaluations: pure ones (equals, contains…, regex, JSON, Levenshtein, ROUGE, BLEU,
 * latency, cost), embedding similarity, and the model-graded judges from ../judges. Build one with
 * createScorer({ type, ...params }); SCORER_TYPES lists the types.
 */
export { type BleuOptions, type BleuResult, type BleuSmoothing, sentenceBleu } from './bleu.ts';
export type { RegisteredScorer, ScoreContext, ScoreFn, ScorerDefinition } from './define.ts';
export { defineScorer, isInvalid } from './define.ts';
export { levenshteinDistance } from './levenshtein.ts';
export type { PromptfooAssertion, PromptfooMapper, PromptfooMapping } from './promptfoo-map.ts';
export { mapPromptfooAssertion, PROMPTFOO_ASSERT_MAP, PROMPTFOO_UNSUPPORTED_HINTS } from './promptfoo-map.ts';
export { compileSafeRegex } from './regex.ts';
export type { KeelScorer, ScorerSpec } from './registry.ts';
export { createScorer, SCORER_REGISTRY, SCORER_TYPES } from './registry.ts';
export { lcsLength, type Prf, rougeL, rougeN } from './rouge.ts';
export { cosineSimilarity } from './similar.ts';
export { tokenize } from './tokenize.ts';
