import type {
  CounterStore,
  RateCounter,
  Reservation,
  ReserveFailure,
  ReserveOutcome,
  ReserveRequest,
  SettledSpendSource,
  SettleOutcome,
  SettleRequest,
  SpendCounter,
  SpendUsage,
} from '../../spec/index.ts';
import { HoldSet, SlidingLog } from './memory-windows.ts';
import { fromNano, toNano, toNanoCeil, toNanoFloor, wholeTokens } from './units.ts';

export interface MemoryCounterStoreOptions {
  /** Settled spend of counters first seen by this process (the spend tables); 0 when absent. */
  settled?: SettledSpendSource;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Length of the RPM/TPM window (a minute; shorter only in tests). */
  windowMs?: number;
  /** How often idle counters are dropped from memory, ms (0 = never). */
  sweepIntervalMs?: number;
}

interface RateState {
  requests: SlidingLog;
  tokens: SlidingLog;
  parallel: HoldSet;
}

interface SpendState {
  settled: number;
  holds: HoldSet;
  resetsAt: number | null;
}

/** Period counters stay this long after their period ended (late settles still land). */
const SPEND_GRACE_MS = 2 * 86_400_000;
const PARALLEL_RETRY_HINT_MS = 1000;

/**
 * Embedded-mode counters. JavaScript runs one thing at a time, so a reserve is atomic as long as
 * its check and its writes happen in one synchronous step — they do; only loading a counter's
 * settled spend (once per counter per process) is awaited, before that step.
 */
