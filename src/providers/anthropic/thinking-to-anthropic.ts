import { KeelError } from '../../errors/index.ts';
import type { ChatRequest } from '../../spec/index.ts';
import { REASONING_EFFORT_BUDGETS } from '../reasoning-effort.ts';
import type { AnthropicRequest, AnthropicThinkingConfig, TranslationWarning } from './types.ts';

/** Anthropic accepts top_p only in [0.95, 1] while thinking; lower values are dropped. */
const MIN_TOP_P_WITH_THINKING = 0.95;

interface Resolved {
  thinking: AnthropicThinkingConfig;
  /** Keel chose the budget (from reasoning_effort), so Keel may also size max_tokens around it. */
  fromEffort: boolean;
}

function explicitThinking(value: unknown): AnthropicThinkingConfig {
  const config = value as { type?: unknown; budget_tokens?: unknown };
  if (typeof config.type !== 'string' || config.type === '') {
    throw new KeelError('invalid_request', 'thinking.type must be a string such as "enabled"', {
      param: 'thinking.type',
    });
  }
  const budget = config.budget_tokens;
  if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)) {
    throw new KeelError('invalid_request', 'thinking.budget_tokens must be a positive integer', {
      param: 'thinking.budget_tokens',
    });
  }
  return value as AnthropicThinkingConfig;
}

/** `reasoning_effort` → a thinking budget (src/providers/reasoning-effort.ts); `none` means no thinking. */
function fromEffort(effort: unknown): AnthropicThinkingConfig | undefined {
  if (effort === 'none') return undefined;
  const budget = typeof effort === 'string' ? REASONING_EFFORT_BUDGETS[effort] : undefined;
  if (budget === undefined) {
    const known = ['none', ...Object.keys(REASONING_EFFORT_BUDGETS)].join(', ');
    throw new KeelError('invalid_request', `reasoning_effort must be one of ${known}`, {
      param: 'reasoning_effort',
    });
  }
  return { type: 'enabled', budget_tokens: budget };
}

/** An explicit `thinking` object wins over `reasoning_effort` (it says exactly what to send). */
function resolve(request: ChatRequest, warnings: TranslationWarning[]): Resolved | undefined {
  const effort = request.reasoning_effort;
  const hasEffort = effort !== undefined && effort !== null;
  if (request.thinking !== undefined && request.thinking !== null) {
    if (typeof request.thinking !== 'object' || Array.isArray(request.thinking)) {
      throw new KeelError('invalid_request', 'thinking must be an object', { param: 'thinking' });
    }
    if (hasEffort) {
      warnings.push({
        param: 'reasoning_effort',
        message: 'thinking was given too; reasoning_effort ignored',
      });
    }
    return { thinking: explicitThinking(request.thinking), fromEffort: false };
  }
  if (!hasEffort) return undefined;
  const thinking = fromEffort(effort);
  return thinking === undefined ? undefined : { thinking, fromEffort: true };
}

/** Anthropic rejects temperature ≠ 1, top_k, and top_p below 0.95 while thinking: dropped, with a warning. */
function relaxSampling(body: AnthropicRequest, warnings: TranslationWarning[]): void {
  if (body.temperature !== undefined && body.temperature !== 1) {
    delete body.temperature;
    warnings.push({
      param: 'temperature',
      message: 'Anthropic allows no temperature but 1 with thinking; dropped',
    });
  }
  if (body.top_k !== undefined) {
    delete body.top_k;
    warnings.push({ param: 'top_k', message: 'Anthropic allows no top_k with thinking; dropped' });
  }
  if (body.top_p !== undefined && body.top_p < MIN_TOP_P_WITH_THINKING) {
    delete body.top_p;
    warnings.push({
      param: 'top_p',
      message: 'Anthropic allows top_p only from 0.95 with thinking; dropped',
    });
  }
}

export interface ThinkingLimits {
  /** The caller's max_tokens / max_completion_tokens, when it set one. */
  requestedMaxTokens: number | undefined;
  /** What Keel sends when the caller set none. */
  defaultMaxTokens: number;
}

/**
 * Sets `thinking` from the request's `thinking` or `reasoning_effort` and makes the rest of the body
 * acceptable with it. Anthropic counts thinking inside max_tokens and needs max_tokens > budget:
 * with no max_tokens Keel sends budget + default; with a budget Keel chose (reasoning_effort) and a
 * max_tokens at or below it, Keel sends budget + max_tokens, so the caller's number stays the room
 * for the answer. An explicit budget with too small a max_tokens is the caller's to fix (upstream 400).
 */
export function applyThinking(
  body: AnthropicRequest,
  request: ChatRequest,
  context: { limits: ThinkingLimits; warnings: TranslationWarning[] },
): void {
  const { limits, warnings } = context;
  const resolved = resolve(request, warnings);
  if (resolved === undefined) return;
  body.thinking = resolved.thinking;
  const budget = resolved.thinking.budget_tokens;
  if (resolved.thinking.type !== 'enabled' || budget === undefined) return;
  const requested = limits.requestedMaxTokens;
  if (requested === undefined) body.max_tokens = budget + limits.defaultMaxTokens;
  else if (requested <= budget && resolved.fromEffort) {
    body.max_tokens = budget + requested;
    warnings.push({
      param: 'max_tokens',
      message: `Raised to ${body.max_tokens}: Anthropic counts the ${budget}-token thinking budget inside max_tokens`,
    });
  }
  relaxSampling(body, warnings);
}
