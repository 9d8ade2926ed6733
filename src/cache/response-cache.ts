import { z } from 'zod';
import { type Logger, silentLogger } from '../log/index.ts';
import type { ChatCompletion } from '../spec/chat.ts';
import type { CacheStore } from '../spec/store.ts';

/**
 * The exact response cache over a CacheStore (memory or Redis). What is stored is always the final
 * ChatCompletion; streams are replayed from it (replay.ts) and streamed answers are assembled into
 * it (assemble.ts), so both kinds of request share an entry. Entries carry their tenant and are
 * validated on read: a corrupt, foreign or other-version entry is a miss, never an error. Nothing
 * here throws: a cache failure costs a miss, not a request.
 */

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const choiceSchema = z.looseObject({
  index: z.number().int().min(0),
  message: z.looseObject({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    tool_calls: z.array(toolCallSchema).optional(),
  }),
  finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']).nullable(),
});

const usageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

const bodySchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(choiceSchema).min(1),
  usage: usageSchema.optional(),
});

const ENTRY_VERSION = 1;

const entrySchema = z.object({
  v: z.literal(ENTRY_VERSION),
  /** The tenant the entry was written for ('' when the writer did not say). */
  tenant: z.string(),
  /** Epoch ms of the write; lets callers report the entry's age. */
  createdAt: z.number(),
  body: bodySchema,
});

/** What one stored entry looks like (JSON in the store). */
export interface CacheEntry {
  v: typeof ENTRY_VERSION;
  tenant: string;
  createdAt: number;
  body: ChatCompletion;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries that failed validation or belonged to another tenant (each also counted as a miss). */
  rejected: number;
  writes: number;
  /** Store calls that threw (a well-behaved store never throws, but the cache never trusts that). */
  errors: number;
}

export interface ResponseCacheOptions {
  store: CacheStore;
  logger?: Logger;
  now?: () => number;
}

export class ResponseCache {
  readonly store: CacheStore;
  readonly stats: CacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0, errors: 0 };
  readonly #logger: Logger;
  readonly #now: () => number;

  /** Takes the store alone, or options with the store. */
  constructor(storeOrOptions: CacheStore | ResponseCacheOptions) {
    const options: ResponseCacheOptions =
      'store' in storeOrOptions ? storeOrOptions : { store: storeOrOptions };
    this.store = options.store;
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? Date.now;
  }

  /**
   * The cached completion for a key, or null. With `tenant`, an entry written for another tenant is
   * a miss (the key already hashes the tenant in; this is the second lock on the door). Pass the
   * tenant to `set` as well, or the entry is stored without one and this check cannot apply.
   */
  async get(key: string, tenant?: string): Promise<ChatCompletion | null> {
    const entry = await this.getEntry(key, tenant);
    return entry ? entry.body : null;
  }

  /** Like get, with the entry's metadata (tenant, write time). */
  async getEntry(key: string, tenant?: string): Promise<CacheEntry | null> {
    let text: string | null;
    try {
      text = await this.store.get(key);
    } catch (err) {
      this.#error('get', err);
      text = null;
    }
    const entry = text === null ? null : this.#parse(text, tenant);
    if (entry) this.stats.hits++;
    else this.stats.misses++;
    return entry;
  }

  /**
   * Stores a completion. The third argument is the TTL in seconds, or `{ ttlSeconds, tenant }` to
   * record the tenant for the read-side check.
   */
  async set(
    key: string,
    body: ChatCompletion,
    ttl: number | { ttlSeconds: number; tenant?: string },
  ): Promise<void> {
    const { ttlSeconds, tenant } = typeof ttl === 'number' ? { ttlSeconds: ttl, tenant: undefined } : ttl;
    const entry: CacheEntry = { v: ENTRY_VERSION, tenant: tenant ?? '', createdAt: this.#now(), body };
    let text: string;
    try {
      text = JSON.stringify(entry);
    } catch (err) {
      this.#error('serialise', err);
      return;
    }
    try {
      await this.store.set(key, text, ttlSeconds);
      this.stats.writes++;
    } catch (err) {
      this.#error('set', err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.store.delete(key);
    } catch (err) {
      this.#error('delete', err);
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  #parse(text: string, tenant: string | undefined): CacheEntry | null {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.stats.rejected++;
      return null;
    }
    const parsed = entrySchema.safeParse(raw);
    // An entry written without a tenant ('') passes; one written for a different tenant does not.
    const foreign =
      parsed.success && tenant !== undefined && parsed.data.tenant !== '' && parsed.data.tenant !== tenant;
    if (!parsed.success || foreign) {
      this.stats.rejected++;
      return null;
    }
    // Validated above for every field Keel reads; the loose schema kept all others untouched.
    return parsed.data as CacheEntry;
  }

  #error(operation: string, err: unknown): void {
    this.stats.errors++;
    this.#logger.warn(
      { operation, err: err instanceof Error ? err.message : String(err) },
      'response cache error',
    );
  }
}
