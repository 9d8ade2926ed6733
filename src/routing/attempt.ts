import { isKeelError, KeelError, toKeelError } from '../errors/index.ts';
import { circuitVerdictOf } from './conditions.ts';
import type { DeploymentState } from './deployment-state.ts';
import type { AttemptFn } from './types.ts';

export interface AttemptTimeout {
  ms: number;
  /** The abort reason when the timer fires (built lazily: most attempts never time out). */
  error: () => KeelError;
  /** The total deadline, not the per-attempt limit: nothing may follow. */
  terminal: boolean;
}

export interface AttemptInput<T> {
  state: DeploymentState;
  fn: AttemptFn<T>;
  clientSignal: AbortSignal | undefined;
  timeout: AttemptTimeout;
  tokens: number;
  holdUntilRelease: boolean;
  now: () => number;
  ewmaAlpha: number;
}

export type AttemptResult<T> =
  | { ok: true; result: T; ms: number; release: () => void }
  | { ok: false; error: KeelError; ms: number; stop: boolean };

/** The error thrown when the client went away; status 499 is the de-facto "client closed request". */
export function clientAbortError(signal: AbortSignal | undefined): KeelError {
  const reason: unknown = signal?.reason;
  if (isKeelError(reason)) return reason;
  return new KeelError('client_closed', 'The client closed the request', {
    details: { clientClosed: true },
    cause: reason,
  });
}

/**
 * The attempt's own AbortController, linked to the client signal by one listener and to a timer.
 * On success the timer is cleared but the client link stays until `unlink()`, so a client that
 * disconnects mid-stream still aborts the upstream request.
 */
class AttemptLink {
  readonly controller = new AbortController();
  timedOut = false;
  private client: AbortSignal | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: AbortSignal | undefined, timeout: AttemptTimeout) {
    if (client) {
      this.client = client;
      client.addEventListener('abort', this.onClientAbort, { once: true });
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timedOut = true;
      this.controller.abort(timeout.error());
    }, timeout.ms);
  }

  private readonly onClientAbort = (): void => {
    const client = this.client;
    this.clearTimer();
    this.client = undefined;
    this.controller.abort(clientAbortError(client));
  };

  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  unlink(): void {
    this.clearTimer();
    this.client?.removeEventListener('abort', this.onClientAbort);
    this.client = undefined;
  }
}

/** Rejects as soon as `signal` aborts, even if the attempt function ignores its signal. */
function settle<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function call<T>(fn: AttemptFn<T>, state: DeploymentState, signal: AbortSignal): Promise<T> {
  try {
    return fn(state.target, signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** One attempt on one deployment: in-flight, rate windows, circuit, latency, timer and signals. */
export async function runAttempt<T>(input: AttemptInput<T>): Promise<AttemptResult<T>> {
  const { state, now } = input;
  const start = now();
  const ticket = state.begin(start, input.tokens);
  const link = new AttemptLink(input.clientSignal, input.timeout);
  let holding = true;
  const freeSlot = (): void => {
    if (!holding) return;
    holding = false;
    state.inFlight--;
  };
  try {
    const result = await settle(call(input.fn, state, link.controller.signal), link.controller.signal);
    link.clearTimer();
    const ms = now() - start;
    state.recordLatency(ms, input.ewmaAlpha);
    state.circuit.end(ticket, 'success', now());
    if (!input.holdUntilRelease) freeSlot();
    const release = (): void => {
      link.unlink();
      freeSlot();
    };
    return { ok: true, result, ms, release };
  } catch (thrown) {
    link.unlink();
    freeSlot();
    const ms = now() - start;
    const clientGone = input.clientSignal?.aborted === true;
    const error = clientGone ? clientAbortError(input.clientSignal) : failureOf(thrown, link);
    // A client abort or the request's own deadline says nothing about the deployment's health.
    const terminal = link.timedOut && input.timeout.terminal;
    state.circuit.end(ticket, clientGone || terminal ? 'neutral' : circuitVerdictOf(error), now());
    return { ok: false, error, ms, stop: clientGone || terminal };
  }
}

/** Prefers our timeout reason over whatever the attempt threw once its signal aborted. */
function failureOf(thrown: unknown, link: AttemptLink): KeelError {
  const signal = link.controller.signal;
  if (link.timedOut && isKeelError(signal.reason)) return signal.reason;
  return toKeelError(thrown);
}
