/**
 * `npm run bench`: the gateway benchmark (Keel vs direct-to-sim vs a bare Node proxy; see
 * docs/benchmarks.md), then the module benchmarks that exist (guard, access, prompts, guard-gateway, traces-ingest). Prints a
 * table and saves bench/results/gateway-<date>.json and bench/results/latest.json.
 *
 *   npm run bench -- [--quick] [--requests N] [--soak N] [--rounds N] [--warmup N]
 *                    [--output-tokens N] [--quiet-wait S] [--profile] [--gateway-only] [--no-save]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type GatewayBenchOptions, type GatewayBenchResult, runGatewayBench } from './lib/gateway.ts';
import { renderReport } from './lib/report.ts';
import { ROOT } from './lib/targets.ts';

const USAGE = `usage: npm run bench -- [options]
  --quick            short run (~1 min): fewer requests, 10k-request memory run
  --requests N       measured requests per target per scenario (default 6000 at c=1, 20000 at c=16)
  --soak N           requests in the Keel memory run (default 100000; 0 skips it)
  --rounds N         interleaved rounds per scenario (default 5)
  --warmup N         warm-up requests per target per scenario (default 1000)
  --output-tokens N  sim answer length (default 16)
  --quiet-wait S     before each scenario wait up to S seconds for other processes to leave the
                     CPUs alone (default 90; 15 with --quick; 0 measures right away)
  --keel-node-flags=F  extra Node flags for the Keel process, for experiments (e.g.
                     --keel-node-flags="--max-semi-space-size=16"); saved as an experiment
  --profile          CPU-profile the Keel process (--cpu-prof) and print its hot spots
  --no-core          skip the fourth target: Keel's gateway core without modules
  --gateway-only     skip the module benchmarks (guard, access, prompts, …)
  --no-save          do not write bench/results/`;

/** Module benchmarks written by their owners; each is run only if its file exists. */
const OTHER_BENCHES: ReadonlyArray<{
  name: string;
  file: string;
  fn: string;
  options(quick: boolean): object;
}> = [
  {
    name: 'guard',
    file: 'guard.bench.ts',
    fn: 'runGuardBench',
    options: (quick) => (quick ? { iterations: 300 } : {}),
  },
  {
    name: 'access',
    file: 'access.bench.ts',
    fn: 'runAccessBench',
    options: (quick) => (quick ? { iterations: 2000 } : {}),
  },
  { name: 'prompts', file: 'prompts.bench.ts', fn: 'runPromptsBench', options: (quick) => ({ quick }) },
  {
    name: 'guard-gateway',
    file: 'guard-gateway.bench.ts',
    fn: 'runGuardGatewayBench',
    options: (quick) => ({ quick }),
  },
  {
    name: 'traces-ingest',
    file: 'traces-ingest.bench.ts',
    fn: 'runTracesIngestBench',
    options: (quick) => (quick ? { spans: 20_000, httpSpans: 10_000 } : {}),
  },
];

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      requests: { type: 'string' },
      soak: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'output-tokens': { type: 'string' },
      profile: { type: 'boolean' },
      'quiet-wait': { type: 'string' },
      'keel-node-flags': { type: 'string' },
      'gateway-only': { type: 'boolean' },
      'no-core': { type: 'boolean' },
      'no-save': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = values.quick === true;
  const requests = values.requests === undefined ? undefined : positiveInt('requests', values.requests, 0);
  const mode = values.profile
    ? 'profile'
    : values['keel-node-flags']
      ? 'experiment'
      : quick
        ? 'quick'
        : 'full';
  const gateway: GatewayBenchOptions = {
    requestsC1: requests ?? (quick ? 1500 : 6000),
    requestsC16: requests ?? (quick ? 4000 : 20_000),
    warmup: positiveInt('warmup', values.warmup, quick ? 300 : 1000),
    rounds: Math.max(1, positiveInt('rounds', values.rounds, 5)),
    withCore: values['no-core'] !== true,
    soakRequests: positiveInt('soak', values.soak, quick ? 10_000 : 100_000),
    quietThresholdPct: 10,
    quietMaxWaitMs: positiveInt('quiet-wait', values['quiet-wait'], quick ? 15 : 90) * 1000,
    sim: {
      outputTokens: Math.max(1, positiveInt('output-tokens', values['output-tokens'], 16)),
      latencyMs: 0,
      interTokenMs: 0,
    },
    ...(values['keel-node-flags']
      ? { keelNodeFlags: values['keel-node-flags'].split(/\s+/).filter(Boolean) }
      : {}),
    ...(values.profile ? { profileDir: join(ROOT, 'bench/results/profiles') } : {}),
    log,
  };
  return {
    help: values.help === true,
    quick,
    mode,
    gateway,
    others: values['gateway-only'] !== true,
    save: values['no-save'] !== true,
  };
}

