/** Token usage of one call, normalised across providers (camel case, Keel-internal). */
export interface Usage {
  /** All input tokens, including cached ones. */
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at the cache-read price). */
  cachedTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic cache_creation_input_tokens). */
  cacheWriteTokens?: number;
  /** Output tokens spent on hidden reasoning (already included in completionTokens). */
  reasoningTokens?: number;
  /** True when Keel counted the tokens itself because the provider reported none. */
  estimated?: boolean;
}

/** Prices in USD per token. Cache prices fall back to the input price when absent. */
export interface Price {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface Cost {
  usd: number;
  /** Where the price came from: config override, built-in table, or unknown (cost 0). */
  source: 'config' | 'table' | 'unknown';
}
