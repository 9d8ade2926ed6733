/**
 * `apiKey: { credential: NAME }`: a provider key that lives only encrypted in the store reaches the
 * upstream, and nowhere else (not the caller's error, not a start-up error).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCredentialStore, openProviderCredentials } from '../src/access/crypto/index.ts';
import { configSchema } from '../src/config/index.ts';
import { silentLogger } from '../src/log/index.ts';
import { setCredentialResolver } from '../src/providers/index.ts';
import { createStore, type KeelStore } from '../src/store/index.ts';
import { startTestKeel } from './harness.ts';

const SECRET = `sk-proj-${randomBytes(20).toString('hex')}`;
const MASTER = randomBytes(32).toString('base64');

describe('providers resolve stored credentials', () => {
  let upstream: Server;
  let upstreamUrl = '';
  const seenAuth: (string | undefined)[] = [];
  let store: KeelStore;

  before(async () => {
    upstream = createServer((req, res) => {
      seenAuth.push(req.headers.authorization);
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      req.on('end', () => {
        const model = (JSON.parse(body) as { model: string }).model;
        res.setHeader('content-type', 'application/json');
        if (model === 'deny') {
          // Real providers echo (part of) a rejected key; Keel must not pass it on.
          res.statusCode = 401;
          res.end(
            JSON.stringify({
              error: { message: `Incorrect API key provided: ${SECRET}`, type: 'invalid_request_error' },
            }),
          );
          return;
        }
        res.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
    store = await createStore('sqlite::memory:');
    const creds = await createCredentialStore(store, { masterKey: MASTER });
    await creds.put('openai-prod', SECRET, { kind: 'cli', id: 'setup' });
  });
  after(async () => {
    setCredentialResolver(undefined);
    await store.close();
    upstream.close();
  });

  const config = (credential: string) => ({
    providers: { up: { type: 'openai' as const, baseUrl: upstreamUrl, apiKey: { credential } } },
    models: {
      ok: { deployments: [{ provider: 'up', model: 'ok' }] },
      deny: { deployments: [{ provider: 'up', model: 'deny' }] },
    },
  });

  it('the upstream receives the decrypted key; an upstream echo of it never reaches the caller', async () => {
    await openProviderCredentials(store, { logger: silentLogger(), env: { KEEL_MASTER_KEY: MASTER } });
    const keel = await startTestKeel(config('openai-prod'));
    try {
      const chat = (model: string) =>
        fetch(`${keel.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const ok = await chat('ok');
      assert.equal(ok.status, 200);
      assert.equal(seenAuth.at(-1), `Bearer ${SECRET}`);
      const denied = await chat('deny');
      const text = await denied.text();
      assert.ok(denied.status >= 400, text);
      assert.ok(!text.includes(SECRET) && !text.includes(SECRET.slice(8, 30)), `the key leaked: ${text}`);
    } finally {
      await keel.close();
    }
  });

  it('a credential that is not stored, or no credential store at all, fails at start with a clear error', async () => {
    await openProviderCredentials(store, { logger: silentLogger(), env: { KEEL_MASTER_KEY: MASTER } });
    await assert.rejects(
      startTestKeel(config('missing')),
      /provider up: credential 'missing' is not stored \(add it with: keel credentials set missing\)/,
    );
    await assert.rejects(
      openProviderCredentials(store, { logger: silentLogger(), env: {} }),
      /KEEL_MASTER_KEY is not set, but the database holds 1 encrypted provider credential/,
    );
    setCredentialResolver(undefined);
    await assert.rejects(
      startTestKeel(config('openai-prod')),
      /credential 'openai-prod' needs the encrypted credential store/,
    );
  });

  it('openProviderCredentials fails loudly on a wrong master key', async () => {
    await assert.rejects(
      openProviderCredentials(store, {
        logger: silentLogger(),
        env: { KEEL_MASTER_KEY: randomBytes(32).toString('hex') },
      }),
      /KEEL_MASTER_KEY does not match the key that encrypted the stored credentials/,
    );
  });

  it('the config accepts { credential: NAME } and rejects malformed references', () => {
    const parse = (apiKey: unknown) =>
      configSchema.safeParse({ providers: { p: { type: 'openai', apiKey } }, models: {} }).success;
    assert.equal(parse({ credential: 'openai-prod' }), true);
    assert.equal(parse({ credential: 'has space' }), false);
    assert.equal(parse({ credential: '' }), false);
    assert.equal(parse({ credential: 'a', env: 'B' }), false);
    assert.equal(parse({ env: 'OPENAI_API_KEY' }), true);
  });
});
