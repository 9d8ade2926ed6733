import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KeelError } from '../../errors/index.ts';
import { type Logger, silentLogger } from '../../log/index.ts';
import type {
  CounterStore,
  LimitKind,
  RateCounter,
  Reservation,
  ReserveOutcome,
  ReserveRequest,
  SettledSpendSource,
  SettleOutcome,
  SettleRequest,
  SpendCounter,
  SpendUsage,
} from '../../spec/index.ts';
import { closeRedisClient, failFastRedisOptions, newRedisClient } from '../../util/index.ts';
import { RENEW_SCRIPT, RESERVE_SCRIPT, SEED_SCRIPT, SETTLE_SCRIPT, USAGE_SCRIPT } from './redis-scripts.ts';
import { fromNano, toNano, toNanoCeil, toNanoFloor, wholeTokens } from './units.ts';

export interface RedisCounterStoreOptions {
  /** redis://… URL; ignored when `client` is given. */
  url?: string;
  /** An existing client (not closed by this store). It should have the offline queue off. */
  client?: Redis;
  /** Prepended to every key; the `{…}` hash tag keeps a request's keys in one cluster slot. */
  prefix?: string;
  /** A command slower than this fails, ms. */
  commandTimeoutMs?: number;
  /** Settled spend of counters Redis has not seen (the spend tables); 0 when absent. */
  settled?: SettledSpendSource;
  /** Length of the RPM/TPM window (a minute; shorter only in tests). */
  windowMs?: number;
  logger?: Logger;
}

export const DEFAULT_COUNTER_PREFIX = 'keel:{access}:';
/** Period counters outlive their period by this much, so a late settle still lands. */
const SPEND_GRACE_MS = 2 * 86_400_000;
const SEED_ROUNDS = 3;

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });
const SCRIPTS = {
  reserve: script(RESERVE_SCRIPT),
  settle: script(SETTLE_SCRIPT),
  renew: script(RENEW_SCRIPT),
  seed: script(SEED_SCRIPT),
  usage: script(USAGE_SCRIPT),
};

/**
 * Cluster-mode counters. Every request-path operation is ONE EVALSHA (falling back to EVAL once
 * if Redis lost its script cache), so a reservation costs one round trip. A spend counter Redis has
 * never seen is seeded from the spend tables first — that extra trip happens once per counter per
 * period, not per request. The offline queue is off and commands time out fast: while Redis is
 * down, calls fail at once and the caller's fail mode decides; ioredis reconnects in the background.
 */
export class RedisCounterStore implements CounterStore {
  readonly specVersion = 'v1' as const;
  readonly kind = 'redis' as const;
  readonly prefix: string;
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #source: SettledSpendSource | undefined;
  readonly #windowMs: number;
  readonly #ready: Promise<boolean>;
  readonly #loading = new Map<string, Promise<number>>();
  /** Commands sent, by script (for tests and the benchmark: proves one round trip per reserve). */
  readonly commands = { reserve: 0, settle: 0, renew: 0, seed: 0, usage: 0, fallbackEval: 0 };

