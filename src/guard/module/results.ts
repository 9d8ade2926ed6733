import type { Checkpoint } from '../../spec/scanner.ts';
import type { StepRecord } from '../policy/index.ts';
import type { GuardMetrics } from './metrics.ts';

/**
 * One scanner's outcome at one checkpoint of a request, as it lands in the request record
 * (`metadata.guard`) and the trace. Deliberately small and free of matched text: no spans, no
 * reasons (a reason is secret-free, but records are kept long and read widely).
 */
export interface GuardResultEntry {
  checkpoint: Checkpoint;
  scanner: string;
  verdict: StepRecord['verdict'];
  score: number;
  latencyMs: number;
  action: StepRecord['action'];
}

const VERDICT_RANK: Record<StepRecord['verdict'], number> = {
  pass: 0,
  flag: 1,
  timeout: 2,
  error: 3,
  block: 4,
};
const ACTION_RANK: Record<StepRecord['action'], number> = { allow: 0, flag: 1, redact: 2, mask: 2, block: 3 };

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A fresh entry for a scanner that has not produced a result yet (streams fill it chunk by chunk). */
export function emptyEntry(checkpoint: Checkpoint, scanner: string): GuardResultEntry {
  return { checkpoint, scanner, verdict: 'pass', score: 0, latencyMs: 0, action: 'allow' };
}

/** Merges one more result into an entry: worst verdict and action, highest score, summed time. */
export function mergeInto(
  entry: GuardResultEntry,
  record: Omit<GuardResultEntry, 'checkpoint' | 'scanner'>,
): void {
  if (VERDICT_RANK[record.verdict] > VERDICT_RANK[entry.verdict]) entry.verdict = record.verdict;
  if (ACTION_RANK[record.action] > ACTION_RANK[entry.action]) entry.action = record.action;
  entry.score = Math.max(entry.score, round(record.score, 4));
  entry.latencyMs = round(entry.latencyMs + record.latencyMs, 3);
}

/**
 * Folds the step records of one checkpoint — possibly several texts (one per message) — into one
 * entry per scanner, in first-seen order.
 */
export function foldRecords(
  checkpoint: Checkpoint,
  runs: Iterable<readonly StepRecord[]>,
): GuardResultEntry[] {
  const byScanner = new Map<string, GuardResultEntry>();
  for (const records of runs) {
    for (const r of records) {
      let entry = byScanner.get(r.scanner);
      if (!entry) {
        entry = emptyEntry(checkpoint, r.scanner);
        byScanner.set(r.scanner, entry);
      }
      mergeInto(entry, r);
    }
  }
  return [...byScanner.values()];
}

/** Where a request's guard results go: its metadata (→ record and trace) and the metrics. */
export interface ResultSink {
  metadata: Record<string, unknown>;
  metrics: GuardMetrics;
  policy: string;
}

/** The request's `metadata.guard` array (created on first use). */
export function guardEntries(metadata: Record<string, unknown>): GuardResultEntry[] {
  const existing = metadata.guard;
  if (Array.isArray(existing)) return existing as GuardResultEntry[];
  const created: GuardResultEntry[] = [];
  metadata.guard = created;
  return created;
}

/** Appends finished entries to the record and counts them. */
export function recordEntries(sink: ResultSink, entries: readonly GuardResultEntry[]): void {
  if (entries.length === 0) return;
  sink.metadata.guardPolicy = sink.policy;
  guardEntries(sink.metadata).push(...entries);
  for (const e of entries) countEntry(sink.metrics, e);
}

/** Counts an entry already in the record (stream entries are counted once, when the stream ends). */
export function countEntry(metrics: GuardMetrics, e: GuardResultEntry): void {
  metrics.checks.inc({ checkpoint: e.checkpoint, scanner: e.scanner, verdict: e.verdict });
  metrics.latency.observe({ checkpoint: e.checkpoint, scanner: e.scanner }, e.latencyMs / 1000);
}

export function countBlock(sink: ResultSink, checkpoint: Checkpoint, scanner: string): void {
  sink.metrics.blocks.inc({ policy: sink.policy, checkpoint, scanner });
}
