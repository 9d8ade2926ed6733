import type { Checkpoint, ScanContext, ScanInput, Scanner, ScanResult, Span } from '../../../spec/scanner.ts';
import { type LinearModel, loadModelFile } from '../../classifier/index.ts';
import { analyseText, type ScoreOptions, type TextAnalysis } from './score.ts';

/**
 * Prompt-injection / jailbreak scanner for the input and retrieval checkpoints. Every text is
 * normalised (NFKC, invisibles, homoglyphs, leetspeak, spaced letters), searched for
 * instruction-override phrases (typoglycemia-tolerant, English and German first), checked by
 * pattern heuristics (fake chat delimiters, DAN-style jailbreaks…), decoded (base64, hex,
 * URL-encoding, rot13, Unicode tags) and scored by the committed classifier; see score.ts for how
 * these combine. Reasons name rules, never the matched text.
 *
 * Cost is bounded: at most `maxScanChars` characters are scanned (default 32,768 — the first and
 * last halves of longer inputs), so a 1 MB document costs about as much as a 32 KB one.
 */
export interface InjectionScannerOptions {
  id?: string;
  /** Defaults to the committed model (src/guard/models/injection.json), loaded on first use. */
  model?: LinearModel;
  /** Block at or above this score (default: the model's threshold, chosen on training-data CV). */
  threshold?: number;
  /** Flag (record only) at or above this score when below the block threshold. Default: never. */
  flagThreshold?: number;
  /** Defaults to the committed lone model (src/guard/models/injection-alone.json). */
  aloneModel?: LinearModel;
  /**
   * Let the lone classifier block a text on which no rule fired when its probability reaches
   * this. Default: the lone model's `aloneThreshold`, chosen on cross-validation of its training
   * data; 1 turns it off (and it is not loaded). Texts with only role-play rules never qualify.
   */
  classifierAloneThreshold?: number;
  /**
   * Run the classifier on every text, so a passing verdict carries its (scaled) probability as
   * the score. Default false: it runs only when its result can change the verdict, and a pass
   * then scores what the rules found (usually 0).
   */
  scoreAlways?: boolean;
  maxScanChars?: number;
  /**
   * Also screen texts whose chat role (ScanContext.role) is `system` or `developer`. Default false:
   * those are the operator's own instructions, written in the words of instructions (and often of
   * defences against injection), and 20 of 100 realistic system prompts were blocked when they
   * were screened (data/system-prompts.json). Turn it on when an app puts untrusted text
   * (retrieved documents, user data) into its system prompt, or screen that text at the retrieval
   * checkpoint instead.
   */
  screenSystemPrompts?: boolean;
}

const OPERATOR_ROLES: ReadonlySet<string> = new Set(['system', 'developer']);

export interface InjectionScanner extends Scanner {
  /** The full analysis behind a verdict (score parts, rule hits with spans on `text`). */
  analyse(text: string): TextAnalysis;
}

export const DEFAULT_MAX_SCAN_CHARS = 32_768;
const MODEL_URL = new URL('../../models/injection.json', import.meta.url);
const ALONE_MODEL_URL = new URL('../../models/injection-alone.json', import.meta.url);
let defaultModel: LinearModel | undefined;
let defaultAloneModel: LinearModel | undefined;

/** The committed injection model, loaded once. */
export function defaultInjectionModel(): LinearModel {
  defaultModel ??= loadModelFile(MODEL_URL);
  return defaultModel;
}

/** The committed lone injection model (it may block where no rule fired), loaded once. */
export function defaultInjectionAloneModel(): LinearModel {
  defaultAloneModel ??= loadModelFile(ALONE_MODEL_URL);
  return defaultAloneModel;
}

function textOf(input: ScanInput): string {
  if (input.kind === 'text') return input.text;
  // A tool call's arguments can carry an indirect injection too: screen them as text.
  return `${input.call.function.name} ${input.call.function.arguments}`;
}

