import { MemoryAudit } from '../src/access/admin/test-support.ts';
import type { AdminCredentialStore } from '../src/access/index.ts';
import { type AccessInstance, accessModule } from '../src/access/index.ts';
import type { Actor } from '../src/access/types.ts';
import type { KeelModule } from '../src/gateway/module.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { startTestKeel } from './harness.ts';

export const BOOTSTRAP = 'test-bootstrap-token-0123456789abcdef';

/** Provider credentials kept in memory (the real encrypted store is tested in src/access/crypto). */
export class MemoryCredentials implements AdminCredentialStore {
  readonly values = new Map<string, { value: string; createdAt: number; updatedAt: number }>();
  async put(name: string, plaintext: string, _actor: Actor) {
    const now = Date.now();
    const createdAt = this.values.get(name)?.createdAt ?? now;
    this.values.set(name, { value: plaintext, createdAt, updatedAt: now });
    return { name, keyId: 'test', createdAt, updatedAt: now };
  }
  async list() {
    return [...this.values].map(([name, v]) => ({
      name,
      keyId: 'test',
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    }));
  }
  async delete(name: string, _actor: Actor) {
    this.values.delete(name);
  }
}

/** The access module, with a handle on its started instance. */
export function capturedAccess(options: Parameters<typeof accessModule>[0] = {}): {
  module: KeelModule;
  instance: () => AccessInstance;
} {
  const inner = accessModule(options);
  let started: AccessInstance | undefined;
  return {
    module: {
      name: inner.name,
      start: async (ctx) => {
        started = (await inner.start(ctx)) as AccessInstance;
        return started;
      },
    },
    instance: () => {
      if (!started) throw new Error('access module not started');
      return started;
    },
  };
}

export const SIM_CONFIG = {
  providers: { sim: { type: 'sim' as const, sim: { outputTokens: 5 } } },
  models: {
    demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
    other: { deployments: [{ provider: 'sim', model: 'sim-2' }] },
  },
};

export async function startAccessKeel(extra: { access?: Record<string, unknown> } = {}): Promise<{
  keel: RunningKeel;
  audit: MemoryAudit;
  credentials: MemoryCredentials;
  access: () => AccessInstance;
}> {
  const audit = new MemoryAudit();
  const credentials = new MemoryCredentials();
  const captured = capturedAccess({ audit, credentials, bootstrapToken: BOOTSTRAP });
  const keel = await startTestKeel(
    { ...SIM_CONFIG, ...(extra.access ? { access: extra.access } : {}) },
    { modules: [captured.module] },
  );
  return { keel, audit, credentials, access: captured.instance };
}

export interface ApiResult {
  status: number;
  body: unknown;
}

/** One admin API call with a bearer token; the body is sent as JSON when given. */
export function apiClient(baseUrl: string) {
  return async (
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult> => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
}