async function runOthers(quick: boolean): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const bench of OTHER_BENCHES) {
    const path = join(ROOT, 'bench', bench.file);
    if (!existsSync(path)) continue;
    log(`module benchmark: ${bench.name}`);
    // Each in its own try/catch: one broken module benchmark must not lose the others' figures.
    try {
      const mod = (await import(path)) as Record<string, unknown>;
      const fn = mod[bench.fn];
      if (typeof fn !== 'function') throw new Error(`${bench.file} does not export ${bench.fn}()`);
      results[bench.name] = await (fn as (o: Record<string, unknown>) => Promise<unknown>)(
        quick ? { quick, iterations: 300 } : {},
      );
    } catch (error) {
      results[bench.name] = { error: (error as Error).stack ?? String(error) };
      log(`${bench.name} benchmark failed: ${(error as Error).message}`);
    }
  }
  return results;
}

/** Which code was measured: the commit, and whether the working tree had local changes. */
function gitState(): { commit: string; dirty: boolean } | undefined {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return {
      commit: run(['rev-parse', 'HEAD']),
      dirty: run(['status', '--porcelain', '--', 'src']).length > 0,
    };
  } catch {
    return undefined;
  }
}

function save(result: object, mode: string): string {
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const file = join(dir, `gateway-${date}${mode === 'full' ? '' : `-${mode}`}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(file, text);
  // latest.json is the last *full* run: quick and profiled runs must not replace the reference figures.
  if (mode === 'full') writeFileSync(join(dir, 'latest.json'), text);
  return file;
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const startedAt = new Date().toISOString();
  const gateway: GatewayBenchResult = await runGatewayBench(opts.gateway);
  const git = gitState();
  const code = git ? `, commit ${git.commit.slice(0, 10)}${git.dirty ? ' + local changes in src/' : ''}` : '';
  process.stdout.write(`\nKeel gateway benchmark (${opts.mode}, ${startedAt}${code})\n`);
  process.stdout.write(
    `${renderReport({ scenarios: gateway.scenarios, added: gateway.added, verdicts: gateway.verdicts, ...(gateway.soak ? { soak: gateway.soak } : {}) })}\n`,
  );
  process.stdout.write(
    `\nRSS after the run: ${Object.entries(gateway.rssAfterRunMb)
      .filter(([, mb]) => mb !== undefined)
      .map(([name, mb]) => `${name} ${mb} MB`)
      .join(', ')}\n`,
  );
  if (gateway.profile)
    process.stdout.write(
      `\n${gateway.profile.text}\n(profile: ${gateway.profile.file}; figures above are slowed by profiling)\n`,
    );
  const others = opts.others ? await runOthers(opts.quick) : {};
  for (const [name, value] of Object.entries(others)) {
    const failed = typeof value === 'object' && value !== null && 'error' in value;
    process.stdout.write(
      `module benchmark ${name}: ${failed ? 'FAILED (see the saved JSON)' : 'done (figures in the saved JSON)'}\n`,
    );
  }
  const result = {
    git,
    kind: 'keel-bench',
    mode: opts.mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    gateway,
    modules: others,
  };
  if (opts.save) process.stdout.write(`\nsaved ${save(result, opts.mode)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