/** Scans the head and tail of over-long texts; offsets of tail hits are shifted back. */
function analyseBounded(options: ScoreOptions, text: string, maxChars: number): TextAnalysis {
  if (text.length <= maxChars) return analyseText(options, text);
  const half = Math.floor(maxChars / 2);
  const head = analyseText(options, text.slice(0, half));
  const tailStart = text.length - half;
  const tail = analyseText(options, text.slice(tailStart));
  const shifted = tail.hits.map((hit) => ({
    ...hit,
    start: hit.start + tailStart,
    end: hit.end + tailStart,
  }));
  return tail.score > head.score
    ? { ...tail, hits: [...head.hits, ...shifted] }
    : { ...head, hits: [...head.hits, ...shifted] };
}

function reasonFor(analysis: TextAnalysis): string {
  const rules = [
    ...new Set(analysis.hits.filter((hit) => hit.strong || analysis.corroborated).map((hit) => hit.rule)),
  ];
  const what =
    rules.length > 0
      ? rules.slice(0, 4).join(', ')
      : analysis.alone !== undefined
        ? 'classifier, no rule'
        : 'classifier';
  const where = analysis.payload ? ` (in a ${analysis.payload} payload)` : '';
  return `prompt injection suspected: ${what}${where}; score ${analysis.score.toFixed(2)}`;
}

export function createInjectionScanner(options: InjectionScannerOptions = {}): InjectionScanner {
  const maxChars = Math.max(256, options.maxScanChars ?? DEFAULT_MAX_SCAN_CHARS);
  const model = (): LinearModel => options.model ?? defaultInjectionModel();
  const scoring = (): ScoreOptions => {
    if (options.classifierAloneThreshold !== undefined && options.classifierAloneThreshold >= 1) {
      return { model: model() };
    }
    const aloneModel = options.aloneModel ?? defaultInjectionAloneModel();
    const threshold = options.classifierAloneThreshold ?? aloneModel.aloneThreshold;
    return {
      model: model(),
      ...(threshold === undefined ? {} : { alone: { model: aloneModel, threshold } }),
    };
  };
  const checkpoints: readonly Checkpoint[] = ['input', 'retrieval'];
  return {
    specVersion: 'v1',
    id: options.id ?? 'injection',
    checkpoints,
    analyse: (text) => analyseBounded(scoring(), text, maxChars),
    scan(input: ScanInput, ctx: ScanContext): ScanResult {
      if (ctx.role && OPERATOR_ROLES.has(ctx.role) && options.screenSystemPrompts !== true) {
        return {
          verdict: 'pass',
          score: 0,
          reason: `${ctx.role} message: not screened (screenSystemPrompts)`,
        };
      }
      const settings = scoring();
      const threshold = options.threshold ?? settings.model.threshold;
      // The first classifier, uncorroborated, stays below 0.99 × its threshold: it can decide
      // nothing unless a lower threshold or a flag threshold is configured, so it is skipped
      // (the lone classifier still runs where no rule fired: that is where it may decide).
      settings.lazy =
        options.scoreAlways !== true &&
        options.flagThreshold === undefined &&
        threshold >= settings.model.threshold * 0.99;
      const analysis = analyseBounded(settings, textOf(input), maxChars);
      const score = Math.round(analysis.score * 1e4) / 1e4;
      if (score >= threshold) {
        const spans: Span[] = analysis.hits
          .filter((hit) => hit.strong)
          .map((hit) => ({
            start: hit.start,
            end: hit.end,
            type: `injection:${hit.rule}`,
            score: hit.score,
          }));
        return { verdict: 'block', score, spans, reason: reasonFor(analysis) };
      }
      if (options.flagThreshold !== undefined && score >= options.flagThreshold) {
        return { verdict: 'flag', score, reason: reasonFor(analysis) };
      }
      return { verdict: 'pass', score };
    },
  };
}
