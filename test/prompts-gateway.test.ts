/**
 * End to end: the official `openai` SDK calls `model: "prompt:NAME@LABEL"` with `variables`; Keel
 * renders the version, applies its model config and records which version answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { RunningKeel } from '../src/gateway/start.ts';
import { promptsModule } from '../src/prompts/index.ts';
import { startTestUpstream, type TestUpstream } from '../src/providers/http/test-upstream.ts';
import type { RequestRecord } from '../src/spec/index.ts';
import { eventually, startTestKeel } from './harness.ts';

const completion = (model: string) => ({
  id: 'chatcmpl-cap',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'captured' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

describe('prompts through the gateway (openai SDK)', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let client: OpenAI;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keel.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const create = (params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    client.chat.completions.create(params as unknown as ChatCompletionCreateParamsNonStreaming, { headers });
  const recordOf = (id: string) => eventually(() => keel.store.requests.get(id));

  before(async () => {
    upstream = await startTestUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion('cap-1')));
    });
    keel = await startTestKeel(
      {
        providers: {
          sim: { type: 'sim', sim: { outputTokens: 6 } },
          cap: { type: 'openai', baseUrl: `${upstream.origin}/v1`, apiKey: 'sk-test' },
        },
        models: {
          demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
          captured: { deployments: [{ provider: 'cap', model: 'cap-1' }] },
        },
      },
      { modules: [promptsModule()] },
    );
    client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-keel-unused', maxRetries: 0 });
    const greet = await api('POST', '/api/prompts', {
      name: 'greet',
      messages: [{ role: 'system', content: 'Greet {{name}} in {{language}}.' }],
      variables: { name: { type: 'string' }, language: { type: 'string', default: 'English' } },
      model: 'demo',
      parameters: { temperature: 0.2 },
      labels: ['production'],
    });
    assert.equal(greet.status, 201, JSON.stringify(greet.body));
    const cap = await api('POST', '/api/prompts', {
      name: 'cap',
      messages: [{ role: 'system', content: 'Answer as {{persona}}.' }],
      model: 'captured',
      parameters: { temperature: 0.3, max_tokens: 50, top_p: 0.9 },
      labels: ['production'],
    });
    assert.equal(cap.status, 201, JSON.stringify(cap.body));
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  it('renders prompt:greet@production, the sim answers, the record names the version', async () => {
    const { data, response } = await create({
      model: 'prompt:greet@production',
      messages: [{ role: 'user', content: 'Hello there' }],
      variables: { name: 'Ada' },
      max_tokens: 6,
    }).withResponse();
    assert.ok((data.choices[0]?.message.content ?? '').length > 0);
    const record = await recordOf(response.headers.get('x-keel-request-id') ?? '');
    assert.equal(record.status, 200);
    assert.equal(record.model, 'demo');
    assert.deepEqual(record.metadata.prompt, { name: 'greet', version: 1, label: 'production' });
  });

  it('sends rendered messages first, caller messages after; prompt parameters are defaults; no `variables` upstream', async () => {
    upstream.requests.length = 0;
    await create({
      model: 'prompt:cap',
      messages: [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
      ],
      variables: { persona: 'a pirate' },
      max_tokens: 7,
    });
    const sent = JSON.parse(upstream.requests[0]?.body ?? '{}') as Record<string, unknown>;
    assert.equal(sent.model, 'cap-1');
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'Answer as a pirate.' },
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
    ]);
    assert.equal(sent.max_tokens, 7, 'the request wins over the prompt');
    assert.equal(sent.temperature, 0.3);
    assert.equal(sent.top_p, 0.9);
    assert.equal('variables' in sent, false);
  });

  it('x-keel-prompt header selects a version; streams work', async () => {
    const stream = await client.chat.completions.create(
      {
        model: 'demo',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        max_tokens: 4,
        ...({ variables: { name: 'Bo' } } as object),
      },
      { headers: { 'x-keel-prompt': 'greet@v1' } },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
  });

  it('a missing variable is a 400 naming it, recorded against the version', async () => {
    await assert.rejects(
      create({
        model: 'prompt:greet@production',
        messages: [{ role: 'user', content: 'x' }],
        variables: { language: 'French' },
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /missing variable 'name'/);
        return true;
      },
    );
    const record = await eventually(async () => {
      const rows = await keel.store.requests.list({ status: 400, limit: 10 });
      return rows.find(
        (r: RequestRecord) => (r.metadata.prompt as { name?: string } | undefined)?.name === 'greet',
      );
    });
    assert.deepEqual(record.metadata.prompt, { name: 'greet', version: 1, label: 'production' });
  });

  it('unknown prompts and labels are 404s with a clear message; bad variables are 400s', async () => {
    await assert.rejects(
      create({ model: 'prompt:nope', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError);
        assert.match(error.message, /Prompt 'nope' not found/);
        return true;
      },
    );
    await assert.rejects(
      create({ model: 'prompt:greet@canary', messages: [{ role: 'user', content: 'x' }] }),
      /has no label 'canary' \(labels: latest, production\)/,
    );
    await assert.rejects(
      create({ model: 'prompt:greet', messages: [{ role: 'user', content: 'x' }], variables: ['Ada'] }),
      /'variables' must be an object/,
    );
    await assert.rejects(
      create({
        model: 'prompt:greet',
        messages: [{ role: 'user', content: 'x' }],
        variables: { name: 'A', nmae: 'B' },
      }),
      /unknown variable 'nmae'/,
    );
  });

  it('a canary split is sticky per user (x-keel-user or body user)', async () => {
    const v2 = await api('POST', '/api/prompts/greet/versions', {
      messages: [{ role: 'system', content: 'Warmly greet {{name}} in {{language}}.' }],
      variables: { name: { type: 'string' }, language: { type: 'string', default: 'English' } },
      model: 'demo',
    });
    assert.equal(v2.status, 201);
    const moved = await api('PUT', '/api/prompts/greet/labels/production', {
      split: [
        { version: 1, weight: 50 },
        { version: 2, weight: 50 },
      ],
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const versionsFor = async (user: string, via: 'header' | 'body') => {
      const seen = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const params = {
          model: 'prompt:greet',
          messages: [{ role: 'user', content: 'x' }],
          variables: { name: 'A' },
          max_tokens: 2,
          ...(via === 'body' ? { user } : {}),
        };
        const { response } = await create(
          params,
          via === 'header' ? { 'x-keel-user': user } : {},
        ).withResponse();
        const record = await recordOf(response.headers.get('x-keel-request-id') ?? '');
        seen.add((record.metadata.prompt as { version: number }).version);
      }
      return seen;
    };
    const all = new Set<number>();
    for (let u = 0; u < 8; u++) {
      const seen = await versionsFor(`user-${u}`, u % 2 === 0 ? 'header' : 'body');
      assert.equal(seen.size, 1, `user-${u} saw ${[...seen]}`);
      all.add([...seen][0] as number);
    }
    assert.deepEqual([...all].sort(), [1, 2], 'eight users land on both versions of a 50/50 split');
  });
});
