import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import type { GuardResultEntry } from '../src/guard/module/index.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { readSse, scriptedSimProvider, streamedContent } from './guard-gateway-helpers.ts';
import { eventually, startTestKeel } from './harness.ts';

// The sim streams one word or symbol run per chunk, so the '/' and '+' split this key into pieces.
const AWS_SECRET = 'Xk9/Lm2+Pq7Rs4Tv8Wy1Zb3Cd5Fg6Hj0Kl2Mn4Pq';
const SPLIT_REPLY = `Sure, set aws_secret_access_key = ${AWS_SECRET} and you are done.`;
const ACCESS_KEY = 'AKIAZ3MHQX7N4KVB2PLW';
const REDACT_REPLY = `Your key id is ${ACCESS_KEY} - keep it safe.`;
const BENIGN_REPLY = 'The capital of France is Paris, a city on the Seine.';

/** Streaming output screening through the gateway, with the sim server as a scripted upstream. */
describe('guard module: streamed output screening', () => {
  let keel: RunningKeel;
  let sim: SimServer;

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({}) });
    const scripted = (reply: string) => scriptedSimProvider(sim.url, reply);
    keel = await startTestKeel(
      {
        providers: {
          leaky: scripted(SPLIT_REPLY),
          keyid: scripted(REDACT_REPLY),
          benign: scripted(BENIGN_REPLY),
        },
        models: {
          leaky: { deployments: [{ provider: 'leaky', model: 'sim-1' }] },
          'leaky-redact': { deployments: [{ provider: 'keyid', model: 'sim-1' }] },
          benign: { deployments: [{ provider: 'benign', model: 'sim-1' }] },
          'benign-open': { deployments: [{ provider: 'benign', model: 'sim-1' }] },
        },
        guard: {
          defaultPolicy: 'block-secrets',
          policies: {
            'block-secrets': {
              output: [
                { scanner: 'secrets', action: 'block' },
                { scanner: 'pii', action: 'flag' },
              ],
            },
            'redact-secrets': { output: [{ scanner: 'secrets', action: 'redact' }] },
            open: {},
          },
          bindings: [
            { policy: 'redact-secrets', models: ['leaky-redact'] },
            { policy: 'open', models: ['benign-open'] },
          ],
        },
      },
      { modules: [guardModule()] },
    );
  });
  after(async () => {
    await keel.close();
    await sim.close();
  });

  const stream = (model: string) =>
    fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: true,
        messages: [{ role: 'user', content: 'How do I configure it?' }],
      }),
    });

  it('a secret split across chunks ends the stream with an error event; its rest is never sent', async () => {
    const res = await stream('leaky');
    assert.equal(res.status, 200, 'the stream had started');
    const events = await readSse(res);
    assert.ok(!events.includes('[DONE]'), 'no clean end');
    const last = JSON.parse(events.at(-1) ?? '{}') as { error?: { code?: string; message?: string } };
    assert.equal(last.error?.code, 'guardrail_blocked');
    assert.match(last.error?.message ?? '', /policy 'block-secrets' \(scanner 'secrets'\)/);
    const delivered = streamedContent(events.slice(0, -1));
    assert.ok(delivered.startsWith('Sure, set'), 'text before the secret was streamed');
    assert.ok(!delivered.includes('Lm2'), 'the later part of the secret never left');
    assert.ok(!delivered.includes('you are done'));
    assert.ok(!JSON.stringify(last).includes(AWS_SECRET), 'the error never carries the secret');
    const record = await eventually(() =>
      keel.store.requests.get(res.headers.get('x-keel-request-id') ?? ''),
    );
    assert.equal(record.errorCode, 'guardrail_blocked');
    const secrets = (record.metadata.guard as GuardResultEntry[]).find((g) => g.scanner === 'secrets');
    assert.equal(secrets?.verdict, 'block');
    assert.ok(!JSON.stringify(record).includes(AWS_SECRET));
  });

  it('the openai SDK surfaces the mid-stream block as an error', async () => {
    const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-unused', maxRetries: 0 });
    const s = await client.chat.completions.create({
      model: 'leaky',
      stream: true,
      messages: [{ role: 'user', content: 'How do I configure it?' }],
    });
    let text = '';
    await assert.rejects(async () => {
      for await (const chunk of s) text += chunk.choices[0]?.delta?.content ?? '';
    }, /guardrail policy 'block-secrets'/);
    assert.ok(!text.includes('Lm2'));
  });

  it('a redact step replaces a secret that arrives within one chunk, and the stream completes', async () => {
    const events = await readSse(await stream('leaky-redact'));
    assert.equal(events.at(-1), '[DONE]');
    const text = streamedContent(events);
    assert.equal(text, 'Your key id is [aws-access-token] - keep it safe.');
  });

  it('non-streamed answers: block fails the request, redact rewrites the answer', async () => {
    const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-unused', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'How do I configure it?' }];
    const blocked = await client.chat.completions
      .create({ model: 'leaky', messages })
      .catch((e: unknown) => e);
    assert.ok(blocked instanceof OpenAI.BadRequestError);
    assert.equal(blocked.code, 'guardrail_blocked');
    assert.match(
      blocked.message,
      /Response blocked by guardrail policy 'block-secrets' \(scanner 'secrets'\)/,
    );
    assert.ok(!JSON.stringify(blocked.error).includes(AWS_SECRET));
    const redacted = await client.chat.completions.create({ model: 'leaky-redact', messages });
    assert.equal(redacted.choices[0]?.message.content, 'Your key id is [aws-access-token] - keep it safe.');
  });

  it('benign streams pass through unchanged', async () => {
    const guarded = await readSse(await stream('benign'));
    const open = await readSse(await stream('benign-open'));
    assert.equal(streamedContent(guarded), BENIGN_REPLY);
    assert.equal(guarded.length, open.length, 'no chunk added or dropped');
    const strip = (e: string) => e.replace(/"created":\d+/, '').replace(/"id":"[^"]*"/, '');
    assert.deepEqual(guarded.map(strip), open.map(strip), 'chunks forwarded as they came');
  });
});
