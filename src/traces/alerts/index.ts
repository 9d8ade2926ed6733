export { builtinMetric, ruleFilters } from './builtin-metrics.ts';
export { AlertEvaluator, type AlertEvaluatorOptions, type TickResult } from './evaluator.ts';
export { acquireJobLock, releaseJobLock } from './lock.ts';
export { type AlertRoutesDeps, registerAlertRoutes } from './routes.ts';
export {
  type AlertingConfig,
  type AlertRule,
  type AlertRuleInput,
  type AlertWebhook,
  alertingSchema,
  alertRuleSchema,
  BUILTIN_METRICS,
  type BuiltinMetric,
  parseCondition,
  webhookSchema,
} from './rule.ts';
export {
  type AlertMetricContext,
  type AlertMetricSource,
  type AlertMetricValue,
  alertMetricSource,
  alertMetricSources,
  registerAlertMetricSource,
} from './sources.ts';
export { type AlertEvent, deleteHistoryBefore, type HistoryQuery, listHistory } from './store.ts';
export { type AlertEventKind, type AlertState, OK_STATE, transition } from './transition.ts';
export { type AlertNotice, postWebhook, slackBody } from './webhook.ts';
