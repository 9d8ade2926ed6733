/**
 * Guard module cost on the request path.
 *
 *   npx node bench/guard-gateway.bench.ts [--iterations N] [--requests N] [--json]
 *
 * (1) hook: the guard's beforeRequest alone — policy selection, the input checkpoint with a full
 *     input policy (injection + PII mask + secrets) over a 2 KB user prompt and a short system
 *     prompt, and the request rewrite — p50/p99 over N runs after warm-up, single thread;
 * (2) gateway: Keel's own `overheadMs` (total minus upstream time, from the request records) for
 *     the same request through a real Keel with and without the guard module, sim upstream, so the
 *     difference is what the guard adds end to end (HTTP client on the same machine: noisier);
 * (3) stream: the guard's stream filter per chunk (JSON.parse of the chunk, secrets + PII screening
 *     with the 256-char window, placeholder restore) over a 4 KB answer in ~24-char deltas,
 *     against a JSON.parse-only baseline.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { configSchema } from '../src/config/index.ts';
import { startKeel } from '../src/gateway/index.ts';
import {
  compileGuardState,
  createGuardMetrics,
  guardModule,
  guardSectionSchema,
} from '../src/guard/index.ts';
import { type InputHookEnv, screenRequest } from '../src/guard/module/input-hook.ts';
import { createGuardStreamFilter } from '../src/guard/module/stream-filter.ts';
import { silentLogger } from '../src/log/index.ts';
import type { ChatCompletionChunk, ChatRequest } from '../src/spec/chat.ts';
import type { RequestContext } from '../src/spec/hooks.ts';
import { makePrompt, type Percentiles } from './guard.bench.ts';

/** The bench policies have no judge step; a model call would be a bug. */
export const NO_MODEL = (): Promise<never> =>
  Promise.reject(new Error('the guard bench makes no model calls'));

import { machineSpeedNsPerChar } from './lib/machine-speed.ts';

export interface GuardGatewayBenchResult {
  promptChars: number;
  iterations: number;
  /** bench/lib/machine-speed.ts, measured just before: how fast the machine was. */
  machineNsPerChar: number;
  /** beforeRequest of the guard hook alone (wall time). */
  hookMs: Percentiles;
  /**
   * Mean CPU time (user + system) per run / per chunk: less sensitive than wall time to other
   * processes competing for the cores, so it is the better "one core" figure on a busy machine.
   */
  cpuMeanMs: { hook: number; streamChunk: number };
  /** Keel-added time per request (record overheadMs), with and without the guard module. */
  gateway: { requests: number; withGuardMs: Percentiles; withoutGuardMs: Percentiles };
  /** Guard stream filter per chunk, and JSON.parse of the same chunk alone. */
  streamChunkMs: Percentiles & { chunks: number; chunkChars: number; parseOnlyMs: Percentiles };
}

