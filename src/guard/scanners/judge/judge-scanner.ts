import { createHash } from 'node:crypto';
import { KeelError } from '../../../errors/index.ts';
import type { Checkpoint, ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { type JudgePreset, judgeRequest, PRESETS, parseVerdict } from './judge-prompt.ts';

export interface JudgeScannerOptions {
  id?: string;
  /** The model to ask, as clients name it (routing, fallbacks and cost apply). */
  model: string;
  /** What to flag, in plain language; default: the preset's criteria. */
  criteria?: string;
  /** Built-in criteria when `criteria` is not given: 'injection' (default) or 'toxicity'. */
  preset?: JudgePreset;
  /** Block at this score (the model's confidence that the text meets the criteria); default 0.5. */
  threshold?: number;
  /** Characters sent to the model: the head and tail of longer texts; default 8,000. */
  maxChars?: number;
  /** Verdicts remembered per text (same criteria), so retries and repeated context cost no call; default 1,000. */
  cacheSize?: number;
  /** Where it may run; default input and retrieval. Output and action are not served (streams screen synchronously). */
  checkpoints?: readonly ('input' | 'retrieval')[];
}

function textOf(input: ScanInput): string {
  if (input.kind === 'text') return input.text;
  return `${input.call.function.name} ${input.call.function.arguments}`;
}

/** Head and tail of an over-long text, joined by a marker the model can see. */
function bounded(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters omitted …]\n${text.slice(-half)}`;
}

/**
 * A model as guard: asks a chat model (through this Keel, on the caller's key) whether a text meets
 * plain-language criteria, by default prompt injection. The rule-based injection scanner misses
 * most phrasings it was not written for (docs/guard-accuracy.md, keel probes); a model reads
 * intent, at the price of a model call (hundreds of ms) per uncached text. The text is fenced as
 * data with a random boundary and the answer must match a JSON schema; a missing model caller, a
 * failed call or an invalid answer throws, so the policy's `onError` decides (fail open or closed),
 * and the step's latency budget bounds the wait. Reasons never carry the model's words, which may
 * quote the text.
 */
export function createJudgeScanner(options: JudgeScannerOptions): Scanner {
  const criteria = options.criteria ?? PRESETS[options.preset ?? 'injection'];
  const threshold = options.threshold ?? 0.5;
  const maxChars = options.maxChars ?? 8000;
  const cacheSize = options.cacheSize ?? 1000;
  const checkpoints: readonly Checkpoint[] = options.checkpoints ?? ['input', 'retrieval'];
  const cache = new Map<string, ScanResult>();
  const remember = (key: string, result: ScanResult): void => {
    if (cacheSize <= 0) return;
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(key, result);
  };
  return {
    specVersion: 'v1',
    id: options.id ?? 'judge',
    checkpoints,
    async scan(input: ScanInput, ctx: ScanContext): Promise<ScanResult> {
      const text = bounded(textOf(input), maxChars);
      if (text.trim() === '') return { verdict: 'pass', score: 0 };
      // Verdicts are shared within one caller's scope only (ModelCaller.scope): across tenants a hit
      // would tell one tenant what another sent, and a verdict one tenant got could be replayed to all.
      const scope = ctx.model?.scope ?? '';
      const key = createHash('sha256')
        .update(scope)
        .update('\0')
        .update(criteria)
        .update('\0')
        .update(text)
        .digest('hex');
      const known = cache.get(key);
      if (known) return known;
      if (!ctx.model)
        throw new KeelError(
          'no_deployment',
          'no model caller here (judge steps run in the gateway and /v1/guard/scan)',
        );
      const completion = await ctx.model(judgeRequest(options.model, criteria, text), ctx.signal);
      const verdict = parseVerdict(completion);
      const score = Math.round((verdict.flagged ? verdict.confidence : 1 - verdict.confidence) * 1e4) / 1e4;
      const result: ScanResult =
        score >= threshold
          ? {
              verdict: 'block',
              score,
              reason: `model judge flagged the text (confidence ${score.toFixed(2)})`,
            }
          : { verdict: 'pass', score };
      remember(key, result);
      return result;
    },
  };
}
