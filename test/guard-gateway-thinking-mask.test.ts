import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import {
  type SeenRequest,
  startTestUpstream,
  type TestUpstream,
} from '../src/providers/http/test-upstream.ts';
import { startTestKeel } from './harness.ts';

const event = (type: string, data: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** An Anthropic upstream that thinks about the placeholder it was sent, signs it, then answers with it. */
function upstream(req: SeenRequest, res: ServerResponse): void {
  const placeholder = /<EMAIL_\d+>/.exec(req.body)?.[0] ?? 'none';
  const usage = { input_tokens: 5, output_tokens: 1 };
  let out = event('message_start', {
    message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], usage },
  });
  out += event('content_block_start', {
    index: 0,
    content_block: { type: 'thinking', thinking: '', signature: '' },
  });
  for (const piece of ['Think ', placeholder.slice(0, 4), placeholder.slice(4), ' ok'])
    out += event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: piece } });
  out += event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'SIG' } });
  out += event('content_block_stop', { index: 0 });
  out += event('content_block_start', { index: 1, content_block: { type: 'text', text: '' } });
  out += event('content_block_delta', {
    index: 1,
    delta: { type: 'text_delta', text: `Mail ${placeholder} now.` },
  });
  out += event('content_block_stop', { index: 1 });
  out += event('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 9 },
  });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(out + event('message_stop', {}));
}

describe('masked PII in streamed thinking', () => {
  let up: TestUpstream;
  let keel: RunningKeel;
  const content = 'Please email jane.doe@example.com about it';
  before(async () => {
    up = await startTestUpstream(upstream);
    keel = await startTestKeel(
      {
        providers: { anth: { type: 'anthropic', baseUrl: up.origin, apiKey: 'k' } },
        models: { claude: { deployments: [{ provider: 'anth', model: 'm' }] } },
        guard: { defaultPolicy: 'p', policies: { p: { input: [{ scanner: 'pii', action: 'mask' }] } } },
      } as never,
      { modules: [guardModule()] },
    );
  });
  after(async () => {
    await keel.close();
    await up.close();
  });

  it('on /v1/messages the signed thinking block keeps the placeholders the signature covers', async () => {
    const anthropic = new Anthropic({ baseURL: keel.url, apiKey: 'x', maxRetries: 0 });
    const final = await anthropic.messages
      .stream({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content }] })
      .finalMessage();
    const [thinking, text] = final.content;
    assert.equal(thinking?.type === 'thinking' && thinking.thinking, 'Think <EMAIL_1> ok');
    assert.equal(thinking?.type === 'thinking' && thinking.signature, 'SIG');
    assert.equal(text?.type === 'text' && text.text, 'Mail jane.doe@example.com now.');
  });

  it('on /v1/chat/completions the readable reasoning copy is restored, as before', async () => {
    const openai = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'claude',
      stream: true,
      messages: [{ role: 'user', content }],
    });
    let reasoning = '';
    for await (const part of stream) {
      const delta = part.choices[0]?.delta as { reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
    }
    assert.equal(reasoning, 'Think jane.doe@example.com ok');
  });
});
