import { z } from 'zod';
import type { ScorerInput } from '../../spec/scorer.ts';
import { referenceText } from './params.ts';

/** One reference, or several (ROUGE takes the best-matching one; BLEU clips against all of them). */
export const referencesParam = z.union([referenceText, z.array(referenceText).min(1).max(100)]).optional();

export function referencesOf(value: string | string[] | undefined, input: ScorerInput): string[] {
  if (value !== undefined) return Array.isArray(value) ? value : [value];
  return input.expected === undefined ? [] : [input.expected];
}
