import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import { readSse } from './guard-gateway-helpers.ts';
import { startTestKeel } from './harness.ts';

const ACCESS_KEY = 'AKIAZ3MHQX7N4KVB2PLW';
const LEAKY_THOUGHT = `The user's key id is ${ACCESS_KEY}, so I should tell them to rotate it.`;
const BENIGN_THOUGHT = 'The user asks about the capital of France, which is Paris.';
const ANSWER = 'Please rotate your credentials.';

/**
 * An upstream whose answers carry reasoning the way Keel's OpenAI dialect does (DeepSeek-style
 * `reasoning_content`, plus a signed `thinking_blocks` copy): the model name picks the thought.
 * Streams send the reasoning word by word, then the signed block, then the answer.
 */
async function startReasoningUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const request = JSON.parse(raw) as { model: string; stream?: boolean };
    const thought = request.model.startsWith('leaky') ? LEAKY_THOUGHT : BENIGN_THOUGHT;
    // 'leaky-blocks': only the signed block, no reasoning deltas; 'leaky-deltas': no signed block.
    const deltasToo = request.model !== 'leaky-blocks';
    const blockToo = request.model !== 'leaky-deltas';
    const block = { type: 'thinking', thinking: thought, signature: 'c2lnbmVk' };
    const base = { id: 'chatcmpl-r', created: 1, model: request.model };
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const message = {
        role: 'assistant',
        content: ANSWER,
        reasoning_content: thought,
        thinking_blocks: [block],
      };
      const usage = { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 };
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message, finish_reason: 'stop' }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    // Word by word, as models stream: a secret split across chunks can only be stopped, not redacted.
    if (deltasToo) for (const piece of thought.split(/(?<= )/)) send({ reasoning_content: piece });
    if (blockToo) send({ thinking_blocks: [block] });
    send({ content: ANSWER });
    send({}, 'stop');
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface ReasoningDelta {
  content?: string;
  reasoning_content?: string;
  thinking_blocks?: { type: string; thinking?: string; signature?: string }[];
}

function deltas(events: readonly string[]): ReasoningDelta[] {
  return events
    .filter((e) => e !== '[DONE]')
    .map((e) => JSON.parse(e) as { choices?: { delta?: ReasoningDelta }[] })
    .flatMap((c) => (c.choices ?? []).map((ch) => ch.delta ?? {}));
}

/**
 * The output checkpoint screens the model's reasoning as well as its answer: a client that shows
 * `reasoning_content` or thinking blocks would otherwise show whatever the answer's screening caught.
 */
