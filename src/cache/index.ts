export { assembleFromChunks, EXTRA_TEXT_FIELDS } from './assemble.ts';
export { cacheKey, IGNORED_REQUEST_FIELDS, normaliseRequest } from './cache-key.ts';
export type { MemoryCacheStoreOptions } from './memory-cache-store.ts';
export { DEFAULT_CACHE_MAX_BYTES, MemoryCacheStore } from './memory-cache-store.ts';
export type { RedisCacheStoreOptions } from './redis-cache-store.ts';
export { DEFAULT_REDIS_CACHE_PREFIX, RedisCacheStore } from './redis-cache-store.ts';
export { replayAsChunks, splitContent } from './replay.ts';
export type { CacheEntry, CacheStats, ResponseCacheOptions } from './response-cache.ts';
export { ResponseCache } from './response-cache.ts';
