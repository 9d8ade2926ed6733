import type { DeploymentConfig } from '../config/schema.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';

/** USD per token (not per million), input and output. */
export interface TokenPrice {
  input: number;
  output: number;
}

/** The deployment one attempt goes to. Objects are reused across requests: treat as read-only. */
export interface RouteTarget {
  readonly deploymentId: string;
  readonly provider: string;
  readonly upstreamModel: string;
  /** Public model name that served; differs from the requested one when a fallback served. */
  readonly model: string;
  readonly price?: TokenPrice;
  readonly region?: string;
}

export interface RouteRequest {
  /** Public model name. */
  model: string;
  /** Client disconnect: stops everything at once, including an upstream stream already started. */
  signal?: AbortSignal;
  /** From `affinityKeyFor(messages)`; used by the prefix-affinity strategy. */
  affinityKey?: string;
  /** Never route to a deployment outside these regions (deployments without a region are excluded). */
  allowedRegions?: readonly string[];
  /**
   * Public models the caller may use: configured fallbacks outside the list are skipped (the
   * requested model was checked by the caller). Undefined = any.
   */
  allowedModels?: readonly string[];
  /** Prompt + expected output tokens; counted against deployment tpm caps. */
  estimatedTokens?: number;
  /**
   * Keep the deployment's in-flight slot until `outcome.release()` is called (use for streams, so
   * least-busy and bounded-load affinity see the whole stream, not only the time to first byte).
   */
  holdUntilRelease?: boolean;
}

export interface AttemptLogEntry {
  deploymentId: string;
  /** Public model name of the deployment. */
  model: string;
  /** Set when the attempt failed. */
  error?: ErrorCode;
  status?: number;
  ms: number;
}

export interface RouteOutcome<T> {
  result: T;
  target: RouteTarget;
  /** Attempts made across the model and its fallbacks, including the successful one. */
  attempts: number;
  fallbackUsed: boolean;
  attemptLog: AttemptLogEntry[];
  /**
   * Unlinks the attempt signal from the client signal and, with `holdUntilRelease`, frees the
   * in-flight slot. Call when the response is fully delivered. Idempotent.
   */
  release(): void;
}

/** One upstream attempt. Must honour `attemptSignal`; should throw KeelErrors. */
export type AttemptFn<T> = (target: RouteTarget, attemptSignal: AbortSignal) => Promise<T>;

export type CircuitState = 'closed' | 'open' | 'half_open';

export type RouterEvent =
  | {
      type: 'attempt';
      model: string;
      deploymentId: string;
      ok: boolean;
      ms: number;
      error?: ErrorCode;
      status?: number;
    }
  | { type: 'retry'; model: string; deploymentId: string; delayMs: number; error: ErrorCode }
  | { type: 'fallback'; from: string; to: string; error: ErrorCode }
  | { type: 'circuit'; model: string; deploymentId: string; from: CircuitState; to: CircuitState };

export interface RouterOptions {
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
  /** [0, 1); default Math.random. */
  random?: () => number;
  /** Backoff sleeps; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: Logger;
  /** Metrics hook. Called synchronously; exceptions are caught and logged. */
  onEvent?: (event: RouterEvent) => void;
  /** Price of a deployment (USD/token) when the config sets no `price` override. */
  priceOf?: (deployment: DeploymentConfig, model: string) => TokenPrice | undefined;
  /** Bounded-load factor c for prefix affinity: a deployment holds at most ceil(c × average load). */
  affinityLoadFactor?: number;
  /** Virtual nodes per deployment of average weight on the affinity hash ring. */
  virtualNodes?: number;
  /** Smoothing of the latency EWMA (weight of the newest sample). */
  ewmaAlpha?: number;
}

export interface DeploymentSnapshot {
  id: string;
  model: string;
  provider: string;
  region?: string;
  state: CircuitState;
  inFlight: number;
  ewmaMs: number | undefined;
  /** Consecutive health failures counted by the circuit breaker. */
  failures: number;
}
