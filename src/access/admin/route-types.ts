import { z } from 'zod';
import type { AdminCaller } from '../rbac/index.ts';
import { idSchema } from './schemas.ts';
import type { AccessService } from './service.ts';
import { parseInput } from './validate.ts';

/**
 * Every admin API route, in one table: the router registers these, the OpenAPI document is
 * generated from them, and the RBAC test walks them. One source of truth, so docs, validation and
 * permissions cannot drift apart.
 */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify syntax (`/api/keys/:keyId`). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Absent for 204 responses. */
  response?: z.ZodType;
  status: 200 | 201 | 204;
  handle(service: AccessService, caller: AdminCaller, input: RouteInput): Promise<unknown>;
}

export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export const list = (item: z.ZodType) => z.object({ data: z.array(item) });
export const param = (name: string) => z.strictObject({ [name]: idSchema });
export const noBody = z.strictObject({});
export const p = (input: RouteInput, name: string) => input.params[name] as string;
/** Actions without a body (revoke) still reject fields sent to them; returns the id param. */
export const emptyBody = (input: RouteInput, name: string) => {
  parseInput(noBody, input.body);
  return p(input, name);
};
