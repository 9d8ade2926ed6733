import type { ChatMessage } from '../../spec/chat.ts';
import type { ItemAssertion } from '../datasets/index.ts';

/** A message template: `{{variable}}` placeholders filled from the item's variables. */
export interface MessageTemplate {
  role: ChatMessage['role'];
  content: string;
  name?: string;
}

/**
 * One thing an experiment calls for every item. Results are stored under `key` (the
 * eval_results `model` column): the model name, or `PROMPT|MODEL` when several prompts run.
 */
export type Target =
  | {
      kind: 'model';
      key: string;
      model: string;
      /** Rendered per item; the item's own messages follow. Absent: the item's messages only. */
      templates?: MessageTemplate[];
      params: Record<string, unknown>;
    }
  | {
      /** `model: "prompt:NAME@SELECTOR"`: the gateway's prompts module renders it. */
      kind: 'gateway-prompt';
      key: string;
      ref: string;
      params: Record<string, unknown>;
    }
  | {
      /** A registry prompt sent to a chosen model: rendered through the prompts API, then called. */
      kind: 'rendered-prompt';
      key: string;
      ref: string;
      model: string;
      params: Record<string, unknown>;
    };

export interface RunOptions {
  /** Calls in flight at most (adapted down on 429s). */
  concurrency: number;
  /** Retries per call for retryable failures (429, 5xx, timeouts, connection errors). */
  retries: number;
  /** Per call. */
  timeoutMs: number;
  /** Refuse to start when the estimate exceeds it; stop when actual spend does. */
  maxCostUsd?: number;
  /** Assumed answer length for the estimate when the request sets no max_tokens. */
  estimateOutputTokens: number;
  /** Let the gateway's response cache answer (off by default: it would hide latency and drift). */
  cache: boolean;
}

export const DEFAULT_RUN: RunOptions = {
  concurrency: 8,
  retries: 4,
  timeoutMs: 120_000,
  estimateOutputTokens: 256,
  cache: false,
};

/** Everything needed to run (or resume) an experiment. */
export interface ExperimentPlan {
  /** Experiments with the same name form a history (`--baseline latest`). */
  name: string;
  dataset: { id: string; name: string; version: number };
  targets: Target[];
  /** Scorers applied to every item (items may add their own `assert`). */
  scorers: ItemAssertion[];
  /** Judge model for model-graded scorers. */
  judgeModel?: string;
  run: RunOptions;
  /** `cli`, `api`, `schedule:NAME`. */
  source: string;
  /** What the plan was made from (stored with the experiment for reproducibility). */
  config: Record<string, unknown>;
}

export interface ScoreEntry {
  score: number;
  pass: boolean;
  reason: string;
  weight: number;
  type: string;
}

export interface ItemResult {
  experimentId: string;
  itemId: string;
  /** The target key. */
  model: string;
  seq: number;
  output: string | null;
  error: string | null;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  scores: Record<string, ScoreEntry>;
  /** Weighted mean of the scores (null when errored or unscored). */
  score: number | null;
  /** Every scorer passed (false when errored; null when there were no scorers). */
  pass: boolean | null;
  requestId: string | null;
  servedModel: string | null;
  /** The provider's system_fingerprint, when it sent one. */
  fingerprint: string | null;
  createdAt: number;
}

export type ExperimentStatus = 'running' | 'completed' | 'failed' | 'stopped';

export interface TargetSummary {
  key: string;
  n: number;
  errors: number;
  passed: number;
  passRate: number;
  meanScore: number | null;
  costUsd: number;
  latencyP50: number | null;
  latencyP95: number | null;
  scorers: Record<string, { n: number; mean: number; passRate: number }>;
}

export interface ExperimentSummary {
  total: number;
  done: number;
  errors: number;
  costUsd: number;
  targets: TargetSummary[];
}

export interface Experiment {
  id: string;
  name: string;
  datasetId: string;
  datasetVersion: number;
  config: Record<string, unknown>;
  configHash: string;
  targets: Target[];
  status: ExperimentStatus;
  source: string;
  total: number;
  costUsd: number;
  summary: ExperimentSummary | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface Progress {
  done: number;
  total: number;
  errors: number;
  costUsd: number;
  elapsedMs: number;
  /** Calls allowed in flight right now (drops after 429s). */
  concurrency: number;
  /** Items already done before this process started (a resumed run). */
  resumed: number;
}
