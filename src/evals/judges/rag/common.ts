import { z } from 'zod';
import type { ScoreResult, ScorerInput } from '../../../spec/scorer.ts';
import { invalid } from '../../scorers/define.ts';
import { extractJsonObject, field } from '../parse.ts';

/** RAG metrics read the retrieved documents from the item's `context`; none means nothing to judge. */
export function contextOf(input: ScorerInput): string[] {
  return (input.context ?? []).filter((c) => c.trim() !== '');
}

export const noContext = (type: string): ScoreResult =>
  invalid(`${type}: the item has no retrieved context to evaluate against`);

/** Judges fanned out per chunk/citation run at most this many at once per scored item. */
export const JUDGE_FAN_OUT = 4;

export const maxItems = (fallback: number) => z.number().int().min(1).max(200).default(fallback);

/** A non-empty list of strings under one of `keys` in the judge's JSON, or undefined. */
export function stringListField(text: string, keys: readonly string[]): string[] | undefined {
  const list = field(extractJsonObject(text), keys);
  if (!Array.isArray(list)) return undefined;
  return list.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
}

/** The array of objects under one of `keys` in the judge's JSON, or undefined. */
export function objectListField(
  text: string,
  keys: readonly string[],
): Record<string, unknown>[] | undefined {
  const list = field(extractJsonObject(text), keys);
  if (!Array.isArray(list)) return undefined;
  return list.filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
  );
}

/** Share of true verdicts, with the verdicts themselves for details. */
export function ratio(verdicts: readonly boolean[]): number {
  return verdicts.length === 0 ? 0 : verdicts.filter(Boolean).length / verdicts.length;
}
