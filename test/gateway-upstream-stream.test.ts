import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { RunningKeel } from '../src/gateway/start.ts';
import {
  type SeenRequest,
  sseBody,
  startTestUpstream,
  type TestUpstream,
} from '../src/providers/http/test-upstream.ts';
import { eventually, startTestKeel } from './harness.ts';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1 };
const chunk = (model: string, delta: object, finish: string | null = null) => ({
  ...base,
  model,
  choices: [{ index: 0, delta, finish_reason: finish }],
});

/**
 * An OpenAI-compatible upstream scripted per model: `no-usage` rejects stream_options (as some
 * providers do) and never reports usage; `garbage*` break the stream with a line that is not JSON.
 */
function upstreamHandler(req: SeenRequest, res: ServerResponse): void {
  const body = JSON.parse(req.body) as { model: string; stream_options?: unknown };
  const { model } = body;
  if (model === 'no-usage' && body.stream_options !== undefined) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'Unrecognized request argument: stream_options' } }));
    return;
  }
  if (model === 'absurd-usage') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-2',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1e15, completion_tokens: -5, total_tokens: 1e15 },
      }),
    );
    return;
  }
  const start = [chunk(model, { role: 'assistant', content: '' }), chunk(model, { content: 'hello' })];
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (model === 'stall') {
    // The first pieces, then silence with the connection open.
    res.write(sseBody(start, false));
    return;
  }
  if (model === 'pretty') {
    // Valid SSE: each event's JSON spread over several `data:` lines, as some proxies send it.
    const multiLine = (event: object) =>
      `${JSON.stringify(event, null, 1)
        .split('\n')
        .map((line) => `data: ${line}`)
        .join('\n')}\n\n`;
    const events = [...start, chunk(model, { content: ' there' }), chunk(model, {}, 'stop')];
    res.end(`${events.map(multiLine).join('')}data: [DONE]\n\n`);
    return;
  }
  if (model === 'garbage') res.end(sseBody([...start, '{not json'], false));
  else if (model === 'garbage-balanced') res.end(sseBody([...start, '{"choices": nope}'], false));
  else res.end(sseBody([...start, chunk(model, { content: ' there' }), chunk(model, {}, 'stop')]));
}

/** Streams from OpenAI-compatible upstreams that omit usage or send broken events. */
describe('gateway streams from imperfect OpenAI-compatible upstreams', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    upstream = await startTestUpstream(upstreamHandler);
    const baseUrl = `${upstream.origin}/v1`;
    const only = (provider: string, model: string) => ({
      retries: { maxRetries: 0 },
      deployments: [{ provider, model }],
    });
    keel = await startTestKeel({
      providers: {
        'no-usage': { type: 'openai', baseUrl, streamUsage: false },
        plain: { type: 'openai', baseUrl },
        quiet: { type: 'openai', baseUrl, streamIdleMs: 1000 },
      },
      models: {
        'no-usage': only('no-usage', 'no-usage'),
        pretty: only('plain', 'pretty'),
        garbage: only('plain', 'garbage'),
        'garbage-balanced': only('plain', 'garbage-balanced'),
        'absurd-usage': only('plain', 'absurd-usage'),
        stall: only('quiet', 'stall'),
      },
    });
    openai = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'x', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: keel.url, apiKey: 'x', maxRetries: 0 });
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  const messages = [{ role: 'user' as const, content: 'count my tokens please' }];

  it('never sends stream_options to a streamUsage:false provider and reports the counted usage', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'no-usage', messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const part of stream) {
      text += part.choices[0]?.delta.content ?? '';
      if (part.usage) usage = part.usage;
    }
    assert.equal(text, 'hello there');
    const id = response.headers.get('x-keel-request-id');
    assert.ok(id);
    const record = await eventually(() => keel.store.requests.get(id));
    assert.ok(record.promptTokens > 0 && record.completionTokens > 0);
    assert.equal(usage?.prompt_tokens, record.promptTokens);
    assert.equal(usage?.completion_tokens, record.completionTokens);

    const plain = await openai.chat.completions.create({ model: 'no-usage', messages, stream: true });
    for await (const part of plain) assert.equal(part.usage ?? undefined, undefined, 'usage only when asked');

    const final = await anthropic.messages
      .stream({ model: 'no-usage', max_tokens: 20, messages })
      .finalMessage();
    assert.equal(final.usage.input_tokens, record.promptTokens);
    assert.equal(final.usage.output_tokens, record.completionTokens);

    assert.equal(upstream.requests.length, 3);
    for (const seen of upstream.requests) {
      assert.equal((JSON.parse(seen.body) as { stream_options?: unknown }).stream_options, undefined);
    }
  });

  it('passes on events whose JSON spans several data lines, framed so the SDKs read them whole', async () => {
    const stream = await openai.chat.completions.create({ model: 'pretty', messages, stream: true });
    let text = '';
    for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
    assert.equal(text, 'hello there');
    const final = await anthropic.messages
      .stream({ model: 'pretty', max_tokens: 20, messages })
      .finalMessage();
    assert.deepEqual(final.content, [{ type: 'text', text: 'hello there' }]);
  });

  for (const model of ['garbage', 'garbage-balanced']) {
    it(`ends a stream with a malformed upstream event as upstream_stream_broken (OpenAI dialect, ${model})`, async () => {
      const { data: stream, response } = await openai.chat.completions
        .create({ model, messages, stream: true })
        .withResponse();
      let text = '';
      await assert.rejects(
        async () => {
          for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
        },
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.APIError, String(error));
          assert.equal(error.code, 'upstream_stream_broken');
          return true;
        },
      );
      const id = response.headers.get('x-keel-request-id');
      assert.ok(id);
      assert.equal(text, 'hello', 'the valid chunks before the broken one still arrive');
      const record = await eventually(() => keel.store.requests.get(id));
      assert.equal(record.errorCode, 'upstream_stream_broken');
    });
  }

  for (const model of ['garbage', 'garbage-balanced']) {
    it(`ends a stream with a malformed upstream event with an error event (Anthropic dialect, ${model})`, async () => {
      const { response } = await anthropic.messages
        .create({ model, max_tokens: 20, messages, stream: true })
        .withResponse();
      const text = await response.text();
      assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
      assert.match(text, /not (a JSON object|valid JSON)/);
      assert.ok(!text.includes('Internal error'));
      const id = response.headers.get('x-keel-request-id');
      assert.ok(id);
      const record = await eventually(() => keel.store.requests.get(id));
      assert.equal(record.errorCode, 'upstream_stream_broken');
    });
  }
  it('keeps the record of an upstream reporting absurd usage, with the counts bounded', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'absurd-usage', messages })
      .withResponse();
    const id = response.headers.get('x-keel-request-id');
    assert.ok(id);
    const record = await eventually(() => keel.store.requests.get(id));
    assert.equal(record.promptTokens, 2 ** 31 - 1);
    assert.equal(record.completionTokens, 0);
  });
  it('a stream that goes quiet after its first bytes ends with an error after streamIdleMs', async () => {
    const started = Date.now();
    const stream = await openai.chat.completions.create({ model: 'stall', messages, stream: true });
    let text = '';
    await assert.rejects(async () => {
      for await (const part of stream) text += part.choices[0]?.delta.content ?? '';
    });
    assert.equal(text, 'hello');
    assert.ok(Date.now() - started < 10_000, 'ended by the 1 s idle limit, not the 300 s default');
  });
});
