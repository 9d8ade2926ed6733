import type { z } from 'zod';
import type { AdminCaller } from '../rbac/index.ts';
import { type AdminRoute, list, p, param } from './route-types.ts';
import type { AccessService } from './service.ts';

type Crud = { tag: string; base: string; idName: string; item: z.ZodType; label: string };

/** The five routes every plain resource has, wired to `list/create/get/update/delete<Name>`. */
export function crud(
  c: Crud,
  ops: {
    list: {
      query: z.ZodObject;
      run: (svc: AccessService, caller: AdminCaller, q: unknown) => Promise<unknown[]>;
    };
    create: {
      body: z.ZodType;
      run: (svc: AccessService, caller: AdminCaller, b: unknown) => Promise<unknown>;
    };
    get: (svc: AccessService, caller: AdminCaller, id: string) => Promise<unknown>;
    update?: {
      body: z.ZodType;
      run: (svc: AccessService, caller: AdminCaller, id: string, b: unknown) => Promise<unknown>;
    };
    remove?: (svc: AccessService, caller: AdminCaller, id: string) => Promise<void>;
  },
): AdminRoute[] {
  const one = `${c.base}/:${c.idName}`;
  const params = param(c.idName);
  const name = c.label.replace(/^./, (ch) => ch.toUpperCase());
  const routes: AdminRoute[] = [
    {
      method: 'GET',
      path: c.base,
      operationId: `list${name}s`,
      summary: `List ${c.label}s`,
      tag: c.tag,
      query: ops.list.query,
      response: list(c.item),
      status: 200,
      handle: async (svc, caller, i) => ({ data: await ops.list.run(svc, caller, i.query) }),
    },
    {
      method: 'POST',
      path: c.base,
      operationId: `create${name}`,
      summary: `Create a ${c.label}`,
      tag: c.tag,
      body: ops.create.body,
      response: c.item,
      status: 201,
      handle: (svc, caller, i) => ops.create.run(svc, caller, i.body),
    },
    {
      method: 'GET',
      path: one,
      operationId: `get${name}`,
      summary: `Get a ${c.label}`,
      tag: c.tag,
      params,
      response: c.item,
      status: 200,
      handle: (svc, caller, i) => ops.get(svc, caller, p(i, c.idName)),
    },
  ];
  const { update, remove } = ops;
  if (update) {
    routes.push({
      method: 'PATCH',
      path: one,
      operationId: `update${name}`,
      summary: `Change a ${c.label}`,
      tag: c.tag,
      params,
      body: update.body,
      response: c.item,
      status: 200,
      handle: (svc, caller, i) => update.run(svc, caller, p(i, c.idName), i.body),
    });
  }
  if (remove) {
    routes.push({
      method: 'DELETE',
      path: one,
      operationId: `delete${name}`,
      summary: `Delete a ${c.label}`,
      tag: c.tag,
      params,
      status: 204,
      handle: (svc, caller, i) => remove(svc, caller, p(i, c.idName)),
    });
  }
  return routes;
}
