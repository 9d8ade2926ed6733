import type { Confusion } from './metrics.ts';

/**
 * One line of an evaluation report: a scanner on one data source. Binary suites fill the
 * confusion-derived columns; others (PII spans, secret fixtures) fill what applies and leave the
 * rest undefined, which the table prints as "-".
 */
export interface EvalRow {
  suite: string;
  source: string;
  scanner: string;
  /** Items (texts, or gold spans for span suites). */
  n: number;
  /** Items that should be caught (for benign-only sets: 0, or the few known positives). */
  positives?: number;
  confusion?: Confusion;
  precision?: number;
  recall?: number;
  f1?: number;
  /** Share of benign items blocked. */
  fpr?: number;
  p50Ms?: number;
  p99Ms?: number;
  note?: string;
}

export interface SuiteResult {
  suite: string;
  rows: EvalRow[];
  /** Free-form lines printed under the table (caveats, what was excluded and why). */
  notes: string[];
}

export interface EvalSuiteContext {
  /** The shared data directory (…/shared/data). */
  dataDir: string;
}

/** A named evaluation over shared data; other guard scanners plug in by registering one. */
export interface EvalSuite {
  id: string;
  description: string;
  run(context: EvalSuiteContext): SuiteResult | Promise<SuiteResult>;
}

const suites = new Map<string, EvalSuite>();

/** Adds (or replaces) a suite; `keel guard eval --shared` runs every registered suite in order. */
export function registerEvalSuite(suite: EvalSuite): void {
  suites.set(suite.id, suite);
}

export function listEvalSuites(): EvalSuite[] {
  return [...suites.values()];
}

export function getEvalSuite(id: string): EvalSuite | undefined {
  return suites.get(id);
}

/** For tests: forget every registered suite. */
export function clearEvalSuites(): void {
  suites.clear();
}
