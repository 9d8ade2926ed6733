/**
 * Per-request behaviour overrides for the sim server, read from `x-sim-*` headers and validated
 * with zod: a bad value is a 400, never silently ignored. `x-sim-error-status` without
 * `x-sim-error-rate` fails the request (rate 1); `x-sim-disconnect-after: N` always cuts a stream
 * after N tokens (a non-stream request loses its connection without an answer).
 */
import { z } from 'zod';
import type { SimOptions } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';

const number = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a non-negative number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const utf8 = new TextDecoder('utf-8', { fatal: true });

const base64Text = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64')
  .transform((value, ctx) => {
    try {
      return utf8.decode(Buffer.from(value, 'base64'));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be base64 of UTF-8 text' });
      return z.NEVER;
    }
  });

const headersSchema = z.object({
  'x-sim-error-status': z
    .enum(['429', '500', '503', 'timeout', 'disconnect'])
    .transform((v): SimOptions['errorStatus'] =>
      v === 'timeout' || v === 'disconnect' ? v : (Number(v) as 429),
    )
    .optional(),
  'x-sim-error-rate': number(0, 1).optional(),
  'x-sim-latency-ms': number(0, 600_000).optional(),
  'x-sim-ttft-ms': number(0, 600_000).optional(),
  'x-sim-inter-token-ms': number(0, 60_000).optional(),
  'x-sim-output-tokens': integer(1, 100_000).optional(),
  'x-sim-disconnect-after': integer(0, 10_000_000).optional(),
  'x-sim-reply': base64Text.optional(),
});

export type SimOverrides = z.infer<typeof headersSchema>;
export const SIM_HEADERS = Object.keys(headersSchema.shape) as (keyof SimOverrides)[];

/** Reads the x-sim-* headers (lower-case names, as node:http gives them); throws a 400 KeelError. */
export function parseSimHeaders(headers: Record<string, string | string[] | undefined>): SimOverrides {
  let picked: Record<string, string> | undefined;
  for (const name of SIM_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    picked ??= {};
    picked[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The common case (no overrides) skips zod entirely: this runs on every load-test request.
  if (!picked) return {};
  const result = headersSchema.safeParse(picked);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'x-sim-*');
  throw new KeelError('invalid_request', `Invalid ${name} header: ${issue?.message ?? 'invalid value'}`, {
    param: name,
  });
}

/** What one request runs with: the options after overrides, plus request-only settings. */
export interface SimPlan {
  options: SimOptions;
  /** Exact content to answer with. */
  reply?: string;
  /** Tokens sent before a forced mid-stream disconnect. */
  disconnectAfter?: number;
}

export function mergeSimOptions(options: SimOptions, overrides: SimOverrides): SimPlan {
  if (Object.keys(overrides).length === 0) return { options };
  const errorStatus = overrides['x-sim-error-status'];
  const errorRate = overrides['x-sim-error-rate'] ?? (errorStatus === undefined ? undefined : 1);
  const merged: SimOptions = {
    ...options,
    errorStatus: errorStatus ?? options.errorStatus,
    errorRate: errorRate ?? options.errorRate,
    latencyMs: overrides['x-sim-latency-ms'] ?? options.latencyMs,
    interTokenMs: overrides['x-sim-inter-token-ms'] ?? options.interTokenMs,
    outputTokens: overrides['x-sim-output-tokens'] ?? options.outputTokens,
  };
  const ttftMs = overrides['x-sim-ttft-ms'] ?? options.ttftMs;
  if (ttftMs !== undefined) merged.ttftMs = ttftMs;
  const plan: SimPlan = { options: merged };
  if (overrides['x-sim-reply'] !== undefined) plan.reply = overrides['x-sim-reply'];
  if (overrides['x-sim-disconnect-after'] !== undefined)
    plan.disconnectAfter = overrides['x-sim-disconnect-after'];
  return plan;
}
