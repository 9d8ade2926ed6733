/**
 * Child processes for the benchmark (sim, Keel, bare proxy): spawned with this Node binary, ready
 * once they print their URL; their RSS and CPU time are read from /proc (Linux) between runs.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface ChildServer {
  name: string;
  pid: number;
  url: string;
  /** Last lines the child wrote (stdout and stderr), for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  /** Script and its arguments (run with this process's Node binary). */
  args: string[];
  nodeFlags?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Extracts the listening URL from one output line, or undefined. */
  urlFrom(line: string): string | undefined;
  /** Sees every output line first; returning true keeps the line out of the kept tail. */
  onLine?(line: string): boolean | undefined;
  timeoutMs?: number;
}

function tailKeeper(limit = 40) {
  const lines: string[] = [];
  return {
    push(line: string) {
      if (line.trim()) lines.push(line);
      if (lines.length > limit) lines.splice(0, lines.length - limit);
    },
    text: () => lines.join('\n'),
  };
}

function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Calls `onLine` for every complete line of a stream of chunks. */
function lineSplitter(onLine: (line: string) => void): (data: Buffer) => void {
  let pending = '';
  return (data) => {
    const lines = (pending + data.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
}

export async function spawnServer(opts: SpawnOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), ...opts.args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = tailKeeper();
  let ready: ((url: string) => void) | undefined;
  const onLine = (line: string): void => {
    if (opts.onLine?.(line) === true) return;
    tail.push(line);
    const found = ready ? opts.urlFrom(line) : undefined;
    if (found) ready?.(found);
  };
  // Keep draining both pipes for the child's whole life, so it never blocks on a full pipe.
  child.stdout?.on('data', lineSplitter(onLine));
  child.stderr?.on('data', lineSplitter(onLine));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${opts.name} did not start:\n${tail.text()}`)),
      opts.timeoutMs ?? 30_000,
    );
    ready = (found) => {
      ready = undefined;
      clearTimeout(timer);
      resolve(found);
    };
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited with ${code} before it was ready:\n${tail.text()}`));
    });
  });
  return {
    name: opts.name,
    pid: child.pid as number,
    url,
    output: tail.text,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await waitExit(child);
      clearTimeout(timer);
      return code;
    },
  };
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcStats {
  rssBytes: number;
  /** User + system CPU time consumed so far, ms (10 ms resolution on most kernels). */
  cpuMs: number;
}

/** RSS and CPU time of a process, from /proc. */
export function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  // Fields after the ")" that ends the command name: utime and stime are fields 14 and 15 overall.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / ticksPerSecond() };
}

export interface SystemCpu {
  /** Non-idle CPU time of the whole machine, all cores, ms. */
  busyMs: number;
  /** Time the hypervisor gave our vCPUs to someone else, ms. */
  stealMs: number;
}

/** Machine-wide CPU counters from the first line of /proc/stat. */
export function systemCpu(): SystemCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const tick = 1000 / ticksPerSecond();
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
  return { busyMs: busy * tick, stealMs: (steal ?? 0) * tick };
}

/**
 * Watches how much of the machine processes other than ours used over a window: the benchmark's
 * numbers are only as good as the machine was quiet, so every measurement reports it.
 */
export function interferenceProbe(ownPids: number[]) {
  const own = () =>
    ownPids.reduce((ms, pid) => ms + procStats(pid).cpuMs, 0) +
    process.cpuUsage().user / 1000 +
    process.cpuUsage().system / 1000;
  const start = { sys: systemCpu(), own: own(), at: performance.now() };
  return (): { foreignCpuPct: number; stealPct: number } => {
    const sys = systemCpu();
    const wallMs = (performance.now() - start.at) * cpus().length;
    const foreign = sys.busyMs - start.sys.busyMs - (own() - start.own);
    return {
      foreignCpuPct: Math.max(0, Math.round((foreign / wallMs) * 1000) / 10),
      stealPct: Math.round(((sys.stealMs - start.sys.stealMs) / wallMs) * 1000) / 10,
    };
  };
}
