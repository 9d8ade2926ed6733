import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

/**
 * An inbound Anthropic Messages request (`POST /v1/messages`), validated at the boundary. Unknown
 * top-level keys are accepted and dropped (with a warning from the translator); known fields must
 * have Anthropic's types, and the error names the field the way Anthropic does (`messages.0.content`).
 */

const cacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.string().optional() });

const textBlock = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.optional(),
});

const imageSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string().min(1) }),
]);
const imageBlock = z.object({
  type: z.literal('image'),
  source: imageSource,
  cache_control: cacheControl.optional(),
});

const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: z.looseObject({ type: z.string() }),
  title: z.string().nullish(),
  cache_control: cacheControl.optional(),
});

const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl.optional(),
});

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl.optional(),
});

/** Extended-thinking blocks in history: carried as `thinking_blocks`, signature unchanged. */
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

/** `{type:'enabled', budget_tokens}` or `{type:'disabled'}`; newer variants pass on for the upstream to judge. */
const thinkingConfig = z.looseObject({
  type: z.string().min(1),
  budget_tokens: z.number().int().min(1).optional(),
});

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

const message = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.object({
  type: z.literal('custom', { error: 'only custom (client) tools are supported' }).optional(),
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  cache_control: cacheControl.optional(),
});

const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({
    type: z.literal('tool'),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.object({ type: z.literal('none') }),
]);

export const anthropicRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
  thinking: thinkingConfig.optional(),
  stream: z.boolean().optional(),
});

export type AnthropicRequestInput = z.infer<typeof anthropicRequestSchema>;
export type AnthropicInputBlock = z.infer<typeof contentBlock>;
export type AnthropicInputMessage = z.infer<typeof message>;

interface Problem {
  path: PropertyKey[];
  message: string;
}

/**
 * zod reports a failed union (`content: string | blocks[]`) as one vague "Invalid input" at the
 * union; the branch that got furthest (a block with a bad field) says what is actually wrong.
 */
function specific(issue: z.core.$ZodIssue, prefix: PropertyKey[]): Problem {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  const branches = issue.errors.flatMap((errors) => (errors[0] === undefined ? [] : [errors[0]]));
  const deeper = branches.filter((b) => b.path.length > 0 || b.code !== 'invalid_type');
  if (deeper.length === 0) {
    const expected = branches.map((b) => (b.code === 'invalid_type' ? b.expected : 'valid value'));
    return { path, message: `Invalid input: expected ${expected.join(' or ')}` };
  }
  const found = deeper.map((b) => specific(b, path));
  return found.reduce((best, next) => (next.path.length > best.path.length ? next : best));
}

/** Validates an inbound body; the first problem becomes an invalid_request naming its field. */
export function parseAnthropicRequest(body: unknown): AnthropicRequestInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KeelError('invalid_request', 'The request body must be a JSON object');
  }
  const result = anthropicRequestSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const problem = issue === undefined ? { path: [], message: 'invalid request' } : specific(issue, []);
  const param = problem.path.map(String).join('.');
  throw new KeelError('invalid_request', param === '' ? problem.message : `${param}: ${problem.message}`, {
    param: param === '' ? undefined : param,
  });
}
