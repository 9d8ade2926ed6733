import { isKeelError, KeelError } from '../../errors/index.ts';
import { createScorer, SCORER_REGISTRY, type ScorerSpec } from './registry.ts';

/** One promptfoo `assert:` entry, as read from promptfooconfig.yaml. */
export interface PromptfooAssertion {
  type: string;
  value?: unknown;
  threshold?: number;
  metric?: string;
  weight?: number;
  provider?: unknown;
  [key: string]: unknown;
}

export type PromptfooMapper = (a: PromptfooAssertion) => ScorerSpec;

const text = (a: PromptfooAssertion): string => {
  if (typeof a.value === 'string') return a.value;
  if (typeof a.value === 'number' || typeof a.value === 'boolean') return String(a.value);
  throw new KeelError('invalid_request', `promptfoo "${a.type}" needs a string value`, { param: 'value' });
};
const optionalText = (a: PromptfooAssertion) => (a.value === undefined ? {} : { value: text(a) });
const withThreshold = (a: PromptfooAssertion, fallback: number) => ({ threshold: a.threshold ?? fallback });

/** promptfoo's is-json / contains-json take a schema as an object or as JSON text. */
function schemaOf(a: PromptfooAssertion): { schema?: Record<string, unknown> } {
  if (a.value === undefined) return {};
  let v: unknown = a.value;
  if (typeof v === 'string') {
    if (v.startsWith('file://')) {
      throw new KeelError(
        'invalid_request',
        `promptfoo "${a.type}": file:// schemas must be inlined before import`,
      );
    }
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw new KeelError('invalid_request', `promptfoo "${a.type}": the schema is not JSON`);
    }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new KeelError('invalid_request', `promptfoo "${a.type}": the value must be a JSON schema object`);
  }
  return { schema: v as Record<string, unknown> };
}

function required(a: PromptfooAssertion, what: string): number {
  if (typeof a.threshold !== 'number') {
    throw new KeelError('invalid_request', `promptfoo "${a.type}" needs a numeric threshold (${what})`);
  }
  return a.threshold;
}

/**
 * promptfoo assertion type → Keel scorer spec builder, or 'unsupported'. Defaults follow
 * promptfoo's (e.g. similar 0.75, rouge-n 0.75, bleu 0.5, levenshtein distance 5, RAG metrics 0)
 * so an imported suite passes and fails as it did. Differences are documented in
 * docs/evals-scorers.md.
 */
