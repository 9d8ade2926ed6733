export type {
  OpenAiCompatibleOptions,
  OpenAiOperation,
  ProviderFactoryOptions,
} from './openai-compatible-provider.ts';
export { createOpenAiCompatibleProvider } from './openai-compatible-provider.ts';
export type { StreamPartsOptions } from './stream-parts.ts';
export { openAiStreamParts } from './stream-parts.ts';
export { toUsage } from './usage.ts';
