import type { AuditEvent } from '../access/types.ts';
import type { Store } from '../spec/index.ts';
import { createStore } from '../store/index.ts';
import { type PromptsConfig, promptsConfigSchema } from './config.ts';
import { PromptIndex } from './prompt-index.ts';
import { PromptService } from './service.ts';
import type { PromptServiceDeps } from './service-support.ts';

/** A service over a fresh in-memory SQLite store, with a recording audit sink. For tests. */
export async function makeService(
  options: { config?: Partial<PromptsConfig>; deps?: Partial<PromptServiceDeps>; store?: Store } = {},
): Promise<{
  store: Store;
  service: PromptService;
  index: PromptIndex;
  audit: AuditEvent[];
  config: PromptsConfig;
}> {
  const store = options.store ?? (await createStore('sqlite::memory:'));
  const config: PromptsConfig = { ...promptsConfigSchema.parse(undefined), ...options.config };
  const index = new PromptIndex({ sql: store.sql });
  await index.loadAll();
  const audit: AuditEvent[] = [];
  const service = new PromptService({
    sql: store.sql,
    index,
    config: () => config,
    audit: {
      async record(event) {
        audit.push(event);
      },
    },
    ...options.deps,
  });
  return { store, service, index, audit, config };
}

export const testActor = { kind: 'user', id: 'tester' } as const;

/** A small chat prompt's content. */
export function chatContent(system: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: 'system', content: system }], model: 'demo', ...extra };
}
