import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerSchema } from '../../config/schema.ts';
import { sseBody, startTestUpstream } from '../http/test-upstream.ts';
import { type AzureProviderConfig, createAzureProvider } from './index.ts';

const ctx = () => ({ signal: new AbortController().signal, upstreamModel: 'gpt4o-prod', requestId: 'r-az' });

describe('createAzureProvider', () => {
  it('addresses the deployment in the URL, sends api-key, and drops model from the body', async () => {
    const upstream = await startTestUpstream((req, res) => {
      if (req.url.includes('/embeddings')) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            object: 'list',
            data: [],
            model: 'e',
            usage: { prompt_tokens: 2, total_tokens: 2 },
          }),
        );
        return;
      }
      const body = JSON.parse(req.body) as { stream?: boolean };
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(sseBody([{ id: 'a', choices: [] }]));
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [] }),
      );
    });
    const config = providerSchema.parse({
      type: 'azure',
      baseUrl: upstream.origin,
      apiKey: { env: 'AZURE_OPENAI_KEY' },
      apiVersion: '2024-10-21',
    }) as AzureProviderConfig;
    const provider = createAzureProvider('azure-eu', config, { env: { AZURE_OPENAI_KEY: 'azkey123' } });
    try {
      assert.equal(provider.type, 'azure');
      await provider.chat({ model: 'public', messages: [{ role: 'user', content: 'x' }] }, ctx());
      const stream = await provider.chatStream({ model: 'public', messages: [] }, ctx());
      const types: string[] = [];
      for await (const part of stream.parts) types.push(part.type);
      assert.deepEqual(types, ['chunk', 'finish']);
      await provider.embed({ model: 'public', input: 'x' }, ctx());

      const [chat, streamed, embed] = upstream.requests;
      assert.equal(chat?.url, '/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21');
      assert.equal(chat?.headers['api-key'], 'azkey123');
      assert.equal(chat?.headers.authorization, undefined);
      assert.equal(chat?.headers['x-request-id'], 'r-az');
      const chatBody = JSON.parse(chat?.body ?? '');
      assert.equal('model' in chatBody, false);
      assert.equal(chatBody.stream, false);
      assert.equal(JSON.parse(streamed?.body ?? '').stream, true);
      assert.equal('model' in JSON.parse(streamed?.body ?? ''), false);
      assert.equal(embed?.url, '/openai/deployments/gpt4o-prod/embeddings?api-version=2024-10-21');
      assert.deepEqual(JSON.parse(embed?.body ?? ''), { input: 'x' });
    } finally {
      await provider.close?.();
      await upstream.close();
    }
  });

  it('maps an Azure content filter error', async () => {
    const upstream = await startTestUpstream((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'filtered', code: 'content_filter', status: 400 } }));
    });
    const config = providerSchema.parse({
      type: 'azure',
      baseUrl: upstream.origin,
      apiKey: 'k',
    }) as AzureProviderConfig;
    const provider = createAzureProvider('az', config);
    try {
      await assert.rejects(provider.chat({ model: 'm', messages: [] }, ctx()), { code: 'content_filter' });
    } finally {
      await provider.close?.();
      await upstream.close();
    }
  });
});