export class MemoryCounterStore implements CounterStore {
  readonly specVersion = 'v1' as const;
  readonly kind = 'memory' as const;
  readonly #rate = new Map<string, RateState>();
  readonly #spend = new Map<string, SpendState>();
  readonly #loading = new Map<string, Promise<void>>();
  readonly #source: SettledSpendSource | undefined;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #sweeper: NodeJS.Timeout | null;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.#source = options.settled;
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.windowMs ?? 60_000;
    const every = options.sweepIntervalMs ?? 60_000;
    this.#sweeper = every > 0 ? setInterval(() => this.sweep(), every) : null;
    this.#sweeper?.unref();
  }

  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const missing = this.#unloaded(request.spend);
    // The common case stays synchronous up to the returned promise: no await, no extra tick.
    if (missing.length === 0) return Promise.resolve(this.#reserveNow(request));
    return this.#load(missing).then(() => this.#reserveNow(request));
  }

  async settle(request: SettleRequest): Promise<SettleOutcome> {
    const { reservation } = request;
    const missing = this.#unloaded(reservation.spend);
    if (missing.length > 0) await this.#load(missing);
    const now = this.#now();
    const completion = wholeTokens(request.completionTokens);
    for (const counter of reservation.rate) {
      const state = this.#rate.get(counter.id);
      if (!state) continue;
      state.parallel.release(reservation.id);
      if (completion > 0 && (counter.tpm ?? 0) > 0) state.tokens.add(now, completion);
    }
    const cost = toNano(request.costUsd);
    const spend: SettleOutcome['spend'] = [];
    for (const counter of reservation.spend) {
      const state = this.#spendState(counter);
      state.holds.release(reservation.id);
      state.settled += cost;
      spend.push({ counterId: counter.id, settledUsd: fromNano(state.settled) });
    }
    return { spend };
  }

  async renew(reservation: Reservation, ttlMs: number): Promise<void> {
    const now = this.#now();
    const expiresAt = now + ttlMs;
    for (const counter of reservation.rate)
      this.#rate.get(counter.id)?.parallel.extend(reservation.id, expiresAt, now);
    for (const counter of reservation.spend)
      this.#spend.get(counter.id)?.holds.extend(reservation.id, expiresAt, now);
  }

  async usage(counters: readonly SpendCounter[]): Promise<SpendUsage[]> {
    const missing = this.#unloaded(counters);
    if (missing.length > 0) await this.#load(missing);
    const now = this.#now();
    return counters.map((counter) => {
      const state = this.#spendState(counter);
      return {
        counterId: counter.id,
        settledUsd: fromNano(state.settled),
        reservedUsd: fromNano(state.holds.total(now)),
      };
    });
  }

  /** Drops counters with nothing left to remember (empty windows, ended periods without holds). */
  sweep(): void {
    const now = this.#now();
    const cutoff = now - this.#windowMs;
    for (const [id, state] of this.#rate) {
      if (
        state.requests.sum(cutoff) === 0 &&
        state.tokens.sum(cutoff) === 0 &&
        state.parallel.count(now) === 0
      ) {
        this.#rate.delete(id);
      }
    }
    for (const [id, state] of this.#spend) {
      if (state.resetsAt !== null && now > state.resetsAt + SPEND_GRACE_MS && state.holds.count(now) === 0) {
        this.#spend.delete(id);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
  }

  #reserveNow(request: ReserveRequest): ReserveOutcome {
    const now = this.#now();
    const tokens = wholeTokens(request.tokens);
    const cost = toNanoCeil(request.costUsd);
    const rates = request.rate.map((counter) => this.#rateState(counter.id));
    for (let i = 0; i < request.rate.length; i++) {
      const failure = this.#checkRate(request.rate[i] as RateCounter, rates[i] as RateState, { now, tokens });
      if (failure) return { ok: false, failure };
    }
    for (const counter of request.spend) {
      const state = this.#spendState(counter);
      const reserved = state.holds.total(now);
      if (state.settled + reserved + cost > toNanoFloor(counter.limitUsd)) {
        const failure: ReserveFailure = {
          kind: 'budget',
          counterId: counter.id,
          retryAfterMs: null,
          settledUsd: fromNano(state.settled),
          reservedUsd: fromNano(reserved),
        };
        return { ok: false, failure };
      }
    }
    // Everything passed: record, in the same synchronous step as the checks.
    const expiresAt = now + request.ttlMs;
    for (let i = 0; i < request.rate.length; i++) {
      const counter = request.rate[i] as RateCounter;
      const state = rates[i] as RateState;
      if ((counter.rpm ?? 0) > 0) state.requests.add(now, 1);
      if ((counter.tpm ?? 0) > 0 && tokens > 0) state.tokens.add(now, tokens);
      if ((counter.maxParallel ?? 0) > 0) state.parallel.add(request.id, 1, expiresAt);
    }
    if (cost > 0) {
      for (const counter of request.spend) this.#spendState(counter).holds.add(request.id, cost, expiresAt);
    }
    return {
      ok: true,
      reservation: {
        id: request.id,
        rate: request.rate,
        spend: request.spend,
        tokens,
        reservedNanoUsd: cost,
      },
    };
  }

  #checkRate(
    counter: RateCounter,
    state: RateState,
    at: { now: number; tokens: number },
  ): ReserveFailure | null {
    const { now, tokens } = at;
    const cutoff = now - this.#windowMs;
    const rpm = counter.rpm ?? 0;
    if (rpm > 0 && state.requests.sum(cutoff) >= rpm) {
      const freesAt = state.requests.freesAt({ limit: rpm, needed: 1, windowMs: this.#windowMs });
      return {
        kind: 'rpm',
        counterId: counter.id,
        retryAfterMs: freesAt === null ? this.#windowMs : freesAt - now,
      };
    }
    const tpm = counter.tpm ?? 0;
    if (tpm > 0 && (tokens > tpm || state.tokens.sum(cutoff) + tokens > tpm)) {
      const freesAt = state.tokens.freesAt({ limit: tpm, needed: tokens, windowMs: this.#windowMs });
      return { kind: 'tpm', counterId: counter.id, retryAfterMs: freesAt === null ? null : freesAt - now };
    }
    const maxParallel = counter.maxParallel ?? 0;
    if (maxParallel > 0 && state.parallel.count(now) >= maxParallel) {
      const lapses = state.parallel.earliestExpiry(now);
      const retryAfterMs = Math.min(
        PARALLEL_RETRY_HINT_MS,
        lapses === null ? PARALLEL_RETRY_HINT_MS : lapses - now,
      );
      return { kind: 'parallel', counterId: counter.id, retryAfterMs };
    }
    return null;
  }

  #rateState(id: string): RateState {
    let state = this.#rate.get(id);
    if (!state) {
      state = { requests: new SlidingLog(), tokens: new SlidingLog(), parallel: new HoldSet() };
      this.#rate.set(id, state);
    }
    return state;
  }

  /** A loaded counter (a sweep between load and use leaves a fresh one rather than a crash). */
  #spendState(counter: SpendCounter): SpendState {
    let state = this.#spend.get(counter.id);
    if (!state) {
      state = { settled: 0, holds: new HoldSet(), resetsAt: counter.resetsAt };
      this.#spend.set(counter.id, state);
    }
    return state;
  }

  #unloaded(counters: readonly SpendCounter[]): SpendCounter[] {
    const missing: SpendCounter[] = [];
    for (const counter of counters) {
      if (!this.#spend.has(counter.id)) missing.push(counter);
    }
    return missing;
  }

  /** Loads settled spend once per counter; concurrent first requests share one load. */
  async #load(counters: readonly SpendCounter[]): Promise<void> {
    await Promise.all(
      counters.map((counter) => {
        let loading = this.#loading.get(counter.id);
        if (!loading) {
          loading = this.#loadOne(counter).finally(() => this.#loading.delete(counter.id));
          this.#loading.set(counter.id, loading);
        }
        return loading;
      }),
    );
  }

  async #loadOne(counter: SpendCounter): Promise<void> {
    const settledUsd = this.#source ? await this.#source(counter) : 0;
    if (this.#spend.has(counter.id)) return;
    this.#spend.set(counter.id, {
      settled: toNano(settledUsd),
      holds: new HoldSet(),
      resetsAt: counter.resetsAt,
    });
  }
}
