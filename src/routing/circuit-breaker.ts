import type { CircuitState } from './types.ts';

export interface CircuitOptions {
  failureThreshold: number;
  cooldownMs: number;
  onChange?: (from: CircuitState, to: CircuitState) => void;
}

/** Whether an attempt was the half-open probe; only the probe's result moves a half-open circuit. */
export type CircuitTicket = 'normal' | 'probe';
export type AttemptVerdict = 'success' | 'failure' | 'neutral';

/**
 * Per-deployment circuit breaker: closed → open after `failureThreshold` consecutive health
 * failures; open → half-open once `cooldownMs` passed, letting exactly one probe through; the
 * probe's success closes it, its failure re-opens it with a fresh cooldown.
 *
 * Results of attempts that started before the circuit opened are ignored once it is open, so a
 * burst of late failures cannot extend the cooldown and a late success cannot skip the probe.
 */
export class CircuitBreaker {
  state: CircuitState = 'closed';
  failures = 0;
  private openUntil = 0;
  private probeInFlight = false;
  private threshold: number;
  private cooldownMs: number;
  private readonly onChange: ((from: CircuitState, to: CircuitState) => void) | undefined;

  constructor(options: CircuitOptions) {
    this.threshold = options.failureThreshold;
    this.cooldownMs = options.cooldownMs;
    this.onChange = options.onChange;
  }

  configure(options: { failureThreshold: number; cooldownMs: number }): void {
    this.threshold = options.failureThreshold;
    this.cooldownMs = options.cooldownMs;
  }

  /** True when an attempt may start now. Does not change state (selection must not use up the probe). */
  canAttempt(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.probeInFlight) return false;
    return this.state === 'half_open' || now >= this.openUntil;
  }

  /**
   * ms until `canAttempt` turns true: 0 when it is true now, the rest of the cooldown while open,
   * undefined while a half-open probe is out (its result decides, and nobody knows when).
   */
  msUntilAttempt(now: number): number | undefined {
    if (this.canAttempt(now)) return 0;
    if (this.probeInFlight) return undefined;
    return Math.max(1, this.openUntil - now);
  }

  /** Call synchronously after `canAttempt` returned true, when the attempt starts. */
  begin(now: number): CircuitTicket {
    if (this.state === 'closed') return 'normal';
    if (this.state === 'open' && now >= this.openUntil) this.transition('half_open');
    this.probeInFlight = true;
    return 'probe';
  }

  end(ticket: CircuitTicket, verdict: AttemptVerdict, now: number): void {
    if (ticket === 'probe') {
      this.probeInFlight = false;
      if (verdict === 'success') this.close();
      else if (verdict === 'failure') this.open(now);
      // neutral (e.g. a 400 caused by the request, or a client abort) proves nothing: stay
      // half-open and let the next request probe.
      return;
    }
    if (this.state !== 'closed') return;
    if (verdict === 'success') this.failures = 0;
    else if (verdict === 'failure') {
      this.failures++;
      if (this.failures >= this.threshold) this.open(now);
    }
  }

  private open(now: number): void {
    this.openUntil = now + this.cooldownMs;
    if (this.state !== 'open') this.transition('open');
  }

  private close(): void {
    this.failures = 0;
    this.transition('closed');
  }

  private transition(to: CircuitState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.onChange?.(from, to);
  }
}
