/**
 * A closed-loop HTTP load generator over an undici Pool: N workers, each sending its next request as
 * soon as the previous one finished, for a fixed request count. Latency is measured per request from
 * just before the request is issued until the last body byte was read (performance.now(), µs
 * resolution); for streams also the time to the first body chunk that carries `data:`.
 * It runs in the bench's own process; the servers under test are child processes.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadTarget {
  name: string;
  url: string;
  pool: Pool;
}

/** One kind of request; a run cycles through its shapes (request i uses shapes[i % n]). */
export interface RequestShape {
  body: string;
  stream: boolean;
}

export interface LoadSpec {
  path: string;
  shapes: readonly RequestShape[];
  concurrency: number;
  requests: number;
  /** Incremented as requests complete (lets a sampler follow a long run). */
  progress?: { completed: number };
}

export interface LoadRun {
  requests: number;
  errors: number;
  /** The first few failures, for the report. */
  errorSamples: string[];
  elapsedMs: number;
  /** Per request, ms; NaN for failed requests. */
  latencyMs: Float64Array;
  /** Per streamed request, ms to the first `data:` chunk; NaN for failed or non-streamed requests. */
  ttftMs: Float64Array;
}

export function openTarget(name: string, url: string, connections: number): LoadTarget {
  const pool = new Pool(url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 60_000,
  });
  return { name, url, pool };
}

interface Outcome {
  ok: boolean;
  ttft: number;
  detail?: string;
}

async function readStream(body: AsyncIterable<Buffer>, t0: number): Promise<Outcome> {
  let ttft = Number.NaN;
  let done = false;
  for await (const chunk of body) {
    if (Number.isNaN(ttft) && chunk.includes('data:')) ttft = performance.now() - t0;
    // A broken stream ends with an error event and no [DONE]; only a proper end counts as success.
    if (chunk.includes('[DONE]')) done = true;
  }
  return done ? { ok: true, ttft } : { ok: false, ttft, detail: 'stream ended without [DONE]' };
}

async function one(target: LoadTarget, path: string, shape: RequestShape): Promise<Outcome & { ms: number }> {
  const t0 = performance.now();
  const res = await target.pool.request({
    path,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: shape.stream ? 'text/event-stream' : 'application/json',
    },
    body: shape.body,
  });
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    return {
      ok: false,
      ttft: Number.NaN,
      ms: Number.NaN,
      detail: `HTTP ${res.statusCode}: ${text.slice(0, 200)}`,
    };
  }
  if (shape.stream) {
    const outcome = await readStream(res.body as AsyncIterable<Buffer>, t0);
    return { ...outcome, ms: performance.now() - t0 };
  }
  const text = await res.body.text();
  const ms = performance.now() - t0;
  const ok = text.startsWith('{') && text.includes('"choices"');
  return ok
    ? { ok, ttft: Number.NaN, ms }
    : { ok, ttft: Number.NaN, ms, detail: `unexpected body: ${text.slice(0, 200)}` };
}

/** Runs `spec.requests` requests with `spec.concurrency` workers and returns per-request timings. */
export async function runLoad(target: LoadTarget, spec: LoadSpec): Promise<LoadRun> {
  const latencyMs = new Float64Array(spec.requests).fill(Number.NaN);
  const ttftMs = new Float64Array(spec.requests).fill(Number.NaN);
  const run = { errors: 0, errorSamples: [] as string[] };
  let next = 0;
  const fail = (detail: string): void => {
    run.errors++;
    if (run.errorSamples.length < 5) run.errorSamples.push(detail);
  };
  const worker = async (): Promise<void> => {
    while (next < spec.requests) {
      const i = next++;
      const shape = spec.shapes[i % spec.shapes.length] as RequestShape;
      try {
        const outcome = await one(target, spec.path, shape);
        if (outcome.ok) {
          latencyMs[i] = outcome.ms;
          ttftMs[i] = outcome.ttft;
        } else fail(outcome.detail ?? 'failed');
      } catch (error) {
        fail((error as Error).message);
      }
      if (spec.progress) spec.progress.completed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  return { requests: spec.requests, ...run, elapsedMs: performance.now() - started, latencyMs, ttftMs };
}

/** Only the finite values (successful requests). */
export function finite(values: Float64Array): Float64Array {
  return values.filter((v) => Number.isFinite(v));
}
