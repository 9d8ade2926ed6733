import type { ScorerInput } from '../../spec/scorer.ts';

const QUESTION_KEYS = ['question', 'query', 'input', 'prompt', 'user', 'message'];

/** The item's input as text for a judge prompt: a string as is, variables as compact JSON. */
export function inputText(input: ScorerInput['input']): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string') return input;
  return JSON.stringify(input);
}

/**
 * The user's question, for metrics that need one (answer relevance, RAG): a string input, or the
 * first of question / query / input / prompt / user / message among the variables, else all of
 * them as JSON.
 */
export function questionOf(input: ScorerInput['input']): string | undefined {
  if (input === undefined || typeof input === 'string') return input;
  for (const key of QUESTION_KEYS) {
    const v = input[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return JSON.stringify(input);
}
