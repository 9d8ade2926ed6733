/**
 * Experiment-runner benchmark.
 *
 *   npx node bench/evals.bench.ts [--items N] [--memory-items N] [--quick] [--json]
 *
 * 1. Throughput: 1,000 items against a `sim` model answering after 20 ms, at concurrency 32,
 *    through a real Keel (`keel serve` in a child process, so the runner has this process to
 *    itself). The model's own time is items × 20 ms / 32 = 625 ms; the figure that matters is the
 *    wall time beyond it (target < 3 s): dataset paging, the HTTP round trips through the gateway,
 *    scoring, one result row written per item.
 * 2. Memory: 100,000 items against a 0 ms sim at concurrency 64. Items are paged from the store
 *    and results written as they finish, so RSS should stay flat; it is sampled through the run.
 *
 * Prints a summary (or JSON) and saves bench/results/evals.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { stringify } from 'yaml';
import {
  DatasetRepo,
  DEFAULT_RUN,
  type ExperimentPlan,
  type NewItem,
  runExperiment,
} from '../src/evals/index.ts';
import type { Store } from '../src/spec/index.ts';
import { createStore } from '../src/store/index.ts';
import { spawnServer } from './lib/procs.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KEEL_CLI = join(ROOT, 'src/cli/main.ts');
const MODEL_MS = 20;
const TARGET_OVERHEAD_MS = 3000;

export interface EvalsBenchResult {
  machine: { cpus: number; loadAverage1m: number };
  throughput: {
    items: number;
    concurrency: number;
    modelLatencyMs: number;
    wallMs: number;
    idealMs: number;
    overheadMs: number;
    targetOverheadMs: number;
    meetsTarget: boolean;
    itemsPerSecond: number;
    errors: number;
  };
  memory: {
    items: number;
    concurrency: number;
    wallMs: number;
    itemsPerSecond: number;
    rssStartMb: number;
    rssPeakMb: number;
    rssEndMb: number;
    heapStartMb: number;
    heapEndMb: number;
    /** RSS samples (MB) through the run, for the shape of the curve. */
    rssSamplesMb: number[];
    errors: number;
  };
  at: string;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function keelUrl(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === 'keel is serving' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

async function startKeel(dir: string) {
  const config = join(dir, 'keel.yaml');
  writeFileSync(
    config,
    stringify({
      server: { host: '127.0.0.1', port: 0 },
      store: { url: `sqlite:${join(dir, 'keel.db')}` },
      providers: {
        sim20: { type: 'sim', sim: { latencyMs: MODEL_MS, outputTokens: 12 } },
        sim0: { type: 'sim', sim: { latencyMs: 0, outputTokens: 12 } },
      },
      models: {
        slow: { deployments: [{ provider: 'sim20', model: 'sim-20ms' }] },
        fast: { deployments: [{ provider: 'sim0', model: 'sim-0ms' }] },
      },
      records: { spoolDir: join(dir, 'spool') },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, KEEL_LOG_LEVEL: 'info' };
  for (const key of ['KEEL_CONFIG', 'KEEL_PORT', 'KEEL_HOST', 'KEEL_DB', 'KEEL_REDIS']) delete env[key];
  return spawnServer({
    name: 'keel',
    args: [KEEL_CLI, 'serve', '--config', config],
    cwd: dir,
    env,
    urlFrom: keelUrl,
  });
}

async function seed(store: Store, name: string, count: number): Promise<{ id: string; version: number }> {
  const repo = new DatasetRepo(store.sql);
  await repo.create({ name });
  for (let start = 0; start < count; start += 5000) {
    const items: NewItem[] = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      items.push({
        id: `i${i}`,
        input: { variables: { question: `What is ${i} plus ${i}?` } },
        expected: String(2 * i),
        provenance: 'synthetic',
      });
    }
    await repo.addItems(name, items);
  }
  const ds = await repo.require(name);
  return { id: ds.id, version: ds.latestVersion };
}

function plan(
  name: string,
  dataset: { id: string; version: number },
  model: string,
  concurrency: number,
): ExperimentPlan {
  return {
    name,
    dataset: { ...dataset, name },
    targets: [
      {
        kind: 'model',
        key: model,
        model,
        templates: [{ role: 'user', content: '{{question}}' }],
        params: { max_tokens: 12 },
      },
    ],
    scorers: [
      { type: 'contains', value: 'the' },
      { type: 'levenshtein', maxDistance: 1000 },
    ],
    run: { ...DEFAULT_RUN, concurrency, retries: 2 },
    source: 'bench',
    config: {},
  };
}

async function throughput(store: Store, url: string, items: number) {
  const warm = await seed(store, 'warm', 64);
  await runExperiment({ sql: store.sql, plan: plan('warm', warm, 'fast', 32), baseUrl: url });
  const ds = await seed(store, 'throughput', items);
  const t0 = performance.now();
  const out = await runExperiment({ sql: store.sql, plan: plan('throughput', ds, 'slow', 32), baseUrl: url });
  const wallMs = performance.now() - t0;
  const idealMs = (items * MODEL_MS) / 32;
  const overheadMs = Math.max(0, wallMs - idealMs);
  return {
    items,
    concurrency: 32,
    modelLatencyMs: MODEL_MS,
    wallMs: Math.round(wallMs),
    idealMs: Math.round(idealMs),
    overheadMs: Math.round(overheadMs),
    targetOverheadMs: TARGET_OVERHEAD_MS,
    meetsTarget: overheadMs < TARGET_OVERHEAD_MS,
    itemsPerSecond: Math.round((items / wallMs) * 1000),
    errors: out.experiment.summary?.errors ?? -1,
  };
}

async function memory(store: Store, url: string, items: number) {
  const ds = await seed(store, 'memory', items);
  collect();
  const start = process.memoryUsage();
  const samples: number[] = [];
  let peak = start.rss;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push(mb(rss));
  }, 500);
  const t0 = performance.now();
  const out = await runExperiment({ sql: store.sql, plan: plan('memory', ds, 'fast', 64), baseUrl: url });
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  collect();
  const end = process.memoryUsage();
  return {
    items,
    concurrency: 64,
    wallMs: Math.round(wallMs),
    itemsPerSecond: Math.round((items / wallMs) * 1000),
    rssStartMb: mb(start.rss),
    rssPeakMb: mb(peak),
    rssEndMb: mb(end.rss),
    heapStartMb: mb(start.heapUsed),
    heapEndMb: mb(end.heapUsed),
    rssSamplesMb: samples.filter((_, i) => i % Math.max(1, Math.ceil(samples.length / 40)) === 0),
    errors: out.experiment.summary?.errors ?? -1,
  };
}