  constructor(options: RedisCounterStoreOptions) {
    this.prefix = options.prefix ?? DEFAULT_COUNTER_PREFIX;
    this.#source = options.settled;
    this.#windowMs = options.windowMs ?? 60_000;
    const logger = options.logger ?? silentLogger();
    if (options.client) {
      this.#client = options.client;
      this.#owned = false;
      this.#ready = Promise.resolve(options.client.status === 'ready');
      return;
    }
    if (!options.url) throw new TypeError('RedisCounterStore needs a url or a client');
    this.#client = newRedisClient(options.url, {
      ...failFastRedisOptions({ commandTimeoutMs: options.commandTimeoutMs ?? 1000, maxBackoffMs: 1_000 }),
      // A reserve is not idempotent: never re-send one whose reply was lost in a disconnect.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectTimeout: 2_000,
    });
    this.#owned = true;
    // Connection errors are reported by the callers' failed commands (rate-limited there).
    this.#client.on('error', () => undefined);
    this.#client.on('ready', () => {
      this.#loadScripts().catch((err: unknown) => logger.debug({ err: String(err) }, 'SCRIPT LOAD failed'));
    });
    this.#ready = this.#client.connect().then(
      () => true,
      () => false,
    );
  }

  /** Resolves true once connected, false when the first connection attempt failed. */
  ready(): Promise<boolean> {
    return this.#ready;
  }

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const cost = toNanoCeil(request.costUsd);
    const tokens = wholeTokens(request.tokens);
    const keys = [...this.#rateKeys(request.rate), ...this.#spendKeys(request.spend)];
    const args: (string | number)[] = [
      request.id,
      tokens,
      cost,
      Math.max(1, Math.round(request.ttlMs)),
      this.#windowMs,
    ];
    args.push(request.rate.length, request.spend.length);
    for (const c of request.rate) args.push(c.rpm ?? 0, c.tpm ?? 0, c.maxParallel ?? 0);
    for (const c of request.spend) args.push(toNanoFloor(c.limitUsd), expireAt(c));
    for (let round = 0; ; round++) {
      const reply = (await this.#eval('reserve', keys, args)) as Array<string | number>;
      if (reply[0] === 'ok') {
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
      if (reply[0] === 'seed' && round < SEED_ROUNDS) {
        await this.#seed(reply.slice(1).map((j) => request.spend[Number(j) - 1] as SpendCounter));
        continue;
      }
      if (reply[0] !== 'fail')
        throw new KeelError('store_unavailable', 'Counter store gave an unexpected answer');
      return failureOf(reply, request);
    }
  }

  async settle(request: SettleRequest): Promise<SettleOutcome> {
    const { reservation } = request;
    const keys = [...this.#rateKeys(reservation.rate), ...this.#spendKeys(reservation.spend)];
    const args: (string | number)[] = [
      reservation.id,
      reservation.reservedNanoUsd,
      toNano(request.costUsd),
      wholeTokens(request.completionTokens),
      this.#windowMs,
      reservation.rate.length,
      reservation.spend.length,
    ];
    for (const c of reservation.rate) args.push(c.tpm ?? 0);
    for (const c of reservation.spend) args.push(expireAt(c));
    const reply = (await this.#eval('settle', keys, args)) as number[];
    return {
      spend: reservation.spend.map((c, j) => ({
        counterId: c.id,
        settledUsd: fromNano(Number(reply[j] ?? 0)),
      })),
    };
  }

  async renew(reservation: Reservation, ttlMs: number): Promise<void> {
    const keys = [...this.#rateKeys(reservation.rate), ...this.#spendKeys(reservation.spend)];
    const args: (string | number)[] = [
      reservation.id,
      reservation.reservedNanoUsd,
      Math.max(1, Math.round(ttlMs)),
      reservation.rate.length,
      reservation.spend.length,
    ];
    for (const c of reservation.rate) args.push(c.maxParallel ?? 0);
    await this.#eval('renew', keys, args);
  }

  async usage(counters: readonly SpendCounter[]): Promise<SpendUsage[]> {
    const keys = this.#spendKeys(counters);
    for (let round = 0; ; round++) {
      const reply = (await this.#eval('usage', keys, [])) as Array<string | number>;
      if (reply[0] === 'seed' && round < SEED_ROUNDS) {
        await this.#seed(reply.slice(1).map((j) => counters[Number(j) - 1] as SpendCounter));
        continue;
      }
      return counters.map((c, j) => ({
        counterId: c.id,
        settledUsd: fromNano(Number(reply[2 * j] ?? 0)),
        reservedUsd: fromNano(Number(reply[2 * j + 1] ?? 0)),
      }));
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await closeRedisClient(this.#client);
  }

  async #seed(counters: readonly SpendCounter[]): Promise<void> {
    const loaded = await Promise.all(counters.map((c) => this.#load(c)));
    const args: number[] = [];
    for (const [j, c] of counters.entries()) args.push(toNano(loaded[j] ?? 0), expireAt(c));
    await this.#eval('seed', this.#spendKeys(counters), args);
  }

  /** Settled spend from the source; the first requests of a new period share one database read. */
  #load(counter: SpendCounter): Promise<number> {
    if (!this.#source) return Promise.resolve(0);
    let loading = this.#loading.get(counter.id);
    if (!loading) {
      loading = this.#source(counter).finally(() => this.#loading.delete(counter.id));
      this.#loading.set(counter.id, loading);
    }
    return loading;
  }

  #rateKeys(counters: readonly RateCounter[]): string[] {
    const keys: string[] = [];
    for (const c of counters) {
      const base = `${this.prefix}rl:${c.id}`;
      keys.push(`${base}:rpm`, `${base}:tpm`, `${base}:tpm:sum`, `${base}:par`);
    }
    return keys;
  }

  #spendKeys(counters: readonly SpendCounter[]): string[] {
    const keys: string[] = [];
    for (const c of counters) keys.push(`${this.prefix}sp:${c.id}`, `${this.prefix}sp:${c.id}:holds`);
    return keys;
  }

  /** EVALSHA; on NOSCRIPT (Redis restarted or SCRIPT FLUSH) one EVAL, which also re-caches it. */
  async #eval(name: keyof typeof SCRIPTS, keys: string[], args: (string | number)[]): Promise<unknown> {
    const { sha, source } = SCRIPTS[name];
    this.commands[name]++;
    try {
      return await this.#client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      this.commands.fallbackEval++;
      return this.#client.eval(source, keys.length, ...keys, ...args);
    }
  }

  async #loadScripts(): Promise<void> {
    for (const { source } of Object.values(SCRIPTS)) await this.#client.script('LOAD', source);
  }
}

function expireAt(counter: SpendCounter): number {
  return counter.resetsAt === null ? 0 : counter.resetsAt + SPEND_GRACE_MS;
}

function failureOf(reply: Array<string | number>, request: ReserveRequest): ReserveOutcome & { ok: false } {
  const kind = String(reply[1]) as LimitKind;
  const index = Number(reply[2]) - 1;
  const retry = Number(reply[3]);
  const counterId = kind === 'budget' ? request.spend[index]?.id : request.rate[index]?.id;
  const failure: ReserveOutcome & { ok: false } = {
    ok: false,
    failure: { kind, counterId: counterId ?? '', retryAfterMs: retry < 0 ? null : Math.max(0, retry) },
  };
  if (kind === 'budget') {
    failure.failure.settledUsd = fromNano(Number(reply[4]));
    failure.failure.reservedUsd = fromNano(Number(reply[5]));
  }
  return failure;
}
