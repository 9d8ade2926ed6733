import type { KeelModule, ModuleContext, ModuleInstance } from '../gateway/module.ts';
import type { TracesConfig } from './config.ts';
import { type ContentMode, type ContentPolicy, maskBasicPii } from './content.ts';
import { tracesHook } from './gateway-hook.ts';
import { IngestAuth, type ResolveTenant } from './ingest/auth.ts';
import type { IngestDeps } from './ingest/deps.ts';
import { registerIngestRoutes } from './ingest/routes.ts';
import { createTracesMetrics } from './metrics.ts';
import { type ObservabilityOptions, startObservability } from './query/observability.ts';
import { TraceWriter, type TraceWriterOptions } from './trace-writer.ts';

export interface TracesModuleOptions {
  /** Redactor for `redacted` content mode (default: emails and long numbers masked). */
  redact?: (text: string) => string;
  /** Maps ingest request headers to a tenant first (e.g. the access module's virtual keys). */
  resolveTenant?: ResolveTenant;
  /** Overrides for the writer (tests: spool directory, intervals). */
  writer?: Partial<TraceWriterOptions>;
  /** Query/alerts/feedback/erasure routes and jobs: authorize, audit, cache flush (query/observability.ts). */
  observability?: ObservabilityOptions;
}

function writerOptions(
  config: TracesConfig,
  ctx: ModuleContext,
  extra: Partial<TraceWriterOptions> = {},
): TraceWriterOptions {
  return {
    queueSize: config.queueSize,
    queueBytes: config.queueBytes,
    batchSize: config.batchSize,
    flushIntervalMs: config.flushIntervalMs,
    closeTimeoutMs: config.closeTimeoutMs,
    spoolDir: config.spoolDir === '' ? null : config.spoolDir,
    logger: ctx.logger,
    ...extra,
  };
}

/**
 * The traces module: trace/span storage with its off-path writer, OTLP and Langfuse-compatible
 * ingest routes, and the 'traces' gateway hook that turns every request into a trace. Queue and
 * body-size settings apply at start; content modes, keys and tokens follow hot reloads.
 */
export function tracesModule(options: TracesModuleOptions = {}): KeelModule {
  return {
    name: 'traces',
    async start(ctx: ModuleContext): Promise<ModuleInstance> {
      let config = ctx.config.traces;
      const writer = new TraceWriter(ctx.store.sql, writerOptions(config, ctx, options.writer));
      const auth = new IngestAuth(config, { logger: ctx.logger, resolveTenant: options.resolveTenant });
      ctx.onConfig((next) => {
        try {
          auth.update(next.traces);
          config = next.traces;
        } catch (error) {
          ctx.logger.warn(
            { err: error instanceof Error ? error.message : 'error' },
            'traces config not applied',
          );
        }
      });
      const metrics = createTracesMetrics(ctx.metrics, writer);
      const redact = options.redact ?? maskBasicPii;
      const policy = (mode: ContentMode): ContentPolicy => ({
        mode,
        maxChars: config.maxContentChars,
        redact,
      });
      const deps: IngestDeps = {
        writer,
        auth,
        config: () => config,
        content: () => policy(config.ingestContent),
        metrics,
        logger: ctx.logger,
      };
      const hook = tracesHook({
        offer: (items) => {
          const ok = writer.offer(items);
          metrics.spans.inc({ source: 'gateway', result: ok ? 'accepted' : 'dropped' }, items.length);
          return ok;
        },
        content: () => policy(config.captureContent),
        maxMetadataChars: () => config.maxMetadataChars,
        logger: ctx.logger,
      });
      const observability = startObservability(
        ctx,
        {
          offer: (items) => writer.offer(items),
          retryAfterSeconds: () => writer.retryAfterSeconds(),
          flush: () => writer.flush(),
          tenantOf: (request) => auth.otlp(request.headers),
          config: () => config,
        },
        options.observability,
      );
      // Export tap: every batch the writer accepts also goes to the OTLP forwarder (when configured).
      const offer = writer.offer.bind(writer);
      writer.offer = (items) => {
        const ok = offer(items);
        if (ok) observability.tap(items);
        return ok;
      };
      const bodyLimit = config.maxBodyBytes;
      return {
        hooks: [hook],
        routes: (app) => {
          registerIngestRoutes(app, deps, bodyLimit);
          observability.routes(app);
        },
        close: async () => {
          await observability.close();
          await writer.close();
        },
      };
    },
  };
}
