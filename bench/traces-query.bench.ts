/**
 * Trace query benchmark.
 *
 *   npx node bench/traces-query.bench.ts [--traces N] [--runs N] [--no-postgres] [--no-save]
 *
 * Seeds 1,000,000 spans (200,000 traces of 5 spans, all within the last 24 h — the worst case for a
 * 24 h aggregate — 2% of them in six small extra tenants) into node:sqlite (a WAL file on disk) and
 * into Postgres (a fresh schema) through the traces module's bulk insert path, then measures, in
 * process (the functions behind GET /api/traces and GET /api/stats, no HTTP):
 *   - filtered trace lists (50 rows, newest first, one tenant, last 24 h) with a rotating mix of
 *     filters: model, user, status=error + feature, tag, min latency, score, model + prompt version,
 *     and the second page of a model filter;
 *   - grouped 24 h aggregates: by model in 1 h buckets, by feature, by user (top 100), by layer
 *     (span-level: reads all 1M spans).
 * Each query kind runs `runs` times (after one warm-up); p50/p95/max in ms. Targets: list p95 ≤ 300 ms,
 * grouped 24 h aggregate p95 ≤ 500 ms. Results: bench/results/traces-query.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createStore, type KeelStore } from '../src/store/index.ts';
import { filtersFromQuery } from '../src/traces/query/filters.ts';
import { listTraces } from '../src/traces/query/list-traces.ts';
import { queryStats } from '../src/traces/query/stats.ts';
import type { GroupBy } from '../src/traces/query/stats-sql.ts';
import { TenantDirectory } from '../src/traces/query/tenants.ts';
import { FEATURES, MODELS, seedTraces, TAGS, USERS } from './traces-query-seed.ts';

const POSTGRES_URL = process.env.KEEL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOUR_US = 3_600_000_000;

export interface QueryTiming {
  query: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  rows: number;
}

export interface BackendResult {
  backend: 'sqlite' | 'postgres';
  traces: number;
  spans: number;
  seedSeconds: number;
  seedSpansPerSecond: number;
  list: QueryTiming[];
  aggregate: QueryTiming[];
  listP95Ms: number;
  /** Worst p95 of the trace-level grouped aggregates (model+bucket, feature, user). */
  aggregateP95Ms: number;
  /** p95 of the example, `by=model&since=24h&bucket=1h`. */
  modelBucketP95Ms: number;
  targets: { listP95Ms: 300; aggregateP95Ms: 500; listMet: boolean; aggregateMet: boolean };
}

export interface TracesQueryBenchResult {
  date: string;
  machine: string;
  loadAverage: [number, number];
  results: BackendResult[];
  skipped: string[];
}

const round = (x: number) => Math.round(x * 10) / 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/** Runs `fn` once to warm up, then `runs` times; fn returns rows and, optionally, its own timing. */
async function time(
  name: string,
  runs: number,
  fn: (i: number) => Promise<number | { rows: number; ms: number }>,
): Promise<QueryTiming> {
  await fn(-1);
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const out = await fn(i);
    const elapsed = performance.now() - t;
    rows = typeof out === 'number' ? out : out.rows;
    ms.push(typeof out === 'number' ? elapsed : out.ms);
  }
  ms.sort((a, b) => a - b);
  return {
    query: name,
    runs,
    p50Ms: round(percentile(ms, 0.5)),
    p95Ms: round(percentile(ms, 0.95)),
    maxMs: round(ms.at(-1) as number),
    rows,
  };
}

type Q = Record<string, string>;

function listQueries(i: number): Array<[string, Q]> {
  const k = Math.max(0, i);
  return [
    ['model', { model: MODELS[k % MODELS.length] as string }],
    ['user', { user: `user-${(k * 37) % USERS}` }],
    ['status=error+feature', { status: 'error', feature: FEATURES[k % FEATURES.length] as string }],
    ['tag', { tag: TAGS[k % TAGS.length] as string }],
    ['minLatencyMs', { minLatencyMs: String(3000 + (k % 5) * 500) }],
    ['score helpful>=1', { score: 'helpful', scoreMin: '1' }],
    [
      'model+prompt version',
      { model: MODELS[k % 3] as string, prompt: `prompt-${k % 10}`, promptVersion: String(1 + (k % 5)) },
    ],
  ];
}

