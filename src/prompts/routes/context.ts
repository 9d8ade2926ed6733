import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../access/types.ts';
import { KeelError } from '../../errors/index.ts';
import type { PromptsConfig } from '../config.ts';
import type { EvalResultSource } from '../gate.ts';
import { assertName } from '../names.ts';
import type { PromptService } from '../service.ts';
import type { PromptFeedbackSource } from '../stats.ts';

export type PromptAction =
  | 'prompts:read'
  | 'prompts:write'
  | 'prompts:label'
  | 'prompts:delete'
  | 'prompts:eval';

/**
 * Admin authorisation for /api/prompts (injected until access control lands): return the acting
 * Actor to allow (it goes into the audit log), or false to refuse with 403. May throw a KeelError
 * (e.g. 401) itself.
 */
export type PromptAuthorize = (
  request: FastifyRequest,
  action: PromptAction,
) => Promise<Actor | false> | Actor | false;

export const allowAll: PromptAuthorize = () => ({ kind: 'system', id: 'unauthenticated' });

export interface RouteContext {
  service: PromptService;
  config: () => PromptsConfig;
  authorize: PromptAuthorize;
  evalResults: EvalResultSource;
  feedback?: PromptFeedbackSource;
}

export async function authorize(
  rc: RouteContext,
  request: FastifyRequest,
  action: PromptAction,
): Promise<Actor> {
  const actor = await rc.authorize(request, action);
  if (actor === false) throw new KeelError('forbidden', `Not allowed: ${action}`);
  return actor;
}

export function nameParam(request: FastifyRequest): string {
  return assertName(String((request.params as Record<string, unknown>).name ?? ''), 'name');
}

export function versionParam(request: FastifyRequest): number {
  const text = String((request.params as Record<string, unknown>).version ?? '');
  const match = /^v?(\d{1,9})$/.exec(text);
  if (!match || Number(match[1]) < 1)
    throw new KeelError('invalid_request', `Invalid version '${text.slice(0, 20)}' (expected a number ≥ 1)`, {
      param: 'version',
    });
  return Number(match[1]);
}

export function labelParam(request: FastifyRequest): string {
  return String((request.params as Record<string, unknown>).label ?? '');
}

/** Fastify gives no body for requests without one; the zod schemas want an object. */
export const bodyOf = (request: FastifyRequest): unknown => request.body ?? {};
