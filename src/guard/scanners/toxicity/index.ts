export type { ToxicityAnalysis } from './analyse-toxicity.ts';
export { analyseToxicity } from './analyse-toxicity.ts';
export type { LexiconHit } from './lexicon.ts';
export { builtinLexicon, lexiconScore, matchLexicon } from './lexicon.ts';
export type { ToxicitySignals } from './signals.ts';
export { combineToxicity, findToxicitySignals, prepareToxicityText } from './signals.ts';
export type { ProfanityMode, ToxicityScannerOptions } from './toxicity-scanner.ts';
export { createToxicityScanner, defaultToxicityModel, PROFANITY_MODES } from './toxicity-scanner.ts';
export { davidsonExamples, toxicityTrainSpec } from './train-spec.ts';
