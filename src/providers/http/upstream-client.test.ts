import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { startTestUpstream } from './test-upstream.ts';
import { createUpstreamClient } from './upstream-client.ts';

const headers = { 'content-type': 'application/json' };

describe('createUpstreamClient', () => {
  it('reuses keep-alive connections across sequential requests', async () => {
    const upstream = await startTestUpstream((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    const client = createUpstreamClient(`${upstream.origin}/v1`, { provider: 'p' });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await client.postJson({
          path: '/v1/x',
          headers,
          body: '{}',
          signal: new AbortController().signal,
        });
        assert.equal(res.status, 200);
        assert.equal(await res.text(), '{"ok":true}');
      }
      assert.ok(upstream.connections() <= 2, `connections: ${upstream.connections()}`);
      assert.equal(upstream.requests[0]?.method, 'POST');
      assert.equal(upstream.requests[0]?.url, '/v1/x');
    } finally {
      await client.close();
      await upstream.close();
    }
  });

  it('maps a refused connection to upstream_connection', async () => {
    const upstream = await startTestUpstream(() => {});
    const origin = upstream.origin;
    await upstream.close();
    const client = createUpstreamClient(origin, { provider: 'p' });
    try {
      await assert.rejects(
        client.postJson({ path: '/', headers, body: '{}', signal: new AbortController().signal }),
        (err: unknown) =>
          err instanceof KeelError && err.code === 'upstream_connection' && /ECONNREFUSED/.test(err.message),
      );
    } finally {
      await client.close();
    }
  });

  it('rejects with the KeelError abort reason when the caller times out before headers', async () => {
    const upstream = await startTestUpstream(() => {}); // never answers
    const client = createUpstreamClient(upstream.origin, { provider: 'p' });
    try {
      const controller = new AbortController();
      const reason = new KeelError('upstream_timeout', 'attempt timed out');
      const pending = client.postJson({ path: '/', headers, body: '{}', signal: controller.signal });
      while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(reason);
      await assert.rejects(pending, (err: unknown) => err === reason);
      await upstream.requests[0]?.closed; // the upstream saw the request go away
    } finally {
      await client.close();
      await upstream.close();
    }
  });

  it('reads a bounded prefix of a large error body', async () => {
    const upstream = await startTestUpstream((_req, res) => {
      res.statusCode = 500;
      res.end('e'.repeat(200_000));
    });
    const client = createUpstreamClient(upstream.origin, { provider: 'p' });
    try {
      const res = await client.postJson({
        path: '/',
        headers,
        body: '{}',
        signal: new AbortController().signal,
      });
      assert.equal((await res.textLimited(1000)).length, 1000);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});
