import { defaultModules } from '../src/cli/modules.ts';
import type { KeelConfigInput } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type ApiResult, apiClient, BOOTSTRAP } from './access-admin-support.ts';
import { startTestKeel } from './harness.ts';

/**
 * A Keel with the modules `keel serve` runs (access, prompts, enforcement, guard, traces, wired
 * through one gate), a bootstrap admin token, and one team/project to issue virtual keys in.
 */
export interface RoutesKeel {
  keel: RunningKeel;
  projectId: string;
  admin: (method: string, path: string, body?: unknown) => Promise<ApiResult>;
  /** A new virtual key in the project; `policy` as the admin API takes it. */
  newKey(body?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
}

export async function startRoutesKeel(config: Omit<KeelConfigInput, 'server'>): Promise<RoutesKeel> {
  // The access module reads the bootstrap token from the environment when it starts.
  const previous = process.env.KEEL_ADMIN_TOKEN;
  process.env.KEEL_ADMIN_TOKEN = BOOTSTRAP;
  let keel: RunningKeel;
  try {
    keel = await startTestKeel(
      { ...config, traces: { spoolDir: '', flushIntervalMs: 20, ...config.traces } },
      { modules: defaultModules() },
    );
  } finally {
    if (previous === undefined) delete process.env.KEEL_ADMIN_TOKEN;
    else process.env.KEEL_ADMIN_TOKEN = previous;
  }
  const api = apiClient(keel.url);
  const admin = (method: string, path: string, body?: unknown) => api(BOOTSTRAP, method, path, body);
  const expectCreated = (res: ApiResult): { id: string } => {
    if (res.status !== 201) throw new Error(`admin API: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  expectCreated(await admin('POST', '/api/orgs', { name: 'acme' }));
  const teamId = expectCreated(await admin('POST', '/api/teams', { name: 'ml' })).id;
  const projectId = expectCreated(await admin('POST', '/api/projects', { teamId, name: 'chatbot' })).id;
  return {
    keel,
    projectId,
    admin,
    async newKey(body = {}) {
      const res = await admin('POST', '/api/keys', { teamId, projectId, ...body });
      if (res.status !== 201) throw new Error(`create key: ${res.status} ${JSON.stringify(res.body)}`);
      const created = res.body as { key: { id: string }; secret: string };
      return { id: created.key.id, secret: created.secret };
    },
  };
}

export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

/** A JSON request; answers the status and the parsed body. */
export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
