import type { Checkpoint, ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { type LinearModel, loadModelFile, predictProbability } from '../../classifier/index.ts';
import { lexiconScore } from './lexicon.ts';
import { findToxicitySignals } from './signals.ts';

/**
 * Toxicity scanner for the input and output checkpoints: a short built-in lexicon (slurs block on
 * their own) plus the committed classifier trained on Davidson et al.'s tweets; the score is the
 * stronger of the two. Spans cover lexicon words; reasons name categories, never the words.
 * At most `maxScanChars` characters are scanned (head and tail halves of longer texts).
 */
export interface ToxicityScannerOptions {
  id?: string;
  model?: LinearModel;
  threshold?: number;
  flagThreshold?: number;
  maxScanChars?: number;
}

export interface ToxicityAnalysis {
  score: number;
  classifier: number;
  lexicon: number;
  hits: Array<{ category: string; start: number; end: number }>;
}

const MODEL_URL = new URL('../../models/toxicity.json', import.meta.url);
let defaultModel: LinearModel | undefined;

export function defaultToxicityModel(): LinearModel {
  defaultModel ??= loadModelFile(MODEL_URL);
  return defaultModel;
}

/** About a tweet's length, what the classifier was trained on (Davidson tweets are ≤ 280 chars). */
const WINDOW = 280;
const STRIDE = 200;

/**
 * The classifier's probability for a text, taken as the highest over tweet-sized windows. Trained
 * on tweets, a linear model over n-grams sums more evidence the longer the text, so whole long
 * prompts scored as toxic for their length alone (8 % of wildguard's benign prompts, 15 % of the
 * Cranfield abstracts); a toxic sentence still scores as itself inside a longer text.
 */
function classifyWindows(model: LinearModel, text: string, features: string[]): number {
  if (text.length <= WINDOW + STRIDE / 2) return predictProbability(model, text, features);
  let best = 0;
  for (let start = 0; start < text.length; start += STRIDE) {
    // Cut at spaces, so no window starts or ends inside a word.
    let from = start;
    if (from > 0) {
      const space = text.indexOf(' ', from);
      from = space === -1 || space - start > 40 ? start : space + 1;
    }
    let to = Math.min(text.length, from + WINDOW);
    if (to < text.length) {
      const space = text.lastIndexOf(' ', to);
      if (space > from + WINDOW / 2) to = space;
    }
    best = Math.max(best, predictProbability(model, text.slice(from, to), features));
    if (to >= text.length) break;
  }
  return best;
}

export function analyseToxicity(model: LinearModel, text: string): ToxicityAnalysis {
  const signals = findToxicitySignals(text);
  const classifier = classifyWindows(model, signals.text, signals.features);
  const lexicon = lexiconScore(signals.hits);
  return { score: Math.max(classifier, lexicon), classifier, lexicon, hits: signals.hits };
}

function bounded(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
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
      const score = Math.round(analysis.score * 1e4) / 1e4;
      const categories = [...new Set(analysis.hits.map((hit) => hit.category))];
      const reason = `toxic content: ${categories.length > 0 ? categories.join(', ') : 'classifier'}; score ${score.toFixed(2)}`;
      if (score >= (options.threshold ?? model.threshold)) {
        // Tail offsets are not remapped when the text was cut: spans only for uncut texts.
        const spans =
          text.length <= maxChars
            ? analysis.hits.map((hit) => ({
                start: hit.start,
                end: hit.end,
                type: `toxicity:${hit.category}`,
              }))
            : [];
        return { verdict: 'block', score, spans, reason };
      }
      if (options.flagThreshold !== undefined && score >= options.flagThreshold) {
        return { verdict: 'flag', score, reason };
      }
      return { verdict: 'pass', score };
    },
  };
}
