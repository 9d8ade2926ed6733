/**
 * Before each scenario, wait (bounded) until other processes leave the machine alone: on a shared
 * 2-core box a concurrent test run would otherwise be measured as gateway latency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { interferenceProbe } from './procs.ts';

export interface QuietOptions {
  ownPids: number[];
  /** Foreign CPU share (% of the whole machine) below which we go ahead. */
  thresholdPct: number;
  maxWaitMs: number;
  log(line: string): void;
}

export interface QuietResult {
  waitedMs: number;
  /** Foreign CPU over the last one-second probe. */
  foreignCpuPct: number;
  quiet: boolean;
}

export async function waitForQuiet(opts: QuietOptions): Promise<QuietResult> {
  const started = performance.now();
  let lastLog = 0;
  for (;;) {
    const probe = interferenceProbe(opts.ownPids);
    await sleep(1000);
    const { foreignCpuPct } = probe();
    const waitedMs = Math.round(performance.now() - started);
    if (foreignCpuPct <= opts.thresholdPct) return { waitedMs, foreignCpuPct, quiet: true };
    if (waitedMs >= opts.maxWaitMs) {
      opts.log(`machine still busy (${foreignCpuPct} % CPU used by other processes); measuring anyway`);
      return { waitedMs, foreignCpuPct, quiet: false };
    }
    if (waitedMs - lastLog >= 10_000 || lastLog === 0) {
      opts.log(`waiting for the machine to quiet down: other processes use ${foreignCpuPct} % CPU`);
      lastLog = waitedMs;
    }
  }
}
