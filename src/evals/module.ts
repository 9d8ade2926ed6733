import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { AuditSink } from '../access/types.ts';
import { isKeelError, KeelError } from '../errors/index.ts';
import type { KeelModule, ModuleContext, ModuleInstance } from '../gateway/module.ts';
import type { JudgeModel } from '../spec/scorer.ts';
import type { EvalsConfig, EvalsSecretRef, OnlineRule } from './config.ts';
import type { ContentSource, RatingSource } from './datasets/index.ts';
import { type EvalsMetrics, evalsMetrics } from './module-metrics.ts';
import {
  INTERNAL_HEADER,
  OnlineWorker,
  onlineCaptureHook,
  onlineRatings,
  onlineScoreAverages,
  SampleQueue,
  type ScoreAverage,
  samplesContentSource,
} from './online/index.ts';
import {
  allowAllEvals,
  datasetRoutes,
  type EvalsAuthorize,
  experimentRoutes,
  reviewRoutes,
} from './routes/index.ts';
import { gatewayJudges, type JudgePool, validateScorers } from './runner/index.ts';
import { type Alert, Scheduler } from './schedule/index.ts';
import { SCORER_REGISTRY } from './scorers/index.ts';

export interface EvalsModuleOptions {
  /** Admin changes through /api/evals are recorded here (the access module's audit log). */
  audit?: AuditSink;
  /** Admin authorisation for /api/evals; default allows everything (until access control is wired). */
  authorize?: EvalsAuthorize;
  /** Request content for dataset items and review tasks (default: the kept online samples). */
  content?: ContentSource;
  /** Ratings of requests (default: mean online score; later: user feedback). */
  ratings?: (rule?: string) => RatingSource;
  /** Judge models by name (default: judges called through this Keel). */
  judge?: (model: string | undefined) => JudgeModel | undefined;
  /** Sampling randomness (tests). */
  random?: () => number;
  schedulerTickMs?: number;
}

/** What the started module exposes beyond ModuleInstance (alerting, tests). */
export interface EvalsInstance extends ModuleInstance {
  /** Mean online score and pass rate per rule and scorer since a time (for alerts). */
  onlineScoreAverages(o: { since: number; until?: number; rule?: string }): Promise<ScoreAverage[]>;
  /** 'alert' (Alert) when a scheduled run's scores shift; 'online-score' per scored sample. */
  events: EventEmitter;
  scheduler: Scheduler;
  queue: SampleQueue;
  /** Resolves once every queued online sample has been scored (tests, shutdown). */
  drainOnline(timeoutMs?: number): Promise<void>;
}

function resolveSecret(ref: EvalsSecretRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'object') return process.env[ref.env];
  const env = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref);
  return env ? process.env[env[1]!] : ref;
}

/**
 * Online rules' scorer specs are checked by the scorers' own schemas, and model-graded ones need a
 * judge (on the scorer, the rule, or evals.judgeModel); a bad rule is named in the error.
 */
export function validateRules(rules: readonly OnlineRule[], judgeModel: string | undefined): void {
  for (const rule of rules) {
    const where = `evals.online.${rule.name}.scorers`;
    try {
      validateScorers(rule.scorers as { type: string }[], where);
    } catch (error) {
      throw new KeelError('config_invalid', isKeelError(error) ? error.message : String(error));
    }
    const judgeless = rule.scorers.find(
      (s) => SCORER_REGISTRY.get(s.type)?.modelGraded && s.judge === undefined,
    );
    if (judgeless && rule.judge === undefined && judgeModel === undefined) {
      throw new KeelError(
        'config_invalid',
        `${where}: '${judgeless.type}' needs a judge: set evals.judgeModel or the rule's judge`,
      );
    }
  }
}

interface Parts {
  ctx: ModuleContext;
  options: EvalsModuleOptions;
  config: () => EvalsConfig;
  events: EventEmitter;
  m: EvalsMetrics;
  judge: (model: string | undefined) => JudgeModel | undefined;
  apiKey: () => string | undefined;
}

/** Judges through this Keel, made on first use: selfUrl() is only known once the server listens. */
function judgeResolver(ctx: ModuleContext, config: () => EvalsConfig, apiKey: () => string | undefined) {
  let pool: JudgePool | undefined;
  return {
    judge(model: string | undefined) {
      pool ??= gatewayJudges({
        baseUrl: ctx.selfUrl(),
        defaultModel: config().judgeModel,
        apiKey: apiKey(),
        headers: { [INTERNAL_HEADER]: 'online-eval' },
      });
      return pool.get(model ?? config().judgeModel);
    },
    close: async () => pool?.close(),
  };
}

