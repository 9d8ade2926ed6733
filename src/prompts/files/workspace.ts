import { existsSync } from 'node:fs';
import { type KeelConfig, loadConfigFile } from '../../config/index.ts';
import type { ChangeNotifier, Store } from '../../spec/index.ts';
import { assertStoreExists, createStore, parseStoreUrl, RedisNotifier } from '../../store/index.ts';
import { type PromptsConfig, promptsConfigSchema } from '../config.ts';
import { PromptIndex } from '../prompt-index.ts';
import { PromptService } from '../service.ts';

export interface RegistryTarget {
  /** keel.yaml for `prompts:` (gate, limits), `store.url` and `redis.url` defaults. */
  configFile?: string | undefined;
  db?: string | undefined;
  redis?: string | undefined;
  env: Record<string, string | undefined>;
  /** Reading commands must not create an empty database at a mistyped path. */
  mustExist: boolean;
}

export interface OpenRegistry {
  service: PromptService;
  store: Store;
  close(): Promise<void>;
}

/**
 * The registry as the CLI uses it: straight on the store (like `keel serve` does), with the same
 * prompts config (so the promotion gate applies), and a Redis notifier when one is configured so
 * running replicas reload at once (their timed re-check catches up otherwise).
 */
export async function openRegistry(target: RegistryTarget): Promise<OpenRegistry> {
  const file =
    target.configFile ?? target.env.KEEL_CONFIG ?? (existsSync('keel.yaml') ? 'keel.yaml' : undefined);
  const keel: KeelConfig | undefined = file === undefined ? undefined : loadConfigFile(file);
  const config: PromptsConfig = keel?.prompts ?? promptsConfigSchema.parse(undefined);
  const url = target.db ?? target.env.KEEL_DB ?? keel?.store.url ?? 'sqlite:.keel/keel.db';
  const parsed = parseStoreUrl(url);
  if (target.mustExist) assertStoreExists(parsed, "start 'keel serve' first, or pass --db / set KEEL_DB");
  const redisUrl = target.redis ?? target.env.KEEL_REDIS ?? keel?.redis?.url;
  // Created before the store work so its connection is up by the time a write publishes.
  const notifier: ChangeNotifier | undefined = redisUrl ? new RedisNotifier({ url: redisUrl }) : undefined;
  let store: Store | undefined;
  try {
    store = await createStore(url);
    const index = new PromptIndex({ sql: store.sql });
    await index.loadAll();
    const service = new PromptService({
      sql: store.sql,
      index,
      config: () => config,
      ...(notifier ? { notifier } : {}),
    });
    const opened = store;
    return {
      service,
      store: opened,
      async close() {
        await opened.close();
        await notifier?.close();
      },
    };
  } catch (error) {
    await store?.close().catch(() => undefined);
    await notifier?.close();
    throw error;
  }
}
