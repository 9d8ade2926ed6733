import type { ScoreResult } from '../../spec/scorer.ts';
import { invalid } from '../scorers/define.ts';
import { JUDGE_PROMPT_VERSION } from './prompts/common.ts';

/** What every model-graded result records: which prompt, which version of it. */
export function judgeDetails(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { promptVersion: JUDGE_PROMPT_VERSION, prompt, ...extra };
}

/** Malformed judge output (after the retry) is a failed score with a reason that says so, never a throw. */
export function unparseableResult(
  type: string,
  failure: { why: string; raws: string[]; attempts: number },
  extra: Record<string, unknown> = {},
): ScoreResult {
  return invalid(
    `${type}: the judge output was unparseable after ${failure.attempts} attempts (${failure.why})`,
    judgeDetails(type, { unparseable: true, judgeRaw: failure.raws, ...extra }),
  );
}
