import type { Checkpoint, ScanContext, ScanInput, Scanner, ScanResult, Span } from '../../../spec/scanner.ts';
import { type LinearModel, loadModelFile } from '../../classifier/index.ts';
import { analyseToxicity, type ToxicityAnalysis } from './analyse-toxicity.ts';

/**
 * Toxicity scanner for the input and output checkpoints: a short built-in lexicon (slurs block on
 * their own), patterns for harm aimed at someone, plus the committed classifier trained on
 * Davidson et al.'s tweets; the score is the stronger of them. Profanity aimed at no one ("this
 * code is a fucking mess") is told apart from abuse ("you are a fucking idiot", slurs, threats)
 * and handled by `profanity`. Spans cover the words found; reasons name categories, never words.
 * At most `maxScanChars` characters are scanned (head and tail halves of longer texts).
 */
export interface ToxicityScannerOptions {
  id?: string;
  model?: LinearModel;
  threshold?: number;
  flagThreshold?: number;
  maxScanChars?: number;
  /**
   * Expletives aimed at no one, when nothing else offensive is found: 'flag' (default) records
   * them and passes the text on, 'allow' ignores them, 'block' blocks any of them. Profanity
   * aimed at someone ("fuck you", "you piece of shit") is abuse and blocks whatever this says.
   */
  profanity?: ProfanityMode;
}

export const PROFANITY_MODES = ['allow', 'flag', 'block'] as const;
export type ProfanityMode = (typeof PROFANITY_MODES)[number];

const MODEL_URL = new URL('../../models/toxicity.json', import.meta.url);
let defaultModel: LinearModel | undefined;

export function defaultToxicityModel(): LinearModel {
  defaultModel ??= loadModelFile(MODEL_URL);
  return defaultModel;
}

function bounded(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}

const rounded = (score: number): number => Math.round(score * 1e4) / 1e4;

interface Limits {
  threshold: number;
  flagThreshold: number | undefined;
  mode: ProfanityMode;
  /** Spans are only given for uncut texts (tail offsets are not remapped). */
  withSpans: boolean;
}

/** Expletives aimed at no one: scored on what is left without them, unless `profanity: 'block'`. */
function profanityVerdict(analysis: ToxicityAnalysis, limits: Limits): ScanResult {
  const spans: Span[] = limits.withSpans
    ? analysis.profanity.map((s) => ({ ...s, type: 'toxicity:profanity' }))
    : [];
  if (limits.mode === 'block') {
    const score = rounded(analysis.score);
    return { verdict: 'block', score, spans, reason: `profanity; score ${score.toFixed(2)}` };
  }
  const score = rounded(analysis.abuseScore);
  const reason = `profanity aimed at no one; score without expletives ${score.toFixed(2)}`;
  if (limits.mode === 'flag') return { verdict: 'flag', score, spans, reason };
  if (limits.flagThreshold !== undefined && score >= limits.flagThreshold) {
    return { verdict: 'flag', score, reason };
  }
  return { verdict: 'pass', score };
}

function verdict(analysis: ToxicityAnalysis, limits: Limits): ScanResult {
  if (analysis.profanityOnly && analysis.abuseScore < limits.threshold) {
    return profanityVerdict(analysis, limits);
  }
  const score = rounded(analysis.score);
  // Profanity alone that still scores as toxic without its expletives: the classifier's call.
  const categories = analysis.profanityOnly ? [] : [...new Set(analysis.hits.map((hit) => hit.category))];
  const reason = `toxic content: ${categories.length > 0 ? categories.join(', ') : 'classifier'}; score ${score.toFixed(2)}`;
  if (score >= limits.threshold) {
    const spans = limits.withSpans
      ? analysis.hits.map((hit) => ({ start: hit.start, end: hit.end, type: `toxicity:${hit.category}` }))
      : [];
    return { verdict: 'block', score, spans, reason };
  }
  if (limits.flagThreshold !== undefined && score >= limits.flagThreshold) {
    return { verdict: 'flag', score, reason };
  }
  return { verdict: 'pass', score };
}

export function createToxicityScanner(options: ToxicityScannerOptions = {}): Scanner {
  const maxChars = Math.max(256, options.maxScanChars ?? 32_768);
  const checkpoints: readonly Checkpoint[] = ['input', 'output'];
  return {
    specVersion: 'v1',
    id: options.id ?? 'toxicity',
    checkpoints,
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const model = options.model ?? defaultToxicityModel();
      const text = input.kind === 'text' ? input.text : input.call.function.arguments;
      const analysis = analyseToxicity(model, bounded(text, maxChars));
      return verdict(analysis, {
        threshold: options.threshold ?? model.threshold,
        flagThreshold: options.flagThreshold,
        mode: options.profanity ?? 'flag',
        withSpans: text.length <= maxChars,
      });
    },
  };
}
