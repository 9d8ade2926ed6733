import { Counter } from 'prom-client';
import type { AuditSink } from '../access/types.ts';
import type { KeelModule, ModuleContext, ModuleInstance } from '../gateway/module.ts';
import type { PromptsConfig } from './config.ts';
import { type EvalResultSource, type PromotionGate, StoreEvalResultSource } from './gate.ts';
import { promptsHook } from './hook.ts';
import { PromptIndex } from './prompt-index.ts';
import { allowAll, type PromptAuthorize, type RouteContext } from './routes/context.ts';
import { labelRoutes } from './routes/label-routes.ts';
import { langfuseRoutes, resolveLangfuseKeys } from './routes/langfuse-routes.ts';
import { promptRoutes } from './routes/prompt-routes.ts';
import { releaseRoutes } from './routes/release-routes.ts';
import { PromptService } from './service.ts';
import type { PromptFeedbackSource } from './stats.ts';

export interface PromptsModuleOptions {
  /** Label moves and other writes are recorded here (the access module's audit log). */
  audit?: AuditSink;
  /** Admin authorisation for /api/prompts; default allows everything (until access control is wired). */
  authorize?: PromptAuthorize;
  /** Replaces the threshold gate (e.g. with the evals module's). */
  gate?: PromotionGate;
  /** Where the gate and stats read evaluation results; default: the prompt_eval_results table. */
  evalResults?: EvalResultSource;
  /** Per-version feedback/scores for the stats API, once a module provides them. */
  feedback?: PromptFeedbackSource;
}

function promptMetrics(ctx: ModuleContext) {
  const renders = new Counter({
    name: 'keel_prompt_renders_total',
    help: 'Gateway requests that named a prompt, by outcome',
    labelNames: ['outcome'] as const,
    registers: [ctx.metrics],
  });
  const reloads = new Counter({
    name: 'keel_prompt_reloads_total',
    help: 'Prompts reloaded from the store, by trigger',
    labelNames: ['trigger'] as const,
    registers: [ctx.metrics],
  });
  return { renders, reloads };
}

/** Follows change notices and re-checks revisions on a short timer (the net for lost notices). */
function followChanges(
  ctx: ModuleContext,
  index: PromptIndex,
  options: { config: () => PromptsConfig; reloads: Counter<'trigger'> },
) {
  const unsubscribe = ctx.notifier.subscribe((topic) => {
    if (!topic.startsWith('prompt:')) return;
    options.reloads.inc({ trigger: 'notice' });
    index
      .reload(topic.slice('prompt:'.length))
      .catch((error: unknown) => ctx.logger.warn({ err: String(error) }, 'prompt reload failed'));
  });
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearInterval(timer);
    timer = setInterval(() => {
      if (running) return;
      running = true;
      index
        .refreshChanged()
        .then((changed) => options.reloads.inc({ trigger: 'recheck' }, changed.length))
        .catch((error: unknown) => ctx.logger.warn({ err: String(error) }, 'prompt re-check failed'))
        .finally(() => {
          running = false;
        });
    }, options.config().refreshSeconds * 1000);
    timer.unref();
  };
  schedule();
  return {
    reschedule: schedule,
    stop(): void {
      clearInterval(timer);
      unsubscribe();
    },
  };
}

/**
 * The prompts module: registry API, Langfuse-compatible reads, and the `prompts` gateway hook.
 * Wire it after auth and before limits/guard (the rendered request is what gets limited and screened).
 */
export function promptsModule(options: PromptsModuleOptions = {}): KeelModule {
  return {
    name: 'prompts',
    async start(ctx: ModuleContext): Promise<ModuleInstance> {
      let config = ctx.config.prompts;
      let keys = resolveLangfuseKeys(config.langfuseKeys);
      const metrics = promptMetrics(ctx);
      const index = new PromptIndex({ sql: ctx.store.sql, logger: ctx.logger });
      await index.loadAll();
      const evalResults = options.evalResults ?? new StoreEvalResultSource(ctx.store.sql);
      const service = new PromptService({
        sql: ctx.store.sql,
        index,
        config: () => config,
        notifier: ctx.notifier,
        evalResults,
        logger: ctx.logger,
        ...(options.audit ? { audit: options.audit } : {}),
        ...(options.gate ? { gate: options.gate } : {}),
      });
      const follower = followChanges(ctx, index, { config: () => config, reloads: metrics.reloads });
      ctx.onConfig((next) => {
        const previous = config;
        config = next.prompts;
        try {
          keys = resolveLangfuseKeys(config.langfuseKeys);
        } catch (error) {
          ctx.logger.error({ err: String(error) }, 'prompts.langfuseKeys not applied');
        }
        if (previous.refreshSeconds !== config.refreshSeconds) follower.reschedule();
      });
      const rc: RouteContext = {
        service,
        config: () => config,
        authorize: options.authorize ?? allowAll,
        evalResults,
        ...(options.feedback ? { feedback: options.feedback } : {}),
      };
      return {
        hooks: [
          promptsHook({
            index,
            config: () => config,
            onOutcome: (outcome) => metrics.renders.inc({ outcome }),
          }),
        ],
        routes(app) {
          promptRoutes(app, rc);
          labelRoutes(app, rc);
          releaseRoutes(app, rc);
          langfuseRoutes(app, rc, () => keys);
        },
        async close() {
          follower.stop();
        },
      };
    },
  };
}
