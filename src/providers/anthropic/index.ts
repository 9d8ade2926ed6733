export type { AnthropicProviderConfig, AnthropicProviderOptions } from './anthropic-provider.ts';
export { createAnthropicProvider, messagesPath } from './anthropic-provider.ts';
export type { AnthropicRequestInput } from './anthropic-request-schema.ts';
export { anthropicRequestSchema, parseAnthropicRequest } from './anthropic-request-schema.ts';
export { anthropicErrorType, anthropicHttpError, anthropicStreamError, toAnthropicError } from './errors.ts';
export type { FromAnthropicResult } from './request-from-anthropic.ts';
export { fromAnthropicRequest } from './request-from-anthropic.ts';
export type { ToAnthropicOptions, ToAnthropicResult } from './request-to-anthropic.ts';
export { toAnthropicRequest } from './request-to-anthropic.ts';
export type { FromAnthropicOptions } from './response-from-anthropic.ts';
export { finishReasonFromAnthropic, fromAnthropicMessage } from './response-from-anthropic.ts';
export type { ToAnthropicMessageOptions } from './response-to-anthropic.ts';
export { anthropicMessageId, stopReasonFromFinish, toAnthropicMessage } from './response-to-anthropic.ts';
export type { StreamFromAnthropicOptions } from './stream-from-anthropic.ts';
export { StreamFromAnthropic } from './stream-from-anthropic.ts';
export type { AnthropicStreamPartsOptions } from './stream-parts.ts';
export { anthropicStreamParts } from './stream-parts.ts';
export type { StreamToAnthropicOptions } from './stream-to-anthropic.ts';
export { errorEvent, StreamToAnthropic, sseEvent } from './stream-to-anthropic.ts';
export type * from './types.ts';
export {
  anthropicUsageFromUsage,
  usageFromAnthropic,
  usageFromWire,
  usageOnlyChunk,
  wireUsageFromUsage,
} from './usage.ts';
