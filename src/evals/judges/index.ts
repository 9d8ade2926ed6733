/**
 * Model-graded scorers (judges), the pairwise judge, the gateway-backed JudgeModel and the robust
 * judge-output parsers. Judge prompts live in ./prompts and are versioned by JUDGE_PROMPT_VERSION.
 */
export type { AskOptions, AskResult, Parsed } from './ask.ts';
export { askJudge } from './ask.ts';
export {
  closedQaScorer,
  type FactCategory,
  factualityScorer,
  parseClosedQa,
  parseFactChoice,
} from './factuality.ts';
export type { GatewayJudgeModel, GatewayJudgeOptions } from './gateway-judge-model.ts';
export { gatewayJudgeModel } from './gateway-judge-model.ts';
export type { RubricGradeOptions, RubricVerdict } from './llm-rubric.ts';
export { gradeWithRubric, llmRubricScorer, parseRubricVerdict } from './llm-rubric.ts';
export { inputText, questionOf } from './material.ts';
export type { PairwiseOptions, PairwiseResult, PairwiseWinner } from './pairwise.ts';
export { pairwiseJudge, parsePairwiseVerdict } from './pairwise.ts';
export type { Scale } from './parse.ts';
export { extractJsonObject, readScore, scoreFromText } from './parse.ts';
export { JUDGE_PROMPT_VERSION } from './prompts/common.ts';
export { answerRelevanceScorer } from './rag/answer-relevance.ts';
export { citationAccuracyScorer } from './rag/citation-accuracy.ts';
export { findCitations, resolveCitation } from './rag/citations.ts';
export { averagePrecision, contextPrecisionScorer } from './rag/context-precision.ts';
export { contextRecallScorer } from './rag/context-recall.ts';
export { contextRelevanceScorer } from './rag/context-relevance.ts';
export { faithfulnessScorer } from './rag/faithfulness.ts';
export type { JudgeResponder, ScriptedJudge } from './scripted-judge.ts';
export { scriptedJudge, userText } from './scripted-judge.ts';
