import type { SqlExecutor } from '../spec/index.ts';
import { uuidv7 } from '../store/index.ts';
import type { PromptGateConfig } from './config.ts';
import { json } from './store/prompt-repo.ts';

/** One evaluation of one prompt version (from CI, or from the evals module once it is wired). */
export interface EvalResult {
  scores: Record<string, number>;
  /** Epoch ms the evaluation finished. */
  at: number;
  /** Who produced it (`ci`, `evals:experiment-id`…). */
  source: string;
}

/** Where the gate reads evaluation results; the evals module can provide its own implementation. */
export interface EvalResultSource {
  latestResult(promptName: string, version: number): Promise<EvalResult | null>;
}

export interface GateCheckInput {
  prompt: string;
  candidateVersion: number;
  /** What the gated label serves now (null when it does not exist yet). */
  currentVersion: number | null;
}

export interface GateDecision {
  ok: boolean;
  reason: string;
  details: Record<string, unknown>;
}

/** Decides whether a version may become what a gated label (e.g. `production`) serves. */
export interface PromotionGate {
  check(input: GateCheckInput): Promise<GateDecision>;
}

/**
 * The threshold gate: the candidate needs a result with `metric >= minScore`, and (when the current
 * version has a result for the metric) may score at most `maxRegression` below it.
 */
export function createPromotionGate(options: {
  source: EvalResultSource;
  config: () => PromptGateConfig;
}): PromotionGate {
  return {
    async check({ prompt, candidateVersion, currentVersion }) {
      const { metric, minScore, maxRegression } = options.config();
      const candidate = await options.source.latestResult(prompt, candidateVersion);
      const details: Record<string, unknown> = {
        metric,
        minScore,
        maxRegression,
        candidateVersion,
        currentVersion,
      };
      const score = candidate?.scores[metric];
      if (candidate === null || score === undefined) {
        return {
          ok: false,
          reason: `no evaluation result with '${metric}' for ${prompt} v${candidateVersion}`,
          details,
        };
      }
      details.candidateScore = score;
      if (score < minScore) {
        return {
          ok: false,
          reason: `${prompt} v${candidateVersion} scores ${metric}=${score}, below the minimum ${minScore}`,
          details,
        };
      }
      if (currentVersion === null || currentVersion === candidateVersion)
        return { ok: true, reason: 'meets the minimum score', details };
      const baseline = (await options.source.latestResult(prompt, currentVersion))?.scores[metric];
      if (baseline === undefined) {
        return {
          ok: true,
          reason: `meets the minimum score (v${currentVersion} has no '${metric}' result to compare)`,
          details,
        };
      }
      details.currentScore = baseline;
      const drop = baseline - score;
      details.regression = drop;
      // A hair of float slack so `maxRegression: 0.05` accepts a drop that prints as 0.05.
      if (drop > maxRegression + 1e-9) {
        return {
          ok: false,
          reason: `${prompt} v${candidateVersion} regresses ${metric} by ${round(drop)} vs v${currentVersion} (${score} < ${baseline}; tolerance ${maxRegression})`,
          details,
        };
      }
      return { ok: true, reason: `no regression beyond ${maxRegression} vs v${currentVersion}`, details };
    },
  };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Results in the `prompt_eval_results` table (posted by CI through the API). */
export class StoreEvalResultSource implements EvalResultSource {
  readonly #sql: SqlExecutor;

  constructor(sql: SqlExecutor) {
    this.#sql = sql;
  }

  async latestResult(promptName: string, version: number): Promise<EvalResult | null> {
    const rows = await this.#sql.query(
      'SELECT scores, source, at FROM prompt_eval_results WHERE prompt = ? AND version = ? ORDER BY at DESC, id DESC LIMIT 1',
      [promptName, version],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      scores: json<Record<string, number>>(row.scores),
      at: Number(row.at),
      source: String(row.source),
    };
  }

  async record(entry: { prompt: string; version: number } & EvalResult): Promise<{ id: string }> {
    const id = uuidv7();
    await this.#sql.execute(
      'INSERT INTO prompt_eval_results (id, prompt, version, scores, source, at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, entry.prompt, entry.version, JSON.stringify(entry.scores), entry.source, entry.at],
    );
    return { id };
  }
}
