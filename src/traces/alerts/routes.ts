import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isKeelError, KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { parseInput } from '../query/parse-query.ts';
import { type AuthorizeTraces, scopeOf } from '../query/routes.ts';
import type { TenantScope } from '../query/tenants.ts';
import { parseWhen } from '../query/time.ts';
import { type AlertRule, alertRuleSchema } from './rule.ts';
import { deleteApiRule, getApiRule, groupOf, listApiRules, listHistory, putApiRule } from './store.ts';

export interface AlertRoutesDeps {
  sql: SqlExecutor;
  configRules(): readonly AlertRule[];
  /** Evaluation errors per rule on this replica (from the evaluator). */
  errors?(): Record<string, string>;
  authorize?: AuthorizeTraces | undefined;
  now?: () => number;
  /** Warned about stored rules the schema no longer accepts (they are left out of lists). */
  logger?: Logger | undefined;
}

/** Webhook URLs (Slack's carry their secret in the path) and headers are never returned. */
function redactRule(rule: AlertRule, source: 'config' | 'api') {
  const { webhook, ...rest } = rule;
  if (!webhook) return { ...rest, source };
  return {
    ...rest,
    source,
    webhook: { url: `${new URL(webhook.url).origin}/…`, headers: Object.keys(webhook.headers) },
  };
}

/** A tenant-scoped caller sees (and may change) only rules confined to its tenants. */
function visible(scope: TenantScope, tenants: readonly string[] | null | undefined): boolean {
  if (scope === undefined) return true;
  return tenants?.every((t) => scope.includes(t)) ?? false;
}

/**
 * An invalid stored row has no tenants to check, so only callers who see every tenant may replace
 * or delete it (how such a row is cleaned up).
 */
function mayChange(scope: TenantScope, existing: AlertRule | 'invalid'): boolean {
  return existing === 'invalid' ? scope === undefined : visible(scope, existing.tenants);
}

async function allRules(
  deps: AlertRoutesDeps,
): Promise<Array<{ rule: AlertRule; source: 'config' | 'api' }>> {
  const config = deps.configRules();
  const names = new Set(config.map((r) => r.name));
  const api = (await listApiRules(deps.sql, deps.logger)).filter((r) => !names.has(r.name));
  return [
    ...config.map((rule) => ({ rule, source: 'config' as const })),
    ...api.map((rule) => ({ rule, source: 'api' as const })),
  ];
}

const historyQuery = z.strictObject({
  rule: z.string().min(1).max(128).optional(),
  since: z.string().min(1).max(64).optional(),
  until: z.string().min(1).max(64).optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
  before: z.string().min(1).max(128).optional(),
});

function ruleBody(body: unknown, scope: TenantScope): AlertRule {
  const rule = parseInput(alertRuleSchema, body, 'body');
  if (scope === undefined) return rule;
  // A scoped caller's rule is confined to its tenants; with none (an org without projects) there
  // is nothing it could watch, and a stored `tenants: []` would fail the schema on every read.
  if (scope.length === 0)
    throw new KeelError('forbidden', 'You have no tenants (projects) to alert on; create a project first');
  if (rule.tenants === undefined) return { ...rule, tenants: [...scope] };
  if (!visible(scope, rule.tenants))
    throw new KeelError('forbidden', 'The rule names tenants you cannot access');
  return rule;
}

