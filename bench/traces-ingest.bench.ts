/**
 * Trace ingest benchmark.
 *
 *   npx node bench/traces-ingest.bench.ts [--spans N] [--http-spans N] [--no-postgres] [--no-http] [--json]
 *
 * 1. Write path: spans offered to the TraceWriter (as ingest does, in requests of 500 spans,
 *    waiting whenever the queue refuses) until every one is committed — into node:sqlite (a WAL
 *    file on disk) and into Postgres (a fresh schema). Traces of 5 spans: an agent root, two
 *    generations with model/tokens/cost and ~300-character input/output, a retrieval and a tool
 *    call; each batch also rewrites the touched traces' summaries. Items are built beforehand, so
 *    this measures queue + batching + SQL, not mapping.
 * 2. Over HTTP: a real Keel (sqlite file) receiving OTLP/HTTP protobuf requests (500 spans each,
 *    4 in flight) from a load generator in the same process, until every span is stored: decode,
 *    attribute mapping, queue and writes on the same two cores as the client.
 * Figures are end-to-end throughput (spans / wall-clock second). Results: bench/results/traces-ingest.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { configSchema } from '../src/config/index.ts';
import { startKeel } from '../src/gateway/start.ts';
import { silentLogger } from '../src/log/index.ts';
import { createStore, type KeelStore } from '../src/store/index.ts';
import { blankSpan, type QueueItem, TraceWriter, tracesModule } from '../src/traces/index.ts';
import { encodeTraceRequest } from '../src/traces/otlp/proto.ts';

const POSTGRES_URL = process.env.KEEL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUEST_SPANS = 500;
const TEXT =
  'The customer asked about the delivery window for order 4411 and whether express shipping applies. '.repeat(
    3,
  );

export interface ThroughputResult {
  backend: 'sqlite' | 'postgres';
  path: 'write-path' | 'http-otlp-protobuf';
  spans: number;
  seconds: number;
  spansPerSecond: number;
  /** Times the writer refused an offer (queue full) / ingest answered 429, and the producer waited. */
  refusals?: number;
  /** CPU time of this Node process (user + system) during the run; Postgres's own CPU is not included. */
  cpuSeconds: number;
  /** Spans per CPU-second of this process: less sensitive to other load on a shared machine. */
  spansPerCpuSecond: number;
  /** 1-minute load average when the run started and ended (2 cores: above 2 means contention). */
  loadAverage: [number, number];
  /**
   * Postgres runs: CPU seconds used by all local postgres processes during the run (Linux /proc;
   * includes anything else using that server meanwhile, so an upper bound), and spans per
   * CPU-second of Keel and Postgres together.
   */
  postgresCpuSeconds?: number;
  spansPerTotalCpuSecond?: number;
}

