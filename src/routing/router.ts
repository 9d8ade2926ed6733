import type { DeploymentConfig, FallbackCondition, ModelConfig } from '../config/schema.ts';
import { KeelError, toKeelError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { clientAbortError } from './attempt.ts';
import { fallbackConditionOf } from './conditions.ts';
import { DeploymentState, deploymentIdOf } from './deployment-state.ts';
import { Execution, type ExecutionDeps } from './execution.ts';
import { HashRing } from './hash-ring.ts';
import { runModel } from './run-model.ts';
import type { ModelRoute } from './select.ts';
import { defaultSleep } from './sleep.ts';
import { STRATEGIES } from './strategies/index.ts';
import type {
  AttemptFn,
  CircuitState,
  DeploymentSnapshot,
  RouteOutcome,
  RouteRequest,
  RouterEvent,
  RouterOptions,
  TokenPrice,
} from './types.ts';

/**
 * Picks deployments for public models and runs attempts with retries, fallbacks, timeouts and
 * per-deployment circuit breakers. All runtime state (in-flight, latency, circuits, rpm/tpm
 * windows) is per process; replicas balance independently.
 */
export class Router {
  private routes = new Map<string, ModelRoute>();
  private states = new Map<string, DeploymentState>();
  private readonly deps: ExecutionDeps;
  private readonly logger: Logger | undefined;
  private readonly options: RouterOptions;
  /** Missing fallback models already logged since the last update (one warning each, not one per request). */
  private warnedFallbacks = new Set<string>();

  constructor(options: RouterOptions = {}) {
    this.options = options;
    this.logger = options.logger;
    const onEvent = options.onEvent;
    this.deps = {
      now: options.now ?? (() => performance.now()),
      random: options.random ?? Math.random,
      sleep: options.sleep ?? defaultSleep,
      emit: onEvent ? (event) => this.emit(onEvent, event) : undefined,
      ewmaAlpha: options.ewmaAlpha ?? 0.3,
      loadFactor: Math.max(1, options.affinityLoadFactor ?? 1.25),
    };
  }

  /**
   * Installs the model table (on start and on every hot reload). Runtime state is kept for each
   * (model, deployment id) pair that still exists. Prices from `priceOf` are read here too.
   */
  update(models: Readonly<Record<string, ModelConfig>>): void {
    for (const [name, config] of Object.entries(models)) assertDistinctIds(name, config);
    const routes = new Map<string, ModelRoute>();
    const states = new Map<string, DeploymentState>();
    for (const [name, config] of Object.entries(models)) {
      const route = this.buildRoute(name, config);
      routes.set(name, route);
      for (const state of route.states) states.set(stateKey(name, state.id), state);
    }
    this.routes = routes;
    this.states = states;
    this.warnedFallbacks = new Set();
  }

  /** Runs `attempt` against the model's deployments (and its fallbacks) until one succeeds. */
  async execute<T>(request: RouteRequest, attempt: AttemptFn<T>): Promise<RouteOutcome<T>> {
    const primary = this.routes.get(request.model);
    if (primary === undefined) {
      throw new KeelError('model_not_found', `The model '${request.model}' does not exist`, {
        param: 'model',
      });
    }
    if (request.signal?.aborted) throw clientAbortError(request.signal);
    const exec = new Execution(this.deps, request, attempt, primary.config.timeouts.totalMs);
    try {
      return exec.outcome(await runModel(exec, primary), false);
    } catch (thrown) {
      let error = toKeelError(thrown);
      let from = primary.name;
      for (const name of fallbackChain(primary)) {
        if (exec.stopped || !shouldFallBack(error, primary.config.fallbackOn)) break;
        // A fallback must not serve a model the caller's key is not allowed to use.
        if (request.allowedModels !== undefined && !request.allowedModels.includes(name)) continue;
        const route = this.routes.get(name);
        if (route === undefined) {
          this.warnMissingFallback(primary.name, name);
          continue;
        }
        this.deps.emit?.({ type: 'fallback', from, to: name, error: error.code });
        from = name;
        try {
          return exec.outcome(await runModel(exec, route), true);
        } catch (next) {
          error = toKeelError(next);
        }
      }
      throw exec.failure(error);
    }
  }

  /** Per-deployment state for metrics and the console. */
  snapshot(): DeploymentSnapshot[] {
    const out: DeploymentSnapshot[] = [];
    for (const route of this.routes.values()) {
      for (const state of route.states) out.push(state.snapshot());
    }
    return out;
  }

  private buildRoute(name: string, config: ModelConfig): ModelRoute {
    const states = config.deployments.map((deployment) => {
      const setup = { deployment, config, price: this.priceFor(deployment, name) };
      const existing = this.states.get(stateKey(name, deploymentIdOf(deployment)));
      if (existing === undefined) return new DeploymentState(name, setup, this.onCircuit);
      existing.configure(setup);
      return existing;
    });
    const ring =
      config.routing === 'prefix-affinity'
        ? new HashRing(states, { virtualNodes: this.options.virtualNodes ?? 100 })
        : undefined;
    return { name, config, states, strategy: STRATEGIES[config.routing], ring };
  }

  private warnMissingFallback(model: string, fallback: string): void {
    const key = `${model}\u0000${fallback}`;
    if (this.warnedFallbacks.has(key)) return;
    this.warnedFallbacks.add(key);
    this.logger?.warn({ model, fallback }, 'fallback model is not configured; skipping it');
  }

  private priceFor(deployment: DeploymentConfig, model: string): TokenPrice | undefined {
    const p = deployment.price;
    if (p !== undefined) return { input: p.inputPerMTok / 1e6, output: p.outputPerMTok / 1e6 };
    return this.options.priceOf?.(deployment, model);
  }

  private readonly onCircuit = (state: DeploymentState, from: CircuitState, to: CircuitState): void => {
    if (to === 'open') {
      this.logger?.warn({ model: state.model, deployment: state.id, from }, 'circuit opened');
    } else {
      this.logger?.info({ model: state.model, deployment: state.id, from, to }, 'circuit state changed');
    }
    this.deps.emit?.({ type: 'circuit', model: state.model, deploymentId: state.id, from, to });
  };

  private emit(onEvent: (event: RouterEvent) => void, event: RouterEvent): void {
    try {
      onEvent(event);
    } catch (error) {
      // A broken metrics hook must never fail a request.
      this.logger?.error({ err: error, event: event.type }, 'router onEvent hook threw');
    }
  }
}

function stateKey(model: string, id: string): string {
  return `${model}\u0000${id}`;
}

function assertDistinctIds(name: string, config: ModelConfig): void {
  const seen = new Set<string>();
  for (const deployment of config.deployments) {
    const id = deploymentIdOf(deployment);
    if (seen.has(id)) {
      throw new KeelError(
        'config_invalid',
        `Model '${name}' lists deployment '${id}' twice; give each deployment a distinct 'id'`,
      );
    }
    seen.add(id);
  }
}

/** The model's own fallbacks, in order, without itself or repeats; fallbacks' fallbacks are not followed. */
function fallbackChain(route: ModelRoute): string[] {
  return [...new Set(route.config.fallbacks)].filter((name) => name !== route.name);
}

/**
 * Whether the error that ended a model lets the request move on to the next fallback. A model with
 * no usable deployment (e.g. none in the allowed regions) always lets it move on: nothing was tried.
 */
function shouldFallBack(error: KeelError, fallbackOn: readonly FallbackCondition[]): boolean {
  if (error.code === 'no_deployment') return true;
  const condition = fallbackConditionOf(error);
  return condition !== undefined && fallbackOn.includes(condition);
}
