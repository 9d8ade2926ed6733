import type { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { JudgeModel, ScoreResult, Scorer, ScorerInput } from '../../spec/scorer.ts';
import { paramsError } from './params.ts';

export type ScoreContext = Parameters<Scorer['score']>[1];
export type ScoreFn = (input: ScorerInput, ctx: ScoreContext) => Promise<ScoreResult> | ScoreResult;

/** One scorer type: its params schema and a builder that turns validated params into a score function. */
export interface ScorerDefinition<S extends z.ZodType> {
  type: string;
  modelGraded: boolean;
  /** One line for listings and docs. */
  description: string;
  params: S;
  /** Runs once at creation; may throw KeelError invalid_request (e.g. an invalid regex). */
  build(params: z.output<S>): ScoreFn;
}

/** A definition with its generic erased, so the registry can hold all of them in one map. */
export interface RegisteredScorer {
  readonly type: string;
  readonly modelGraded: boolean;
  readonly description: string;
  readonly params: z.ZodType;
  create(raw: Record<string, unknown>): { fn: ScoreFn; params: Record<string, unknown> };
}

export function defineScorer<S extends z.ZodType>(def: ScorerDefinition<S>): RegisteredScorer {
  return {
    type: def.type,
    modelGraded: def.modelGraded,
    description: def.description,
    params: def.params,
    create(raw) {
      const parsed = def.params.safeParse(raw);
      if (!parsed.success) throw paramsError(def.type, parsed.error);
      return { fn: def.build(parsed.data), params: parsed.data as Record<string, unknown> };
    },
  };
}

/** Float noise must not flip a verdict: 0.75 computed as 0.7499999999 still passes a 0.75 threshold. */
const EPSILON = 1e-9;
export function atLeast(score: number, threshold: number): boolean {
  return score + EPSILON >= threshold;
}

export function result(
  score: number,
  pass: boolean,
  reason: string,
  details?: Record<string, unknown>,
): ScoreResult {
  return details === undefined ? { score, pass, reason } : { score, pass, reason, details };
}

export const passFail = (pass: boolean, reason: string, details?: Record<string, unknown>): ScoreResult =>
  result(pass ? 1 : 0, pass, reason, details);

/** The reference a scorer compares against: its own `value` param, else the item's expected output. */
export function referenceOf(value: string | undefined, input: ScorerInput): string | undefined {
  return value ?? input.expected;
}

/**
 * A result that could not be scored (no reference, no context, unreadable judge output, input too
 * long): score 0, fail, and `details.invalid` so negation (`not-…`) never turns it into a pass.
 */
export function invalid(reason: string, details: Record<string, unknown> = {}): ScoreResult {
  return result(0, false, reason, { ...details, invalid: true });
}

export const isInvalid = (r: ScoreResult): boolean => r.details?.invalid === true;

export const NO_REFERENCE = (type: string): ScoreResult =>
  invalid(`${type}: no reference to compare with (set "value" or give the item an expected output)`);

/** Model-graded scorers need the injected judge; its absence is a wiring error, not a low score. */
export function requireModel(type: string, ctx: ScoreContext): JudgeModel {
  if (ctx.model) return ctx.model;
  throw missingModel(type, 'a judge model (ctx.model)');
}

export function missingModel(type: string, what: string): KeelError {
  return new KeelError(
    'invalid_request',
    `Scorer "${type}" needs ${what}; configure a judge model for the evaluation`,
  );
}

/** Short, single-line excerpt for reasons (never whole outputs). */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? JSON.stringify(flat) : `${JSON.stringify(flat.slice(0, max))}…`;
}
