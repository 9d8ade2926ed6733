import type { ModelConfig } from '../config/schema.ts';
import { KeelError } from '../errors/index.ts';
import type { DeploymentState } from './deployment-state.ts';
import type { HashRing } from './hash-ring.ts';
import { leastBusy, type Strategy, type StrategyContext } from './strategies/index.ts';
import type { RouteRequest } from './types.ts';

/** One public model as the router sees it after `update()`. */
export interface ModelRoute {
  name: string;
  config: ModelConfig;
  states: DeploymentState[];
  strategy: Strategy;
  /** Prefix-affinity only. */
  ring: HashRing | undefined;
}

export interface SelectInput {
  request: RouteRequest;
  now: number;
  random: () => number;
  loadFactor: number;
  /** Deployments that already failed this request: tried again only when nothing else is left. */
  failed: ReadonlySet<DeploymentState> | undefined;
}

export interface Selection {
  state: DeploymentState;
  /** False when every available deployment already failed this request. */
  fresh: boolean;
}

/** Errors that mean "nothing could be tried", as opposed to an attempt's error. */
const selectionErrors = new WeakSet<KeelError>();

export function isSelectionError(error: KeelError): boolean {
  return selectionErrors.has(error);
}

/**
 * Picks the deployment for the next attempt: filters by region, circuit and rpm/tpm caps, lets the
 * model's strategy order the rest (weight-0 deployments after all others), and takes the first one
 * that has not failed yet. Synchronous, so the circuit's half-open probe is claimed by exactly one
 * request when the caller begins the attempt right away.
 */
export function selectDeployment(route: ModelRoute, input: SelectInput): Selection | KeelError {
  const { request, now } = input;
  const regions = request.allowedRegions;
  const tokens = request.estimatedTokens ?? 0;
  let weighted: DeploymentState[] | undefined;
  let zero: DeploymentState[] | undefined;
  let inRegion = 0;
  let rateWait = Number.POSITIVE_INFINITY;
  let circuitWait = Number.POSITIVE_INFINITY;
  for (const state of route.states) {
    const region = state.deployment.region;
    if (regions !== undefined && (region === undefined || !regions.includes(region))) continue;
    inRegion++;
    if (!state.circuit.canAttempt(now)) {
      circuitWait = Math.min(circuitWait, state.circuit.msUntilAttempt(now) ?? Number.POSITIVE_INFINITY);
      continue;
    }
    const wait = state.rateLimitedFor(now, tokens);
    if (wait > 0) {
      rateWait = Math.min(rateWait, wait);
      continue;
    }
    if (state.weight > 0) {
      weighted ??= [];
      weighted.push(state);
    } else {
      zero ??= [];
      zero.push(state);
    }
  }
  if (weighted === undefined && zero === undefined) {
    return selectionError(route, { inRegion, rateWait, circuitWait, regions });
  }
  // Hot path: one available deployment and nothing failed yet — no strategy, no sorting.
  if (input.failed === undefined && weighted?.length === 1) return { state: weighted[0]!, fresh: true };
  const ctx: StrategyContext = { random: input.random, loadFactor: input.loadFactor };
  if (route.ring !== undefined) ctx.ring = route.ring;
  if (request.affinityKey !== undefined) ctx.affinityKey = request.affinityKey;
  const ordered = weighted ? route.strategy.pick(weighted, ctx) : [];
  if (zero) ordered.push(...leastBusy.pick(zero, ctx));
  const failed = input.failed;
  const fresh = failed === undefined ? ordered[0] : ordered.find((s) => !failed.has(s));
  return fresh ? { state: fresh, fresh: true } : { state: ordered[0]!, fresh: false };
}

/**
 * Older OpenAI and Anthropic SDKs wait for a Retry-After only when it is under 60 s (otherwise
 * they back off for under 10 s, straight into the open circuit again); current ones wait for any,
 * which for a long cooldown means a call hanging for minutes.
 */
const SDK_RETRY_AFTER_LIMIT_S = 60;

/**
 * "Every deployment's circuit is open". Retry-After says when the first circuit half-opens; the
 * error stays retryable only when every SDK would wait that long and no longer, else SDKs are told
 * not to retry (x-should-retry: false) and the caller fails fast. While a half-open probe is out
 * the wait is unknown, and SDK backoff is a fair guess.
 */
function circuitOpenError(route: ModelRoute, waitMs: number): KeelError {
  const message = `Every deployment of model '${route.name}' is failing and temporarily taken out of rotation`;
  if (waitMs === Number.POSITIVE_INFINITY) return new KeelError('circuit_open', message);
  const retryable = Math.ceil(waitMs / 1000) < SDK_RETRY_AFTER_LIMIT_S;
  return new KeelError('circuit_open', message, { retryable, retryAfterMs: waitMs });
}

function selectionError(
  route: ModelRoute,
  why: { inRegion: number; rateWait: number; circuitWait: number; regions: readonly string[] | undefined },
): KeelError {
  const { inRegion, rateWait, regions } = why;
  let error: KeelError;
  if (inRegion === 0) {
    const where = regions === undefined ? '' : ` in the allowed regions (${regions.join(', ') || 'none'})`;
    error = new KeelError('no_deployment', `Model '${route.name}' has no deployment${where}`);
  } else if (rateWait !== Number.POSITIVE_INFINITY) {
    error = new KeelError(
      'upstream_rate_limited',
      `Every available deployment of model '${route.name}' is at its rpm/tpm limit`,
      { retryAfterMs: rateWait },
    );
  } else {
    error = circuitOpenError(route, why.circuitWait);
  }
  selectionErrors.add(error);
  return error;
}
