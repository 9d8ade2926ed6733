import { isKeelError, KeelError } from '../../errors/index.ts';
import type { JudgeModel, ScorerInput } from '../../spec/scorer.ts';
import { canonicalJson } from '../canonical.ts';
import type { DatasetItem, ItemAssertion } from '../datasets/index.ts';
import { createScorer, type KeelScorer } from '../scorers/index.ts';
import type { ScoreEntry } from './types.ts';

/**
 * Turns scorer specs into scorers (validated once, cached), runs an item's scorers (the eval's
 * plus the item's own `assert`), and combines them: score = weighted mean, pass = every scorer
 * passed. Judges are resolved by name, so a spec's own `judge:` beats the eval's default.
 */

interface Built {
  scorer: KeelScorer;
  weight: number;
}

function build(spec: ItemAssertion): Built {
  const { weight, ...rest } = spec;
  if (weight !== undefined && (typeof weight !== 'number' || !(weight >= 0))) {
    throw new KeelError('invalid_request', `Scorer "${spec.type}": weight must be a number >= 0`, {
      param: 'weight',
    });
  }
  return { scorer: createScorer(rest), weight: weight ?? 1 };
}

/** Validates specs up front (eval-file load, config) so a typo fails before anything is spent. */
export function validateScorers(specs: readonly ItemAssertion[], where: string): void {
  specs.forEach((spec, i) => {
    try {
      build(spec);
    } catch (error) {
      const message = isKeelError(error) ? error.message : String(error);
      throw new KeelError('invalid_request', `${where}[${i}]: ${message}`, { param: `${where}[${i}]` });
    }
  });
}

export interface ScoringOptions {
  scorers: readonly ItemAssertion[];
  /** Judge by model name; `undefined` name = the default judge. */
  judge?: (model: string | undefined) => JudgeModel | undefined;
}

export interface Scored {
  scores: Record<string, ScoreEntry>;
  score: number | null;
  pass: boolean | null;
}

const MAX_CACHED = 1000;

export class ItemScoring {
  readonly #global: Built[];
  readonly #cache = new Map<string, Built>();
  readonly #judge: ScoringOptions['judge'];

  constructor(options: ScoringOptions) {
    this.#global = options.scorers.map(build);
    this.#judge = options.judge;
  }

  get needsJudge(): boolean {
    return this.#global.some((b) => b.scorer.modelGraded);
  }

  #itemScorers(item: DatasetItem): Built[] {
    if (!item.assertions || item.assertions.length === 0) return this.#global;
    const own = item.assertions.map((spec) => {
      const key = canonicalJson(spec);
      let built = this.#cache.get(key);
      if (!built) {
        built = build(spec);
        if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
        this.#cache.set(key, built);
      }
      return built;
    });
    return [...this.#global, ...own];
  }

  async score(
    item: DatasetItem,
    measured: { output: string; latencyMs: number; costUsd: number },
    signal?: AbortSignal,
  ): Promise<Scored> {
    const list = this.#itemScorers(item);
    if (list.length === 0) return { scores: {}, score: null, pass: null };
    const input: ScorerInput = {
      output: measured.output,
      latencyMs: measured.latencyMs,
      costUsd: measured.costUsd,
      ...(item.expected !== null ? { expected: item.expected } : {}),
      ...(item.context.length > 0 ? { context: item.context } : {}),
    };
    const itemInput = scorerInputOf(item);
    if (itemInput !== undefined) input.input = itemInput;
    const results = await Promise.all(list.map((b) => this.#run(b, input, signal)));
    return combine(list, results);
  }

  async #run(b: Built, input: ScorerInput, signal?: AbortSignal): Promise<ScoreEntry> {
    const base = { weight: b.weight, type: b.scorer.type };
    try {
      const model = b.scorer.modelGraded ? this.#judge?.(b.scorer.judge) : undefined;
      const r = await b.scorer.score(input, { ...(model ? { model } : {}), ...(signal ? { signal } : {}) });
      return { ...base, score: r.score, pass: r.pass, reason: r.reason };
    } catch (error) {
      // A judge that cannot be reached fails this scorer for this item, visibly, not the whole run.
      const message = isKeelError(error) ? error.message : String(error);
      return { ...base, score: 0, pass: false, reason: `scorer error: ${message}` };
    }
  }
}

/** What judges see as the item's input: its variables, else its conversation's text. */
export function scorerInputOf(item: DatasetItem): ScorerInput['input'] {
  if (item.input.variables && Object.keys(item.input.variables).length > 0) return item.input.variables;
  const text = (item.input.messages ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  return text === '' ? undefined : text;
}

function combine(list: Built[], results: ScoreEntry[]): Scored {
  const scores: Record<string, ScoreEntry> = {};
  let weighted = 0;
  let weights = 0;
  let pass = true;
  results.forEach((r, i) => {
    const scorer = list[i]!.scorer;
    // An unnamed negated scorer reports as `not-TYPE`, so it never shares a name with the plain one.
    const base = scorer.negated && scorer.name === scorer.type ? `not-${scorer.type}` : scorer.name;
    let name = base;
    for (let n = 2; Object.hasOwn(scores, name); n++) name = `${base}#${n}`;
    scores[name] = r;
    weighted += r.score * r.weight;
    weights += r.weight;
    pass &&= r.pass;
  });
  return { scores, score: weights > 0 ? weighted / weights : null, pass };
}
