import type { ModelConfig } from '../config/schema.ts';
import { KeelError } from '../errors/index.ts';
import { backoffMs } from './conditions.ts';
import type { DeploymentState } from './deployment-state.ts';
import type { Execution, ModelSuccess } from './execution.ts';
import type { ModelRoute } from './select.ts';

/**
 * Tries one public model: up to 1 + maxRetries attempts across its deployments, preferring a
 * deployment that has not failed yet. Throws the error that ended it (non-retryable, retries
 * exhausted, nothing left to try, client gone, deadline passed); the caller decides on fallbacks.
 */
export async function runModel<T>(exec: Execution<T>, route: ModelRoute): Promise<ModelSuccess<T>> {
  const { retries } = route.config;
  const maxAttempts = 1 + retries.maxRetries;
  let failed: Set<DeploymentState> | undefined;
  let selection = exec.select(route, failed);
  if (selection instanceof KeelError) throw selection;
  for (let attempt = 1; ; attempt++) {
    const state = selection.state;
    const result = await exec.attempt(route, state);
    if (result.ok) return { state, result: result.result, release: result.release };
    const error = result.error;
    if (result.stop || !error.retryable || attempt >= maxAttempts) throw error;
    failed ??= new Set();
    failed.add(state);
    selection = exec.select(route, failed);
    // Every deployment is now open or capped: the attempt's error says more than "circuit open".
    if (selection instanceof KeelError) throw error;
    const delay = retryDelay({
      error,
      fresh: selection.fresh,
      retry: attempt - 1,
      policy: retries,
      random: exec.deps.random,
    });
    if (delay === undefined) throw error;
    exec.deps.emit?.({
      type: 'retry',
      model: route.name,
      deploymentId: state.id,
      delayMs: delay,
      error: error.code,
    });
    if (delay > 0) {
      await exec.pause(delay);
      selection = exec.select(route, failed);
      if (selection instanceof KeelError) throw error;
    }
  }
}

interface DelayInput {
  error: KeelError;
  /** The next attempt goes to a deployment that has not failed yet. */
  fresh: boolean;
  /** Retries made so far (0 for the first). */
  retry: number;
  policy: ModelConfig['retries'];
  random: () => number;
}

/** ms to wait before the next attempt, or undefined when this model should give up. */
function retryDelay(input: DelayInput): number | undefined {
  const { error, policy } = input;
  const retryAfter = error.retryAfterMs;
  if (retryAfter === undefined) return backoffMs(input.retry, policy, input.random);
  // The upstream said when *it* can take more: another deployment can take the request now.
  if (input.fresh) return 0;
  // Waits longer than allowed end this model instead (its fallbacks may answer sooner).
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
}
