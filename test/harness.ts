import { configSchema, type KeelConfig, type KeelConfigInput } from '../src/config/index.ts';
import type { KeelModule } from '../src/gateway/module.ts';
import { type RunningKeel, startKeel } from '../src/gateway/start.ts';
import { silentLogger } from '../src/log/index.ts';

/** Starts a real Keel on an ephemeral port with an in-memory store. */
export async function startTestKeel(
  input: Omit<KeelConfigInput, 'server'> & { server?: KeelConfigInput['server'] },
  extra: { modules?: KeelModule[] } = {},
): Promise<RunningKeel> {
  const config: KeelConfig = configSchema.parse({
    ...input,
    server: { port: 0, ...input.server },
    store: input.store ?? { url: 'sqlite::memory:' },
    records: input.records ?? { flushIntervalMs: 20 },
  });
  return startKeel({ config, logger: silentLogger(), ...(extra.modules ? { modules: extra.modules } : {}) });
}

/** Waits until `check` returns truthy, polling; for background effects such as record writes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
