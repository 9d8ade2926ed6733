export type { OpenAiProviderConfig } from './openai-provider.ts';
export { createOpenAiProvider } from './openai-provider.ts';