export const PROMPTFOO_ASSERT_MAP: Readonly<Record<string, PromptfooMapper | 'unsupported'>> = {
  equals: (a) => ({ type: 'equals', ...(a.value === undefined ? {} : { value: a.value }) }),
  contains: (a) => ({ type: 'contains', ...optionalText(a) }),
  icontains: (a) => ({ type: 'icontains', ...optionalText(a) }),
  'contains-any': (a) => ({ type: 'contains-any', value: a.value }),
  'contains-all': (a) => ({ type: 'contains-all', value: a.value }),
  'icontains-any': (a) => ({ type: 'icontains-any', value: a.value }),
  'icontains-all': (a) => ({ type: 'icontains-all', value: a.value }),
  regex: (a) => ({ type: 'regex', value: text(a) }),
  'starts-with': (a) => ({ type: 'starts-with', ...optionalText(a) }),
  'is-json': (a) => ({ type: 'is-json', ...schemaOf(a) }),
  'contains-json': (a) => ({ type: 'contains-json', ...schemaOf(a) }),
  levenshtein: (a) => ({ type: 'levenshtein', ...optionalText(a), maxDistance: a.threshold ?? 5 }),
  // js-rouge's n(): unigram matches / candidate unigrams.
  'rouge-n': (a) => ({
    type: 'rouge-n',
    ...optionalText(a),
    n: 1,
    measure: 'precision',
    ...withThreshold(a, 0.75),
  }),
  'rouge-l': (a) => ({ type: 'rouge-l', ...optionalText(a), ...withThreshold(a, 0.75) }),
  bleu: (a) => ({
    type: 'bleu',
    ...(a.value === undefined ? {} : { value: a.value }),
    ...withThreshold(a, 0.5),
  }),
  latency: (a) => ({ type: 'latency', threshold: required(a, 'milliseconds') }),
  cost: (a) => ({ type: 'cost', threshold: required(a, 'USD') }),
  similar: (a) => ({ type: 'similar', ...optionalText(a), ...withThreshold(a, 0.75) }),
  'similar:cosine': (a) => ({ type: 'similar', ...optionalText(a), ...withThreshold(a, 0.75) }),
  'llm-rubric': (a) => ({ type: 'llm-rubric', rubric: text(a), ...withThreshold(a, 0.5) }),
  factuality: (a) => ({ type: 'factuality', ...optionalText(a) }),
  'model-graded-factuality': (a) => ({ type: 'factuality', ...optionalText(a) }),
  'model-graded-closedqa': (a) => ({ type: 'model-graded-closedqa', criteria: text(a) }),
  'answer-relevance': (a) => ({ type: 'answer-relevance', ...withThreshold(a, 0) }),
  'context-faithfulness': (a) => ({ type: 'faithfulness', ...withThreshold(a, 0) }),
  'context-recall': (a) => ({ type: 'context-recall', ...optionalText(a), ...withThreshold(a, 0) }),
  'context-relevance': (a) => ({ type: 'context-relevance', ...withThreshold(a, 0) }),
  javascript: 'unsupported',
  python: 'unsupported',
  ruby: 'unsupported',
  webhook: 'unsupported',
  'g-eval': 'unsupported',
  'select-best': 'unsupported',
  'max-score': 'unsupported',
  'search-rubric': 'unsupported',
  'rouge-s': 'unsupported',
  meteor: 'unsupported',
  gleu: 'unsupported',
  perplexity: 'unsupported',
  'perplexity-score': 'unsupported',
  classifier: 'unsupported',
  moderation: 'unsupported',
  pi: 'unsupported',
  human: 'unsupported',
  'is-refusal': 'unsupported',
  'is-sql': 'unsupported',
  'contains-sql': 'unsupported',
  'is-xml': 'unsupported',
  'contains-xml': 'unsupported',
  'is-html': 'unsupported',
  'contains-html': 'unsupported',
  'is-valid-function-call': 'unsupported',
  'is-valid-openai-function-call': 'unsupported',
  'is-valid-openai-tools-call': 'unsupported',
  'assert-set': 'unsupported',
  'conversation-relevance': 'unsupported',
  'finish-reason': 'unsupported',
  guardrails: 'unsupported',
  'word-count': 'unsupported',
};

/** Why an unsupported type has no Keel equivalent, for the importer's report. */
export const PROMPTFOO_UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  javascript: 'custom code assertions are not run by Keel; rewrite as regex / json-schema / llm-rubric',
  python: 'custom code assertions are not run by Keel; rewrite as regex / json-schema / llm-rubric',
  'g-eval': 'use llm-rubric with a 1–5 scale',
  'select-best': 'use pairwiseJudge (experiment comparison)',
  moderation: "use the guard module's toxicity scanner",
  guardrails: 'use the guard module',
};

export type PromptfooMapping =
  | { ok: true; spec: ScorerSpec; weight?: number }
  | { ok: false; type: string; reason: string };

/**
 * Maps one promptfoo assertion (with its `not-` prefix, `metric` → name, string `provider` → judge)
 * and checks the result builds; anything that cannot be mapped comes back with a reason, so the
 * importer can print a complete list of what was left out instead of dropping it silently.
 */
export function mapPromptfooAssertion(a: PromptfooAssertion): PromptfooMapping {
  const negate = a.type.startsWith('not-');
  const base = negate ? a.type.slice(4) : a.type;
  const mapper = PROMPTFOO_ASSERT_MAP[base];
  if (mapper === undefined)
    return { ok: false, type: a.type, reason: `unknown promptfoo assertion type "${base}"` };
  if (mapper === 'unsupported') {
    const hint = PROMPTFOO_UNSUPPORTED_HINTS[base];
    return {
      ok: false,
      type: a.type,
      reason: `"${base}" is not supported by Keel${hint ? `: ${hint}` : ''}`,
    };
  }
  try {
    const spec: ScorerSpec = { ...mapper({ ...a, type: base }) };
    if (negate) spec.negate = true;
    if (typeof a.metric === 'string' && a.metric !== '') spec.name = a.metric;
    if (typeof a.provider === 'string' && SCORER_REGISTRY.get(spec.type)?.modelGraded)
      spec.judge = a.provider;
    createScorer(spec);
    return { ok: true, spec, ...(typeof a.weight === 'number' ? { weight: a.weight } : {}) };
  } catch (err) {
    return { ok: false, type: a.type, reason: isKeelError(err) ? err.message : 'could not be mapped' };
  }
}