export interface TracesIngestBenchResult {
  date: string;
  machine: string;
  results: ThroughputResult[];
  skipped: string[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** One trace's 5 spans as queue items, starting at `startUs`. */
function traceItems(tenant: string, startUs: number): QueueItem[] {
  const traceId = hex(16);
  const rootId = hex(8);
  const mk = (name: string, offsetUs: number, extra: Record<string, unknown>): QueueItem => {
    const row = blankSpan({
      tenant,
      traceId,
      spanId: extra.spanId as string,
      startUs: startUs + offsetUs,
      source: 'otlp',
    });
    Object.assign(
      row,
      {
        name,
        endUs: startUs + offsetUs + 40_000,
        durationMs: 40,
        status: 'ok',
        metadata: '{"service":"bench","attributes":{"http.route":"/chat"}}',
      },
      extra,
    );
    return { type: 'span', row };
  };
  const gen = (i: number) => ({
    spanId: hex(8),
    parentId: rootId,
    kind: 'generation',
    layer: 'model',
    model: i === 0 ? 'gpt-4o-mini' : 'gpt-4o',
    provider: 'openai',
    inputTokens: 350,
    outputTokens: 80,
    totalTokens: 430,
    costUsd: 0.00042,
    ttftMs: 120,
    input: JSON.stringify([{ role: 'user', content: TEXT }]),
    output: JSON.stringify({ role: 'assistant', content: TEXT }),
  });
  return [
    mk('agent run', 0, { spanId: rootId, kind: 'agent', layer: 'interaction', userId: 'user-1' }),
    mk('chat gpt-4o-mini', 1000, gen(0)),
    mk('retrieve docs', 2000, { spanId: hex(8), parentId: rootId, kind: 'retrieval', layer: 'knowledge' }),
    mk('chat gpt-4o', 3000, gen(1)),
    mk('lookup_order', 4000, { spanId: hex(8), parentId: rootId, kind: 'tool', layer: 'interaction' }),
  ];
}

async function writePath(
  store: KeelStore,
  spans: number,
  backend: ThroughputResult['backend'],
): Promise<ThroughputResult> {
  const requests: QueueItem[][] = [];
  const base = Date.now() * 1000;
  for (let made = 0; made < spans; ) {
    const request: QueueItem[] = [];
    while (request.length < REQUEST_SPANS && made < spans) {
      request.push(...traceItems('bench', base + made * 10));
      made += 5;
    }
    requests.push(request);
  }
  const writer = new TraceWriter(store.sql, { spoolDir: null, batchSize: 2000, flushIntervalMs: 50 });
  let refusals = 0;
  const done = meter();
  const started = performance.now();
  for (const request of requests) {
    while (!writer.offer(request)) {
      refusals++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Yield like a server between requests so the writer's timer and I/O run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!(await writer.flush())) throw new Error(`writes failed: ${writer.stats().lastError}`);
  const seconds = (performance.now() - started) / 1000;
  const result = done({
    backend,
    path: 'write-path',
    spans,
    seconds: round(seconds),
    spansPerSecond: Math.round(spans / seconds),
    refusals,
  });
  await writer.close();
  const stored = Number((await store.sql.query('SELECT COUNT(*) AS n FROM trace_spans'))[0]?.n);
  if (stored !== spans) throw new Error(`expected ${spans} stored spans, found ${stored}`);
  return result;
}

function otlpRequest(startNs: bigint): Uint8Array {
  const spans: Record<string, unknown>[] = [];
  for (let t = 0; t < REQUEST_SPANS / 5; t++) {
    const traceId = randomBytes(16);
    const root = randomBytes(8);
    const at = (offsetUs: number) => String(startNs + BigInt(t * 10_000 + offsetUs) * 1000n);
    const span = (
      name: string,
      spanId: Buffer,
      parent: Buffer | null,
      attrs: Record<string, string | number>,
      off: number,
    ) => ({
      traceId,
      spanId,
      parentSpanId: parent ?? undefined,
      name,
      kind: 1,
      startTimeUnixNano: at(off),
      endTimeUnixNano: at(off + 40_000),
      attributes: Object.entries(attrs).map(([key, v]) => ({
        key,
        value: typeof v === 'number' ? { intValue: v } : { stringValue: v },
      })),
    });
    const gen = {
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 350,
      'gen_ai.usage.output_tokens': 80,
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': TEXT,
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': TEXT,
    };
    spans.push(
      span('agent run', root, null, { 'gen_ai.operation.name': 'invoke_agent', 'user.id': 'user-1' }, 0),
      span('chat gpt-4o', randomBytes(8), root, gen, 1000),
      span('retrieve', randomBytes(8), root, { 'openinference.span.kind': 'RETRIEVER' }, 2000),
      span('chat gpt-4o', randomBytes(8), root, gen, 3000),
      span('lookup_order', randomBytes(8), root, { 'openinference.span.kind': 'TOOL' }, 4000),
    );
  }
  return encodeTraceRequest({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  });
}

async function httpPath(dir: string, spans: number): Promise<ThroughputResult> {
  const config = configSchema.parse({
    server: { port: 0 },
    store: { url: `sqlite:${join(dir, 'http.db')}` },
    records: { spoolDir: join(dir, 'spool') },
    providers: {},
    models: {},
    traces: { spoolDir: '' },
  });
  const keel = await startKeel({ config, logger: silentLogger(), modules: [tracesModule()] });
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const bodies = Array.from({ length: Math.ceil(spans / REQUEST_SPANS) }, (_, i) =>
    otlpRequest(startNs + BigInt(i) * 10_000_000_000n),
  );
  let next = 0;
  let refusals = 0;
  const done = meter();
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as Uint8Array;
      for (;;) {
        const response = await fetch(`${keel.url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body,
        });
        await response.arrayBuffer();
        if (response.status === 200) break;
        if (response.status !== 429) throw new Error(`ingest answered ${response.status}`);
        refusals++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const total = bodies.length * REQUEST_SPANS;
  for (;;) {
    const stored = Number((await keel.store.sql.query('SELECT COUNT(*) AS n FROM trace_spans'))[0]?.n);
    if (stored >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  const result = done({
    backend: 'sqlite',
    path: 'http-otlp-protobuf',
    spans: total,
    seconds: round(seconds),
    spansPerSecond: Math.round(total / seconds),
    refusals,
  });
  await keel.close();
  return result;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** CPU seconds of every local `postgres` process so far (Linux; null elsewhere). */
function postgresCpu(): number | null {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
      } catch {
        // The process ended meanwhile.
      }
    }
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

type Measured = Omit<ThroughputResult, 'cpuSeconds' | 'spansPerCpuSecond' | 'loadAverage'>;

/** Starts measuring CPU and load; the returned function completes a result. */
function meter(): (r: Measured) => ThroughputResult {
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpu();
  const load = loadavg()[0] ?? 0;
  return (r) => {
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const result: ThroughputResult = {
      ...r,
      cpuSeconds: round(cpuSeconds),
      spansPerCpuSecond: Math.round(r.spans / cpuSeconds),
      loadAverage: [round(load), round(loadavg()[0] ?? 0)],
    };
    const pgNow = postgresCpu();
    if (r.backend === 'postgres' && pgCpu !== null && pgNow !== null) {
      result.postgresCpuSeconds = round(pgNow - pgCpu);
      result.spansPerTotalCpuSecond = Math.round(r.spans / (cpuSeconds + pgNow - pgCpu));
    }
    return result;
  };
}

async function postgresStore(): Promise<{ store: KeelStore; drop: () => Promise<void> } | string> {
  const schema = `keel_bench_${hex(4)}`;
  try {
    const store = await createStore(POSTGRES_URL, { schema });
    return {
      store,
      drop: async () => {
        await store.close();
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  } catch (error) {
    return `postgres unavailable (${error instanceof Error ? error.message.slice(0, 80) : 'error'})`;
  }
}

export async function runTracesIngestBench(
  options: { spans?: number; httpSpans?: number; postgres?: boolean; http?: boolean } = {},
): Promise<TracesIngestBenchResult> {
  const spans = options.spans ?? 200_000;
  const dir = mkdtempSync(join(tmpdir(), 'keel-traces-bench-'));
  const out: TracesIngestBenchResult = {
    date: new Date().toISOString(),
    machine: machine(),
    results: [],
    skipped: [],
  };
  try {
    const sqlite = await createStore(`sqlite:${join(dir, 'write.db')}`);
    out.results.push(await writePath(sqlite, spans, 'sqlite'));
    await sqlite.close();
    if (options.postgres !== false) {
      const pgStore = await postgresStore();
      if (typeof pgStore === 'string') out.skipped.push(pgStore);
      else {
        try {
          out.results.push(await writePath(pgStore.store, spans, 'postgres'));
        } finally {
          await pgStore.drop();
        }
      }
    }
    if (options.http !== false) out.results.push(await httpPath(dir, options.httpSpans ?? 100_000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function machine(): string {
  return `node ${process.version}, ${(globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? '?'} cores`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      spans: { type: 'string' },
      'http-spans': { type: 'string' },
      'no-postgres': { type: 'boolean' },
      'no-http': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const result = await runTracesIngestBench({
    spans: values.spans ? Number(values.spans) : undefined,
    httpSpans: values['http-spans'] ? Number(values['http-spans']) : undefined,
    postgres: !values['no-postgres'],
    http: !values['no-http'],
  });
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'traces-ingest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatResult(result));
}

function formatResult(result: TracesIngestBenchResult): string {
  const lines = result.results.map(
    (r) =>
      `${r.backend.padEnd(8)} ${r.path.padEnd(20)} ${String(r.spans).padStart(8)} spans  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.spansPerSecond).padStart(7)} spans/s  ${String(r.spansPerCpuSecond).padStart(7)} spans/cpu-s  load ${r.loadAverage.join('→')}`,
  );
  for (const s of result.skipped) lines.push(`skipped: ${s}`);
  return `${lines.join('\n')}\n`;
}
