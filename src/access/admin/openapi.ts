import { z } from 'zod';
import { ERROR_CATALOG } from '../../errors/index.ts';
import { ADMIN_ROUTES, type AdminRoute } from './route-table.ts';

/**
 * The OpenAPI 3.1 document of the admin API, generated from the route table and its zod schemas
 * (OpenAPI 3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema` emits).
 */

type Json = Record<string, unknown>;

const errorSchema: Json = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        code: { type: 'string', enum: Object.keys(ERROR_CATALOG) },
        param: { type: ['string', 'null'] },
      },
      required: ['message', 'type', 'code', 'param'],
    },
  },
  required: ['error'],
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(route: AdminRoute): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const json = schemaOf(field as z.ZodType, 'input');
      const optional = (field as z.ZodType).safeParse(undefined).success;
      out.push({ name, in: where, required: where === 'path' || !optional, schema: json });
    }
  }
  return out;
}

const ERROR_RESPONSES: Record<string, string> = {
  BadRequest: 'Invalid input (wrong type, unknown field, out of range)',
  Unauthorized: 'Missing or invalid admin token (virtual keys are refused)',
  Forbidden: 'The caller’s role may not do this',
  NotFound: 'Not found, or not visible to the caller (other team or organisation)',
  Conflict: 'Conflict (duplicate name, still in use)',
};

const errorRef = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

function operation(route: AdminRoute): Json {
  const responses: Json = {};
  if (route.status === 204 || !route.response) responses['204'] = { description: 'Done' };
  else {
    responses[String(route.status)] = {
      description: 'OK',
      content: { 'application/json': { schema: schemaOf(route.response, 'output') } },
    };
  }
  responses['400'] = errorRef('BadRequest');
  responses['401'] = errorRef('Unauthorized');
  responses['403'] = errorRef('Forbidden');
  responses['404'] = errorRef('NotFound');
  if (route.method !== 'GET') responses['409'] = errorRef('Conflict');
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    parameters: parameters(route),
    responses,
  };
  if (route.body && route.method !== 'DELETE') {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
    };
  }
  return op;
}

/** `/api/keys/:keyId` → `/api/keys/{keyId}`. */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

export function buildOpenApi(routes: readonly AdminRoute[] = ADMIN_ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const key = openApiPath(route.path);
    paths[key] = { ...paths[key], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keel admin API',
      version: '1',
      description:
        'Organisations, teams, projects, virtual keys, admin users and tokens, policies, budgets and provider credentials. Authenticate with `Authorization: Bearer sk-keel-admin-…` (or the KEEL_ADMIN_TOKEN bootstrap token).',
    },
    servers: [{ url: '/' }],
    security: [{ adminToken: [] }],
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'sk-keel-admin-… token' },
      },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, description]) => [
          name,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
