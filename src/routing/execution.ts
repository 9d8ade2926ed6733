import { isKeelError, KeelError, toKeelError } from '../errors/index.ts';
import { type AttemptResult, clientAbortError, runAttempt } from './attempt.ts';
import type { DeploymentState } from './deployment-state.ts';
import { isSelectionError, type ModelRoute, type Selection, selectDeployment } from './select.ts';
import type { AttemptFn, AttemptLogEntry, RouteOutcome, RouteRequest, RouterEvent } from './types.ts';

/** What an execution needs from its router. */
export interface ExecutionDeps {
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  emit: ((event: RouterEvent) => void) | undefined;
  ewmaAlpha: number;
  loadFactor: number;
}

export interface ModelSuccess<T> {
  state: DeploymentState;
  result: T;
  release: () => void;
}

const attemptLogs = new WeakMap<KeelError, AttemptLogEntry[]>();

/** The attempts made before `execute()` threw this error (for request records), if it came from the router. */
export function attemptLogOf(error: unknown): AttemptLogEntry[] | undefined {
  return isKeelError(error) ? attemptLogs.get(error) : undefined;
}

/**
 * State of one `execute()` call across the requested model and its fallbacks: the attempt count
 * and log, the total deadline, and whether it must stop (client gone or deadline passed).
 */
export class Execution<T> {
  readonly deps: ExecutionDeps;
  readonly request: RouteRequest;
  readonly fn: AttemptFn<T>;
  readonly attemptLog: AttemptLogEntry[] = [];
  attempts = 0;
  /** Set when nothing more may be tried: no retries, no fallbacks. */
  stopped = false;
  private lastAttemptError: KeelError | undefined;
  private readonly deadline: number;
  private readonly totalMs: number;

  constructor(deps: ExecutionDeps, request: RouteRequest, fn: AttemptFn<T>, totalMs: number) {
    this.deps = deps;
    this.request = request;
    this.fn = fn;
    this.totalMs = totalMs;
    this.deadline = deps.now() + totalMs;
  }

  select(route: ModelRoute, failed: ReadonlySet<DeploymentState> | undefined): Selection | KeelError {
    const { deps } = this;
    return selectDeployment(route, {
      request: this.request,
      now: deps.now(),
      random: deps.random,
      loadFactor: deps.loadFactor,
      failed,
    });
  }

  async attempt(route: ModelRoute, state: DeploymentState): Promise<AttemptResult<T>> {
    const client = this.request.signal;
    // The client may have gone between attempts (e.g. during a sleep that ignored its signal).
    if (client?.aborted) throw this.stop(clientAbortError(client));
    const remaining = this.deadline - this.deps.now();
    if (remaining <= 0) throw this.stop(this.totalTimeout());
    const attemptMs = route.config.timeouts.attemptMs;
    const terminal = remaining < attemptMs;
    this.attempts++;
    const result = await runAttempt({
      state,
      fn: this.fn,
      clientSignal: client,
      timeout: {
        ms: terminal ? remaining : attemptMs,
        terminal,
        error: terminal ? () => this.totalTimeout() : () => attemptTimeout(attemptMs),
      },
      tokens: this.request.estimatedTokens ?? 0,
      holdUntilRelease: this.request.holdUntilRelease === true,
      now: this.deps.now,
      ewmaAlpha: this.deps.ewmaAlpha,
    });
    this.record(route, state, result);
    return result;
  }

  /** Waits before a retry; gives up at once when the wait would pass the total deadline. */
  async pause(ms: number): Promise<void> {
    if (this.deps.now() + ms >= this.deadline) throw this.stop(this.totalTimeout());
    const signal = this.request.signal;
    try {
      await this.deps.sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw this.stop(clientAbortError(signal));
      throw toKeelError(error);
    }
  }

  stop(error: KeelError): KeelError {
    this.stopped = true;
    return error;
  }

  outcome(success: ModelSuccess<T>, fallbackUsed: boolean): RouteOutcome<T> {
    return {
      result: success.result,
      target: success.state.target,
      attempts: this.attempts,
      fallbackUsed,
      attemptLog: this.attemptLog,
      release: success.release,
    };
  }

  /** The error `execute()` throws: the last attempt's, unless the request ended before any attempt. */
  failure(error: KeelError): KeelError {
    const final = isSelectionError(error) && this.lastAttemptError ? this.lastAttemptError : error;
    attemptLogs.set(final, this.attemptLog);
    return final;
  }

  private record(route: ModelRoute, state: DeploymentState, result: AttemptResult<T>): void {
    const entry: AttemptLogEntry = { deploymentId: state.id, model: route.name, ms: result.ms };
    if (!result.ok) {
      entry.error = result.error.code;
      entry.status = result.error.upstreamStatus ?? result.error.status;
      this.lastAttemptError = result.error;
      if (result.stop) this.stopped = true;
    }
    this.attemptLog.push(entry);
    this.deps.emit?.({ type: 'attempt', ok: result.ok, ...entry });
  }

  private totalTimeout(): KeelError {
    return new KeelError('upstream_timeout', `The request did not complete within ${this.totalMs} ms`, {
      retryable: false,
    });
  }
}

function attemptTimeout(ms: number): KeelError {
  return new KeelError('upstream_timeout', `The upstream did not answer within ${ms} ms`);
}
