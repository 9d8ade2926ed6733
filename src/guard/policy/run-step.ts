import { KeelError } from '../../errors/index.ts';
import type { Checkpoint, ScanContext, ScanInput, Scanner, ScanResult, Verdict } from '../../spec/scanner.ts';
import type { StepAction } from './schema.ts';

/** What one scanner did at a checkpoint: safe to attach to records and traces (no matched text). */
export interface StepRecord {
  scanner: string;
  verdict: Verdict | 'timeout' | 'error';
  score: number;
  latencyMs: number;
  action: StepAction | 'allow';
  reason?: string;
  /** Number of spans found (the spans themselves stay in memory for redaction only). */
  findings?: number;
  /** The scanner finished, but after the budget (synchronous scanners cannot be pre-empted). */
  overBudget?: boolean;
}

export interface PreparedStep {
  id: string;
  scanner: Scanner;
  action: StepAction;
  threshold: number | undefined;
  onTimeout: 'allow' | 'block';
  onError: 'allow' | 'block';
}

export interface StepOutcome {
  record: StepRecord;
  result?: ScanResult;
}

const TIMEOUT = Symbol('timeout');

function decide(step: PreparedStep, result: ScanResult): StepAction | 'allow' {
  const fires = step.threshold !== undefined ? result.score >= step.threshold : result.verdict === 'block';
  if (fires) return step.action;
  return result.verdict === 'pass' ? 'allow' : 'flag';
}

/**
 * Runs one scanner with the checkpoint's budget. Async scanners race a timer and get an aborted
 * signal when it fires; synchronous ones run to completion (bounded by their own caps) and are
 * marked `overBudget` when they took longer than the budget.
 */
export async function runStep(
  step: PreparedStep,
  input: ScanInput,
  opts: { ctx: Omit<ScanContext, 'checkpoint' | 'signal'>; checkpoint: Checkpoint; budgetMs: number },
): Promise<StepOutcome> {
  const controller = new AbortController();
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) * 1000) / 1000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = step.scanner.scan(input, {
      ...opts.ctx,
      checkpoint: opts.checkpoint,
      signal: controller.signal,
    });
    let result: ScanResult | typeof TIMEOUT;
    if (pending instanceof Promise) {
      const timeout = new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), opts.budgetMs);
      });
      result = await Promise.race([pending, timeout]);
    } else result = pending;
    if (result === TIMEOUT) {
      controller.abort();
      if (pending instanceof Promise) pending.catch(() => undefined);
      const action = step.onTimeout === 'block' ? 'block' : 'allow';
      return {
        record: {
          scanner: step.id,
          verdict: 'timeout',
          score: 0,
          latencyMs: elapsed(),
          action,
          reason: 'scanner timed out',
        },
      };
    }
    const latencyMs = elapsed();
    const record: StepRecord = {
      scanner: step.id,
      verdict: result.verdict,
      score: result.score,
      latencyMs,
      action: decide(step, result),
    };
    if (result.reason) record.reason = result.reason;
    if (result.spans?.length) record.findings = result.spans.length;
    if (latencyMs > opts.budgetMs) record.overBudget = true;
    return { record, result };
  } catch (error) {
    // Plain errors are not recorded: scanner errors can echo the input. A KeelError is written for
    // clients and never carries it ("no model caller here", "model answer is not JSON").
    const action = step.onError === 'block' ? 'block' : 'allow';
    const why = error instanceof KeelError ? `: ${error.message.slice(0, 200)}` : '';
    return {
      record: {
        scanner: step.id,
        verdict: 'error',
        score: 0,
        latencyMs: elapsed(),
        action,
        reason: `scanner failed${why}`,
      },
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
