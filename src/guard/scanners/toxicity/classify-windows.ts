import { type LinearModel, predictProbability } from '../../classifier/index.ts';

/** About a tweet's length, what the classifier was trained on (Davidson tweets are ≤ 280 chars). */
const WINDOW = 280;
const STRIDE = 200;

/**
 * The classifier's probability for a text, taken as the highest over tweet-sized windows. Trained
 * on tweets, a linear model over n-grams sums more evidence the longer the text, so whole long
 * prompts scored as toxic for their length alone (8 % of wildguard's benign prompts, 15 % of the
 * Cranfield abstracts); a toxic sentence still scores as itself inside a longer text.
 */
export function classifyWindows(model: LinearModel, text: string, features: string[]): number {
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