async function measure(
  store: KeelStore,
  o: { runs: number; nowMs: number },
): Promise<{ list: QueryTiming[]; aggregate: QueryTiming[] }> {
  const tenants = new TenantDirectory(store.sql);
  const scope = ['acme'];
  const since = '24h';
  const list: QueryTiming[] = [];
  for (const [index, [name]] of listQueries(0).entries()) {
    list.push(
      await time(`list ${name}`, o.runs, async (i) => {
        const q = listQueries(i)[index]?.[1] as Q;
        const page = await listTraces(store.sql, tenants, {
          scope,
          filters: filtersFromQuery({ since, ...q }, o.nowMs),
          limit: 50,
        });
        return page.data.length;
      }),
    );
  }
  list.push(
    await time('list model, page 2', o.runs, async (i) => {
      const filters = filtersFromQuery(
        { since, model: MODELS[Math.max(0, i) % MODELS.length] as string },
        o.nowMs,
      );
      const first = await listTraces(store.sql, tenants, { scope, filters, limit: 50 });
      const t = performance.now();
      const second = await listTraces(store.sql, tenants, {
        scope,
        filters,
        limit: 50,
        ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
      });
      return { rows: second.data.length, ms: performance.now() - t };
    }),
  );
  const aggregate: QueryTiming[] = [];
  const agg = (name: string, by: GroupBy, bucketMs?: number) =>
    time(name, o.runs, async () => {
      const result = await queryStats(store.sql, tenants, {
        scope,
        filters: filtersFromQuery({ since }, o.nowMs),
        by,
        bucketMs,
        now: o.nowMs,
      });
      return result.rows.length;
    });
  aggregate.push(await agg('stats by=model bucket=1h', 'model', 3_600_000));
  aggregate.push(await agg('stats by=feature', 'feature'));
  aggregate.push(await agg('stats by=user (top 100)', 'user'));
  aggregate.push(await agg('stats by=layer (spans)', 'layer'));
  return { list, aggregate };
}

async function runBackend(
  backend: BackendResult['backend'],
  store: KeelStore,
  o: { traces: number; runs: number; log: (line: string) => void },
): Promise<BackendResult> {
  const nowMs = Date.now();
  o.log(`${backend}: seeding ${o.traces * 5} spans`);
  const seeded = await seedTraces(store, {
    traces: o.traces,
    endUs: nowMs * 1000,
    windowUs: 24 * HOUR_US - 60_000_000,
  });
  o.log(`${backend}: seeded in ${seeded.seconds.toFixed(1)} s; analysing`);
  await store.sql.execute(backend === 'sqlite' ? 'ANALYZE' : 'ANALYZE');
  const { list, aggregate } = await measure(store, { runs: o.runs, nowMs });
  const listP95Ms = Math.max(...list.map((q) => q.p95Ms));
  const aggregateP95Ms = Math.max(...aggregate.filter((q) => !q.query.includes('layer')).map((q) => q.p95Ms));
  for (const q of [...list, ...aggregate])
    o.log(`${backend}: ${q.query.padEnd(28)} p50 ${q.p50Ms} ms, p95 ${q.p95Ms} ms (${q.rows} rows)`);
  return {
    backend,
    traces: o.traces,
    spans: seeded.spans,
    seedSeconds: round(seeded.seconds),
    seedSpansPerSecond: Math.round(seeded.spans / seeded.seconds),
    list,
    aggregate,
    listP95Ms,
    aggregateP95Ms,
    modelBucketP95Ms: aggregate[0]?.p95Ms ?? Number.NaN,
    targets: {
      listP95Ms: 300,
      aggregateP95Ms: 500,
      listMet: listP95Ms <= 300,
      aggregateMet: aggregateP95Ms <= 500,
    },
  };
}

async function withPostgres<T>(fn: (store: KeelStore) => Promise<T>): Promise<T> {
  const schema = `keel_tq_bench_${randomBytes(4).toString('hex')}`;
  const store = await createStore(POSTGRES_URL, { schema });
  try {
    return await fn(store);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

export async function runTracesQueryBench(
  options: {
    traces?: number;
    runs?: number;
    postgres?: boolean;
    save?: boolean;
    quick?: boolean;
    log?: (line: string) => void;
  } = {},
): Promise<TracesQueryBenchResult> {
  const traces = options.traces ?? (options.quick ? 40_000 : 200_000);
  const runs = options.runs ?? (options.quick ? 10 : 30);
  const log = options.log ?? ((line: string) => process.stderr.write(`[traces-query] ${line}\n`));
  const load0 = loadavg()[0] ?? 0;
  const results: BackendResult[] = [];
  const skipped: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'keel-tq-bench-'));
  try {
    const sqlite = await createStore(`sqlite:${join(dir, 'bench.db')}`);
    try {
      results.push(await runBackend('sqlite', sqlite, { traces, runs, log }));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.postgres === false) skipped.push('postgres (--no-postgres)');
  else {
    try {
      results.push(await withPostgres((store) => runBackend('postgres', store, { traces, runs, log })));
    } catch (error) {
      skipped.push(`postgres: ${(error as Error).message}`);
    }
  }
  const result: TracesQueryBenchResult = {
    date: new Date().toISOString(),
    machine: `node ${process.version}, ${cpus().length} cores`,
    loadAverage: [round(load0), round(loadavg()[0] ?? 0)],
    results,
    skipped,
  };
  if (options.save !== false && !options.quick) {
    const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'traces-query.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      traces: { type: 'string' },
      runs: { type: 'string' },
      'no-postgres': { type: 'boolean' },
      'no-save': { type: 'boolean' },
    },
  });
  const result = await runTracesQueryBench({
    ...(values.traces ? { traces: Number(values.traces) } : {}),
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    postgres: values['no-postgres'] !== true,
    save: values['no-save'] !== true,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
