/**
 * Prompt resolution benchmark: what the `prompts` gateway step adds to a request.
 *
 *   npx node bench/prompts.bench.ts [--iterations N] [--json]
 *
 * Times the hook's beforeRequest for `model: "prompt:support@production"` — reference parsing,
 * the canary pick (a 90/10 split, sticky by user), rendering two templated messages with typed
 * variables and one included prompt, merging model parameters and prepending the messages — all
 * from the in-memory index, as on the request path. Resolution alone is timed too. Single thread.
 * Prints a summary (or JSON) and saves bench/results/prompts.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { promptsConfigSchema } from '../src/prompts/config.ts';
import { promptsHook } from '../src/prompts/index.ts';
import { makeService, testActor } from '../src/prompts/test-support.ts';
import type { ChatRequest, RequestContext } from '../src/spec/index.ts';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface PromptsBenchResult {
  iterations: number;
  machine: { cpus: number; loadAverage1m: number };
  prompt: { messages: number; variables: number; includes: number; split: string };
  hookMs: Percentiles & { targetP50Ms: number; meetsTarget: boolean };
  resolveMs: Percentiles;
  at: string;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_P50_MS = 0.05;

function stats(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    p50: r(at(0.5)),
    p90: r(at(0.9)),
    p99: r(at(0.99)),
    max: r(at(1)),
    mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

async function seed() {
  const { service, index, store } = await makeService();
  await service.createPrompt(
    {
      name: 'signature',
      content: {
        text: '— {{team}} support, reachable 24/7',
        variables: { team: { type: 'string', default: 'Acme' } },
      },
      labels: ['production'],
    },
    testActor,
  );
  const content = (tone: string) => ({
    messages: [
      {
        role: 'system',
        content: `You are a ${tone} support agent for {{product}}. Answer in {{language}}; keep it under {{max_words}} words.\n{{> signature}}`,
      },
      { role: 'user', content: 'Customer profile: {{profile}}' },
    ],
    variables: {
      product: { type: 'string' },
      language: { type: 'string', default: 'English' },
      max_words: { type: 'number', default: 120 },
      profile: { type: 'json' },
    },
    model: 'demo',
    parameters: { temperature: 0.3, max_tokens: 400 },
  });
  await service.createPrompt(
    { name: 'support', content: content('friendly'), labels: ['production'] },
    testActor,
  );
  await service.createVersion('support', { content: content('concise') }, testActor);
  await service.moveLabel({
    name: 'support',
    label: 'production',
    target: {
      split: [
        { version: 1, weight: 90 },
        { version: 2, weight: 10 },
      ],
    },
    actor: testActor,
  });
  return { index, store };
}

function context(i: number): RequestContext {
  const request: ChatRequest = {
    model: 'prompt:support@production',
    messages: [{ role: 'user', content: 'My order has not arrived yet, can you check?' }],
    variables: { product: 'Acme Router X2', profile: { plan: 'pro', since: 2021, open_tickets: 1 } },
    user: `user-${i % 5000}`,
  };
  return {
    id: String(i),
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

/** Runs the benchmark and (unless `save: false`) writes bench/results/prompts.json. */
export async function runPromptsBench(
  options: { iterations?: number; quick?: boolean; save?: boolean } = {},
): Promise<PromptsBenchResult> {
  const iterations = options.iterations ?? (options.quick ? 2000 : 20_000);
  const { index, store } = await seed();
  const config = promptsConfigSchema.parse(undefined);
  const hook = promptsHook({ index, config: () => config });
  const before = hook.beforeRequest as (ctx: RequestContext) => void;
  for (let i = 0; i < 3000; i++) before(context(i));
  const hookTimes: number[] = [];
  const resolveTimes: number[] = [];
  const ref = { name: 'support', selector: { label: 'production' } };
  for (let i = 0; i < iterations; i++) {
    const ctx = context(i);
    const t0 = performance.now();
    before(ctx);
    const t1 = performance.now();
    index.resolve(ref, `u:user-${i % 5000}`);
    const t2 = performance.now();
    hookTimes.push(t1 - t0);
    resolveTimes.push(t2 - t1);
  }
  await store.close();
  const hookMs = stats(hookTimes);
  const result: PromptsBenchResult = {
    iterations,
    machine: { cpus: availableParallelism(), loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    prompt: { messages: 2, variables: 4, includes: 1, split: 'v1:90/v2:10 sticky by user' },
    hookMs: { ...hookMs, targetP50Ms: TARGET_P50_MS, meetsTarget: hookMs.p50 <= TARGET_P50_MS },
    resolveMs: stats(resolveTimes),
    at: new Date().toISOString(),
  };
  if (options.save !== false) {
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/prompts.json'), `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { iterations: { type: 'string' }, json: { type: 'boolean' } } });
  const result = await runPromptsBench(values.iterations ? { iterations: Number(values.iterations) } : {});
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const f = (p: Percentiles) =>
      `p50 ${p.p50.toFixed(4)} ms  p90 ${p.p90.toFixed(4)}  p99 ${p.p99.toFixed(4)}  mean ${p.mean.toFixed(4)}`;
    process.stdout.write(
      [
        `prompts hook (resolve + canary pick + render 2 messages, 4 variables, 1 include + merge), ${result.iterations} runs:`,
        `  ${f(result.hookMs)}  target p50 ≤ ${TARGET_P50_MS} ms: ${result.hookMs.meetsTarget ? 'met' : 'NOT met'}`,
        `resolution alone (label → split → version):`,
        `  ${f(result.resolveMs)}`,
        'saved bench/results/prompts.json',
        '',
      ].join('\n'),
    );
  }
}
