import type { Checkpoint, Scanner, ScanResult } from '../../spec/scanner.ts';
import type { LabelledText } from './datasets/index.ts';
import { binaryMetrics, count, emptyConfusion, latencySummary } from './metrics.ts';
import type { EvalRow } from './registry.ts';

/** A prediction is positive when the scanner blocks (flags are recorded, not counted). */
export function isPositive(result: ScanResult): boolean {
  return result.verdict === 'block';
}

export interface BinaryEvalOptions {
  suite: string;
  source: string;
  checkpoint?: Checkpoint;
  note?: string;
}

/**
 * Runs `scanners` over labelled texts and returns one row per scanner, plus a "combined" row
 * (blocked when any scanner blocks) when there are several. Latency is per scan call, measured
 * with performance.now() around the call.
 */
export async function evaluateBinary(
  scanners: readonly Scanner[],
  items: readonly LabelledText[],
  options: BinaryEvalOptions,
): Promise<EvalRow[]> {
  const checkpoint = options.checkpoint ?? 'input';
  const perScanner = scanners.map(() => ({ confusion: emptyConfusion(), ms: [] as number[] }));
  const combined = { confusion: emptyConfusion(), ms: [] as number[] };
  for (const item of items) {
    let anyBlocked = false;
    let total = 0;
    for (let k = 0; k < scanners.length; k++) {
      const t0 = performance.now();
      const result = await scanners[k]!.scan({ kind: 'text', text: item.text }, { checkpoint });
      const ms = performance.now() - t0;
      total += ms;
      perScanner[k]!.ms.push(ms);
      const blocked = isPositive(result);
      anyBlocked ||= blocked;
      count(perScanner[k]!.confusion, item.label, blocked);
    }
    combined.ms.push(total);
    count(combined.confusion, item.label, anyBlocked);
  }
  const positives = items.filter((item) => item.label === 1).length;
  const row = (
    scanner: string,
    data: { confusion: ReturnType<typeof emptyConfusion>; ms: number[] },
  ): EvalRow => {
    const m = binaryMetrics(data.confusion);
    const latency = latencySummary(data.ms);
    return {
      suite: options.suite,
      source: options.source,
      scanner,
      n: items.length,
      positives,
      confusion: data.confusion,
      // Precision/recall/F1 mean nothing on a benign-only set (its FPR is the number), and FPR
      // nothing on a positives-only set.
      ...(positives > 0 ? { precision: m.precision, recall: m.recall, f1: m.f1 } : {}),
      ...(positives < items.length ? { fpr: m.fpr } : {}),
      p50Ms: latency.p50,
      p99Ms: latency.p99,
      ...(options.note ? { note: options.note } : {}),
    };
  };
  const rows = scanners.map((scanner, k) => row(scanner.id, perScanner[k]!));
  if (scanners.length > 1) rows.push(row('combined', combined));
  return rows;
}
