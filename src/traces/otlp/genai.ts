import { costOf, lookupPrice } from '../../cost/index.ts';
import { type Attrs, toNumber, toObject } from './attrs.ts';

/** Model, provider, usage, cost and prompt of a span, across the GenAI attribute sets. */
export interface ModelFacts {
  model: string | null;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  /** True when Keel priced the usage itself (no cost in the span). */
  costEstimated: boolean;
  promptName: string | null;
  promptVersion: string | null;
}

const int = (n: number | null): number | null => (n === null ? null : Math.floor(n));

/** Langfuse usage_details / cost_details: `{input, output, total}` or OpenAI-style names. */
function details(value: unknown): { input: number | null; output: number | null; total: number | null } {
  const o = toObject(value);
  if (!o) return { input: null, output: null, total: null };
  const pick = (...keys: string[]) => {
    for (const key of keys) {
      const n = toNumber(o[key]);
      if (n !== null) return n;
    }
    return null;
  };
  return {
    input: pick('input', 'prompt_tokens', 'input_tokens', 'promptTokens'),
    output: pick('output', 'completion_tokens', 'output_tokens', 'completionTokens'),
    total: pick('total', 'total_tokens', 'totalTokens'),
  };
}

/** gen_ai.system values → the provider types of Keel's price table. */
const PROVIDER_TYPES: Record<string, string> = {
  openai: 'openai',
  'az.ai.openai': 'azure',
  'azure.ai.openai': 'azure',
  azure: 'azure',
  anthropic: 'anthropic',
};

function estimateCost(facts: ModelFacts): number | null {
  if (facts.model === null || (facts.inputTokens === null && facts.outputTokens === null)) return null;
  const providerType =
    PROVIDER_TYPES[(facts.provider ?? 'openai').toLowerCase()] ?? facts.provider ?? 'openai';
  const price = lookupPrice({ providerType, model: facts.model });
  if (!price) return null;
  return costOf(
    {
      promptTokens: facts.inputTokens ?? 0,
      completionTokens: facts.outputTokens ?? 0,
      totalTokens: (facts.inputTokens ?? 0) + (facts.outputTokens ?? 0),
    },
    price,
  );
}

export function modelFacts(attrs: Attrs): ModelFacts {
  const usage = details(attrs.take('langfuse.observation.usage_details'));
  const cost = details(attrs.take('langfuse.observation.cost_details'));
  const inputTokens = int(
    attrs.num('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt') ??
      attrs.num('llm.usage.prompt_tokens') ??
      usage.input,
  );
  const outputTokens = int(
    attrs.num('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion') ??
      attrs.num('llm.usage.completion_tokens') ??
      usage.output,
  );
  const total = int(
    attrs.num('gen_ai.usage.total_tokens', 'llm.token_count.total', 'llm.usage.total_tokens') ?? usage.total,
  );
  const facts: ModelFacts = {
    model: attrs.str([
      'gen_ai.request.model',
      'langfuse.observation.model.name',
      'llm.model_name',
      'gen_ai.response.model',
      'llm.request.model',
      'llm.response.model',
    ]),
    provider: attrs.str([
      'gen_ai.provider.name',
      'gen_ai.system',
      'llm.provider',
      'llm.system',
      'llm.vendor',
    ]),
    inputTokens,
    outputTokens,
    totalTokens:
      total ??
      (inputTokens !== null || outputTokens !== null ? (inputTokens ?? 0) + (outputTokens ?? 0) : null),
    costUsd:
      attrs.num('keel.cost_usd', 'gen_ai.usage.cost', 'llm.cost.total') ??
      cost.total ??
      (cost.input !== null || cost.output !== null ? (cost.input ?? 0) + (cost.output ?? 0) : null),
    costEstimated: false,
    promptName: attrs.str(['keel.prompt.name', 'langfuse.observation.prompt.name', 'traceloop.prompt.key']),
    promptVersion: attrs.str([
      'keel.prompt.version',
      'langfuse.observation.prompt.version',
      'traceloop.prompt.version',
      'llm.prompt_template.version',
    ]),
  };
  if (facts.costUsd === null) {
    facts.costUsd = estimateCost(facts);
    facts.costEstimated = facts.costUsd !== null;
  }
  return facts;
}

/** Time to first token: `keel.ttft_ms`, or Langfuse's completion start time minus the span start. */
export function ttftMs(attrs: Attrs, startUs: number): number | null {
  const explicit = attrs.num('keel.ttft_ms');
  if (explicit !== null) return explicit;
  const raw = attrs.take('langfuse.observation.completion_start_time');
  if (typeof raw !== 'string') return null;
  // Langfuse serialises the Date with JSON.stringify, so the ISO text arrives in quotes.
  const ms = Date.parse(raw.replace(/^"|"$/g, ''));
  if (!Number.isFinite(ms)) return null;
  const ttft = ms - startUs / 1000;
  return ttft >= 0 ? ttft : null;
}
