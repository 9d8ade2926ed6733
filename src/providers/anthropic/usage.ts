import type { Usage, WireUsage } from '../../spec/index.ts';
import type { AnthropicUsage } from './types.ts';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Anthropic reports uncached input, cache reads and cache writes separately; OpenAI's
 * prompt_tokens (and Keel's promptTokens) count all input tokens, cached ones included.
 */
export function usageFromAnthropic(usage: Partial<AnthropicUsage>): Usage {
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const promptTokens = count(usage.input_tokens) + cacheRead + cacheWrite;
  const completionTokens = count(usage.output_tokens);
  const out: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (cacheRead > 0) out.cachedTokens = cacheRead;
  if (cacheWrite > 0) out.cacheWriteTokens = cacheWrite;
  return out;
}

/**
 * Keel usage → OpenAI wire usage. The Anthropic cache counters ride along as extra fields (the
 * shape LiteLLM uses too) so an Anthropic client behind an OpenAI hop still sees them.
 */
export function wireUsageFromUsage(usage: Usage): WireUsage {
  const wire: WireUsage = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
  };
  if (usage.cacheWriteTokens !== undefined) wire.cache_creation_input_tokens = usage.cacheWriteTokens;
  if (usage.cachedTokens !== undefined) wire.cache_read_input_tokens = usage.cachedTokens;
  return wire;
}

/** The final usage-only chunk of an OpenAI-dialect stream (`choices: []`), framed like its other chunks. */
export function usageOnlyChunk(frame: { id: string; created: number; model: string }, usage: Usage): string {
  return JSON.stringify({
    id: frame.id,
    object: 'chat.completion.chunk',
    created: frame.created,
    model: frame.model,
    choices: [],
    usage: wireUsageFromUsage(usage),
  });
}

/** OpenAI wire usage → Keel usage (reads the Anthropic extras written above when present). */
export function usageFromWire(wire: WireUsage): Usage {
  const promptTokens = count(wire.prompt_tokens);
  const completionTokens = count(wire.completion_tokens);
  const out: Usage = { promptTokens, completionTokens, totalTokens: count(wire.total_tokens) };
  if (out.totalTokens === 0) out.totalTokens = promptTokens + completionTokens;
  const cached = count(wire.prompt_tokens_details?.cached_tokens);
  if (cached > 0) out.cachedTokens = cached;
  const cacheWrite = count(wire.cache_creation_input_tokens);
  if (cacheWrite > 0) out.cacheWriteTokens = cacheWrite;
  const reasoning = count(wire.completion_tokens_details?.reasoning_tokens);
  if (reasoning > 0) out.reasoningTokens = reasoning;
  return out;
}

/** Keel usage → Anthropic usage: `input_tokens` excludes cache reads and writes. */
export function anthropicUsageFromUsage(usage: Usage): AnthropicUsage {
  const cacheRead = usage.cachedTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.promptTokens - cacheRead - cacheWrite),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
