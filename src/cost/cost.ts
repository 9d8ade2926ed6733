import type { Cost, Price, Usage } from '../spec/usage.ts';
import { type PriceOverride, resolvePrice } from './price-table.ts';

/** Costs are kept to 1e-10 USD: far below any billing unit, and enough to add millions of calls. */
const USD_SCALE = 1e10;

export function roundUsd(usd: number): number {
  return Math.round(usd * USD_SCALE) / USD_SCALE;
}

/** A token count from an upstream may be missing, negative or fractional; bill only whole, positive ones. */
function tokens(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The USD cost of one call.
 *
 * Keel's `Usage.promptTokens` INCLUDES cached and cache-write tokens (OpenAI reports it that way; the
 * Anthropic adapter adds `cache_read_input_tokens` and `cache_creation_input_tokens` to Anthropic's
 * `input_tokens`, which excludes them). So the uncached input is what is left after taking both out:
 *
 *   uncached × input + cached × (cacheRead ?? input) + cacheWrite × (cacheWrite ?? input)
 *   + completion × output
 *
 * Reasoning tokens are already inside `completionTokens`; they are billed at `price.reasoning` only
 * when the price has one (no vendor in the table does today), otherwise at the output price.
 * Unknown price → 0 (the caller records the source as 'unknown').
 */
export function costOf(usage: Usage, price: Price | undefined): number {
  if (!price) return 0;
  const prompt = tokens(usage.promptTokens);
  const cached = Math.min(tokens(usage.cachedTokens), prompt);
  const written = Math.min(tokens(usage.cacheWriteTokens), prompt - cached);
  const uncached = prompt - cached - written;
  const completion = tokens(usage.completionTokens);
  const reasoning = price.reasoning === undefined ? 0 : Math.min(tokens(usage.reasoningTokens), completion);
  const usd =
    uncached * price.input +
    cached * (price.cacheRead ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    (completion - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  return roundUsd(usd);
}

/**
 * The most a call can cost before it runs: every prompt token at the dearest input rate (it might be
 * written to the provider's prompt cache) and every allowed output token at the dearest output rate.
 * Budgets reserve this and settle the real cost afterwards.
 */
export function maxCostOf(
  request: { promptTokens: number; maxOutputTokens: number },
  price: Price | undefined,
): number {
  if (!price) return 0;
  const inputRate = Math.max(price.input, price.cacheWrite ?? 0, price.cacheRead ?? 0);
  const outputRate = Math.max(price.output, price.reasoning ?? 0);
  return roundUsd(tokens(request.promptTokens) * inputRate + tokens(request.maxOutputTokens) * outputRate);
}

/** Resolves the price (override → table → unknown) and costs the usage in one step. */
export function computeCost(options: {
  usage: Usage;
  override?: PriceOverride | undefined;
  providerType: string;
  model: string;
}): Cost {
  const { price, source } = resolvePrice(options);
  return { usd: costOf(options.usage, price), source };
}

/**
 * USD as a plain decimal string for headers and logs: at most 10 decimals, no exponent, no trailing
 * zeros ("0.000123", "1.5", "0"). Non-finite input (a bug upstream) renders as "0" rather than "NaN".
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '0';
  const fixed = roundUsd(usd).toFixed(10);
  const trimmed = fixed.replace(/\.?0+$/, '');
  return trimmed === '-0' || trimmed === '' ? '0' : trimmed;
}