function stats(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { p50: r(at(0.5)), p99: r(at(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
}

/** The full input policy the guard benches measure (also used by guard-hook-ab.ts). */
export const GUARD = {
  defaultPolicy: 'full',
  policies: {
    full: {
      latencyBudgetMs: 1000,
      input: [
        { scanner: 'injection', action: 'block' as const },
        { scanner: 'pii', action: 'mask' as const },
        { scanner: 'secrets', action: 'block' as const },
      ],
      output: [
        { scanner: 'secrets', action: 'block' as const },
        { scanner: 'pii', action: 'flag' as const },
      ],
    },
  },
};

export function chatRequest(prompt: string): ChatRequest {
  return {
    model: 'demo',
    messages: [
      { role: 'system', content: 'You are a helpful assistant for the support team. Answer concisely.' },
      { role: 'user', content: prompt },
    ],
  };
}

export function context(request: ChatRequest): RequestContext {
  return {
    id: 'bench',
    endpoint: 'chat',
    headers: {},
    signal: new AbortController().signal,
    request,
    principal: null,
    metadata: {},
    caller: { user: null, session: null, feature: null, tags: [] },
    state: new Map(),
  };
}

/** The input hook's environment for the bench policy (no judge step, so no model calls). */
function benchEnv(): InputHookEnv {
  const state = compileGuardState(guardSectionSchema.parse(GUARD));
  if (!state) throw new Error('guard config did not compile');
  return {
    state,
    metrics: createGuardMetrics(new Registry()),
    quarantineToken: Buffer.alloc(16),
    judgeToken: Buffer.alloc(16),
    modelFor: () => NO_MODEL,
  };
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function hookBench(prompt: string, iterations: number): Promise<Percentiles & { cpuMean: number }> {
  const env = benchEnv();
  const request = chatRequest(prompt);
  for (let i = 0; i < 300; i++) await screenRequest(context(request), env);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const ctx = context(request);
    const t0 = performance.now();
    await screenRequest(ctx, env);
    times.push(performance.now() - t0);
  }
  return { ...stats(times), cpuMean: Math.round((cpuMs(cpu0) / iterations) * 10_000) / 10_000 };
}

async function overheads(withGuard: boolean, prompt: string, requests: number): Promise<Percentiles> {
  const config = configSchema.parse({
    server: { port: 0 },
    store: { url: 'sqlite::memory:' },
    records: { flushIntervalMs: 50 },
    providers: { sim: { type: 'sim', sim: { outputTokens: 16 } } },
    models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
    ...(withGuard ? { guard: GUARD } : {}),
  });
  const keel = await startKeel({ config, logger: silentLogger(), modules: withGuard ? [guardModule()] : [] });
  try {
    const body = JSON.stringify(chatRequest(prompt));
    const send = () =>
      fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then((r) => r.text());
    for (let i = 0; i < 100; i++) await send();
    const since = Date.now();
    for (let i = 0; i < requests; i++) await send();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const records = await keel.store.requests.list({ since, limit: requests * 2 });
    return stats(records.map((r) => r.overheadMs));
  } finally {
    await keel.close();
  }
}

/** A 4 KB answer in ~24-char OpenAI chunks; its email is a placeholder, so the restorer works too. */
function answerChunks(chunkChars: number): string[] {
  const answer = makePrompt(4096).replaceAll('maria.lopez@example.com', '<EMAIL_1>');
  const chunks: string[] = [];
  for (let i = 0; i < answer.length; i += chunkChars) {
    const delta = { content: answer.slice(i, i + chunkChars) };
    chunks.push(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'demo',
        choices: [{ index: 0, delta, finish_reason: null }],
      }),
    );
  }
  return chunks;
}

async function streamBench(
  iterations: number,
): Promise<GuardGatewayBenchResult['streamChunkMs'] & { cpuMean: number }> {
  const env = benchEnv();
  // The prompt carries the email the answer's placeholder stands for.
  const request = chatRequest('Please write to maria.lopez@example.com about the report.');
  const freshFilter = async () => {
    const ctx = context(request);
    await screenRequest(ctx, env);
    const filter = createGuardStreamFilter(ctx);
    if (!filter) throw new Error('no stream filter');
    return filter;
  };
  const chunkChars = 24;
  const chunks = answerChunks(chunkChars);
  const parse = (data: string) => () => JSON.parse(data) as ChatCompletionChunk;
  const runs = Math.max(2, Math.floor(iterations / 100));
  // Pass 1: CPU time over whole streams (no per-chunk timer calls). Run 0 is warm-up.
  let cpu = 0;
  for (let run = 0; run < runs; run++) {
    const filter = await freshFilter();
    const cpu0 = process.cpuUsage();
    for (const data of chunks) filter.chunk(data, parse(data));
    if (run > 0) cpu += cpuMs(cpu0);
    filter.flush();
  }
  // Pass 2: wall time per chunk, and JSON.parse alone on the same chunk as the baseline.
  const times: number[] = [];
  const parseTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const filter = await freshFilter();
    for (const data of chunks) {
      const t0 = performance.now();
      filter.chunk(data, parse(data));
      const t1 = performance.now();
      JSON.parse(data);
      const t2 = performance.now();
      if (run > 0) {
        times.push(t1 - t0);
        parseTimes.push(t2 - t1);
      }
    }
    filter.flush();
  }
  const cpuMean = Math.round((cpu / ((runs - 1) * chunks.length)) * 10_000) / 10_000;
  return { ...stats(times), chunks: times.length, chunkChars, parseOnlyMs: stats(parseTimes), cpuMean };
}

export async function runGuardGatewayBench(
  options: { iterations?: number; requests?: number; quick?: boolean } = {},
): Promise<GuardGatewayBenchResult> {
  const iterations = options.iterations ?? 2000;
  const requests = options.requests ?? (options.quick ? 300 : 1000);
  const prompt = makePrompt(2048);
  const machineNsPerChar = machineSpeedNsPerChar();
  const { cpuMean: hookCpu, ...hookMs } = await hookBench(prompt, iterations);
  const withoutGuardMs = await overheads(false, prompt, requests);
  const withGuardMs = await overheads(true, prompt, requests);
  const { cpuMean: chunkCpu, ...streamChunkMs } = await streamBench(iterations);
  return {
    promptChars: prompt.length,
    iterations,
    machineNsPerChar,
    hookMs,
    cpuMeanMs: { hook: hookCpu, streamChunk: chunkCpu },
    gateway: { requests, withGuardMs, withoutGuardMs },
    streamChunkMs,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { iterations: { type: 'string' }, requests: { type: 'string' }, json: { type: 'boolean' } },
  });
  const result = await runGuardGatewayBench({
    ...(values.iterations ? { iterations: Number(values.iterations) } : {}),
    ...(values.requests ? { requests: Number(values.requests) } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const f = (p: Percentiles) =>
      `p50 ${p.p50.toFixed(4)} ms  p99 ${p.p99.toFixed(4)} ms  mean ${p.mean.toFixed(4)} ms`;
    const s = result.streamChunkMs;
    const lines = [
      `machine reference: ${result.machineNsPerChar} ns per character of a plain char-code loop (lower is faster)`,
      `guard beforeRequest, full input policy (injection + PII mask + secrets), ${result.promptChars}-char prompt, ${result.iterations} runs:`,
      `  ${f(result.hookMs)}  (CPU mean ${result.cpuMeanMs.hook.toFixed(4)} ms)`,
      `Keel overhead per request (record overheadMs), ${result.gateway.requests} sequential requests:`,
      `  without guard  ${f(result.gateway.withoutGuardMs)}`,
      `  with guard     ${f(result.gateway.withGuardMs)}`,
      `stream filter per ${s.chunkChars}-char chunk (parse + secrets/PII window + restore), ${s.chunks} chunks:`,
      `  filter         ${f(s)}  (CPU mean ${result.cpuMeanMs.streamChunk.toFixed(4)} ms)`,
      `  JSON.parse     ${f(s.parseOnlyMs)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
