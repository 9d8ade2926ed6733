/**
 * Test support for the routing tests (not exported from index.ts): a manual clock whose sleeps
 * advance it, and config builders (seeded randomness: createRng from src/util).
 */
import type { z } from 'zod';
import { type ModelConfig, modelSchema } from '../config/schema.ts';
import { type ErrorCode, KeelError, type KeelErrorOptions } from '../errors/index.ts';
import { createRng } from '../util/index.ts';
import { Router } from './router.ts';
import type { RouterEvent, RouterOptions } from './types.ts';

export type ModelInput = z.input<typeof modelSchema>;

export function modelConfig(input: ModelInput): ModelConfig {
  return modelSchema.parse(input);
}

export function upstreamError(code: ErrorCode, options: KeelErrorOptions = {}): KeelError {
  return new KeelError(code, `simulated ${code}`, options);
}

export interface Harness {
  router: Router;
  /** The injected clock, in ms. */
  clock: { now: number };
  /** Every sleep the router asked for, in ms. */
  sleeps: number[];
  events: RouterEvent[];
}

/** A router on a manual clock: sleeps return at once and advance the clock by their length. */
export function harness(
  models: Record<string, ModelInput>,
  options: RouterOptions & { seed?: number } = {},
): Harness {
  const clock = { now: 1_000_000 };
  const sleeps: number[] = [];
  const events: RouterEvent[] = [];
  const router = new Router({
    now: () => clock.now,
    random: createRng(options.seed ?? 42),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      clock.now += ms;
    },
    onEvent: (event) => events.push(event),
    ...options,
  });
  router.update(Object.fromEntries(Object.entries(models).map(([name, m]) => [name, modelConfig(m)])));
  return { router, clock, sleeps, events };
}

/** Resolves when `signal` aborts, rejecting with its reason: an upstream that never answers. */
export function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
