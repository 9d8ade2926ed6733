import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { countTokens } from 'gpt-tokenizer';
import { simOptionsSchema } from '../../config/schema.ts';
import { type SimServer, startSimServer } from './server.ts';

let sim: SimServer;

before(async () => {
  sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 10 }) });
});
after(() => sim.close());

function post(body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text };
  return fetch(`${sim.url}/v1/messages`, init);
}

async function json(res: Response) {
  return JSON.parse(await res.text());
}

/** [event name, parsed data] pairs of an Anthropic SSE body. */
function events(text: string): Array<[string, ReturnType<typeof JSON.parse>]> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return [eventLine?.replace('event: ', '') ?? '', JSON.parse(dataLine?.replace('data: ', '') ?? '')];
    });
}

const base = {
  model: 'claude-sim',
  max_tokens: 100,
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [{ role: 'user', content: 'Hello.' }],
};

const weather = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('sim server: Anthropic dialect', () => {
  it('answers a message with usage counted over system and messages', async () => {
    const res = await post(base);
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.type, 'message');
    assert.equal(body.role, 'assistant');
    assert.match(body.id, /^msg_/);
    assert.equal(body.content[0].type, 'text');
    assert.equal(countTokens(body.content[0].text), 10);
    assert.equal(body.stop_reason, 'end_turn');
    assert.equal(body.stop_sequence, null);
    assert.deepEqual(body.usage, {
      input_tokens: countTokens('Be brief.\nHello.'),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 10,
    });
  });

  it('reports max_tokens and stop_sequence stop reasons', async () => {
    const capped = await json(await post({ ...base, max_tokens: 3 }));
    assert.equal(capped.stop_reason, 'max_tokens');
    assert.equal(capped.usage.output_tokens, 3);
    const full = await json(await post(base));
    const word = full.content[0].text.split(' ')[4];
    const stopped = await json(await post({ ...base, stop_sequences: [word] }));
    assert.equal(stopped.stop_reason, 'stop_sequence');
    assert.equal(stopped.stop_sequence, word);
    assert.equal(stopped.content[0].text.includes(word), false);
  });

  it('streams the real event sequence', async () => {
    const res = await post({ ...base, stream: true });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const list = events(await res.text());
    const names = list.map(([name]) => name);
    assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    assert.equal(names.filter((n) => n === 'content_block_delta').length, 10);
    for (const [name, data] of list) assert.equal(data.type, name);
    const delta = list.at(-2)?.[1];
    assert.deepEqual(delta.delta, { stop_reason: 'end_turn', stop_sequence: null });
    assert.equal(delta.usage.output_tokens, 10);
  });

  it('uses tools: tool_use block, input_json_delta stream, and text after a tool_result', async () => {
    const ask = {
      ...base,
      tools: [weather],
      messages: [{ role: 'user', content: 'Use the tool for Paris.' }],
    };
    const body = await json(await post(ask));
    assert.equal(body.stop_reason, 'tool_use');
    const use = body.content[0];
    assert.equal(use.type, 'tool_use');
    assert.match(use.id, /^toolu_/);
    assert.equal(typeof use.input.city, 'string');
    const list = events(await (await post({ ...ask, stream: true })).text());
    const start = list.find(([name]) => name === 'content_block_start')?.[1];
    assert.equal(start.content_block.type, 'tool_use');
    const partial = list
      .filter(([name]) => name === 'content_block_delta')
      .map(([, data]) => data.delta.partial_json)
      .join('');
    assert.equal(typeof JSON.parse(partial).city, 'string');
    const followUp = {
      ...ask,
      messages: [
        ...ask.messages,
        { role: 'assistant', content: [use] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] },
      ],
    };
    assert.equal((await json(await post(followUp))).stop_reason, 'end_turn');
    const forced = { ...base, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } };
    assert.equal((await json(await post(forced))).content[0].name, 'get_weather');
  });

  it('returns Anthropic-shaped 400s for malformed JSON and a missing max_tokens', async () => {
    const malformed = await post('{"model"');
    assert.equal(malformed.status, 400);
    const error = await json(malformed);
    assert.equal(error.type, 'error');
    assert.equal(error.error.type, 'invalid_request_error');
    const { max_tokens: _omit, ...noMax } = base;
    const missing = await json(await post(noMax));
    assert.equal(missing.error.type, 'invalid_request_error');
    assert.equal(missing.error.message, 'max_tokens: Field required');
  });

  it('works with the Anthropic SDK, plain and streamed', async () => {
    const client = new Anthropic({ baseURL: sim.url, apiKey: 'unused', maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-sim',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(message.usage.output_tokens, 5);
    const stream = client.messages.stream({
      model: 'claude-sim',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' && final.content[0].text, text);
    assert.equal(final.usage.output_tokens, 10);
    const failing = client.messages.create(
      { model: 'claude-sim', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-sim-error-status': '429' } },
    );
    await assert.rejects(failing, (error) => error instanceof Anthropic.RateLimitError);
  });
});