export async function runEvalsBench(
  options: { items?: number; memoryItems?: number; quick?: boolean; save?: boolean } = {},
): Promise<EvalsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-evals-bench-'));
  const keel = await startKeel(dir);
  const store = await createStore(`sqlite:${join(dir, 'evals.db')}`);
  try {
    const result: EvalsBenchResult = {
      machine: { cpus: availableParallelism(), loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
      throughput: await throughput(store, keel.url, options.items ?? 1000),
      memory: await memory(store, keel.url, options.memoryItems ?? (options.quick ? 20_000 : 100_000)),
      at: new Date().toISOString(),
    };
    if (options.save !== false) {
      mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
      writeFileSync(join(ROOT, 'bench/results/evals.json'), `${JSON.stringify(result, null, 2)}\n`);
    }
    return result;
  } finally {
    await store.close();
    await keel.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      items: { type: 'string' },
      'memory-items': { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const r = await runEvalsBench({
    ...(values.items ? { items: Number(values.items) } : {}),
    ...(values['memory-items'] ? { memoryItems: Number(values['memory-items']) } : {}),
    ...(values.quick ? { quick: true } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else {
    const t = r.throughput;
    const m = r.memory;
    process.stdout.write(
      [
        `throughput: ${t.items} items × ${t.modelLatencyMs} ms model at c=${t.concurrency}: ${t.wallMs} ms wall, ideal ${t.idealMs} ms`,
        `  overhead beyond the model time: ${t.overheadMs} ms (target < ${t.targetOverheadMs} ms: ${t.meetsTarget ? 'met' : 'NOT met'}), ${t.itemsPerSecond} items/s, ${t.errors} errors`,
        `memory: ${m.items} items at c=${m.concurrency}: ${m.wallMs} ms (${m.itemsPerSecond} items/s), ${m.errors} errors`,
        `  RSS start ${m.rssStartMb} MB, peak ${m.rssPeakMb} MB, end ${m.rssEndMb} MB; heap ${m.heapStartMb} → ${m.heapEndMb} MB`,
        'saved bench/results/evals.json',
        '',
      ].join('\n'),
    );
  }
}