function startOnline(p: Parts, queue: SampleQueue) {
  const worker = new OnlineWorker({
    sql: p.ctx.store.sql,
    queue,
    rules: () => p.config().online,
    concurrency: () => p.config().onlineConcurrency,
    keepSamples: () => p.config().keepSamples,
    judge: p.judge,
    logger: p.ctx.logger,
    onScored: (s) => {
      p.m.scored.inc({ rule: s.rule, scorer: s.scorer, pass: String(s.pass) });
      p.events.emit('online-score', s);
    },
    onError: () => p.m.failures.inc(),
  });
  worker.start();
  const hook = onlineCaptureHook({
    rules: () => p.config().online,
    queue,
    maxChars: () => p.config().maxSampleChars,
    ...(p.options.random ? { random: p.options.random } : {}),
    onSampled: (rules) => {
      for (const rule of rules) p.m.sampled.inc({ rule });
    },
  });
  return { queue, worker, hook };
}

function newScheduler(p: Parts): Scheduler {
  return new Scheduler({
    sql: p.ctx.store.sql,
    config: p.config,
    baseUrl: () => p.ctx.selfUrl(),
    apiKey: p.apiKey,
    judge: p.judge,
    logger: p.ctx.logger,
    onAlert: (alert: Alert) => {
      p.m.alerts.inc({ kind: alert.kind });
      p.events.emit('alert', alert);
      void p.ctx.notifier.publish(`evals:alert:${alert.id}`).catch(() => undefined);
    },
    ...(p.options.schedulerTickMs ? { tickMs: p.options.schedulerTickMs } : {}),
  });
}

async function drain(queue: SampleQueue, worker: OnlineWorker, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (queue.size > 0 || worker.busy) {
    if (Date.now() > end) throw new KeelError('internal_error', 'online evaluation did not drain in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startEvals(ctx: ModuleContext, options: EvalsModuleOptions): Promise<EvalsInstance> {
  let config: EvalsConfig = ctx.config.evals;
  let keelConfig = ctx.config;
  validateRules(config.online, config.judgeModel);
  const apiKey = () => resolveSecret(config.apiKey);
  const judges = judgeResolver(ctx, () => config, apiKey);
  const events = new EventEmitter();
  const queue = new SampleQueue(config.onlineQueueSize);
  const m = evalsMetrics(ctx, queue);
  const parts: Parts = {
    ctx,
    options,
    config: () => config,
    events,
    m,
    judge: options.judge ?? judges.judge,
    apiKey,
  };
  const online = startOnline(parts, queue);
  const scheduler = newScheduler(parts);
  ctx.onConfig((next) => {
    try {
      validateRules(next.evals.online, next.evals.judgeModel);
      config = next.evals;
    } catch (error) {
      ctx.logger.error({ err: String(error) }, 'evals: new online rules rejected; keeping the previous ones');
      config = { ...next.evals, online: config.online };
    }
    keelConfig = next;
    void scheduler
      .sync()
      .catch((e: unknown) => ctx.logger.warn({ err: String(e) }, 'evals: schedule sync failed'));
  });
  await scheduler.start();
  const rc = {
    store: ctx.store,
    sql: ctx.store.sql,
    authorize: options.authorize ?? allowAllEvals,
    config: () => config,
    keelConfig: () => keelConfig,
    content: options.content ?? samplesContentSource(ctx.store.sql),
    ratings: options.ratings ?? ((rule?: string) => onlineRatings(ctx.store.sql, rule)),
    queue: online.queue,
    scheduler,
    ...(options.audit ? { audit: options.audit } : {}),
  };
  return {
    hooks: [online.hook],
    events,
    scheduler,
    queue: online.queue,
    onlineScoreAverages: (o) => onlineScoreAverages(ctx.store.sql, o),
    drainOnline: (timeoutMs = 10_000) => drain(online.queue, online.worker, timeoutMs),
    routes(app: FastifyInstance) {
      datasetRoutes(app, rc);
      experimentRoutes(app, rc);
      reviewRoutes(app, rc);
    },
    async close() {
      await scheduler.close();
      await online.worker.close();
      await judges.close();
    },
  };
}

/**
 * The evals module: the online-evaluation hook (sampling, capture) and its scoring job, scheduled
 * regression runs, and the /api/evals API (datasets, experiments, comparison, review queue,
 * online scores, schedules, alerts). Place it after the prompts and guard modules, so it samples
 * requests as rendered and screened.
 */
export function evalsModule(options: EvalsModuleOptions = {}): KeelModule {
  return { name: 'evals', start: (ctx) => startEvals(ctx, options) };
}
