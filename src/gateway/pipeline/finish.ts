import type { GatewayDeps } from '../deps.ts';
import { type Exchange, toRecord } from './exchange.ts';
import { runAfterRecord } from './hooks.ts';

/** Records the finished exchange (off-path: enqueue only) and updates metrics. Never throws. */
export function finishExchange(ex: Exchange, deps: GatewayDeps): void {
  try {
    const record = toRecord(ex, Date.now());
    deps.records.enqueue(record);
    if (deps.hooks.length > 0) runAfterRecord(ex, deps.hooks, record);
    const m = deps.metrics;
    const model = modelLabel(ex.model, deps);
    m.requests.inc({
      model,
      deployment: ex.deployment ?? 'none',
      status: String(ex.status),
      endpoint: ex.endpoint,
      cache: ex.cache,
    });
    m.latency.observe({ model, endpoint: ex.endpoint, stream: String(ex.stream) }, record.latencyMs / 1000);
    m.overhead.observe({ endpoint: ex.endpoint }, record.overheadMs / 1000);
    if (ex.deployment && record.upstreamMs !== null)
      m.upstreamLatency.observe({ deployment: ex.deployment }, record.upstreamMs / 1000);
    if (record.ttftMs !== null) m.ttft.observe({ model }, record.ttftMs / 1000);
    if (ex.usage) {
      m.tokens.inc({ model, kind: 'prompt' }, record.promptTokens);
      m.tokens.inc({ model, kind: 'completion' }, record.completionTokens);
      if (record.cachedTokens) m.tokens.inc({ model, kind: 'cached' }, record.cachedTokens);
      if (record.reasoningTokens) m.tokens.inc({ model, kind: 'reasoning' }, record.reasoningTokens);
    }
    if (ex.costUsd > 0) m.costUsd.inc({ model }, ex.costUsd);
  } catch (error) {
    deps.logger.error({ err: String(error), requestId: ex.id }, 'recording the request failed');
  }
}

/**
 * The model as a metrics label: a configured model's name, else 'unknown'. The requested name is
 * the caller's string, and a label per made-up name ("gpt-5-xyz", "prompt:<random>") would grow the
 * series, the process's memory and every scrape without bound.
 */
function modelLabel(model: string, deps: GatewayDeps): string {
  return Object.hasOwn(deps.runtime().config.models, model) ? model : 'unknown';
}
