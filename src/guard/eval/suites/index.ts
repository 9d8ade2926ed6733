export { benchmarkPrompt, timeScans } from './bench-prompt.ts';
export type { PiiEvalLike, SecretsEvalLike } from './external-suites.ts';
export { piiEvalSuite, secretsEvalSuite } from './external-suites.ts';
export { injectionEvalSuite } from './injection-suite.ts';
export { latencyEvalSuite } from './latency-suite.ts';
export { toxicityEvalSuite } from './toxicity-suite.ts';
