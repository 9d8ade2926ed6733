import type { ChatMessage, ThinkingTextBlock, ToolCall } from '../../spec/chat.ts';
import { ARG_LIMITS, collectStrings } from '../scanners/action/index.ts';
import { safeJsonParse } from '../scanners/output/index.ts';
import { legacyFunctionCall } from './request-texts.ts';

/**
 * The parts of earlier assistant turns, besides their texts, that are masked like those texts:
 * Keel restored the user's data into them, and the client sends them back as history.
 *
 * - Tool calls (`tool_calls`, legacy `function_call`; Anthropic `tool_use` blocks arrive as
 *   `tool_calls`): their arguments.
 * - Reasoning: `reasoning_content` (DeepSeek-style; also Keel's readable copy of Claude's
 *   thinking), a string `reasoning` (other OpenAI-compatible servers), the text of a
 *   `thinking_blocks` entry without a signature (reasoning from a non-Anthropic model), and in
 *   OpenRouter-style `reasoning_details` the `text` of an unsigned `reasoning.text` entry and the
 *   `summary` of a `reasoning.summary` entry (`reasoning.encrypted` is opaque).
 *
 * A signed `thinking` block is left as it is: Anthropic verifies the signature over its text, so a
 * masked copy would fail the follow-up request (400). Keel never restores into signed blocks, so
 * they hold what the model saw (placeholders, when its input was masked); see docs/guard.md, "Mask
 * and restore". `redacted_thinking` is opaque and left as it is too.
 */

export interface CallRef {
  message: number;
  /** Index in `tool_calls`, or null for the legacy `function_call`. */
  call: number | null;
  args: string;
}

export function collectCallArgs(messages: readonly ChatMessage[]): CallRef[] {
  const refs: CallRef[] = [];
  messages.forEach((m, message) => {
    if (m.role !== 'assistant') return;
    (Array.isArray(m.tool_calls) ? m.tool_calls : []).forEach((c: ToolCall, call) => {
      const args = c?.function?.arguments;
      if (typeof args === 'string' && args.length > 0) refs.push({ message, call, args });
    });
    const args = legacyFunctionCall(m)?.function.arguments;
    if (args) refs.push({ message, call: null, args });
  });
  return refs;
}

/** New messages with the given call arguments replaced (copy-on-write). */
export function replaceCallArgs(
  messages: readonly ChatMessage[],
  replacements: ReadonlyArray<{ ref: CallRef; text: string }>,
): ChatMessage[] {
  const out = [...messages];
  for (const { ref, text: args } of replacements) {
    const m = out[ref.message] as ChatMessage;
    if (ref.call === null) {
      out[ref.message] = { ...m, function_call: { ...(m.function_call as object), arguments: args } };
      continue;
    }
    const calls = [...(m.tool_calls ?? [])];
    const c = calls[ref.call] as ToolCall;
    calls[ref.call] = { ...c, function: { ...c.function, arguments: args } };
    out[ref.message] = { ...m, tool_calls: calls };
  }
  return out;
}

function rebuild(value: unknown, masked: ReadonlyMap<string, string>, depth = 0): unknown {
  if (depth > ARG_LIMITS.maxDepth) return value;
  if (typeof value === 'string') return masked.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => rebuild(v, masked, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[masked.get(k) ?? k] = rebuild(v, masked, depth + 1);
    return out;
  }
  return value;
}

export interface ArgumentStrings {
  /** Distinct non-empty strings to mask: every JSON string value and key, or the whole text. */
  strings: string[];
  /** The arguments with masked strings put in (undefined: nothing changed). */
  rebuild(masked: ReadonlyMap<string, string>): string | undefined;
}

/**
 * The strings inside tool-call arguments, to be masked one by one and put back into the parsed
 * document (re-serialised, so a placeholder never breaks the JSON); arguments that are not JSON are
 * masked as plain text.
 */
export function argumentStrings(args: string): ArgumentStrings {
  const parsed = safeJsonParse(args);
  if (!parsed.ok) return { strings: [args], rebuild: (masked) => masked.get(args) };
  // Every string, not the action scanners' first 2,000: an unmasked one would go upstream.
  const found = collectStrings(parsed.value, Number.POSITIVE_INFINITY).map((s) => s.value);
  const distinct = [...new Set(found.filter((s) => s.length > 0))];
  return {
    strings: distinct,
    rebuild: (masked) =>
      distinct.some((s) => masked.has(s)) ? JSON.stringify(rebuild(parsed.value, masked)) : undefined,
  };
}

/** Where a reasoning text of an earlier assistant turn sits. */
export interface ReasoningRef {
  message: number;
  /**
   * A string field of the message, the index of an unsigned `thinking_blocks` entry, or a string
   * of a `reasoning_details` entry.
   */
  field: 'reasoning_content' | 'reasoning' | number | { details: number; key: 'text' | 'summary' };
  text: string;
}

/** Anthropic checks a signature against the block's text; an empty one is no signature. */
function isUnsignedThinking(block: unknown): block is { type: 'thinking'; thinking: string } {
  if (block === null || typeof block !== 'object') return false;
  const b = block as { type?: unknown; thinking?: unknown; signature?: unknown };
  return b.type === 'thinking' && typeof b.thinking === 'string' && !b.signature;
}

export function collectReasoning(messages: readonly ChatMessage[]): ReasoningRef[] {
  const refs: ReasoningRef[] = [];
  messages.forEach((m, message) => {
    if (m.role !== 'assistant') return;
    for (const field of ['reasoning_content', 'reasoning'] as const) {
      const text = m[field];
      if (typeof text === 'string' && text.length > 0) refs.push({ message, field, text });
    }
    (Array.isArray(m.thinking_blocks) ? m.thinking_blocks : []).forEach((block, field) => {
      if (isUnsignedThinking(block) && block.thinking.length > 0)
        refs.push({ message, field, text: block.thinking });
    });
    (Array.isArray(m.reasoning_details) ? m.reasoning_details : []).forEach((entry: unknown, details) => {
      const key = detailsKey(entry);
      const text = key && (entry as Record<string, unknown>)[key];
      if (key && typeof text === 'string' && text.length > 0)
        refs.push({ message, field: { details, key }, text });
    });
  });
  return refs;
}

/** The maskable string of a `reasoning_details` entry: unsigned text, or a summary (never signed). */
function detailsKey(entry: unknown): 'text' | 'summary' | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const e = entry as { type?: unknown; signature?: unknown };
  if (e.type === 'reasoning.text' && !e.signature) return 'text';
  return e.type === 'reasoning.summary' ? 'summary' : undefined;
}

/** New messages with the given reasoning texts replaced (copy-on-write). */
export function replaceReasoning(
  messages: readonly ChatMessage[],
  replacements: ReadonlyArray<{ ref: ReasoningRef; text: string }>,
): ChatMessage[] {
  const out = [...messages];
  for (const { ref, text } of replacements) {
    const m = out[ref.message] as ChatMessage;
    if (typeof ref.field === 'string') {
      out[ref.message] = { ...m, [ref.field]: text };
      continue;
    }
    if (typeof ref.field === 'object') {
      const details = [...(m.reasoning_details as unknown[])];
      details[ref.field.details] = { ...(details[ref.field.details] as object), [ref.field.key]: text };
      out[ref.message] = { ...m, reasoning_details: details };
      continue;
    }
    const blocks = [...(m.thinking_blocks ?? [])];
    blocks[ref.field] = { ...(blocks[ref.field] as ThinkingTextBlock), thinking: text };
    out[ref.message] = { ...m, thinking_blocks: blocks };
  }
  return out;
}
