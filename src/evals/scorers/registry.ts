import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { ScoreResult, Scorer } from '../../spec/scorer.ts';
import {
  answerRelevanceScorer,
  citationAccuracyScorer,
  closedQaScorer,
  contextPrecisionScorer,
  contextRecallScorer,
  contextRelevanceScorer,
  factualityScorer,
  faithfulnessScorer,
  llmRubricScorer,
} from '../judges/index.ts';
import { bleuScorer } from './bleu.ts';
import { containsScorers } from './contains.ts';
import { isInvalid, type RegisteredScorer, type ScoreFn } from './define.ts';
import { equalsScorer } from './equals.ts';
import { containsJsonScorer, isJsonScorer } from './is-json.ts';
import { jsonSchemaScorer } from './json-schema.ts';
import { levenshteinScorer } from './levenshtein.ts';
import { costScorer, latencyScorer } from './measurements.ts';
import { paramsError } from './params.ts';
import { regexScorer } from './regex.ts';
import { rougeLScorer, rougeNScorer } from './rouge.ts';
import { similarScorer } from './similar.ts';
import { startsWithScorer } from './starts-with.ts';

const ALL: RegisteredScorer[] = [
  equalsScorer,
  ...containsScorers,
  regexScorer,
  startsWithScorer,
  isJsonScorer,
  containsJsonScorer,
  jsonSchemaScorer,
  levenshteinScorer,
  rougeNScorer,
  rougeLScorer,
  bleuScorer,
  latencyScorer,
  costScorer,
  similarScorer,
  llmRubricScorer,
  factualityScorer,
  closedQaScorer,
  faithfulnessScorer,
  answerRelevanceScorer,
  contextPrecisionScorer,
  contextRecallScorer,
  contextRelevanceScorer,
  citationAccuracyScorer,
];

export const SCORER_REGISTRY: ReadonlyMap<string, RegisteredScorer> = new Map(ALL.map((s) => [s.type, s]));

/** Every scorer type createScorer accepts, in documentation order. */
export const SCORER_TYPES: readonly string[] = ALL.map((s) => s.type);

/** A scorer spec as written in an eval file: `type` plus that type's params. */
export interface ScorerSpec {
  type: string;
  [param: string]: unknown;
}

/** What createScorer returns: the Scorer contract plus what the runner needs to label and wire it. */
export interface KeelScorer extends Scorer {
  /** `name` from the spec, else the type; results are reported under it. */
  readonly name: string;
  /** Judge model requested by the spec (`judge: model-name`), for the runner to inject. */
  readonly judge: string | undefined;
  readonly negated: boolean;
  /** The validated params, defaults filled in (for reports and reproducibility). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Keys every spec may carry besides the type's own params. */
const commonSchema = z.strictObject({
  type: z.string(),
  name: z.string().min(1).max(200).optional(),
  /** Invert the verdict (promptfoo's `not-` prefix): pass ↔ fail, score → 1 − score. */
  negate: z.boolean().default(false),
  judge: z.string().min(1).max(200).optional(),
});

function negateResult(r: ScoreResult): ScoreResult {
  if (isInvalid(r)) return r;
  return { ...r, score: 1 - r.score, pass: !r.pass, reason: `not: ${r.reason}` };
}

/** Splits a spec into the common keys and the type's own params. */
function split(spec: ScorerSpec) {
  const { type, name, negate, judge, ...own } = spec;
  const parsed = commonSchema.safeParse({ type, name, negate, judge });
  if (!parsed.success) throw paramsError(String(type), parsed.error);
  return { common: parsed.data, own };
}

/**
 * Builds a scorer from its spec. Params are validated with the type's zod schema (unknown keys are
 * errors, so a typo never silently changes a threshold); an unknown type lists the supported ones.
 */
export function createScorer(spec: ScorerSpec): KeelScorer {
  if (spec === null || typeof spec !== 'object' || typeof spec.type !== 'string') {
    throw new KeelError('invalid_request', 'A scorer spec needs a string "type"', { param: 'type' });
  }
  const def = SCORER_REGISTRY.get(spec.type);
  if (!def) {
    throw new KeelError(
      'invalid_request',
      `Unknown scorer type "${spec.type}"; supported: ${SCORER_TYPES.join(', ')}`,
      { param: 'type', details: { supported: SCORER_TYPES } },
    );
  }
  const { common, own } = split(spec);
  if (common.judge !== undefined && !def.modelGraded) {
    throw new KeelError('invalid_request', `Scorer "${def.type}" is not model-graded; remove "judge"`, {
      param: 'judge',
    });
  }
  const { fn, params } = def.create(own);
  const score: ScoreFn = common.negate ? async (input, ctx) => negateResult(await fn(input, ctx)) : fn;
  return {
    specVersion: 'v1',
    type: def.type,
    modelGraded: def.modelGraded,
    name: common.name ?? def.type,
    judge: common.judge,
    negated: common.negate,
    params,
    score,
  };
}
