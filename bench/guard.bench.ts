/**
 * Guard cost benchmark.
 *
 *   npx node bench/guard.bench.ts [--iterations N] [--json]
 *
 * Measures (1) the full input policy — injection + PII + secrets through `runCheckpoint` — on a
 * 2 KB prompt, p50/p99 over N runs after warm-up, plus each scanner alone; and (2) streaming output
 * screening (secrets + PII, 256-char overlap) per chunk over a 4 KB answer streamed in ~24-char
 * deltas. Single process, single thread: the figures are one core's.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createGuard,
  createPiiScanner,
  createSecretsScanner,
  createStreamScreener,
} from '../src/guard/index.ts';
import { createInjectionScanner } from '../src/guard/scanners/injection/index.ts';
import type { Scanner } from '../src/spec/scanner.ts';

export interface Percentiles {
  p50: number;
  p99: number;
  mean: number;
}

export interface GuardBenchResult {
  promptChars: number;
  iterations: number;
  /** False when the injection model could not load (the policy then ran without it). */
  injectionAvailable: boolean;
  inputPolicyMs: Percentiles;
  perScannerMs: Record<string, Percentiles>;
  streamChunkMs: Percentiles & { chunks: number; chunkChars: number };
}

const PARAGRAPH =
  'Hi, I am preparing the quarterly report for our support team and need help restructuring it. ' +
  'Last quarter we closed 1,284 tickets with a median first response of 3.2 hours; the target is 2 hours. ' +
  'Please summarise the main drivers of delay, suggest three process changes, and draft a short note ' +
  'to the team lead, Maria Lopez (maria.lopez@example.com), explaining the plan. Keep it friendly and ' +
  'concrete, avoid jargon, and include a table comparing this quarter with the previous one. ';

export function makePrompt(chars = 2048): string {
  let p = '';
  while (p.length < chars) p += PARAGRAPH;
  return p.slice(0, chars);
}

function stats(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { p50: r(at(0.5)), p99: r(at(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
}

function injectionWorks(): boolean {
  try {
    createInjectionScanner().scan({ kind: 'text', text: 'hello' }, { checkpoint: 'input' });
    return true;
  } catch {
    return false;
  }
}

function timeSync(scanner: Scanner, text: string, iterations: number): Percentiles {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
    times.push(performance.now() - t0);
  }
  return stats(times);
}

function streamBench(iterations: number): GuardBenchResult['streamChunkMs'] {
  const answer = makePrompt(4096);
  const chunkChars = 24;
  const times: number[] = [];
  let chunks = 0;
  const scanners = [createSecretsScanner(), createPiiScanner()];
  for (let run = 0; run < Math.max(1, Math.floor(iterations / 100)); run++) {
    const screener = createStreamScreener({ scanners, overlap: 256 });
    for (let i = 0; i < answer.length; i += chunkChars) {
      const v = screener.push(answer.slice(i, i + chunkChars));
      if (run > 0) times.push(v.latencyMs);
      chunks++;
    }
  }
  return { ...stats(times), chunks, chunkChars };
}

export async function runGuardBench(options: { iterations?: number } = {}): Promise<GuardBenchResult> {
  const iterations = options.iterations ?? 2000;
  const prompt = makePrompt(2048);
  const injectionAvailable = injectionWorks();
  const steps = [
    ...(injectionAvailable ? [{ scanner: 'injection', action: 'block' as const }] : []),
    { scanner: 'pii', action: 'mask' as const },
    { scanner: 'secrets', action: 'block' as const },
  ];
  const guard = createGuard({
    default: 'bench',
    policies: { bench: { latencyBudgetMs: 1000, input: steps } },
  });
  const input = { kind: 'text' as const, text: prompt };
  for (let i = 0; i < 300; i++) await guard.runCheckpoint('input', input);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await guard.runCheckpoint('input', input);
    times.push(performance.now() - t0);
  }
  const perScannerMs: Record<string, Percentiles> = {};
  const alone: Record<string, Scanner> = { pii: createPiiScanner(), secrets: createSecretsScanner() };
  if (injectionAvailable) alone.injection = createInjectionScanner();
  for (const [name, scanner] of Object.entries(alone)) {
    timeSync(scanner, prompt, 200);
    perScannerMs[name] = timeSync(scanner, prompt, iterations);
  }
  return {
    promptChars: prompt.length,
    iterations,
    injectionAvailable,
    inputPolicyMs: stats(times),
    perScannerMs,
    streamChunkMs: streamBench(iterations),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { iterations: { type: 'string' }, json: { type: 'boolean' } } });
  const result = await runGuardBench({
    iterations: values.iterations ? Number(values.iterations) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const f = (p: Percentiles) =>
      `p50 ${p.p50.toFixed(4)} ms  p99 ${p.p99.toFixed(4)} ms  mean ${p.mean.toFixed(4)} ms`;
    const lines = [
      `input policy (${result.injectionAvailable ? 'injection + ' : 'NO injection model; '}PII + secrets), ${result.promptChars}-char prompt, ${result.iterations} runs:`,
      `  ${f(result.inputPolicyMs)}`,
      ...Object.entries(result.perScannerMs).map(([n, p]) => `  ${n.padEnd(10)} ${f(p)}`),
      `stream screening (secrets + PII, overlap 256), ${result.streamChunkMs.chunkChars}-char chunks:`,
      `  per chunk ${f(result.streamChunkMs)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
