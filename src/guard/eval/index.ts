export type { BinaryEvalOptions } from './binary-eval.ts';
export { evaluateBinary, isPositive } from './binary-eval.ts';
export * from './datasets/index.ts';
export type { BinaryMetrics, Confusion, LatencySummary } from './metrics.ts';
export {
  binaryMetrics,
  confusionOf,
  count,
  emptyConfusion,
  latencySummary,
  percentile,
} from './metrics.ts';
export type { EvalRow, EvalSuite, EvalSuiteContext, SuiteResult } from './registry.ts';
export { clearEvalSuites, getEvalSuite, listEvalSuites, registerEvalSuite } from './registry.ts';
export { formatReport, reportJson } from './report.ts';
export type { PrfScores, SpanMetricsReport, SpanTypeScores, TypedSpan } from './span-metrics.ts';
export { spanMetrics } from './span-metrics.ts';
export type { PiiEvalLike, SecretsEvalLike } from './suites/index.ts';
export {
  benchmarkPrompt,
  injectionEvalSuite,
  latencyEvalSuite,
  piiEvalSuite,
  secretsEvalSuite,
  timeScans,
  toxicityEvalSuite,
} from './suites/index.ts';
