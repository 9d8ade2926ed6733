import { z } from 'zod';
import type { Usage } from '../../spec/usage.ts';

const count = z.number().int().min(0).catch(0);

/** Loose on purpose: upstreams add fields, and a malformed count must not fail a paid-for answer. */
const wireUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: z.number().int().min(0).optional().catch(undefined),
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().int().min(0).optional().catch(undefined) })
    .nullish()
    .catch(undefined),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().int().min(0).optional().catch(undefined) })
    .nullish()
    .catch(undefined),
});

/** Converts an OpenAI-dialect `usage` object to Keel's Usage; undefined when there is none. */
export function toUsage(wire: unknown): Usage | undefined {
  if (wire === null || typeof wire !== 'object') return undefined;
  const raw = wire as Record<string, unknown>;
  if (typeof raw.prompt_tokens !== 'number' && typeof raw.completion_tokens !== 'number') return undefined;
  const parsed = wireUsageSchema.safeParse(wire);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  const usage: Usage = {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    totalTokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens,
  };
  const cached = u.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined) usage.cachedTokens = cached;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}
