import { z } from 'zod';
import { KeelError } from '../errors/index.ts';
import type { ChatRequest, EmbeddingRequest } from '../spec/index.ts';

/**
 * Inbound OpenAI bodies. Known fields are type-checked; unknown fields pass through to the upstream
 * (new OpenAI parameters must not need a Keel release). Ranges are OpenAI's own, so a bad value is a
 * clear 400 here instead of an opaque upstream error, and nothing is silently clamped.
 */
const contentPart = z.looseObject({ type: z.string().min(1) });
const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});
/** Claude's extended thinking sent back on an assistant turn (see docs/gateway-anthropic.md). */
const thinkingBlock = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() }),
  z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
]);
const message = z.looseObject({
  // `function`: a legacy function-calling result, answering an assistant turn's `function_call`.
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
  reasoning_content: z.string().nullish(),
  thinking_blocks: z.array(thinkingBlock).nullish(),
});
const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1).max(64),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  // May be empty in the body when a prompt from the registry supplies the messages; checked again
  // after the hooks ran (requireMessages).
  messages: z.array(message).max(100_000),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)])
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  tools: z.array(tool).max(512).optional(),
  response_format: z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).optional(),
  user: z.string().max(512).optional(),
});

export const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1).max(2048),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(1).max(65_536).optional(),
  user: z.string().max(512).optional(),
});

/** Turns the first zod issue into an OpenAI-style error with `param` set to the offending field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KeelError('invalid_request', 'Request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : undefined;
  const message = issue ? `Invalid value for '${param || 'body'}': ${issue.message}` : 'Invalid request body';
  throw new KeelError('invalid_request', message, param ? { param } : {});
}

export function parseChatRequest(body: unknown): ChatRequest {
  return parseBody(chatRequestSchema, body) as ChatRequest;
}

export function parseEmbeddingRequest(body: unknown): EmbeddingRequest {
  return parseBody(embeddingRequestSchema, body) as EmbeddingRequest;
}

/** After hooks (prompt rendering) a chat request must have something to send. */
export function requireMessages(request: ChatRequest): void {
  if (request.messages.length === 0) {
    throw new KeelError(
      'invalid_request',
      "Invalid value for 'messages': must contain at least one message",
      { param: 'messages' },
    );
  }
}
