import { KeelError } from '../../errors/index.ts';

export type Rating = number | boolean | string;

const PASS_WORDS = new Set(['pass', 'yes', 'y', 'true', '1', 'good', 'correct']);
const FAIL_WORDS = new Set(['fail', 'no', 'n', 'false', '0', 'bad', 'incorrect']);

function bad(id: string, who: string, value: Rating, expected: string): KeelError {
  return new KeelError(
    'invalid_request',
    `Calibration item "${id}": ${who} rating ${JSON.stringify(value)} is not ${expected}`,
    { param: `items.${who}`, details: { id } },
  );
}

/**
 * Binary ratings → 'pass' | 'fail'. Booleans and pass/fail words as they are; numbers (e.g. a
 * judge's 0..1 score) pass at ≥ passThreshold.
 */
export function toBinary(
  value: Rating,
  ctx: { id: string; who: string; passThreshold: number },
): 'pass' | 'fail' {
  if (typeof value === 'boolean') return value ? 'pass' : 'fail';
  if (typeof value === 'number' && Number.isFinite(value))
    return value >= ctx.passThreshold ? 'pass' : 'fail';
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (PASS_WORDS.has(v)) return 'pass';
    if (FAIL_WORDS.has(v)) return 'fail';
  }
  throw bad(ctx.id, ctx.who, value, 'a binary rating (boolean, pass/fail, or a number)');
}

/** Ordinal ratings must be points of the scale (numbers, or numeric strings). */
export function toOrdinal(
  value: Rating,
  ctx: { id: string; who: string; labels: readonly number[] },
): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || !ctx.labels.includes(n)) {
    throw bad(ctx.id, ctx.who, value, `a point of the scale (${ctx.labels.join(', ')})`);
  }
  return n;
}

/**
 * A 0..1 judge score back onto an integer scale (e.g. llm-rubric normalised 0.75 on 1–5 → 4), for
 * calibrating against human ratings given on that scale. Prefer details.rawScore when available.
 */
export function unitToScale(score: number, scale: { min: number; max: number }): number {
  return Math.round(scale.min + score * (scale.max - scale.min));
}
