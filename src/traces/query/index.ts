export { compareDesc, decodeCursor, encodeCursor, type TraceCursor } from './cursor.ts';
export { FILTER_KEYS, filtersFromQuery, type TraceFilters, traceConditions, Where } from './filters.ts';
export {
  DEFAULT_TRACE_LIMIT,
  type ListTracesOptions,
  listTraces,
  MAX_TRACE_LIMIT,
  type TracePage,
} from './list-traces.ts';
export {
  type ObservabilityDeps,
  type ObservabilityInstance,
  type ObservabilityOptions,
  startObservability,
} from './observability.ts';
export { parseInput } from './parse-query.ts';
export {
  type AuthorizeTraces,
  registerTracesQueryRoutes,
  scopeOf,
  type TracesAction,
  type TracesCaller,
  type TracesQueryDeps,
} from './routes.ts';
export type { ScoreView, SpanView, TraceDetail, TraceSummary } from './rows.ts';
export { buildSpanTree, type SpanNode } from './span-tree.ts';
export { queryStats, type StatsQuery, type StatsResult, type StatsRow } from './stats.ts';
export { GROUP_BY, type GroupBy } from './stats-sql.ts';
export { distinctTenants, TenantDirectory, type TenantScope } from './tenants.ts';
export { durationMs, parseWhen, requireDuration } from './time.ts';
export { getTrace, MAX_DETAIL_SPANS, type TraceView } from './trace-detail.ts';
