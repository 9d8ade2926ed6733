export { cardNetwork, ibanValid, luhnValid, ssnValid } from './checksums.ts';
export type { StrippedText } from './invisible.ts';
export { mapSpan, stripInvisible } from './invisible.ts';
export type { PiiEvalReport, PiiEvalSplit, SpanScores } from './pii-eval.ts';
export { runPiiEval } from './pii-eval.ts';
export type { PiiScannerOptions } from './pii-scanner.ts';
export { createPiiScanner, detectPii, redactSpans, resolveOverlaps } from './pii-scanner.ts';
export type { PiiEntity, PiiSpan } from './types.ts';
export { DEFAULT_PII_ENTITIES, PII_ENTITIES } from './types.ts';