describe('guard module: reasoning is screened like the answer', () => {
  let keel: RunningKeel;
  let upstream: { url: string; close(): Promise<void> };

  before(async () => {
    upstream = await startReasoningUpstream();
    const deployment = (model: string) => ({ deployments: [{ provider: 'up', model }] });
    keel = await startTestKeel(
      {
        providers: { up: { type: 'openai', baseUrl: upstream.url, apiKey: 'sk-up' } },
        models: {
          leaky: deployment('leaky'),
          'leaky-redact': deployment('leaky'),
          'blocks-redact': deployment('leaky-blocks'),
          'deltas-redact': deployment('leaky-deltas'),
          benign: deployment('benign'),
        },
        guard: {
          defaultPolicy: 'block-secrets',
          policies: {
            'block-secrets': { output: [{ scanner: 'secrets', action: 'block' }] },
            'redact-secrets': { output: [{ scanner: 'secrets', action: 'redact' }] },
          },
          bindings: [
            { policy: 'redact-secrets', models: ['leaky-redact', 'blocks-redact', 'deltas-redact'] },
          ],
        },
      },
      { modules: [guardModule()] },
    );
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  const messages = [{ role: 'user' as const, content: 'Is my key safe?' }];
  const client = () => new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-unused', maxRetries: 0 });
  const stream = async (model: string) =>
    readSse(
      await fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream: true, messages }),
      }),
    );

  it('non-streamed: a secret in the reasoning blocks the answer', async () => {
    const error = await client()
      .chat.completions.create({ model: 'leaky', messages })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.code, 'guardrail_blocked');
    assert.ok(!JSON.stringify(error.error).includes(ACCESS_KEY));
  });

  it('non-streamed: a redaction rewrites reasoning_content and drops the signed block it cannot edit', async () => {
    const reply = await client().chat.completions.create({ model: 'leaky-redact', messages });
    const message = reply.choices[0]?.message as unknown as ReasoningDelta;
    assert.equal(message.content, ANSWER);
    assert.equal(message.reasoning_content, LEAKY_THOUGHT.replace(ACCESS_KEY, '[aws-access-token]'));
    assert.equal(message.thinking_blocks, undefined);
    assert.ok(!JSON.stringify(reply).includes(ACCESS_KEY));
  });

  it('streamed: a secret in the reasoning ends the stream before it is complete', async () => {
    const events = await stream('leaky');
    const last = JSON.parse(events.at(-1) ?? '{}') as { error?: { code?: string } };
    assert.equal(last.error?.code, 'guardrail_blocked');
    const sent = deltas(events.slice(0, -1));
    const reasoning = sent.map((d) => d.reasoning_content ?? '').join('');
    assert.ok(!reasoning.includes(ACCESS_KEY), `reasoning sent: ${reasoning}`);
    assert.ok(!JSON.stringify(events).includes(ACCESS_KEY));
    assert.ok(!sent.some((d) => d.content === ANSWER), 'the answer never left');
  });

  it('streamed: a redaction rewrites the reasoning and drops the signed block; the answer follows', async () => {
    const events = await stream('leaky-redact');
    assert.equal(events.at(-1), '[DONE]');
    const sent = deltas(events);
    assert.equal(
      sent.map((d) => d.reasoning_content ?? '').join(''),
      LEAKY_THOUGHT.replace(ACCESS_KEY, '[aws-access-token]'),
    );
    assert.ok(!sent.some((d) => d.thinking_blocks), 'no signed block with the secret');
    assert.equal(sent.map((d) => d.content ?? '').join(''), ANSWER);
    assert.ok(!JSON.stringify(events).includes(ACCESS_KEY));
  });

  it('streamed: a signed block whose text was not streamed is screened whole', async () => {
    const sent = deltas(await stream('blocks-redact'));
    assert.ok(!sent.some((d) => d.thinking_blocks), 'the block with the secret is dropped');
    assert.equal(sent.map((d) => d.content ?? '').join(''), ANSWER);
    assert.ok(!JSON.stringify(sent).includes(ACCESS_KEY));
  });

  it('streamed: reasoning without a signed block (DeepSeek style) is redacted and ends before the answer', async () => {
    const sent = deltas(await stream('deltas-redact'));
    const reasoning = sent.map((d) => d.reasoning_content ?? '').join('');
    assert.equal(reasoning, LEAKY_THOUGHT.replace(ACCESS_KEY, '[aws-access-token]'));
    const firstAnswer = sent.findIndex((d) => (d.content ?? '') !== '');
    const lastReasoning = sent.findLastIndex((d) => (d.reasoning_content ?? '') !== '');
    assert.ok(lastReasoning < firstAnswer, 'all reasoning before the answer');
  });

  it('benign reasoning passes unchanged, signed block included, streamed and not', async () => {
    const reply = await client().chat.completions.create({ model: 'benign', messages });
    const message = reply.choices[0]?.message as unknown as ReasoningDelta;
    assert.equal(message.reasoning_content, BENIGN_THOUGHT);
    assert.deepEqual(message.thinking_blocks, [
      { type: 'thinking', thinking: BENIGN_THOUGHT, signature: 'c2lnbmVk' },
    ]);
    const sent = deltas(await stream('benign'));
    assert.equal(sent.map((d) => d.reasoning_content ?? '').join(''), BENIGN_THOUGHT);
    const blocks = sent.flatMap((d) => d.thinking_blocks ?? []);
    assert.deepEqual(blocks, [{ type: 'thinking', thinking: BENIGN_THOUGHT, signature: 'c2lnbmVk' }]);
    assert.equal(sent.map((d) => d.content ?? '').join(''), ANSWER);
  });
});
