import { type LinearModel, predictProbability } from '../../classifier/index.ts';
import { decodeEmbeddedPayloads, type PayloadKind, toOriginalSpan } from '../../normalize/index.ts';
import { DEFUSED, type RuleHit } from './phrases.ts';
import { findInjectionSignals, strongRuleScore } from './signals.ts';

/**
 * Scoring of one text: rules + classifier, combined as
 *   score = max(strong-rule noisy-OR, classifier)
 * where the classifier counts at face value only when at least one injection-specific rule
 * (strong or weak) corroborates it; uncorroborated, its score is kept below the threshold. The
 * classifier is trained on a small corpus whose benign side is mostly short news questions; alone
 * it over-reacts to long instruction-like prompts (role-play, scenarios), and over-blocking is as
 * much a failure as a miss. Rules that describe role-play in general do not corroborate.
 */

/** Rules that describe role-play in general rather than an attack: they do not corroborate. */
const NON_CORROBORATING = new Set([
  'act-as',
  'pretend',
  'persona-assign',
  'format-only',
  'evil-persona',
  'stay-in-character',
  'no-restrictions',
  // "Translate this verbatim" is ordinary; with a prompt question it adds a feature, not evidence.
  'verbatim',
  // "For a novel I'm writing" opens honest fiction requests as often as pretexts (7 wildguard
  // prompts blocked when it corroborated); the form alone cannot tell them apart.
  'fiction-disclaimer',
  // Attack words quoted as an example or refused in a condition (phrases.ts): no evidence at all.
  DEFUSED,
]);

/** Classifier windows: long texts are scored in overlapping windows and the maximum is taken. */
const WINDOW = 2048;
const STRIDE = 1536;

export interface TextAnalysis {
  score: number;
  /** The classifier's probability; undefined when a lazy scan skipped it (see ScoreOptions.lazy). */
  classifier?: number;
  /** The lone classifier's probability, where it ran (no rule fired and ScoreOptions.alone is set). */
  alone?: number;
  corroborated: boolean;
  /** Rule hits with spans on the analysed text (original coordinates). */
  hits: RuleHit[];
  /** Set when the deciding evidence came from a decoded payload. */
  payload?: PayloadKind | 'unicode-tags';
}

function classify(model: LinearModel, text: string, features: string[]): number {
  if (text.length <= WINDOW) return predictProbability(model, text, features);
  let best = 0;
  for (let start = 0; start < text.length; start += STRIDE) {
    best = Math.max(best, predictProbability(model, text.slice(start, start + WINDOW), features));
    if (start + WINDOW >= text.length) break;
  }
  return best;
}

/**
 * An uncorroborated probability, mapped below the threshold unless it comes from a classifier
 * allowed to act alone at `aloneThreshold` (which then lands on the threshold).
 */
export function uncorroboratedScore(p: number, threshold: number, aloneThreshold?: number): number {
  if (aloneThreshold === undefined || aloneThreshold >= 1) return p * threshold * 0.99;
  const strict = Math.max(aloneThreshold, threshold);
  return p < strict ? (p * threshold) / strict : threshold + ((p - strict) * (1 - threshold)) / (1 - strict);
}

/**
 * Whether the lone classifier may decide (at its model's `aloneThreshold`): only where no rule fired
 * at all. Corroborating rules already let the first classifier count at face value, and a text
 * whose only hits are role-play rules is a persona request, where classifiers over-react (the
 * awesome role-play prompts) and which Keel leaves to the user.
 */
export function classifierMayDecideAlone(hits: readonly RuleHit[]): boolean {
  return hits.length === 0;
}

/**
 * The combined score as used to pick the threshold in training: like the scanner's, with an
 * uncorroborated classifier contributing nothing (it can never reach the threshold anyway).
 */
export function combinedTrainingScore(probability: number, hits: readonly RuleHit[]): number {
  const corroborated = hits.some((hit) => !NON_CORROBORATING.has(hit.rule));
  return Math.max(strongRuleScore(hits), corroborated ? probability : 0);
}

export interface ScoreOptions {
  model: LinearModel;
  /**
   * The lone classifier (train-spec-alone.ts) and the probability at which it blocks where no rule
   * fired (classifierMayDecideAlone); undefined: nothing blocks without a rule.
   */
  alone?: { model: LinearModel; threshold: number };
  /**
   * Run the first classifier only where it can matter: when a rule corroborates it. Without
   * corroboration its score is mapped below the model's threshold, so a scan with no lower
   * threshold and no flag threshold reaches the same verdict without it. The lone classifier is
   * not affected: it runs wherever no rule fired, since that is where it decides.
   */
  lazy?: boolean;
}

function analyseOne(options: ScoreOptions, text: string): TextAnalysis {
  const { model } = options;
  const signals = findInjectionSignals(text);
  const corroborated = signals.hits.some((hit) => !NON_CORROBORATING.has(hit.rule));
  const skip = options.lazy === true && !corroborated;
  const classifier = skip ? undefined : classify(model, signals.normalized.text, signals.features);
  const lone = options.alone && classifierMayDecideAlone(signals.hits) ? options.alone : undefined;
  const alone = lone ? classify(lone.model, signals.normalized.text, signals.features) : undefined;
  const fromClassifier = Math.max(
    classifier === undefined
      ? 0
      : corroborated
        ? classifier
        : uncorroboratedScore(classifier, model.threshold),
    lone && alone !== undefined ? uncorroboratedScore(alone, model.threshold, lone.threshold) : 0,
  );
  const hits = signals.hits.map((hit) => ({
    ...hit,
    ...toOriginalSpan(signals.normalized, hit.start, hit.end),
  }));
  const result: TextAnalysis = {
    score: Math.max(strongRuleScore(signals.hits), fromClassifier),
    classifier,
    ...(alone === undefined ? {} : { alone }),
    corroborated,
    hits,
  };
  if (signals.normalized.smuggled.trim() !== '') {
    const hidden = analyseOne(options, signals.normalized.smuggled);
    if (hidden.score > result.score) return { ...hidden, hits: [], payload: 'unicode-tags' };
  }
  return result;
}

/**
 * Analyses `text` and any payload decoded from it (base64, hex, URL-encoding, rot13; nested up to
 * `depth` levels), returning the highest-scoring view.
 */
export function analyseText(options: ScoreOptions, text: string, depth = 2): TextAnalysis {
  let best = analyseOne(options, text);
  if (depth <= 0) return best;
  for (const payload of decodeEmbeddedPayloads(text)) {
    const inner = analyseText(options, payload.text, depth - 1);
    if (inner.score > best.score) {
      const span: RuleHit = {
        rule: `encoded-${payload.kind}`,
        score: inner.score,
        strong: true,
        start: payload.start,
        end: payload.end,
      };
      best = { ...inner, hits: [span], payload: inner.payload ?? payload.kind };
    }
  }
  return best;
}
