import type { Redis } from 'ioredis';
import { DEFAULT_REDIS_CACHE_PREFIX } from '../../cache/index.ts';
import { newRedisClient } from '../../util/index.ts';

/**
 * Deletes response-cache entries from Redis (cluster mode): all of them, or those written for the
 * given tenants (entries are JSON with a `tenant` field; an entry without one is deleted too, since
 * it cannot be ruled out). The cache is keyed by a hash of the request, not by user, so an erasure
 * flushes the tenant's entries rather than the user's (see docs/observability.md).
 */
export async function flushRedisCache(o: {
  url?: string;
  client?: Redis;
  prefix?: string;
  tenants: readonly string[] | undefined;
}): Promise<number> {
  const client = o.client ?? newRedisClient(o.url as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const prefix = o.prefix ?? DEFAULT_REDIS_CACHE_PREFIX;
  const tenants = o.tenants ? new Set(o.tenants) : undefined;
  let deleted = 0;
  try {
    if (!o.client) await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const doomed = tenants ? await forTenants(client, keys, tenants) : keys;
      if (doomed.length > 0) deleted += await client.del(...doomed);
    } while (cursor !== '0');
    return deleted;
  } finally {
    if (!o.client) client.disconnect();
  }
}

async function forTenants(client: Redis, keys: string[], tenants: ReadonlySet<string>): Promise<string[]> {
  const values = await client.mget(...keys);
  return keys.filter((_, i) => {
    const text = values[i];
    if (text === null || text === undefined) return false;
    try {
      const tenant = (JSON.parse(text) as { tenant?: unknown }).tenant;
      return typeof tenant !== 'string' || tenant === '' || tenants.has(tenant);
    } catch {
      return true;
    }
  });
}
