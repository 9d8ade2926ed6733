import { createHash } from 'node:crypto';
import type { ChatMessage, ContentPart } from '../spec/index.ts';

export interface AffinityKeyOptions {
  /** How much of the prompt's beginning identifies the shared prefix (default 2048 chars). */
  prefixChars?: number;
  /** Prompts shorter than this get no key: their prefix is too short to be worth a cache hit (default 256). */
  minChars?: number;
}

const DEFAULT_PREFIX_CHARS = 2048;
const DEFAULT_MIN_CHARS = 256;

/**
 * Key for prefix-affinity routing: a hash of the first `prefixChars` characters of the prompt
 * (system prompt first, then the following messages in order, with their roles), or undefined
 * when the prompt is shorter than `minChars`. Requests that share that long a prefix hit the same
 * replica, whose KV cache then already holds it.
 */
export function affinityKeyFor(
  messages: readonly ChatMessage[],
  options: AffinityKeyOptions = {},
): string | undefined {
  const prefixChars = options.prefixChars ?? DEFAULT_PREFIX_CHARS;
  const minChars = Math.min(options.minChars ?? DEFAULT_MIN_CHARS, prefixChars);
  let text = '';
  for (const message of messages) {
    text += `\u0000${message.role}\u0000`;
    text = appendContent(text, message, prefixChars);
    if (text.length >= prefixChars) break;
  }
  if (text.length > prefixChars) text = text.slice(0, prefixChars);
  if (text.length < minChars) return undefined;
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Appends the message's text (and tool calls), stopping once `budget` characters are reached. */
function appendContent(text: string, message: ChatMessage, budget: number): string {
  let out = text;
  const { content } = message;
  if (typeof content === 'string') out += content.slice(0, budget - out.length + 1);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (out.length >= budget) return out;
      out += partText(part).slice(0, budget - out.length + 1);
    }
  }
  for (const call of message.tool_calls ?? []) {
    if (out.length >= budget) return out;
    out += `${call.function.name}(${call.function.arguments})`.slice(0, budget - out.length + 1);
  }
  return out;
}

function partText(part: ContentPart): string {
  const fields = part as { type: string; text?: unknown; image_url?: { url?: unknown } };
  if (fields.type === 'text' && typeof fields.text === 'string') return fields.text;
  if (fields.type === 'image_url') {
    const url = fields.image_url?.url;
    return typeof url === 'string' ? `[image:${url}]` : '[image]';
  }
  return `[${fields.type}]`;
}
