import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor, AuditSink } from '../../access/types.ts';
import { parseDuration, parseSince } from '../../cli/duration.ts';
import type { KeelConfig } from '../../config/index.ts';
import { KeelError } from '../../errors/index.ts';
import { parseBody } from '../../gateway/index.ts';
import type { SqlExecutor, Store } from '../../spec/index.ts';
import type { EvalsConfig } from '../config.ts';
import type { ContentSource, RatingSource } from '../datasets/index.ts';
import type { SampleQueue } from '../online/index.ts';
import type { Scheduler } from '../schedule/index.ts';

export type EvalsAction = 'evals:read' | 'evals:write' | 'evals:review';

/**
 * Admin authorisation for /api/evals (injected, as for /api/prompts, until access control is
 * wired): return the acting Actor to allow, or false to refuse with 403.
 */
export type EvalsAuthorize = (
  request: FastifyRequest,
  action: EvalsAction,
) => Promise<Actor | false> | Actor | false;

export const allowAllEvals: EvalsAuthorize = () => ({ kind: 'system', id: 'unauthenticated' });

export interface RouteContext {
  store: Store;
  sql: SqlExecutor;
  authorize: EvalsAuthorize;
  config: () => EvalsConfig;
  keelConfig: () => Pick<KeelConfig, 'models' | 'providers'>;
  content: ContentSource;
  ratings: (rule?: string) => RatingSource;
  queue: SampleQueue;
  scheduler: Scheduler | null;
  /** Admin changes go to the audit log (the access module's), when given. */
  audit?: AuditSink;
}

/** Records an admin change in the audit log once the response went out successfully. */
export function audited(
  rc: RouteContext,
  reply: FastifyReply,
  e: { actor: Actor; action: string; target: string; meta?: Record<string, unknown> },
): void {
  const sink = rc.audit;
  if (!sink) return;
  reply.raw.once('finish', () => {
    if (reply.statusCode < 400) void sink.record(e);
  });
}

export async function allow(rc: RouteContext, request: FastifyRequest, action: EvalsAction): Promise<Actor> {
  const actor = await rc.authorize(request, action);
  if (actor === false) throw new KeelError('forbidden', `Not allowed: ${action}`);
  return actor;
}

export function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value === '' || value.length > 300) {
    throw new KeelError('invalid_request', `Invalid ${name}`, { param: name });
  }
  return value;
}

export const body = <T>(schema: z.ZodType<T>, request: FastifyRequest): T =>
  parseBody(schema, request.body ?? {});

export function query<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const parsed = schema.safeParse(request.query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new KeelError(
    'invalid_request',
    `Invalid query parameter '${path}': ${issue?.message ?? 'invalid'}`,
    { param: path },
  );
}

export const intText = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** `since` as a duration before now (`1h`) or an ISO time; a bad value is a 400 naming it. */
export function sinceOf(text: string | undefined, fallback: string): number {
  try {
    return parseSince(text ?? fallback, { now: Date.now(), name: 'since' });
  } catch (error) {
    throw error instanceof KeelError
      ? error
      : new KeelError('invalid_request', 'Invalid since', { param: 'since' });
  }
}

export { parseDuration };
