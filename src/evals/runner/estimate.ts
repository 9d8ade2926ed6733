import { countChatTokens } from '../../cost/index.ts';
import type { ChatMessage } from '../../spec/chat.ts';
import type { DatasetItem } from '../datasets/index.ts';
import type { GatewayClient } from './gateway-client.ts';
import type { PriceLookup } from './prices.ts';
import { buildChatCall } from './request-body.ts';
import type { ExperimentPlan, Target } from './types.ts';

/**
 * Cost before the run: the rendered inputs of a sample of items are token-counted (the same
 * counter the gateway uses when a provider reports no usage), averaged, and multiplied by the
 * item count and each target's price; answers are assumed to use max_tokens, or
 * `run.estimateOutputTokens` when the request sets none. Model-graded scorers add a rough judge
 * share (one judge call per scorer per item, reading input + answer).
 */

export interface TargetEstimate {
  key: string;
  model: string | null;
  promptTokensPerItem: number;
  outputTokensPerItem: number;
  usd: number;
  priced: boolean;
}

export interface CostEstimate {
  items: number;
  calls: number;
  sampled: number;
  usd: number;
  judgeUsd: number;
  targets: TargetEstimate[];
  /** Models without a known price (their share counts as 0). */
  unpriced: string[];
}

const SAMPLE = 50;
const JUDGE_OVERHEAD_TOKENS = 400;
const JUDGE_OUTPUT_TOKENS = 150;

function outputTokens(params: Record<string, unknown>, fallback: number): number {
  const cap = Number(params.max_completion_tokens ?? params.max_tokens);
  return Number.isFinite(cap) && cap > 0 ? cap : fallback;
}

async function promptTokensOf(
  client: GatewayClient,
  target: Target,
  item: DatasetItem,
): Promise<{ tokens: number; model: string | null }> {
  try {
    const call = await buildChatCall(client, {
      target,
      item,
      signal: new AbortController().signal,
      timeoutMs: 10_000,
    });
    const model =
      typeof call.body.model === 'string' && !call.body.model.startsWith('prompt:') ? call.body.model : null;
    return { tokens: countChatTokens(call.body.messages as ChatMessage[], model ? { model } : {}), model };
  } catch {
    // No render API (or a render error the run will report): count what the item itself carries.
    const text = JSON.stringify(item.input);
    return { tokens: countChatTokens([{ role: 'user', content: text }]), model: null };
  }
}

export async function estimateCost(o: {
  client: GatewayClient;
  plan: ExperimentPlan;
  sample: readonly DatasetItem[];
  items: number;
  price: PriceLookup;
  judgeScorers: number;
}): Promise<CostEstimate> {
  const sample = o.sample.slice(0, SAMPLE);
  const targets: TargetEstimate[] = [];
  const unpriced = new Set<string>();
  let judgeUsd = 0;
  for (const target of o.plan.targets) {
    let tokens = 0;
    let model: string | null = target.kind === 'gateway-prompt' ? null : target.model;
    for (const item of sample) {
      const counted = await promptTokensOf(o.client, target, item);
      tokens += counted.tokens;
      model ??= counted.model;
    }
    const perItem = sample.length === 0 ? 0 : tokens / sample.length;
    const out = outputTokens(target.params, o.plan.run.estimateOutputTokens);
    const price = model ? await o.price(model) : undefined;
    if (!price) unpriced.add(model ?? target.key);
    const usd = price ? o.items * (perItem * price.input + out * price.output) : 0;
    targets.push({
      key: target.key,
      model,
      promptTokensPerItem: perItem,
      outputTokensPerItem: out,
      usd,
      priced: price !== undefined,
    });
    if (o.judgeScorers > 0 && o.plan.judgeModel) {
      const judge = await o.price(o.plan.judgeModel);
      if (!judge) unpriced.add(o.plan.judgeModel);
      const judgeIn = perItem + out + JUDGE_OVERHEAD_TOKENS;
      judgeUsd += judge
        ? o.items * o.judgeScorers * (judgeIn * judge.input + JUDGE_OUTPUT_TOKENS * judge.output)
        : 0;
    }
  }
  const usd = targets.reduce((s, t) => s + t.usd, 0) + judgeUsd;
  return {
    items: o.items,
    calls: o.items * o.plan.targets.length,
    sampled: sample.length,
    usd,
    judgeUsd,
    targets,
    unpriced: [...unpriced],
  };
}
