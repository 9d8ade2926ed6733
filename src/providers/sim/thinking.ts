/**
 * Simulated extended thinking. A request that turns thinking on (Anthropic `thinking: {type:
 * 'enabled'}`, or OpenAI `reasoning_effort` other than `none`) gets a deterministic block of
 * reasoning words before its answer. Its signature is an HMAC of the text under a fixed key, so
 * the sim can check, as Anthropic does, that a thinking block sent back in the history is exactly
 * the one it produced.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChatRequest } from '../../spec/index.ts';
import { REASONING_EFFORT_BUDGETS } from '../reasoning-effort.ts';
import { generateWords, type Rng } from './vocabulary.ts';

/** Fixed on purpose: signatures must verify across sim restarts and processes. Not a secret. */
const SIGNING_KEY = 'keel-sim-thinking-v1';

const DEFAULT_BUDGET = 1024;

export interface SimThinking {
  /** Reasoning units in order, as a stream sends them. */
  pieces: string[];
  text: string;
  signature: string;
}

export function thinkingSignature(text: string): string {
  return createHmac('sha256', SIGNING_KEY).update(text, 'utf8').digest('base64');
}

/** Whether `signature` is the sim's signature of `text` (constant-time compare). */
export function verifyThinkingSignature(text: string, signature: string): boolean {
  const expected = Buffer.from(thinkingSignature(text));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The thinking budget the request asks for, or undefined when thinking is off. */
export function thinkingBudget(request: ChatRequest): number | undefined {
  const thinking = request.thinking as { type?: unknown; budget_tokens?: unknown } | null | undefined;
  if (thinking !== null && typeof thinking === 'object') {
    if (thinking.type !== 'enabled') return undefined;
    return typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : DEFAULT_BUDGET;
  }
  const effort = request.reasoning_effort;
  if (typeof effort !== 'string' || effort === 'none') return undefined;
  return REASONING_EFFORT_BUDGETS[effort] ?? DEFAULT_BUDGET;
}

/**
 * How many units to think: outputTokens as for an answer, within the budget, and leaving at least
 * one unit of the request's cap for the answer (Anthropic counts thinking inside max_tokens).
 */
export function thinkingUnits(budget: number, outputTokens: number, cap: number | undefined): number {
  const room = cap === undefined ? Number.MAX_SAFE_INTEGER : cap - 1;
  return Math.max(1, Math.min(budget, outputTokens, room));
}

export function simThinking(rng: Rng, units: number): SimThinking {
  const pieces = generateWords(rng, units);
  const text = pieces.join('');
  return { pieces, text, signature: thinkingSignature(text) };
}
