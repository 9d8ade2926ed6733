import type { ProviderConfig } from '../../config/schema.ts';
import type { Provider } from '../../spec/provider.ts';
import { lowerCaseKeys, resolveSecret } from '../http/index.ts';
import {
  createOpenAiCompatibleProvider,
  type OpenAiOperation,
  type ProviderFactoryOptions,
} from '../openai-compatible/index.ts';

export type AzureProviderConfig = Extract<ProviderConfig, { type: 'azure' }>;

const OPERATION_PATH: Record<OpenAiOperation, string> = {
  chat: 'chat/completions',
  embeddings: 'embeddings',
};

/**
 * Azure OpenAI: the deployment (Keel's upstream model) is addressed in the URL, the API version in
 * the query, and the key in an `api-key` header; the body must not carry `model`.
 */
export function createAzureProvider(
  name: string,
  config: AzureProviderConfig,
  options: ProviderFactoryOptions = {},
): Provider {
  const apiKey = resolveSecret(config.apiKey, options.env, `provider ${name}`);
  const auth: Record<string, string> = apiKey === undefined ? {} : { 'api-key': apiKey };
  const version = encodeURIComponent(config.apiVersion);
  return createOpenAiCompatibleProvider({
    name,
    type: 'azure',
    baseUrl: config.baseUrl,
    path: (operation, ctx) =>
      `/openai/deployments/${encodeURIComponent(ctx.upstreamModel)}/${OPERATION_PATH[operation]}?api-version=${version}`,
    headers: { ...auth, ...lowerCaseKeys(config.headers) },
    transformBody: (body) => {
      const { model: _model, ...rest } = body;
      return rest;
    },
    secrets: apiKey === undefined ? [] : [apiKey],
    agent: { bodyTimeoutMs: config.streamIdleMs, ...options.agent },
  });
}
