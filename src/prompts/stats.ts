import type { SqlExecutor, SqlRow, SqlValue } from '../spec/index.ts';

/** Per-version numbers for comparing releases (canary vs stable, A vs B). */
export interface VersionStats {
  version: number;
  requests: number;
  /** Requests answered with a 4xx/5xx (client disconnects, 499, are counted apart). */
  errors: number;
  errorRate: number;
  cancelled: number;
  latencyMs: { avg: number | null; p50: number | null; p95: number | null; max: number | null };
  ttftMsAvg: number | null;
  costUsd: { total: number; avg: number };
  tokens: { prompt: number; completion: number };
  /** Requests per label that served this version (null key = by version number). */
  labels: Record<string, number>;
  /** Latest evaluation scores of this version, if any. */
  evalScores: Record<string, number> | null;
  /** From a feedback/score source when one is wired (traces feedback, online evals); else null. */
  feedback: Record<string, { mean: number; count: number }> | null;
}

/** Extension point: the module that owns feedback and online scores supplies per-version aggregates. */
export interface PromptFeedbackSource {
  byVersion(query: {
    prompt: string;
    since: number;
  }): Promise<Map<number, Record<string, { mean: number; count: number }>>>;
}

/**
 * SQL per dialect: request metadata is JSON TEXT on SQLite (json_extract) and JSONB on Postgres
 * (->, ->>). Postgres computes percentiles in the query; SQLite has no percentile function, so
 * they are read by ORDER BY … OFFSET per version (embedded mode holds small volumes).
 */
function expressions(dialect: SqlExecutor['dialect']): { name: string; version: string; label: string } {
  if (dialect === 'postgres') {
    return {
      name: "metadata->'prompt'->>'name'",
      version: "(metadata->'prompt'->>'version')::int",
      label: "COALESCE(metadata->'prompt'->>'label', '')",
    };
  }
  return {
    name: "json_extract(metadata, '$.prompt.name')",
    version: "CAST(json_extract(metadata, '$.prompt.version') AS INTEGER)",
    label: "COALESCE(json_extract(metadata, '$.prompt.label'), '')",
  };
}

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const orNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const round = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 1000) / 1000;

export async function promptStats(
  sql: SqlExecutor,
  query: { prompt: string; since: number; until?: number },
): Promise<VersionStats[]> {
  const e = expressions(sql.dialect);
  const params: SqlValue[] = [query.since, query.until ?? Number.MAX_SAFE_INTEGER, query.prompt];
  const where = `started_at >= ? AND started_at < ? AND ${e.name} = ?`;
  const percentiles =
    sql.dialect === 'postgres'
      ? ', percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95'
      : '';
  const rows = await sql.query(
    `SELECT ${e.version} AS version, COUNT(*) AS requests,
       SUM(CASE WHEN status >= 400 AND status <> 499 THEN 1 ELSE 0 END) AS errors,
       SUM(CASE WHEN status = 499 THEN 1 ELSE 0 END) AS cancelled,
       AVG(latency_ms) AS avg_latency, MAX(latency_ms) AS max_latency, AVG(ttft_ms) AS avg_ttft,
       SUM(cost_usd) AS cost, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens${percentiles}
     FROM requests WHERE ${where} GROUP BY ${e.version} ORDER BY ${e.version}`,
    params,
  );
  const labelRows = await sql.query(
    `SELECT ${e.version} AS version, ${e.label} AS label, COUNT(*) AS requests FROM requests WHERE ${where} GROUP BY ${e.version}, ${e.label}`,
    params,
  );
  const stats = rows.filter((row) => row.version !== null).map((row) => statsOf(row));
  for (const row of labelRows) {
    const entry = stats.find((s) => s.version === Number(row.version));
    if (entry) entry.labels[String(row.label) || '(version)'] = n(row.requests);
  }
  if (sql.dialect === 'sqlite') {
    for (const entry of stats) {
      entry.latencyMs.p50 = round(
        await sqlitePercentile(sql, { where, params, version: e.version, entry, q: 0.5 }),
      );
      entry.latencyMs.p95 = round(
        await sqlitePercentile(sql, { where, params, version: e.version, entry, q: 0.95 }),
      );
    }
  }
  return stats;
}

function statsOf(row: SqlRow): VersionStats {
  const requests = n(row.requests);
  const errors = n(row.errors);
  const cost = n(row.cost);
  return {
    version: Number(row.version),
    requests,
    errors,
    errorRate: requests === 0 ? 0 : Math.round((errors / requests) * 10_000) / 10_000,
    cancelled: n(row.cancelled),
    latencyMs: {
      avg: round(orNull(row.avg_latency)),
      p50: round(orNull(row.p50)),
      p95: round(orNull(row.p95)),
      max: round(orNull(row.max_latency)),
    },
    ttftMsAvg: round(orNull(row.avg_ttft)),
    costUsd: { total: cost, avg: requests === 0 ? 0 : cost / requests },
    tokens: { prompt: n(row.prompt_tokens), completion: n(row.completion_tokens) },
    labels: {},
    evalScores: null,
    feedback: null,
  };
}

/** Nearest-rank percentile for one version. */
async function sqlitePercentile(
  sql: SqlExecutor,
  q: { where: string; params: SqlValue[]; version: string; entry: VersionStats; q: number },
): Promise<number | null> {
  const offset = Math.max(0, Math.ceil(q.q * q.entry.requests) - 1);
  const rows = await sql.query(
    `SELECT latency_ms FROM requests WHERE ${q.where} AND ${q.version} = ? ORDER BY latency_ms LIMIT 1 OFFSET ?`,
    [...q.params, q.entry.version, offset],
  );
  return orNull(rows[0]?.latency_ms);
}
