import { performance } from 'node:perf_hooks';
import type { ModelConfig } from '../../config/index.ts';
import { affinityKeyFor, attemptLogOf, type RouteTarget } from '../../routing/index.ts';
import type { CallContext, ChatMessage, Provider } from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import type { Runtime } from '../runtime.ts';
import type { Exchange } from './exchange.ts';

export type Attempt<T> = (provider: Provider, ctx: CallContext, target: RouteTarget) => Promise<T>;

/**
 * Runs one logical call through the router (strategy, retries, fallbacks, breaker) and books what
 * happened onto the exchange: which deployment served, how many attempts, when the upstream started.
 */
export async function routeCall<T>(
  ex: Exchange,
  call: { deps: GatewayDeps; runtime: Runtime; model: ModelConfig; messages?: ChatMessage[]; hold?: boolean },
  attempt: Attempt<T>,
): Promise<{ result: T; release: () => void }> {
  const { deps, runtime } = call;
  const affinityKey =
    call.model.routing === 'prefix-affinity' && call.messages ? affinityKeyFor(call.messages) : undefined;
  ex.upstreamStart = performance.now();
  try {
    const outcome = await deps.router.execute(
      {
        model: ex.model,
        signal: ex.signal,
        holdUntilRelease: call.hold === true,
        ...(affinityKey ? { affinityKey } : {}),
        ...(ex.ctx.allowedRegions ? { allowedRegions: ex.ctx.allowedRegions } : {}),
        ...(ex.ctx.allowedModels ? { allowedModels: ex.ctx.allowedModels } : {}),
      },
      (target, signal) => {
        ex.deployment = target.deploymentId;
        ex.provider = target.provider;
        ex.upstreamModel = target.upstreamModel;
        ex.servedModel = target.model;
        return attempt(
          runtime.provider(target.provider),
          { signal, upstreamModel: target.upstreamModel, requestId: ex.id },
          target,
        );
      },
    );
    ex.attempts = outcome.attempts;
    ex.fallbackUsed = outcome.fallbackUsed;
    ex.deployment = outcome.target.deploymentId;
    ex.servedModel = outcome.target.model;
    return { result: outcome.result, release: () => outcome.release() };
  } catch (error) {
    ex.attempts = attemptLogOf(error)?.length ?? ex.attempts;
    throw error;
  }
}
