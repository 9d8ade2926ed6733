import type { Scanner } from '../../../spec/scanner.ts';
import { latencySummary } from '../metrics.ts';
import type { EvalRow, EvalSuite, SuiteResult } from '../registry.ts';
import { benchmarkPrompt, timeScans } from './bench-prompt.ts';

/**
 * Cost of an input checkpoint: each scanner alone and all of them one after another on a ~2 KB
 * benign prompt (a policy runs them concurrently, so the sequential sum is an upper bound on
 * one core). The scanners are passed in by whoever wires the suite (the CLI).
 */
export function latencyEvalSuite(
  scanners: readonly Scanner[],
  options: { runs?: number; chars?: number } = {},
): EvalSuite {
  const runs = options.runs ?? 2000;
  const chars = options.chars ?? 2048;
  return {
    id: 'latency',
    description: `input checkpoint cost on a ${chars}-character prompt`,
    async run(): Promise<SuiteResult> {
      const text = benchmarkPrompt(chars);
      const scanOne = (scanner: Scanner) => scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
      const row = (scanner: string, ms: number[]): EvalRow => {
        const s = latencySummary(ms);
        return {
          suite: 'latency',
          source: `${chars}-char prompt`,
          scanner,
          n: ms.length,
          p50Ms: s.p50,
          p99Ms: s.p99,
        };
      };
      const rows: EvalRow[] = [];
      for (const scanner of scanners)
        rows.push(row(scanner.id, await timeScans(() => scanOne(scanner), runs)));
      if (scanners.length > 1) {
        const all = async (): Promise<void> => {
          for (const scanner of scanners) await scanOne(scanner);
        };
        rows.push(row(scanners.map((s) => s.id).join('+'), await timeScans(all, runs)));
      }
      return {
        suite: 'latency',
        rows,
        notes: [
          `${runs} timed runs after warm-up, wall clock, one process; the last row runs the scanners in sequence`,
        ],
      };
    },
  };
}
