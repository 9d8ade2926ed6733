import type { ChatMessage } from './chat.ts';

/** A model handle injected into model-graded scorers (judges); calls go through the gateway. */
export interface JudgeModel {
  /** Returns the model's text answer; throws a KeelError on failure. */
  complete(
    messages: ChatMessage[],
    options?: { temperature?: number; maxTokens?: number; json?: boolean; signal?: AbortSignal },
  ): Promise<string>;
  /** Embeddings through the gateway, for similarity scorers. */
  embed?(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

export interface ScorerInput {
  /** The model's answer under test. */
  output: string;
  /** Expected / reference answer, when the dataset has one. */
  expected?: string;
  /** The item's input: variables or the rendered prompt text. */
  input?: string | Record<string, unknown>;
  /** Retrieved context documents (RAG metrics). */
  context?: string[];
  /** Call measurements, for latency/cost scorers. */
  latencyMs?: number;
  costUsd?: number;
}

export interface ScoreResult {
  /** 0..1 (normalised); model-graded ordinal scales are mapped onto 0..1. */
  score: number;
  pass: boolean;
  reason: string;
  /** Extra detail (per-claim verdicts, judge raw output…). */
  details?: Record<string, unknown>;
}

/**
 * A scorer: pure over its input (plus an injected model for judges). `config` holds the scorer's
 * own parameters (threshold, value, rubric…), validated by the scorer's factory.
 */
export interface Scorer {
  readonly specVersion: 'v1';
  readonly type: string;
  /** True for scorers that need `ctx.model`. */
  readonly modelGraded: boolean;
  score(
    input: ScorerInput,
    ctx: { model?: JudgeModel; signal?: AbortSignal },
  ): Promise<ScoreResult> | ScoreResult;
}
