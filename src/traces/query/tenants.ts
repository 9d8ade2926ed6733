import type { SqlExecutor } from '../../spec/index.ts';

/**
 * Which tenants a caller may read: a list, or undefined for "every tenant" (embedded single-user
 * mode, the CLI with direct store access, instance owners).
 */
export type TenantScope = readonly string[] | undefined;

/**
 * Distinct tenants of a table whose indexes lead with `tenant`, by a recursive "loose index scan":
 * one index probe per tenant instead of a scan of every row (neither backend skips on its own).
 */
export async function distinctTenants(sql: SqlExecutor, table: 'traces' | 'trace_scores'): Promise<string[]> {
  const rows = await sql.query<{ tenant: string | null }>(
    `WITH RECURSIVE t(tenant) AS (
       SELECT MIN(tenant) FROM ${table}
       UNION ALL
       SELECT (SELECT MIN(tenant) FROM ${table} WHERE tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL
     ) SELECT tenant FROM t WHERE tenant IS NOT NULL`,
  );
  return rows.map((r) => r.tenant as string);
}

/**
 * Resolves a scope to concrete tenants so every query filters by tenant and walks a
 * (tenant, …, start_us) index. "All" is the tenants that have traces or scores, cached briefly.
 */
export class TenantDirectory {
  readonly #sql: SqlExecutor;
  readonly #ttlMs: number;
  #cached: { at: number; tenants: string[] } | null = null;

  constructor(sql: SqlExecutor, options: { ttlMs?: number } = {}) {
    this.#sql = sql;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  async resolve(scope: TenantScope, narrow?: string): Promise<string[]> {
    const allowed = scope === undefined ? await this.all() : [...scope];
    if (narrow === undefined) return allowed;
    return scope === undefined || allowed.includes(narrow) ? [narrow] : [];
  }

  async all(): Promise<string[]> {
    const now = Date.now();
    if (this.#cached && now - this.#cached.at < this.#ttlMs) return this.#cached.tenants;
    const [traces, scores] = await Promise.all([
      distinctTenants(this.#sql, 'traces'),
      distinctTenants(this.#sql, 'trace_scores'),
    ]);
    const tenants = [...new Set([...traces, ...scores])].sort();
    this.#cached = { at: now, tenants };
    return tenants;
  }

  /** Forget the cache (after writes that may add a tenant, in tests). */
  invalidate(): void {
    this.#cached = null;
  }
}
