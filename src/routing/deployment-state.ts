import type { DeploymentConfig, ModelConfig } from '../config/schema.ts';
import { CircuitBreaker, type CircuitTicket } from './circuit-breaker.ts';
import type { Candidate } from './strategies/strategy.ts';
import type { CircuitState, DeploymentSnapshot, RouteTarget, TokenPrice } from './types.ts';
import { WindowCounter } from './window-counter.ts';

export function deploymentIdOf(deployment: DeploymentConfig): string {
  return deployment.id ?? `${deployment.provider}/${deployment.model}`;
}

export interface DeploymentSetup {
  deployment: DeploymentConfig;
  config: ModelConfig;
  price: TokenPrice | undefined;
}

/**
 * Runtime state of one deployment of one public model. In-flight counts, latency and rate windows
 * are per process: with several replicas each balances its own share (documented limitation).
 * Survives hot reloads while the (model, deployment id) pair still exists.
 */
export class DeploymentState implements Candidate {
  readonly id: string;
  readonly model: string;
  readonly circuit: CircuitBreaker;
  deployment!: DeploymentConfig;
  target!: RouteTarget;
  price: TokenPrice | undefined;
  inFlight = 0;
  ewmaMs: number | undefined;
  private requests: WindowCounter | undefined;
  private tokens: WindowCounter | undefined;

  constructor(
    model: string,
    setup: DeploymentSetup,
    onCircuit: (state: DeploymentState, from: CircuitState, to: CircuitState) => void,
  ) {
    this.model = model;
    this.id = deploymentIdOf(setup.deployment);
    this.circuit = new CircuitBreaker({
      ...setup.config.circuit,
      onChange: (from, to) => onCircuit(this, from, to),
    });
    this.configure(setup);
  }

  get weight(): number {
    return this.deployment.weight;
  }

  configure(setup: DeploymentSetup): void {
    const d = setup.deployment;
    this.deployment = d;
    this.price = setup.price;
    this.circuit.configure(setup.config.circuit);
    if (d.rpm === undefined) this.requests = undefined;
    else this.requests ??= new WindowCounter();
    if (d.tpm === undefined) this.tokens = undefined;
    else this.tokens ??= new WindowCounter();
    // Built once per config, not per request: targets are handed out as-is on the hot path.
    const target: { -readonly [K in keyof RouteTarget]: RouteTarget[K] } = {
      deploymentId: this.id,
      provider: d.provider,
      upstreamModel: d.model,
      model: this.model,
    };
    if (setup.price) target.price = setup.price;
    if (d.region !== undefined) target.region = d.region;
    this.target = Object.freeze(target);
  }

  /** 0 when under the rpm/tpm caps for a request of `tokens`, else ms until capacity frees up. */
  rateLimitedFor(now: number, tokens: number): number {
    const d = this.deployment;
    if (this.requests && d.rpm !== undefined && this.requests.total(now) >= d.rpm) {
      return Math.max(1, this.requests.msUntilRelief(now));
    }
    if (this.tokens && d.tpm !== undefined) {
      const used = this.tokens.total(now);
      // A single request larger than the cap is still let through into an empty window.
      if (used > 0 && used + tokens > d.tpm) return Math.max(1, this.tokens.msUntilRelief(now));
    }
    return 0;
  }

  begin(now: number, tokens: number): CircuitTicket {
    this.inFlight++;
    this.requests?.add(now, 1);
    if (tokens > 0) this.tokens?.add(now, tokens);
    return this.circuit.begin(now);
  }

  recordLatency(ms: number, alpha: number): void {
    this.ewmaMs = this.ewmaMs === undefined ? ms : this.ewmaMs + alpha * (ms - this.ewmaMs);
  }

  snapshot(): DeploymentSnapshot {
    const s: DeploymentSnapshot = {
      id: this.id,
      model: this.model,
      provider: this.deployment.provider,
      state: this.circuit.state,
      inFlight: this.inFlight,
      ewmaMs: this.ewmaMs,
      failures: this.circuit.failures,
    };
    if (this.deployment.region !== undefined) s.region = this.deployment.region;
    return s;
  }
}
