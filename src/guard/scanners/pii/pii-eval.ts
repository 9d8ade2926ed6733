import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { detectPii } from './pii-scanner.ts';
import { PII_ENTITIES, type PiiEntity } from './types.ts';

/**
 * Span-level evaluation of the PII scanner on Presidio's synthetic set
 * (shared/data/guard/pii/presidio-generated_large.json, MIT, microsoft/presidio-research).
 * Per entity type: exact match (same start, end, type) and overlap match (same type, any overlap),
 * each one-to-one. Gold types the scanner does not produce are reported as unsupported.
 */

const sampleSchema = z.object({
  full_text: z.string(),
  template_id: z.number().optional(),
  spans: z.array(z.object({ entity_type: z.string(), start_position: z.number(), end_position: z.number() })),
});

export interface SpanScores {
  gold: number;
  predicted: number;
  exact: { precision: number; recall: number; f1: number };
  overlap: { precision: number; recall: number; f1: number };
}

/**
 * The set has no official split. Samples come from 127 sentence templates; heuristics were developed
 * looking only at the `dev` half (even template ids) and the `test` half (odd ids) is reported as
 * held out, so a template's wording never leaks from one half to the other.
 */
export type PiiEvalSplit = 'all' | 'dev' | 'test';

export interface PiiEvalReport {
  source: string;
  split: PiiEvalSplit;
  samples: number;
  perType: Record<string, SpanScores>;
  /** Micro-average over the supported types. */
  supported: SpanScores;
  unsupportedGold: Record<string, number>;
  latencyMs: { p50: number; p99: number };
}

interface Counts {
  gold: number;
  predicted: number;
  exactHits: number;
  overlapGoldHits: number;
  overlapPredHits: number;
}

interface Range {
  start: number;
  end: number;
}

const prf = (hitsP: number, predicted: number, hitsR: number, gold: number) => {
  const precision = predicted === 0 ? 0 : hitsP / predicted;
  const recall = gold === 0 ? 0 : hitsR / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
};
const round = (x: number): number => Math.round(x * 1000) / 1000;

function countMatches(gold: Range[], pred: Range[], c: Counts): void {
  c.gold += gold.length;
  c.predicted += pred.length;
  c.exactHits += gold.filter((g) => pred.some((p) => p.start === g.start && p.end === g.end)).length;
  const used = new Set<number>();
  for (const g of gold) {
    const k = pred.findIndex((p, i) => !used.has(i) && p.start < g.end && g.start < p.end);
    if (k >= 0) used.add(k);
  }
  c.overlapPredHits += used.size;
  c.overlapGoldHits += gold.filter((g) => pred.some((p) => p.start < g.end && g.start < p.end)).length;
}

const toScores = (c: Counts): SpanScores => ({
  gold: c.gold,
  predicted: c.predicted,
  exact: prf(c.exactHits, c.predicted, c.exactHits, c.gold),
  overlap: prf(c.overlapPredHits, c.predicted, c.overlapGoldHits, c.gold),
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

/** `dataDir` is the shared data root (…/shared/data) or the JSON file itself. */
export function runPiiEval(dataDir: string, options: { split?: PiiEvalSplit } = {}): PiiEvalReport {
  const split = options.split ?? 'all';
  const file = dataDir.endsWith('.json') ? dataDir : join(dataDir, 'guard/pii/presidio-generated_large.json');
  if (!existsSync(file)) throw new Error(`PII eval data not found: ${file}`);
  const samples = z
    .array(sampleSchema)
    .parse(JSON.parse(readFileSync(file, 'utf8')))
    .filter((s) => split === 'all' || ((s.template_id ?? 0) % 2 === 0) === (split === 'dev'));
  const supported = new Set<string>(PII_ENTITIES);
  const counts = new Map<PiiEntity, Counts>(
    PII_ENTITIES.map((t) => [
      t,
      { gold: 0, predicted: 0, exactHits: 0, overlapGoldHits: 0, overlapPredHits: 0 },
    ]),
  );
  const unsupportedGold: Record<string, number> = {};
  const latencies: number[] = [];
  for (const sample of samples) {
    const t0 = performance.now();
    const predicted = detectPii(sample.full_text);
    latencies.push(performance.now() - t0);
    for (const g of sample.spans) {
      if (!supported.has(g.entity_type))
        unsupportedGold[g.entity_type] = (unsupportedGold[g.entity_type] ?? 0) + 1;
    }
    for (const [type, c] of counts) {
      const gold = sample.spans
        .filter((s) => s.entity_type === type)
        .map((s) => ({ start: s.start_position, end: s.end_position }));
      countMatches(
        gold,
        predicted.filter((p) => p.type === type),
        c,
      );
    }
  }
  const total: Counts = { gold: 0, predicted: 0, exactHits: 0, overlapGoldHits: 0, overlapPredHits: 0 };
  const perType: Record<string, SpanScores> = {};
  for (const [type, c] of counts) {
    perType[type] = toScores(c);
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  latencies.sort((a, b) => a - b);
  return {
    source: 'presidio-research generated_large.json (MIT)',
    split,
    samples: samples.length,
    perType,
    supported: toScores(total),
    unsupportedGold,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  };
}
