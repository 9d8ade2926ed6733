export type {
  CallContext,
  ChatResult,
  ChatStream,
  EmbedResult,
  Provider,
  ProviderCapabilities,
  StreamPart,
} from '../spec/provider.ts';
export type { AzureProviderConfig } from './azure/index.ts';
export { createAzureProvider } from './azure/index.ts';
export type { CredentialResolver, UpstreamAgentOptions } from './http/index.ts';
export {
  mapHttpError,
  mapTransportError,
  parseRetryAfterMs,
  resolveSecret,
  sanitizeUpstreamText,
  setCredentialResolver,
} from './http/index.ts';
export type { OpenAiProviderConfig } from './openai/index.ts';
export { createOpenAiProvider } from './openai/index.ts';
export type { OpenAiCompatibleOptions, ProviderFactoryOptions } from './openai-compatible/index.ts';
export { createOpenAiCompatibleProvider, toUsage } from './openai-compatible/index.ts';
export { closeProviders, createProvider } from './registry.ts';
export type { SseEvent } from './sse/index.ts';
export {
  encodeSseComment,
  encodeSseData,
  encodeSseEvent,
  parseSse,
  SSE_DONE,
  SseParser,
} from './sse/index.ts';
