import { z } from 'zod';
import type { AnthropicMessage } from './types.ts';

const count = z.number().int().min(0);

/**
 * What Keel needs from an upstream Anthropic message. Loose on purpose: new block types and fields
 * pass; only a body Keel cannot translate at all is rejected.
 */
const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  content: z.array(
    z.union([
      z.looseObject({ type: z.literal('text'), text: z.string() }),
      z.looseObject({
        type: z.literal('tool_use'),
        id: z.string(),
        name: z.string(),
        input: z.record(z.string(), z.unknown()),
      }),
      z.looseObject({ type: z.string() }),
    ]),
  ),
  model: z.string(),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: z.looseObject({
    input_tokens: count,
    output_tokens: count,
    cache_creation_input_tokens: count.nullish(),
    cache_read_input_tokens: count.nullish(),
  }),
});

/** Validates a parsed upstream body; undefined when it is not a usable Anthropic message. */
export function readAnthropicMessage(value: unknown): AnthropicMessage | undefined {
  const result = anthropicMessageSchema.safeParse(value);
  if (!result.success) return undefined;
  const message = result.data;
  return {
    ...message,
    type: 'message',
    role: 'assistant',
    stop_sequence: message.stop_sequence ?? null,
  } as AnthropicMessage;
}
