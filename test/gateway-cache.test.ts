import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { SIM_PRICE } from '../src/cost/index.ts';
import type { KeelModule } from '../src/gateway/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { startTestKeel } from './harness.ts';

/** Requests the before-request hooks saw (rate limits, budgets and judges run there). */
let hookRuns = 0;

/** Stands in for the auth module: the tenant comes from a test header. */
const tenantFromHeader: KeelModule = {
  name: 'test-tenant',
  async start() {
    return {
      hooks: [
        {
          name: 'test-tenant',
          beforeRequest(ctx) {
            hookRuns++;
            const tenant = ctx.headers['x-test-tenant'];
            if (typeof tenant === 'string')
              ctx.principal = { id: `k-${tenant}`, kind: 'virtual_key', tenant };
          },
        },
      ],
    };
  },
};

describe('exact response cache through the gateway', () => {
  let keel: RunningKeel;
  const clientFor = (tenant: string) =>
    new OpenAI({
      baseURL: `${keel.url}/v1`,
      apiKey: 'x',
      maxRetries: 0,
      defaultHeaders: { 'x-test-tenant': tenant },
    });

  before(async () => {
    keel = await startTestKeel(
      {
        providers: { sim: { type: 'sim' } },
        models: {
          cached: {
            cache: { enabled: true, ttlSeconds: 60 },
            deployments: [{ provider: 'sim', model: 'sim-1' }],
          },
          uncached: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        },
      },
      { modules: [tenantFromHeader] },
    );
  });
  after(() => keel.close());

  const ask = { model: 'cached', messages: [{ role: 'user' as const, content: 'cache me please' }] };

  it('misses, then hits with the same answer and zero cost; streams replay the cached answer', async () => {
    const a = clientFor('team-a');
    const first = await a.chat.completions.create(ask).withResponse();
    assert.equal(first.response.headers.get('x-keel-cache'), 'miss');
    assert.ok(Number(first.response.headers.get('x-keel-cost-usd')) > 0);
    const second = await a.chat.completions.create(ask).withResponse();
    assert.equal(second.response.headers.get('x-keel-cache'), 'hit');
    assert.equal(second.response.headers.get('x-keel-cost-usd'), '0');
    assert.equal(second.data.choices[0]?.message.content, first.data.choices[0]?.message.content);

    const stream = await a.chat.completions.create({ ...ask, stream: true }).withResponse();
    assert.equal(stream.response.headers.get('x-keel-cache'), 'hit');
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, first.data.choices[0]?.message.content);
  });

  it('replays the cached usage in the body, in both dialects, while headers bill zero', async () => {
    const a = clientFor('team-u');
    const first = await a.chat.completions.create(ask).withResponse();
    const hit = await a.chat.completions.create(ask).withResponse();
    assert.equal(hit.response.headers.get('x-keel-cache'), 'hit');
    assert.deepEqual(hit.data.usage, first.data.usage);
    assert.equal(hit.response.headers.get('x-keel-prompt-tokens'), '0');
    assert.equal(hit.response.headers.get('x-keel-completion-tokens'), '0');

    const claude = new Anthropic({
      baseURL: keel.url,
      apiKey: 'x',
      maxRetries: 0,
      defaultHeaders: { 'x-test-tenant': 'team-u' },
    });
    const messages = {
      model: 'cached',
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const miss = await claude.messages.create(messages).withResponse();
    assert.equal(miss.response.headers.get('x-keel-cache'), 'miss');
    assert.ok(miss.data.usage.output_tokens > 0);
    const original = { input: miss.data.usage.input_tokens, output: miss.data.usage.output_tokens };
    const jsonHit = await claude.messages.create(messages).withResponse();
    assert.equal(jsonHit.response.headers.get('x-keel-cache'), 'hit');
    assert.equal(jsonHit.response.headers.get('x-keel-prompt-tokens'), '0');
    const { usage } = jsonHit.data;
    assert.deepEqual({ input: usage.input_tokens, output: usage.output_tokens }, original);
    const streamed = await claude.messages.stream(messages).finalMessage();
    assert.deepEqual({ input: streamed.usage.input_tokens, output: streamed.usage.output_tokens }, original);
  });

  it('never shares entries between tenants', async () => {
    await clientFor('team-a').chat.completions.create(ask);
    const other = await clientFor('team-b').chat.completions.create(ask).withResponse();
    assert.equal(other.response.headers.get('x-keel-cache'), 'miss');
  });

  it('honours per-request opt-in and opt-out', async () => {
    const a = clientFor('team-c');
    const optOut = { headers: { 'x-keel-cache': 'off' } };
    await a.chat.completions.create(ask, optOut);
    const again = await a.chat.completions.create(ask, optOut).withResponse();
    assert.equal(again.response.headers.get('x-keel-cache'), 'off');
    const optIn = { headers: { 'x-keel-cache': 'on' } };
    const body = { model: 'uncached', messages: [{ role: 'user' as const, content: 'opt in' }] };
    assert.equal(
      (await a.chat.completions.create(body, optIn).withResponse()).response.headers.get('x-keel-cache'),
      'miss',
    );
    assert.equal(
      (await a.chat.completions.create(body, optIn).withResponse()).response.headers.get('x-keel-cache'),
      'hit',
    );
  });

  it('reads the opt-out whatever its case or surrounding spaces', async () => {
    const a = clientFor('team-case');
    const body = { model: 'cached', messages: [{ role: 'user' as const, content: 'opt out loudly' }] };
    await a.chat.completions.create(body);
    for (const value of ['OFF', ' Off ', 'No-Store']) {
      const again = await a.chat.completions
        .create(body, { headers: { 'x-keel-cache': value } })
        .withResponse();
      assert.equal(again.response.headers.get('x-keel-cache'), 'off', value);
    }
    const optIn = { headers: { 'x-keel-cache': 'ON' } };
    const plain = { model: 'uncached', messages: [{ role: 'user' as const, content: 'opt in loudly' }] };
    await a.chat.completions.create(plain, optIn);
    const hit = await a.chat.completions.create(plain, optIn).withResponse();
    assert.equal(hit.response.headers.get('x-keel-cache'), 'hit');
  });

  it('refuses cache headers it cannot read with a 400 naming the header, before any model call', async () => {
    const a = clientFor('team-bad-headers');
    const body = { model: 'cached', messages: [{ role: 'user' as const, content: 'bad headers' }] };
    const hooksBefore = hookRuns;
    for (const [name, value] of [
      ['x-keel-cache', 'of'],
      ['x-keel-cache', 'maybe'],
      ['x-keel-cache-ttl', '1h'],
      ['x-keel-cache-ttl', '-5'],
      ['x-keel-cache-ttl', '0'],
      ['x-keel-cache-ttl', '99999999'],
      ['x-keel-cache-ttl', '1.5'],
    ] as const) {
      const error = await a.chat.completions.create(body, { headers: { [name]: value } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof OpenAI.APIError, `${name}: ${value}`);
      assert.equal(error.status, 400, `${name}: ${value}`);
      assert.match(error.message, new RegExp(name), `${name}: ${value}`);
    }
    // Refused before the hooks: no rate-limit slot, budget hold or judge call was spent on them.
    assert.equal(hookRuns, hooksBefore);
    // A valid TTL still works, and the refused requests stored nothing.
    const ok = await a.chat.completions
      .create(body, { headers: { 'x-keel-cache-ttl': ' 60 ' } })
      .withResponse();
    assert.equal(ok.response.headers.get('x-keel-cache'), 'miss');
    // An empty TTL header is no wish at all: served (here from the entry just stored).
    const empty = await a.chat.completions
      .create(body, { headers: { 'x-keel-cache-ttl': '' } })
      .withResponse();
    assert.equal(empty.response.headers.get('x-keel-cache'), 'hit');
  });

  it('prices the sim exactly: cost = tokens × built-in sim price', async () => {
    const { data, response } = await clientFor('team-d')
      .chat.completions.create({ ...ask, model: 'uncached' })
      .withResponse();
    const usage = data.usage!;
    const expected = usage.prompt_tokens * SIM_PRICE.input + usage.completion_tokens * SIM_PRICE.output;
    assert.ok(Math.abs(Number(response.headers.get('x-keel-cost-usd')) - expected) < 1e-9);
  });
});
