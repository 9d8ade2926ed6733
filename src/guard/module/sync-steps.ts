import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../spec/scanner.ts';
import type { StepRecord } from '../policy/index.ts';
import type { SyncStep } from './compile.ts';
import { type GuardResultEntry, mergeInto } from './results.ts';

/**
 * Policy steps run synchronously, for streams: a chunk filter cannot await, and a stream must not
 * wait on a slow scanner per chunk. Decisions follow the policy runner (run-step.ts): a step fires
 * on its threshold, else on a `block` verdict, and then does its action; a `flag` verdict only
 * flags. A scanner that answers with a promise is recorded as a timeout and its step's `onTimeout`
 * decides (every built-in scanner is synchronous); one that throws follows `onError`, without its
 * message.
 */

export interface SyncOutcome {
  record: Omit<StepRecord, 'scanner'>;
  result?: ScanResult;
}

const elapsed = (t0: number): number => Math.round((performance.now() - t0) * 1000) / 1000;

export function runSyncStep(step: SyncStep, input: ScanInput, ctx: ScanContext): SyncOutcome {
  const t0 = performance.now();
  let result: ScanResult | Promise<ScanResult>;
  try {
    result = step.scanner.scan(input, ctx);
  } catch {
    return { record: { verdict: 'error', score: 0, latencyMs: elapsed(t0), action: step.onError } };
  }
  if (result instanceof Promise) {
    // A custom asynchronous scanner cannot run per chunk (every built-in one is synchronous): it
    // has no answer in time, so the step's `onTimeout` decides, as for a step that times out
    // anywhere else. A detection step allows by default and is recorded as skipped; a redact step
    // blocks by default, so a policy's own redactor can never be bypassed by streaming (set its
    // `onTimeout: allow` to stream without it).
    result.catch(() => undefined);
    const reason = 'asynchronous scanner: cannot run per chunk';
    return {
      record: { verdict: 'timeout', score: 0, latencyMs: elapsed(t0), action: step.onTimeout, reason },
    };
  }
  const fires = step.threshold !== undefined ? result.score >= step.threshold : result.verdict === 'block';
  const action = fires ? step.action : result.verdict === 'pass' ? 'allow' : 'flag';
  return { record: { verdict: result.verdict, score: result.score, latencyMs: elapsed(t0), action }, result };
}

/**
 * A step as a scanner for the stream screener: its verdict is the step's decision (`block` only
 * when the step blocks; a firing redact/mask step reports `flag` with its spans and is noted in
 * `fired`, so the filter can redact them), and every result is merged into `entry`.
 */
export function screenerScanner(
  step: SyncStep,
  io: { entry: GuardResultEntry; fired: Set<string> },
): Scanner {
  return {
    specVersion: 'v1',
    id: step.id,
    checkpoints: ['output'],
    scan(input, ctx) {
      const { record, result } = runSyncStep(step, input, ctx);
      mergeInto(io.entry, record);
      const score = record.score;
      const spans = result?.spans;
      if (record.action === 'block') return { verdict: 'block', score, ...(spans ? { spans } : {}) };
      if (record.action === 'redact' || record.action === 'mask') {
        io.fired.add(step.id);
        return { verdict: 'flag', score, ...(spans ? { spans } : {}) };
      }
      if (record.action === 'flag') return { verdict: 'flag', score, ...(spans ? { spans } : {}) };
      return { verdict: 'pass', score };
    },
  };
}

/**
 * Runs steps on a whole input (a finished answer, a collected tool call) and returns the step
 * that stops it, if any. Redaction cannot apply here — the text was already sent, or it is a
 * tool call whose JSON must not be rewritten — so a firing redact/mask step stops it too.
 */
export function firstStopping(
  steps: readonly SyncStep[],
  input: ScanInput,
  io: { ctx: ScanContext; entryFor: (scanner: string) => GuardResultEntry },
): string | undefined {
  let stoppedBy: string | undefined;
  for (const step of steps) {
    const { record } = runSyncStep(step, input, io.ctx);
    mergeInto(io.entryFor(step.id), record);
    if (
      stoppedBy === undefined &&
      (record.action === 'block' || record.action === 'redact' || record.action === 'mask')
    )
      stoppedBy = step.id;
  }
  return stoppedBy;
}