/**
 * Alert rules (`GET/POST /api/alerts/rules`, `PUT/DELETE /api/alerts/rules/:name`), current alert
 * states (`GET /api/alerts`) and history (`GET /api/alerts/history`). Config rules are read-only.
 */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertRoutesDeps): void {
  const now = deps.now ?? Date.now;
  app.get('/api/alerts/rules', async (request) => {
    const scope = await scopeOf(deps, request, 'read');
    const rules = (await allRules(deps)).filter((r) => visible(scope, r.rule.tenants));
    const errors = deps.errors?.() ?? {};
    return {
      data: rules.map((r) => ({ ...redactRule(r.rule, r.source), error: errors[r.rule.name] ?? null })),
    };
  });
  const write = async (request: FastifyRequest, replace: boolean) => {
    const scope = await scopeOf(deps, request, 'write');
    const rule = ruleBody(request.body, scope);
    const name = (request.params as { name?: string }).name;
    if (name !== undefined && name !== rule.name) {
      throw new KeelError('invalid_request', "Invalid value for 'name': must match the URL", {
        param: 'name',
      });
    }
    if (deps.configRules().some((r) => r.name === rule.name)) {
      throw new KeelError('conflict', `Alert rule '${rule.name}' is defined in keel.yaml; change it there`);
    }
    if (replace) {
      const existing = await getApiRule(deps.sql, rule.name, deps.logger);
      if (existing !== null && !mayChange(scope, existing))
        throw new KeelError('not_found', `Alert rule '${rule.name}' not found`);
    }
    try {
      await putApiRule(deps.sql, { rule, nowMs: now(), replace });
    } catch (error) {
      // The store's conflict message names its own operation, not what the caller sent.
      if (isKeelError(error) && error.code === 'conflict')
        throw new KeelError('conflict', `Alert rule '${rule.name}' already exists`, {
          param: 'name',
          cause: error,
        });
      throw error;
    }
    return redactRule(rule, 'api');
  };
  app.post('/api/alerts/rules', async (request, reply) => reply.code(201).send(await write(request, false)));
  app.put('/api/alerts/rules/:name', async (request) => write(request, true));
  app.delete('/api/alerts/rules/:name', async (request, reply) => {
    const scope = await scopeOf(deps, request, 'write');
    const name = String((request.params as { name?: string }).name);
    if (deps.configRules().some((r) => r.name === name)) {
      throw new KeelError('conflict', `Alert rule '${name}' is defined in keel.yaml; remove it there`);
    }
    const existing = await getApiRule(deps.sql, name, deps.logger);
    if (existing === null || !mayChange(scope, existing))
      throw new KeelError('not_found', `Alert rule '${name}' not found`);
    await deleteApiRule(deps.sql, name);
    return reply.code(204).send();
  });
  app.get('/api/alerts', async (request) => {
    const scope = await scopeOf(deps, request, 'read');
    const rules = (await allRules(deps)).filter((r) => visible(scope, r.rule.tenants));
    const states = await deps.sql.query('SELECT * FROM trace_alert_state ORDER BY rule, group_key');
    const byRule = new Set(rules.map((r) => r.rule.name));
    return {
      data: states
        .filter((s) => byRule.has(String(s.rule)) && s.state !== 'ok')
        .map((s) => ({
          rule: String(s.rule),
          group: groupOf(String(s.group_key)),
          state: String(s.state),
          value: s.value === null ? null : Number(s.value),
          since: new Date(Number(s.state === 'firing' ? s.firing_ms : s.pending_ms)).toISOString(),
          notified: Number(s.notified) === 1,
        })),
    };
  });
  app.get('/api/alerts/history', async (request) => {
    const scope = await scopeOf(deps, request, 'read');
    const q = parseInput(historyQuery, request.query);
    const nowMs = now();
    const before = q.before === undefined ? undefined : decodeBefore(q.before);
    const limit = q.limit ?? 100;
    const rows = await listHistory(deps.sql, {
      ...(q.rule ? { rule: q.rule } : {}),
      ...(q.since ? { sinceMs: parseWhen(q.since, 'since', nowMs) } : {}),
      ...(q.until ? { untilMs: parseWhen(q.until, 'until', nowMs) } : {}),
      ...(before ? { before } : {}),
      limit,
    });
    const data = rows.filter((e) => visible(scope, e.scope));
    const last = rows.at(-1);
    return { data, nextBefore: rows.length === limit && last ? `${last.atMs}.${last.id}` : null };
  });
}

function decodeBefore(text: string): { atMs: number; id: string } {
  const dot = text.indexOf('.');
  const atMs = Number(text.slice(0, dot));
  if (dot < 1 || !Number.isSafeInteger(atMs)) {
    throw new KeelError(
      'invalid_request',
      "Invalid value for 'before': use nextBefore from the previous page",
      {
        param: 'before',
      },
    );
  }
  return { atMs, id: text.slice(dot + 1) };
}
