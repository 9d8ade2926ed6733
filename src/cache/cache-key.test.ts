import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatRequest } from '../spec/chat.ts';
import { canonicalJson, sha256Hex } from '../util/index.ts';
import { cacheKey, IGNORED_REQUEST_FIELDS, normaliseRequest } from './cache-key.ts';

const request: ChatRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  temperature: 0,
  tools: [
    {
      type: 'function',
      function: {
        name: 'lookup',
        parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      },
    },
  ],
  response_format: { type: 'json_object' },
};

const key = (req: ChatRequest, tenant = 'team-a', endpoint = 'chat') =>
  cacheKey({ request: req, tenant, endpoint });

describe('cacheKey', () => {
  it('is a SHA-256 hex digest', () => {
    assert.match(key(request), /^[0-9a-f]{64}$/);
  });

  it('does not depend on JSON key order, at any depth', () => {
    const reordered = JSON.parse(
      '{"response_format":{"type":"json_object"},"tools":[{"function":{"parameters":{"required":["q"],' +
        '"properties":{"q":{"type":"string"}},"type":"object"},"name":"lookup"},"type":"function"}],' +
        '"temperature":0,"messages":[{"content":"Be brief.","role":"system"},{"content":"Hi","role":"user"}],' +
        '"model":"gpt-4o"}',
    ) as ChatRequest;
    assert.equal(key(reordered), key(request));
  });

  it('ignores fields that do not change the answer (stream, user, metadata, …)', () => {
    const noisy: ChatRequest = {
      ...request,
      stream: true,
      stream_options: { include_usage: true },
      user: 'alice',
      metadata: { trace: 'x' },
      store: true,
      service_tier: 'flex',
    };
    assert.equal(key(noisy), key(request));
    for (const field of ['stream', 'stream_options', 'user', 'metadata']) {
      assert.ok(IGNORED_REQUEST_FIELDS.includes(field), field);
    }
  });

  it('treats a top-level null like an absent field', () => {
    assert.equal(key({ ...request, seed: null, top_p: null }), key(request));
  });

  it('separates tenants and endpoints', () => {
    assert.notEqual(key(request, 'team-b'), key(request, 'team-a'));
    assert.notEqual(key(request, 'team-a', 'messages'), key(request, 'team-a', 'chat'));
    // The tenant cannot be smuggled in through the request body.
    assert.notEqual(key({ ...request, tenant: 'team-b' }, 'team-a'), key(request, 'team-b'));
  });

  it('changes with every field that affects the answer', () => {
    const variants: ChatRequest[] = [
      { ...request, model: 'gpt-4o-mini' },
      { ...request, temperature: 0.7 },
      { ...request, top_p: 0.9 },
      { ...request, max_tokens: 10 },
      { ...request, seed: 1 },
      { ...request, stop: ['\n'] },
      { ...request, n: 2 },
      { ...request, logprobs: true },
      { ...request, tool_choice: 'required' },
      { ...request, response_format: { type: 'text' } },
      { ...request, tools: [] },
      { ...request, messages: [...request.messages].reverse() },
      { ...request, messages: [{ role: 'user', content: 'Hi ' }] },
      { ...request, some_new_upstream_param: 1 },
    ];
    const keys = new Set([key(request), ...variants.map((v) => key(v))]);
    assert.equal(keys.size, variants.length + 1);
  });

  it('keeps a __proto__ member, at any depth: it is sent upstream, so it matters', () => {
    const base = '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]';
    const parse = (text: string) => JSON.parse(text) as ChatRequest;
    const keys = [
      `${base}}`,
      `${base},"__proto__":{"x":1}}`,
      `${base},"__proto__":{"x":2}}`,
      `${base},"x":1}`,
      `${base},"response_format":{"type":"json_schema","__proto__":{"strict":true}}}`,
      `${base},"response_format":{"type":"json_schema"}}`,
    ].map((text) => key(parse(text)));
    assert.equal(new Set(keys).size, keys.length);
    // Still one key per JSON value: the same request with its members in another order.
    assert.equal(key(parse(`{"__proto__":{"x":1},${base.slice(1)}}`)), keys[1]);
  });

  it('is unchanged for requests without __proto__ (entries stored before stay valid)', () => {
    const material = canonicalJson(['keel-cache-v1', 'team-a', 'chat', normaliseRequest(request)]);
    assert.equal(key(request), sha256Hex(material));
  });
});

describe('normaliseRequest', () => {
  it('drops ignored and null fields only at the top level', () => {
    const normal = normaliseRequest({ ...request, stream: true, seed: null });
    assert.equal('stream' in normal, false);
    assert.equal('seed' in normal, false);
    assert.deepEqual(normal.messages, request.messages);
  });
});
