/**
 * Shared counters for rate limits and budget reservations: in memory in embedded mode, Redis in
 * cluster mode. A request's every check and reservation happens in ONE atomic `reserve` call (one
 * round trip in cluster mode), so concurrent requests on any number of replicas can never both
 * take the last unit of a limit. Both implementations pass the same conformance suite
 * (src/access/limits/counter-store-conformance.ts).
 */

/** The rate limits of one scope (a key, project, team or org). Absent or 0 = no such limit. */
export interface RateCounter {
  /** Stable id of the scope, e.g. `team:t_123`. */
  id: string;
  /** Requests per sliding minute. */
  rpm?: number;
  /** (Estimated prompt + actual completion) tokens per sliding minute. */
  tpm?: number;
  /** Requests in flight at once. */
  maxParallel?: number;
}

/** Spend of one scope in one budget period, capped at `limitUsd`. */
export interface SpendCounter {
  /** Stable id including the period, e.g. `team:t_123:day:2026-11-22` or `key:k_1:total`. */
  id: string;
  /** What is counted: spend of this scope… */
  scope: string;
  scopeId: string;
  /** …from this time (epoch ms, inclusive; null = since ever) until `resetsAt` (exclusive; null = never). */
  periodStart: number | null;
  resetsAt: number | null;
  /** settled + reserved + this reservation must stay ≤ this. */
  limitUsd: number;
}

export interface ReserveRequest {
  /** Unique per request (the request id); identifies the reservation at settle time. */
  id: string;
  rate: readonly RateCounter[];
  spend: readonly SpendCounter[];
  /** Estimated prompt tokens, counted against TPM. */
  tokens: number;
  /** Worst-case cost reserved on every spend counter. */
  costUsd: number;
  /** The reservation (and its parallel slot) lapses after this long if never settled (dead replica). */
  ttlMs: number;
}

/** What `reserve` took; hand it back to `settle`. */
export interface Reservation {
  readonly id: string;
  readonly rate: readonly RateCounter[];
  readonly spend: readonly SpendCounter[];
  readonly tokens: number;
  /** The reserved amount as stored (whole nano-USD), so settle releases exactly that. */
  readonly reservedNanoUsd: number;
}

export type LimitKind = 'rpm' | 'tpm' | 'parallel' | 'budget';

/** Why a reservation was refused: the first limit that did not pass. */
export interface ReserveFailure {
  kind: LimitKind;
  /** Id of the RateCounter or SpendCounter that failed. */
  counterId: string;
  /** When trying again can succeed; null when it cannot without a change (request larger than the limit). */
  retryAfterMs: number | null;
  /** Budgets: spend already settled and reserved by requests in flight on that counter. */
  settledUsd?: number;
  reservedUsd?: number;
}

export type ReserveOutcome = { ok: true; reservation: Reservation } | { ok: false; failure: ReserveFailure };

export interface SettleRequest {
  reservation: Reservation;
  /** What the request really cost (0 for a failed request); replaces the reserved amount. */
  costUsd: number;
  /** Actual completion tokens, added to the TPM windows. */
  completionTokens?: number;
}

/** Settled spend of each counter right after this settle (for threshold alerts). */
export interface SettleOutcome {
  spend: Array<{ counterId: string; settledUsd: number }>;
}

export interface SpendUsage {
  counterId: string;
  settledUsd: number;
  /** Sum of live (unexpired, unsettled) reservations. */
  reservedUsd: number;
}

/**
 * Where a store reads the settled spend of a counter it has not seen before (process start, a new
 * period, Redis restarted empty): the durable spend records.
 */
export type SettledSpendSource = (counter: SpendCounter) => Promise<number>;

export interface CounterStore {
  readonly specVersion: 'v1';
  readonly kind: 'memory' | 'redis';
  /** Checks every limit and budget; when all pass, records the reservation. Atomic. */
  reserve(request: ReserveRequest): Promise<ReserveOutcome>;
  /**
   * Converts a reservation into actual cost and frees its parallel slot; call once per reservation.
   * A reservation that already lapsed is not released twice, but its cost is still counted.
   */
  settle(request: SettleRequest): Promise<SettleOutcome>;
  /**
   * Pushes the expiry of a reservation still held to `ttlMs` from now, for a request that outlives
   * its first ttl (a long stream): its parallel slot and spend holds stay until it settles. A
   * reservation already settled or lapsed is not brought back.
   */
  renew(reservation: Reservation, ttlMs: number): Promise<void>;
  /** Current settled and reserved spend (expired reservations are dropped first). */
  usage(counters: readonly SpendCounter[]): Promise<SpendUsage[]>;
  close(): Promise<void>;
}
