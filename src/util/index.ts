/**
 * Small helpers more than one module needs, written once (a leaf: imports no project module):
 * canonical JSON for content hashes and cache keys, 32-bit string hashing, a seeded PRNG, and the
 * fail-fast Redis client settings of the request path, a check that an ISO date exists, the
 * `__proto__` keys a parsed document holds, and word sets written as one string.
 */
export { isCalendarDate } from './calendar-date.ts';
export { canonicalJson, sha256Hex } from './canonical-json.ts';
export { FNV_OFFSET, fmix32, fnv1a, fnvStep, hash32 } from './hash32.ts';
export { createRng, mulberry32 } from './mulberry32.ts';
export { protoKeyPaths } from './proto-keys.ts';
export { closeRedisClient, failFastRedisOptions, newRedisClient } from './redis-client.ts';
export { wordSet } from './word-set.ts';
