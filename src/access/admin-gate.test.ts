import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { isKeelError } from '../errors/index.ts';
import { createAdminGate, keyAuthenticator, keyTenantResolver } from './admin-gate.ts';
import { type AuthFailureReason, createKeyVerifier, type KeyCheck } from './auth/index.ts';
import { KeyCache } from './principals/key-cache.ts';
import type { LoadedKey } from './principals/principal-loader.ts';
import { hashSecret } from './principals/secrets.ts';
import type { AccessPrincipal } from './types.ts';

const SECRET = 'sk-keel-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const REVOKED = 'sk-keel-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC';

function loaded(revokedAt: number | null = null): LoadedKey {
  const principal: AccessPrincipal = {
    id: 'k1',
    kind: 'virtual_key',
    tenant: 'proj-1',
    keyId: 'k1',
    orgId: 'o',
    teamId: 't',
    projectId: 'proj-1',
    policy: { limits: [], budgets: [], allowedModels: ['demo'] },
  };
  return { principal, expiresAt: null, revokedAt };
}

/** A gate attached to a real key cache over an in-memory "store" of two keys. */
function attachedGate(requireKey: boolean) {
  const keys = new Map([
    [hashSecret(SECRET), loaded()],
    [hashSecret(REVOKED), loaded(1)],
  ]);
  let reads = 0;
  const cache = new KeyCache({
    load: async (hashes) => {
      reads++;
      return new Map(hashes.flatMap((h) => (keys.has(h) ? [[h, keys.get(h) as LoadedKey] as const] : [])));
    },
    ttlMs: 5000,
    negativeTtlMs: 2000,
    maxEntries: 100,
    idleMs: 60_000,
  });
  const failures: Array<{ check: KeyCheck; reason: AuthFailureReason }> = [];
  const verifyKey = createKeyVerifier({
    cache,
    requireKey: () => requireKey,
    onFailure: (check, reason) => failures.push({ check, reason }),
  });
  const gate = createAdminGate();
  gate.attach({
    authenticate: async () => assert.fail('admin auth is not under test'),
    audit: { record: async () => {} },
    verifyKey,
  });
  return { gate, failures, reads: () => reads };
}

async function unauthorized(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    assert.ok(isKeelError(error));
    assert.equal(error.code, 'unauthorized');
    return error.message;
  }
  assert.fail('expected a 401');
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('admin gate: virtual keys for module routes', () => {
  it('without an access module attached every caller is anonymous', async () => {
    const gate = createAdminGate();
    assert.equal(await gate.authenticateKey(bearer(SECRET)), null);
    assert.equal(await gate.authenticateKey({}), null);
  });

  it('a valid key gives its principal, served from the cache after the first read', async () => {
    const { gate, reads } = attachedGate(true);
    for (let i = 0; i < 3; i++) {
      const principal = await gate.authenticateKey({ 'x-api-key': SECRET });
      assert.equal(principal?.tenant, 'proj-1');
      assert.deepEqual(principal?.policy.allowedModels, ['demo']);
    }
    assert.equal(reads(), 1);
  });

  it('requireKey on: no key or a foreign credential is 401; required:false lets it through as null', async () => {
    const { gate, failures } = attachedGate(true);
    assert.match(
      await unauthorized(() => gate.authenticateKey({}, { clientIp: '10.0.0.9' })),
      /Missing API key/,
    );
    await unauthorized(() => gate.authenticateKey(bearer('not-a-keel-key')));
    assert.equal(await gate.authenticateKey({}, { required: false }), null);
    assert.deepEqual(
      failures.map((f) => [f.reason, f.check.clientIp]),
      [
        ['missing', '10.0.0.9'],
        ['invalid', undefined],
      ],
    );
  });

  it('invalid, revoked and admin credentials are 401 even when no key is required', async () => {
    const { gate } = attachedGate(false);
    assert.equal(await gate.authenticateKey({}), null);
    assert.equal(await unauthorized(() => gate.authenticateKey(bearer('sk-keel-typo'))), 'Invalid API key');
    assert.match(await unauthorized(() => gate.authenticateKey(bearer(REVOKED))), /revoked/);
    assert.match(await unauthorized(() => gate.authenticateKey(bearer('sk-keel-admin-abc'))), /Admin tokens/);
    await unauthorized(() => gate.authenticateKey(bearer('sk-keel-typo'), { required: false }));
  });

  it('keyTenantResolver: a key → its project; no Keel key → null (ingest falls back) even with requireKey', async () => {
    const { gate } = attachedGate(true);
    const resolve = keyTenantResolver(gate);
    assert.equal(await resolve(bearer(SECRET)), 'proj-1');
    assert.equal(await resolve({}), null);
    assert.equal(await resolve({ authorization: 'Basic cGs6c2s=' }), null);
    await unauthorized(() => resolve(bearer('sk-keel-typo')));
  });

  it('keyAuthenticator checks the request headers and reports the client address on failure', async () => {
    const { gate, failures } = attachedGate(true);
    const authenticate = keyAuthenticator(gate);
    const request = (headers: Record<string, string>) =>
      ({ headers, ip: '10.1.2.3' }) as unknown as FastifyRequest;
    assert.equal((await authenticate(request(bearer(SECRET))))?.tenant, 'proj-1');
    await unauthorized(() => authenticate(request({})));
    assert.deepEqual(failures.at(-1), { check: { clientIp: '10.1.2.3' }, reason: 'missing' });
  });
});
