/**
 * The guard hook of two checkouts, timed in one process: batches of 100 calls alternate between
 * them, so the shared VM's speed changes (2x within minutes) hit both alike. Separate processes
 * minutes apart cannot tell a 20 % change from the machine's drift; this can.
 *
 *   npx node bench/guard-hook-ab.ts --base /path/to/other/checkout [--batches N]
 *
 * `--base` is another checkout of Keel (e.g. `git worktree add ../base <commit>`, with its
 * node_modules linked to this one's). Full input policy (injection + PII mask + secrets) on the
 * 2 KB bench prompt and a short system prompt, as in guard-gateway.bench.ts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { makePrompt } from './guard.bench.ts';
import { chatRequest, context, GUARD, NO_MODEL } from './guard-gateway.bench.ts';

type Hook = (ctx: unknown) => Promise<void>;

/** The checkout's own guard modules (its own module instances), set up as the gateway does. */
async function hookOf(root: string): Promise<Hook> {
  const guard = await import(resolve(root, 'src/guard/index.ts'));
  const input = await import(resolve(root, 'src/guard/module/input-hook.ts'));
  const state = guard.compileGuardState(guard.guardSectionSchema.parse(GUARD));
  const env = {
    state,
    metrics: guard.createGuardMetrics(new Registry()),
    quarantineToken: Buffer.alloc(16),
    judgeToken: Buffer.alloc(16),
    modelFor: () => NO_MODEL,
  };
  return (ctx) => input.screenRequest(ctx, env);
}

export async function runHookAb(
  baseRoot: string,
  batches = 40,
): Promise<Record<string, { p50: number; p99: number }>> {
  const hooks: Record<string, Hook> = {
    base: await hookOf(baseRoot),
    this: await hookOf(fileURLToPath(new URL('..', import.meta.url))),
  };
  const prompt = makePrompt(2048);
  const times: Record<string, number[]> = { base: [], this: [] };
  const request = chatRequest(prompt);
  for (const hook of Object.values(hooks)) for (let i = 0; i < 300; i++) await hook(context(request));
  for (let b = 0; b < batches; b++) {
    for (const [name, hook] of Object.entries(hooks)) {
      for (let i = 0; i < 100; i++) {
        const ctx = context(request);
        const t0 = performance.now();
        await hook(ctx);
        (times[name] as number[]).push(performance.now() - t0);
      }
    }
  }
  const out: Record<string, { p50: number; p99: number }> = {};
  for (const [name, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    const at = (q: number) => Math.round((t[Math.floor(q * t.length)] ?? 0) * 10_000) / 10_000;
    out[name] = { p50: at(0.5), p99: at(0.99) };
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { base: { type: 'string' }, batches: { type: 'string' } } });
  if (!values.base) {
    process.stderr.write(
      'usage: npx node bench/guard-hook-ab.ts --base /path/to/other/checkout [--batches N]\n',
    );
    process.exit(2);
  }
  const result = await runHookAb(values.base, values.batches ? Number(values.batches) : 40);
  for (const [name, r] of Object.entries(result))
    process.stdout.write(`${name.padEnd(5)} p50 ${r.p50.toFixed(4)} ms  p99 ${r.p99.toFixed(4)} ms\n`);
  const ratio = (result.this?.p50 ?? 0) / (result.base?.p50 ?? 1);
  process.stdout.write(`this / base p50: ${ratio.toFixed(2)}\n`);
}
