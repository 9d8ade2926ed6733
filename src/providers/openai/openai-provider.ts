import type { ProviderConfig } from '../../config/schema.ts';
import type { Provider } from '../../spec/provider.ts';
import { lowerCaseKeys, resolveSecret } from '../http/index.ts';
import { createOpenAiCompatibleProvider, type ProviderFactoryOptions } from '../openai-compatible/index.ts';

export type OpenAiProviderConfig = Extract<ProviderConfig, { type: 'openai' }>;

const PATHS = { chat: '/chat/completions', embeddings: '/embeddings' } as const;

/**
 * OpenAI itself, and anything that speaks its API under another base URL (vLLM, Ollama, Together,
 * Groq, LM Studio…). Without an apiKey no Authorization header is sent, as local servers expect.
 */
export function createOpenAiProvider(
  name: string,
  config: OpenAiProviderConfig,
  options: ProviderFactoryOptions = {},
): Provider {
  const apiKey = resolveSecret(config.apiKey, options.env, `provider ${name}`);
  const auth: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  return createOpenAiCompatibleProvider({
    name,
    type: 'openai',
    baseUrl: config.baseUrl,
    path: (operation) => PATHS[operation],
    headers: { ...auth, ...lowerCaseKeys(config.headers) },
    secrets: apiKey === undefined ? [] : [apiKey],
    agent: { bodyTimeoutMs: config.streamIdleMs, ...options.agent },
  });
}
