import { z } from 'zod';

/** What happens to model requests while the shared counter store (Redis) is unreachable. */
export const redisFailModeSchema = z.enum(['open', 'closed']);
export type RedisFailMode = z.infer<typeof redisFailModeSchema>;

/** `access.limits`: how rate limits and budget reservations are enforced. */
export const limitsConfigSchema = z.strictObject({
  /** Output tokens assumed for the worst-case cost when a request sets no max_tokens. */
  defaultMaxOutputTokens: z.number().int().min(1).max(10_000_000).default(4096),
  /**
   * Added to the model's total timeout to give a reservation's lifetime: a replica that dies
   * mid-request leaves reservations that lapse after this.
   */
  reservationMarginMs: z.number().int().min(0).max(3_600_000).default(30_000),
  /**
   * A Redis command without an answer after this long fails (and the fail mode applies), ms. It
   * only matters for a connected-but-hung Redis — while Redis is unreachable commands fail at once
   * — so it is generous: under heavy load the process's own event-loop lag counts against it, and
   * a spurious timeout in fail-open mode would let a request through unchecked.
   */
  redisCommandTimeoutMs: z.number().int().min(10).max(60_000).default(1000),
  /** Prefix of every counter key; the `{…}` hash tag keeps a request's keys in one Redis Cluster slot. */
  redisKeyPrefix: z.string().min(1).max(200).default('keel:{access}:'),
});
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;
