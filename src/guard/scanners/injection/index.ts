export { benignPromptExamples } from './benign-prompts.ts';
export { editDistance, lookupWord } from './fuzzy-match.ts';
export { matchHeuristics } from './heuristics.ts';
export type { InjectionScanner, InjectionScannerOptions } from './injection-scanner.ts';
export {
  createInjectionScanner,
  DEFAULT_MAX_SCAN_CHARS,
  defaultInjectionAloneModel,
  defaultInjectionModel,
} from './injection-scanner.ts';
export type { RuleHit } from './phrases.ts';
export { matchPhrases } from './phrases.ts';
export type { ScoreOptions, TextAnalysis } from './score.ts';
export { analyseText, uncorroboratedScore } from './score.ts';
export type { InjectionSignals } from './signals.ts';
export { findInjectionSignals, prepareInjectionText, strongRuleScore } from './signals.ts';
export type { Token } from './tokens.ts';
export { tokenize } from './tokens.ts';
export { injectionTrainSpec, isPersonaOnly, typoglycemiaVariant } from './train-spec.ts';
export { injectionAloneTrainSpec } from './train-spec-alone.ts';
