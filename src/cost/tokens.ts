import { createRequire } from 'node:module';
import type { ChatMessage, ContentPart, ToolDefinition } from '../spec/chat.ts';
import type { Usage } from '../spec/usage.ts';

/**
 * Token estimates for when a provider reports no usage (and for budget pre-checks). Uses
 * gpt-tokenizer's BPE tables, which take ~100–250 ms to load, so an encoding is loaded on first use
 * (synchronously, through require) rather than at import: a gateway that never needs an estimate
 * never pays for it. Call `warmTokenizer()` at start-up to move that cost off the first request.
 */

export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoder {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

const require = createRequire(import.meta.url);
const encoders = new Map<EncodingName, Encoder>();

/**
 * User text may contain "<|endoftext|>" and friends; gpt-tokenizer throws on them by default. Here
 * they are just text (an empty disallow set), which is also how the upstream sees them.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** OpenAI's chat framing (openai-cookbook "How to count tokens"): per message, per name, reply priming. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;
/** An image counted at OpenAI's low-detail cost; high detail costs more, so this is a floor. */
export const IMAGE_TOKENS = 85;
/**
 * An image at its most expensive: OpenAI's high detail tops out at 85 + 8 × 170 = 1,445 tokens
 * (a 768 × 2048 fit), Anthropic's at about 1,600 (≈1.15 megapixels / 750). Budget holds use this,
 * so a burst of large images cannot spend past a budget; settling charges what was reported.
 */
export const MAX_IMAGE_TOKENS = 1600;

function encoder(name: EncodingName): Encoder {
  let loaded = encoders.get(name);
  if (!loaded) {
    loaded = require(`gpt-tokenizer/encoding/${name}`) as Encoder;
    encoders.set(name, loaded);
  }
  return loaded;
}

/**
 * GPT-4 / GPT-3.5 / ada-era embeddings use cl100k_base; the GPT-4o family, o-series, GPT-4.1+ and
 * GPT-5 use o200k_base. Other vendors' models have their own tokenizers; o200k_base is a fair estimate.
 */
export function encodingForModel(model?: string): EncodingName {
  if (!model) return 'o200k_base';
  const name = model.toLowerCase().replace(/^(?:ft:|openai\/|azure\/)/, '');
  return /^(?:gpt-4(?:-|$)|gpt-3\.5|gpt-35|text-embedding-)/.test(name) ? 'cl100k_base' : 'o200k_base';
}

/** Loads an encoding now (e.g. at start-up), so the first estimate on a request is fast. */
export function warmTokenizer(encoding: EncodingName = 'o200k_base'): void {
  encoder(encoding).countTokens('warm', PLAIN_TEXT);
}

export function countTextTokens(text: string, options: { model?: string | undefined } = {}): number {
  return count(encoder(encodingForModel(options.model)), text);
}

function count(enc: Encoder, text: string): number {
  return text.length === 0 ? 0 : enc.countTokens(text, PLAIN_TEXT);
}

function countParts(enc: Encoder, parts: readonly ContentPart[], imageTokens: number): number {
  let total = 0;
  for (const part of parts) {
    if (part.type === 'text' && typeof part.text === 'string') total += count(enc, part.text);
    else if (part.type === 'image_url') total += imageTokens;
    // Audio, files, …: no public rule; count their serialised form as a rough stand-in.
    else total += count(enc, JSON.stringify(part));
  }
  return total;
}

function countMessage(enc: Encoder, message: ChatMessage, imageTokens: number): number {
  let total = TOKENS_PER_MESSAGE + count(enc, message.role);
  const { content } = message;
  if (typeof content === 'string') total += count(enc, content);
  else if (Array.isArray(content)) total += countParts(enc, content, imageTokens);
  if (typeof message.name === 'string') total += count(enc, message.name) + TOKENS_PER_NAME;
  for (const call of message.tool_calls ?? []) {
    total += count(enc, call.function.name) + count(enc, call.function.arguments);
  }
  return total;
}

/**
 * Prompt tokens of a chat request, following OpenAI's counting rules: 3 per message + its role and
 * content, +1 per name, +3 to prime the reply. Tool definitions are counted by serialising them
 * (OpenAI renders them into a hidden system text of similar size). An estimate, not a bill.
 */
export function countChatTokens(
  messages: readonly ChatMessage[],
  options: {
    model?: string | undefined;
    tools?: readonly ToolDefinition[] | undefined;
    /** Tokens per image: the low-detail floor for estimates (default), MAX_IMAGE_TOKENS for holds. */
    imageTokens?: number;
  } = {},
): number {
  const enc = encoder(encodingForModel(options.model));
  const imageTokens = options.imageTokens ?? IMAGE_TOKENS;
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) total += countMessage(enc, message, imageTokens);
  if (options.tools && options.tools.length > 0) total += count(enc, JSON.stringify(options.tools));
  return total;
}

/** Estimated usage for a call whose provider reported none (marked `estimated: true`). */
export function usageFromText(options: {
  messages: readonly ChatMessage[];
  completionText: string;
  model?: string | undefined;
  tools?: readonly ToolDefinition[] | undefined;
}): Usage {
  const promptTokens = countChatTokens(options.messages, options);
  const completionTokens = countTextTokens(options.completionText, { model: options.model });
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
}
