import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditSink } from '../../access/index.ts';
import type { ModuleContext } from '../../gateway/module.ts';
import { AlertEvaluator } from '../alerts/evaluator.ts';
import { registerAlertRoutes } from '../alerts/routes.ts';
import type { TracesConfig } from '../config.ts';
import { OtlpForwarder } from '../export/forwarder.ts';
import { PendingFeedback } from '../feedback/pending.ts';
import { registerFeedbackRoutes } from '../feedback/routes.ts';
import type { QueueItem } from '../model.ts';
import { flushRedisCache } from '../retention/cache-flush.ts';
import { RetentionJob } from '../retention/job.ts';
import { registerEraseRoutes } from '../retention/routes.ts';
import { type AuthorizeTraces, registerTracesQueryRoutes } from './routes.ts';
import { TenantDirectory } from './tenants.ts';

export interface ObservabilityOptions {
  /** Admin routes (/api/traces, /api/stats, /api/alerts…, DELETE /api/users/:id/data); default: open. */
  authorize?: AuthorizeTraces | undefined;
  /** Where erasures are recorded (e.g. the access gate's audit log); default: not recorded. */
  audit?: AuditSink | undefined;
  /**
   * Flushes response-cache entries of tenants (undefined = all) on erasure. Default: in cluster
   * mode the Redis cache is flushed directly; the embedded in-memory cache needs this hook.
   */
  flushCache?: ((tenants: readonly string[] | undefined) => Promise<void>) | undefined;
  /** Test knobs. */
  fetch?: typeof fetch;
  retentionFirstRunMs?: number;
  eraseFollowUpMs?: number;
  webhookBackoffMs?: readonly number[];
  feedbackDelaysMs?: readonly number[];
}

/** What the traces module hands over: its writer's queue, ingest auth, config and writer flush. */
export interface ObservabilityDeps {
  /** The trace writer's offer (feedback scores go through the same queue as ingest). */
  offer(items: readonly QueueItem[]): boolean;
  retryAfterSeconds(): number;
  /** Writes everything queued (before an erasure). */
  flush(): Promise<unknown>;
  /** Tenant of a model-facing request (feedback): the ingest auth (virtual key, OTLP token…). */
  tenantOf(request: FastifyRequest): Promise<string>;
  config(): TracesConfig;
}

export interface ObservabilityInstance {
  routes(app: FastifyInstance): void;
  /** Call with every batch of items the writer accepted (feeds the OTLP forwarder). */
  tap(items: readonly QueueItem[]): void;
  alerts: AlertEvaluator;
  retention: RetentionJob;
  close(): Promise<void>;
}

/**
 * Starts the query/alerts/feedback/retention/export side of the traces module: background jobs
 * (alert evaluator, retention, OTLP forwarder when configured) and the routes that read and manage
 * traces. See docs/observability.md.
 */
export function startObservability(
  ctx: ModuleContext,
  deps: ObservabilityDeps,
  options: ObservabilityOptions = {},
): ObservabilityInstance {
  const sql = ctx.store.sql;
  const tenants = new TenantDirectory(sql);
  const logger = ctx.logger;
  const alerts = new AlertEvaluator({
    sql,
    tenants,
    configRules: () => deps.config().alerts,
    alerting: () => deps.config().alerting,
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.webhookBackoffMs ? { backoffMs: options.webhookBackoffMs } : {}),
  });
  const retention = new RetentionJob({
    sql,
    config: () => deps.config().retention,
    alertHistoryDays: () => deps.config().alerting.historyDays,
    logger,
    ...(options.retentionFirstRunMs === undefined ? {} : { firstRunMs: options.retentionFirstRunMs }),
  });
  const exportConfig = ctx.config.traces.export.otlp;
  const forwarder = exportConfig
    ? new OtlpForwarder({
        config: exportConfig,
        logger,
        metrics: ctx.metrics,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : undefined;
  const pending = new PendingFeedback({
    sql,
    offer: (items) => deps.offer(items),
    logger,
    ...(options.feedbackDelaysMs ? { delaysMs: options.feedbackDelaysMs } : {}),
  });
  const redisUrl = ctx.redisUrl;
  const flushCache =
    options.flushCache ??
    (redisUrl
      ? async (t: readonly string[] | undefined) =>
          void (await flushRedisCache({ url: redisUrl, tenants: t }))
      : async () => ctx.flushResponseCache());
  alerts.start();
  retention.start();
  return {
    alerts,
    retention,
    tap: (items) => forwarder?.offer(items),
    routes(app) {
      registerTracesQueryRoutes(app, { sql, tenants, authorize: options.authorize });
      registerAlertRoutes(app, {
        sql,
        configRules: () => deps.config().alerts,
        errors: () => alerts.errors(),
        authorize: options.authorize,
        logger,
      });
      registerFeedbackRoutes(app, {
        sql,
        tenantOf: (request) => deps.tenantOf(request),
        offer: (items) => deps.offer(items),
        retryAfterSeconds: () => deps.retryAfterSeconds(),
        pending,
      });
      registerEraseRoutes(app, {
        sql,
        authorize: options.authorize,
        audit: options.audit,
        flushWrites: async () => {
          await deps.flush();
        },
        flushCache,
        logger,
        ...(options.eraseFollowUpMs === undefined ? {} : { followUpMs: options.eraseFollowUpMs }),
      });
    },
    async close() {
      pending.close();
      await Promise.all([alerts.close(), retention.close(), forwarder?.close()]);
    },
  };
}
