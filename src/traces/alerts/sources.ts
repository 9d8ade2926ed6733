import type { SqlExecutor } from '../../spec/index.ts';
import type { AlertRule } from './rule.ts';

/** What a metric source is asked: the rule, its window and the tenants it covers. */
export interface AlertMetricContext {
  sql: SqlExecutor;
  rule: AlertRule;
  sinceMs: number;
  untilMs: number;
  windowMs: number;
  /** Concrete tenants the rule covers (its `tenants`, else every tenant with traces). */
  tenants: readonly string[];
}

/** One value per group (group null when the rule has no groupBy or the source has no groups). */
export interface AlertMetricValue {
  group: string | null;
  /** Null = no data (never fires; resolves a firing alert). */
  value: number | null;
  /** Samples behind the value, compared with the rule's minCount (default: enough). */
  count?: number;
}

/**
 * A metric other modules can alert on: e.g. the evals module's online score averages, or the
 * access module's budget events. Sources run only in the alert evaluator (off the request path).
 */
export interface AlertMetricSource {
  /** The rule's `metric` value that selects this source, e.g. `evals.online_score`. */
  name: string;
  description?: string;
  evaluate(ctx: AlertMetricContext): Promise<AlertMetricValue[]>;
}

/**
 * Sources registered by other modules. Process-wide so a module can register without holding the
 * evaluator (e.g. from its own start()); evaluators consult it on every tick.
 */
const registry = new Map<string, AlertMetricSource>();

/** Registers a metric source; returns a function that removes it. Names must be unique. */
export function registerAlertMetricSource(source: AlertMetricSource): () => void {
  if (registry.has(source.name))
    throw new Error(`alert metric source '${source.name}' is already registered`);
  registry.set(source.name, source);
  return () => {
    if (registry.get(source.name) === source) registry.delete(source.name);
  };
}

export function alertMetricSource(name: string): AlertMetricSource | undefined {
  return registry.get(name);
}

export function alertMetricSources(): AlertMetricSource[] {
  return [...registry.values()];
}
