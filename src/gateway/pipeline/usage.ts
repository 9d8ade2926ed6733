import { costOf, resolvePrice, usageFromText } from '../../cost/index.ts';
import type { ChatCompletion, ChatRequest, Usage } from '../../spec/index.ts';
import type { Runtime } from '../runtime.ts';
import type { Exchange } from './exchange.ts';

/** Usage from the provider, or counted with the tokenizer when the provider reported none. */
export function settleUsage(input: {
  ex: Exchange;
  runtime: Runtime;
  request: ChatRequest;
  usage: Usage | undefined;
  completionText: () => string;
}): void {
  const { ex, runtime } = input;
  const usage =
    input.usage ??
    usageFromText({
      messages: input.request.messages,
      completionText: input.completionText(),
      model: ex.upstreamModel ?? undefined,
    });
  ex.usage = bounded(usage);
  ex.costUsd = costFor(ex, runtime, ex.usage);
}

/**
 * Largest token count a record keeps (the records' integer columns). An upstream that reports more
 * (`prompt_tokens: 1e15`) is broken or hostile; unbounded, its record failed to insert and was
 * dropped with the batch's other records.
 */
export const MAX_TOKENS = 2 ** 31 - 1;

const clampTokens = (n: number | undefined): number | undefined =>
  n === undefined ? undefined : Number.isFinite(n) ? Math.min(MAX_TOKENS, Math.max(0, Math.round(n))) : 0;

function bounded(usage: Usage): Usage {
  const out: Usage = {
    ...usage,
    promptTokens: clampTokens(usage.promptTokens) as number,
    completionTokens: clampTokens(usage.completionTokens) as number,
    totalTokens: clampTokens(usage.totalTokens) as number,
  };
  for (const key of ['cachedTokens', 'cacheWriteTokens', 'reasoningTokens'] as const) {
    const value = clampTokens(usage[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function costFor(ex: Exchange, runtime: Runtime, usage: Usage): number {
  if (!ex.servedModel || !ex.deployment) return 0;
  const model = runtime.config.models[ex.servedModel];
  const deployment = model?.deployments.find((d) => (d.id ?? `${d.provider}/${d.model}`) === ex.deployment);
  const providerConfig = ex.provider ? runtime.config.providers[ex.provider] : undefined;
  if (!deployment || !providerConfig) return 0;
  const { price } = resolvePrice({
    override: deployment.price,
    providerType: providerConfig.type,
    model: deployment.model,
  });
  return costOf(usage, price);
}

export function completionTextOf(body: ChatCompletion): string {
  let text = '';
  for (const choice of body.choices) {
    text += choice.message.content ?? '';
    for (const call of choice.message.tool_calls ?? []) text += call.function.name + call.function.arguments;
  }
  return text;
}
