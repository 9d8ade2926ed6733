export type { GuardStreamOptions } from './guard-stream.ts';
export { guardTextStream } from './guard-stream.ts';
export type {
  ChunkVerdict,
  StreamFinding,
  StreamScreener,
  StreamScreenerOptions,
} from './stream-screener.ts';
export { createStreamScreener } from './stream-screener.ts';
