/** The experiment runner: targets × dataset items through the gateway, stored per item, resumable. */
export { backoffMs, type CallOutcome, callTarget } from './call.ts';
export { type CostEstimate, estimateCost, type TargetEstimate } from './estimate.ts';
export {
  GatewayClient,
  type GatewayClientOptions,
  type GatewayResponse,
  retryAfterMs,
} from './gateway-client.ts';
export { gatewayJudges, type JudgePool } from './judges.ts';
export { holderIsGone, newHolder } from './lease.ts';
export { AdaptiveLimiter } from './limiter.ts';
export { gatewayPrices, type PriceLookup, priceOfModel } from './prices.ts';
export { buildChatCall, parsePromptRef } from './request-body.ts';
export { ResultsRepo, resultOf } from './results-repo.ts';
export { type RunExperimentOptions, type RunOutcome, runExperiment } from './run-experiment.ts';
export { ItemScoring, type Scored, scorerInputOf, validateScorers } from './scoring.ts';
export { planHash, type ResumeMode } from './start.ts';
export { percentileOf, summarize } from './summarize.ts';
export { renderMessages, renderTemplate, templateVariables } from './template.ts';
export type {
  Experiment,
  ExperimentPlan,
  ExperimentStatus,
  ExperimentSummary,
  ItemResult,
  MessageTemplate,
  Progress,
  RunOptions,
  ScoreEntry,
  Target,
  TargetSummary,
} from './types.ts';
export { DEFAULT_RUN } from './types.ts';
