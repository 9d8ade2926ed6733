/**
 * The gateway benchmark (issue 2): sim, Keel and the bare proxy as child processes, the load
 * generator in this process; the scenario matrix, then the memory run, then Keel's RSS.
 */
import { readdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { type ProfileSummary, renderProfile, summarizeProfileFile } from '../profile-summary.ts';
import { type LoadTarget, openTarget } from './load.ts';
import { type ChildServer, procStats } from './procs.ts';
import { type QuietResult, waitForQuiet } from './quiet.ts';
import { type Added, addedFigures, type Verdict, verdicts } from './report.ts';
import {
  type Harness,
  runScenario,
  type Scenario,
  type ScenarioResult,
  type TargetName,
} from './scenarios.ts';
import { runSoak, type SoakResult } from './soak.ts';
import { round } from './stats.ts';
import { type Servers, type SimSettings, startServers } from './targets.ts';

export interface GatewayBenchOptions {
  /** Measured requests per target per scenario, at c=1 and at c=16. */
  requestsC1: number;
  requestsC16: number;
  warmup: number;
  rounds: number;
  /** Also measure Keel's gateway core without modules (bench/lib/keel-core.ts) as a fourth target. */
  withCore: boolean;
  /** Requests in the memory run (0 skips it). */
  soakRequests: number;
  sim: SimSettings;
  /** Wait before each scenario until other processes use at most this much of the machine, %. */
  quietThresholdPct: number;
  quietMaxWaitMs: number;
  /** Profile the Keel process (--cpu-prof) into this directory; numbers are then not representative. */
  profileDir?: string;
  /** Extra Node flags for Keel (experiments: the figures are then not those of a default Keel). */
  keelNodeFlags?: string[];
  log(line: string): void;
}

export interface GatewayBenchResult {
  machine: Record<string, string | number>;
  settings: Omit<GatewayBenchOptions, 'log'>;
  scenarios: Array<ScenarioResult & { before: QuietResult }>;
  added: Added[];
  soak?: SoakResult & { before: QuietResult };
  /** RSS after everything (scenarios + memory run), MB. */
  rssAfterRunMb: Record<'keel' | 'bare' | 'sim' | 'core', number | undefined>;
  verdicts: Verdict[];
  profile?: ProfileSummary & { file: string; text: string };
}

export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    kernel: release(),
    node: process.version,
    loadavg1m: round(loadavg()[0] ?? 0, 2),
  };
}

function scenarios(o: GatewayBenchOptions): Scenario[] {
  return [
    { name: 'c1-json', concurrency: 1, stream: false, requests: o.requestsC1 },
    { name: 'c1-stream', concurrency: 1, stream: true, requests: o.requestsC1 },
    { name: 'c16-json', concurrency: 16, stream: false, requests: o.requestsC16 },
    { name: 'c16-stream', concurrency: 16, stream: true, requests: o.requestsC16 },
  ];
}

function harnessFor(servers: Servers, o: GatewayBenchOptions): Harness {
  const proxies = { bare: servers.bare, keel: servers.keel, ...(servers.core ? { core: servers.core } : {}) };
  const targets: Harness['targets'] = { direct: openTarget('direct', servers.sim.url, 16) };
  const proxyPid: Harness['proxyPid'] = {};
  for (const [name, child] of Object.entries(proxies) as Array<[TargetName, ChildServer]>) {
    targets[name] = openTarget(name, child.url, 16);
    proxyPid[name] = child.pid;
  }
  return {
    names: Object.keys(targets) as TargetName[],
    targets,
    proxyPid,
    simPid: servers.sim.pid,
    ownPids: [servers.sim.pid, ...Object.values(proxyPid)],
    rounds: o.rounds,
    warmup: o.warmup,
    log: o.log,
  };
}

type Measured = Pick<GatewayBenchResult, 'scenarios' | 'soak'>;

async function measureAll(h: Harness, servers: Servers, o: GatewayBenchOptions): Promise<Measured> {
  const quiet = () =>
    waitForQuiet({
      ownPids: h.ownPids,
      thresholdPct: o.quietThresholdPct,
      maxWaitMs: o.quietMaxWaitMs,
      log: o.log,
    });
  const scenarioResults: GatewayBenchResult['scenarios'] = [];
  for (const scenario of scenarios(o)) {
    const before = await quiet();
    o.log(`scenario ${scenario.name}: ${scenario.requests} requests per target, c=${scenario.concurrency}`);
    scenarioResults.push({ ...(await runScenario(h, scenario)), before });
  }
  if (o.soakRequests <= 0) return { scenarios: scenarioResults };
  const before = await quiet();
  o.log(`memory run: ${o.soakRequests} requests through Keel at c=16`);
  const run = await runSoak({
    target: h.targets.keel as LoadTarget,
    keelPid: servers.keel.pid,
    requests: o.soakRequests,
    concurrency: 16,
    onKeelGc: servers.onKeelGc,
  });
  return { scenarios: scenarioResults, soak: { ...run, before } };
}

export async function runGatewayBench(o: GatewayBenchOptions): Promise<GatewayBenchResult> {
  const machine = machineInfo();
  o.log(
    `starting sim, Keel${o.withCore ? ', Keel core' : ''} and bare proxy (${machine.cpus} CPUs, load ${machine.loadavg1m})`,
  );
  const servers = await startServers({
    sim: o.sim,
    core: o.withCore,
    ...(o.profileDir ? { profileDir: o.profileDir } : {}),
    ...(o.keelNodeFlags ? { keelNodeFlags: o.keelNodeFlags } : {}),
  });
  // Ctrl-C must not leave the sim, Keel and the proxy running (and their temp dir behind).
  const interrupted = (signal: NodeJS.Signals): void => {
    o.log(`${signal}: stopping the child processes`);
    void servers.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const h = harnessFor(servers, o);
  let result: Omit<GatewayBenchResult, 'profile'>;
  try {
    const measured = await measureAll(h, servers, o);
    const mb = (child: ChildServer | undefined) =>
      child ? round(procStats(child.pid).rssBytes / 1024 ** 2, 1) : undefined;
    const added = measured.scenarios.flatMap((s) => addedFigures(s));
    const { log: _log, ...settings } = o;
    result = {
      machine,
      settings,
      ...measured,
      added,
      rssAfterRunMb: {
        keel: mb(servers.keel),
        bare: mb(servers.bare),
        sim: mb(servers.sim),
        core: mb(servers.core),
      },
      verdicts: verdicts(added, measured.soak),
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await Promise.all(Object.values(h.targets).map((t) => t.pool.close()));
    await servers.stop();
  }
  const profile = o.profileDir ? profileOf(o.profileDir, servers.keel.pid) : undefined;
  return profile ? { ...result, profile } : result;
}

/** Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile. */
function profileOf(dir: string, pid: number): GatewayBenchResult['profile'] {
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`))
    .sort()
    .at(-1);
  if (!newest) return undefined;
  const file = join(dir, newest);
  const summary = summarizeProfileFile(file, 30);
  return { ...summary, file, text: renderProfile(summary) };
}
