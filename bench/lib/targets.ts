/**
 * Starts the three servers the gateway benchmark drives: `keel sim` (the upstream), Keel itself
 * (`keel serve` with a generated keel.yaml: an `openai`-type provider pointing at the sim, request
 * records to a fresh SQLite file, metrics on), and the bare pass-through proxy (the floor).
 * Each is a child process of the bench, so the load generator has the bench process to itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { GC_LINE_PREFIX } from './gc-line.ts';
import { type ChildServer, spawnServer } from './procs.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEEL_CLI = join(ROOT, 'src/cli/main.ts');
const BARE_PROXY = join(ROOT, 'bench/bare-proxy.ts');
const GC_PROBE = join(ROOT, 'bench/lib/gc-probe.ts');
const KEEL_CORE = join(ROOT, 'bench/lib/keel-core.ts');

/** One major GC in the Keel process, as reported by the GC probe. */
export interface GcEvent {
  /** Heap still in use after the collection, MB. */
  usedMb: number;
  totalMb: number;
  rssMb: number;
}

/** The public model name Keel serves in the benchmark. */
export const BENCH_MODEL = 'bench';

export interface SimSettings {
  outputTokens: number;
  latencyMs: number;
  interTokenMs: number;
}

export interface Servers {
  sim: ChildServer;
  keel: ChildServer;
  bare: ChildServer;
  /** Keel's gateway core without modules, when asked for. */
  core?: ChildServer;
  /** Where Keel's config, database and spool live (removed by stop()). */
  workDir: string;
  /** Directory the Keel CPU profile is written to, when profiling. */
  profileDir?: string;
  /** Subscribes to Keel's major GCs (from the GC probe); returns an unsubscribe function. */
  onKeelGc(listener: (event: GcEvent) => void): () => void;
  stop(): Promise<void>;
}

/** Request-record writer settings for experiments (the benchmark itself uses Keel's defaults). */
export interface RecordSettings {
  batchSize?: number;
  flushIntervalMs?: number;
}

function keelConfig(
  simUrl: string,
  workDir: string,
  opts: { records?: RecordSettings; storeUrl?: string },
): string {
  return stringify({
    server: { host: '127.0.0.1', port: 0 },
    store: { url: opts.storeUrl ?? `sqlite:${join(workDir, 'keel.db')}` },
    providers: { sim: { type: 'openai', baseUrl: `${simUrl}/v1` } },
    models: { [BENCH_MODEL]: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
    records: { spoolDir: join(workDir, 'spool'), ...opts.records },
  });
}

/** Keel logs JSON (pino); the line that says it is serving carries its URL. */
function keelUrl(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === 'keel is serving' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

/** The child's environment without variables that would redirect Keel away from the generated config. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['KEEL_CONFIG', 'KEEL_PORT', 'KEEL_HOST', 'KEEL_DB', 'KEEL_REDIS']) delete env[key];
  env.KEEL_LOG_LEVEL = 'info';
  return env;
}

export async function startServers(opts: {
  sim: SimSettings;
  profileDir?: string;
  /** Extra Node flags for the Keel process (diagnostics, e.g. --trace-gc). */
  keelNodeFlags?: string[];
  records?: RecordSettings;
  /** Another store for experiments (default: a fresh SQLite file in the work dir). */
  storeUrl?: string;
  /** Also start the gateway core without modules (bench/lib/keel-core.ts). */
  core?: boolean;
}): Promise<Servers> {
  const workDir = mkdtempSync(join(tmpdir(), 'keel-bench-'));
  const started: ChildServer[] = [];
  try {
    const sim = await spawnServer({
      name: 'sim',
      args: [KEEL_CLI, 'sim', '--port', '0', '--output-tokens', String(opts.sim.outputTokens)].concat([
        '--latency-ms',
        String(opts.sim.latencyMs),
        '--inter-token-ms',
        String(opts.sim.interTokenMs),
      ]),
      env: cleanEnv(),
      urlFrom: (line) => /keel sim listening on (\S+)/.exec(line)?.[1],
    });
    started.push(sim);
    const configFile = join(workDir, 'keel.yaml');
    writeFileSync(configFile, keelConfig(sim.url, workDir, opts));
    if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
    const gcListeners = new Set<(event: GcEvent) => void>();
    const keel = await spawnServer({
      name: 'keel',
      args: [KEEL_CLI, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'].concat(
        opts.storeUrl ? ['--db', opts.storeUrl] : [],
      ),
      nodeFlags: [
        ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []),
        ...['--import', GC_PROBE],
        ...(opts.keelNodeFlags ?? []),
      ],
      cwd: workDir,
      env: cleanEnv(),
      urlFrom: keelUrl,
      onLine: (line) => {
        if (!line.startsWith(GC_LINE_PREFIX)) return false;
        const event = JSON.parse(line.slice(GC_LINE_PREFIX.length)) as GcEvent;
        for (const listener of gcListeners) listener(event);
        return true;
      },
    });
    started.push(keel);
    const bare = await spawnServer({
      name: 'bare',
      args: [BARE_PROXY, '--upstream', sim.url],
      env: cleanEnv(),
      urlFrom: (line) => /bare-proxy listening on (\S+)/.exec(line)?.[1],
    });
    started.push(bare);
    const core = opts.core
      ? await spawnServer({
          name: 'keel-core',
          args: [KEEL_CORE, '--config', configFile, '--db', `sqlite:${join(workDir, 'core.db')}`].concat([
            '--spool',
            join(workDir, 'core-spool'),
          ]),
          cwd: workDir,
          env: cleanEnv(),
          urlFrom: keelUrl,
        })
      : undefined;
    if (core) started.push(core);
    return {
      sim,
      keel,
      bare,
      ...(core ? { core } : {}),
      workDir,
      ...(opts.profileDir ? { profileDir: opts.profileDir } : {}),
      stop: () => stopAll(started, workDir),
      onKeelGc(listener) {
        gcListeners.add(listener);
        return () => gcListeners.delete(listener);
      },
    };
  } catch (error) {
    await stopAll(started, workDir);
    throw error;
  }
}

async function stopAll(children: ChildServer[], workDir: string): Promise<void> {
  // Keel first: its graceful shutdown flushes records and (when profiling) writes the profile.
  for (const child of [...children].reverse()) await child.stop();
  rmSync(workDir, { recursive: true, force: true });
}
