import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { simOptionsSchema } from '../../config/schema.ts';
import { type SimServer, startSimServer } from './server.ts';

let sim: SimServer;

before(async () => {
  sim = await startSimServer({
    port: 0,
    options: simOptionsSchema.parse({ embeddingDim: 16, contextWindow: 50 }),
  });
});
after(() => sim.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
}

/** The parsed body, loosely typed (JSON.parse's any) for assertions. */
async function json(res: Response) {
  return JSON.parse(await res.text());
}

/** The `data:` payloads of an SSE body. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice(6));
}

const chat = { model: 'sim-1', messages: [{ role: 'user', content: 'Hello there.' }] };

describe('sim server: OpenAI dialect', () => {
  it('answers chat completions as JSON', async () => {
    const res = await post('/v1/chat/completions', { ...chat, max_tokens: 4, n: 2 });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = await json(res);
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices.length, 2);
    assert.equal(body.choices[1].index, 1);
    assert.equal(body.choices[0].finish_reason, 'length');
    assert.equal(body.usage.completion_tokens, 8);
  });

  it('streams SSE chunks ending in [DONE], with include_usage', async () => {
    const res = await post('/v1/chat/completions', {
      ...chat,
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const data = sseData(await res.text());
    assert.equal(data.at(-1), '[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(chunks.at(-1).usage.completion_tokens, 24);
    assert.equal(chunks.at(-2).choices[0].finish_reason, 'stop');
  });

  it('works with the openai SDK, JSON and streaming, tools included', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      ...chat,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(completion.usage?.completion_tokens, 24);
    const stream = await client.chat.completions.create({
      model: 'sim-1',
      messages: [{ role: 'user', content: 'Call the tool please.' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'add',
            parameters: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
          },
        },
      ],
      stream: true,
    });
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(finish, 'tool_calls');
    assert.ok(Number.isInteger(JSON.parse(args).a));
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === 'sim-1'));
  });

  it('embeds, in float and base64', async () => {
    const body = await json(await post('/v1/embeddings', { model: 'sim-embed-1', input: ['a', 'b'] }));
    assert.equal(body.data.length, 2);
    assert.equal(body.data[0].embedding.length, 16);
    const b64 = await json(
      await post('/v1/embeddings', { model: 'e', input: 'a', encoding_format: 'base64' }),
    );
    assert.equal(Buffer.from(b64.data[0].embedding, 'base64').length, 64);
    const bad = await post('/v1/embeddings', { model: 'e', input: 'a', dimensions: 17 });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).error.param, 'dimensions');
  });

  it('rejects malformed JSON, invalid bodies and long prompts with OpenAI-shaped 400s', async () => {
    const malformed = await post('/v1/chat/completions', '{"model": ');
    assert.equal(malformed.status, 400);
    const error = (await json(malformed)).error;
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(typeof error.message, 'string');
    assert.ok('param' in error && 'code' in error);
    const invalid = await post('/v1/chat/completions', { model: 'sim-1', messages: [] });
    assert.equal(invalid.status, 400);
    assert.equal((await json(invalid)).error.param, 'messages');
    const long = await post('/v1/chat/completions', {
      model: 'sim-1',
      messages: [{ role: 'user', content: 'go '.repeat(60) }],
    });
    assert.equal(long.status, 400);
    assert.equal((await json(long)).error.code, 'context_length_exceeded');
  });

  it('rejects bodies over 10 MB with 413 and unknown routes with 404', async () => {
    const huge = await post('/v1/chat/completions', `{"model":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    assert.equal(huge.status, 413);
    await huge.arrayBuffer();
    const missing = await fetch(`${sim.url}/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.equal((await json(missing)).error.type, 'not_found_error');
  });

  it('applies x-sim-output-tokens and x-sim-reply per request', async () => {
    const short = await json(await post('/v1/chat/completions', chat, { 'x-sim-output-tokens': '3' }));
    assert.equal(short.usage.completion_tokens, 3);
    const reply = '{"verdict":"pass"}';
    const headers = { 'x-sim-reply': Buffer.from(reply).toString('base64') };
    const scripted = await json(await post('/v1/chat/completions', chat, headers));
    assert.equal(scripted.choices[0].message.content, reply);
    const bad = await post('/v1/chat/completions', chat, { 'x-sim-error-rate': '2' });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).error.param, 'x-sim-error-rate');
  });
});
