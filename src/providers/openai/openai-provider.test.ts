import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerSchema } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import { startTestUpstream } from '../http/test-upstream.ts';
import { createOpenAiProvider, type OpenAiProviderConfig } from './index.ts';

function config(input: Record<string, unknown>): OpenAiProviderConfig {
  return providerSchema.parse({ type: 'openai', ...input }) as OpenAiProviderConfig;
}

const ctx = () => ({ signal: new AbortController().signal, upstreamModel: 'llama3', requestId: 'r1' });
const completion = { id: 'x', object: 'chat.completion', created: 1, model: 'llama3', choices: [] };

describe('createOpenAiProvider', () => {
  it('describes itself as an OpenAI-dialect provider', async () => {
    const provider = createOpenAiProvider('openai', config({ apiKey: 'sk-x' }));
    await provider.close?.();
    assert.equal(provider.specVersion, 'v1');
    assert.equal(provider.name, 'openai');
    assert.equal(provider.type, 'openai');
    assert.equal(provider.dialect, 'openai');
    assert.deepEqual(provider.capabilities, { chat: true, stream: true, embeddings: true, tools: true });
  });

  it('reads the key from the environment and sends it as a bearer token; config headers win', async () => {
    const upstream = await startTestUpstream((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(completion));
    });
    const provider = createOpenAiProvider(
      'together',
      config({
        baseUrl: `${upstream.origin}/api/v1/`,
        apiKey: { env: 'TOGETHER_KEY' },
        headers: { 'X-Request-Id': 'fixed' },
      }),
      { env: { TOGETHER_KEY: 'tk-123' } },
    );
    try {
      await provider.chat({ model: 'm', messages: [] }, ctx());
      const seen = upstream.requests[0];
      assert.equal(seen?.url, '/api/v1/chat/completions', 'a trailing slash in baseUrl is tolerated');
      assert.equal(seen?.headers.authorization, 'Bearer tk-123');
      assert.equal(seen?.headers['x-request-id'], 'fixed');
    } finally {
      await provider.close?.();
      await upstream.close();
    }
  });

  it('sends no Authorization header without a key (Ollama, vLLM)', async () => {
    const upstream = await startTestUpstream((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(completion));
    });
    const provider = createOpenAiProvider('ollama', config({ baseUrl: `${upstream.origin}/v1` }));
    try {
      await provider.chat({ model: 'm', messages: [] }, ctx());
      assert.equal(upstream.requests[0]?.headers.authorization, undefined);
    } finally {
      await provider.close?.();
      await upstream.close();
    }
  });

  it('fails at creation when the key variable is not set', () => {
    assert.throws(
      () => createOpenAiProvider('openai', config({ apiKey: `\${OPENAI_API_KEY}` }), { env: {} }),
      (err: unknown) =>
        err instanceof KeelError &&
        err.code === 'config_invalid' &&
        err.message === 'provider openai: environment variable OPENAI_API_KEY is not set',
    );
  });
});
