import { findJsonValues } from '../scorers/json-value.ts';

/*
 * Judges are asked for one JSON object, but real models wrap it in ```json fences, put prose before
 * or after it, or ignore the format and write "Score: 4/5". These helpers accept all of that and
 * report "unparseable" (never a guess) when nothing fits, so the caller can retry once and then
 * record a clearly-labelled failure instead of throwing.
 */

const FENCE = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/g;

/** The first JSON object in the text: inside a code fence first, else anywhere in the prose. */
export function extractJsonObject(text: string): Record<string, unknown> | undefined {
  const candidates: string[] = [];
  for (const m of text.matchAll(FENCE)) if (m[1]) candidates.push(m[1]);
  candidates.push(text);
  for (const chunk of candidates) {
    for (const value of findJsonValues(chunk, 10)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    }
  }
  return undefined;
}

export interface Scale {
  min: number;
  max: number;
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';
const FRACTION = new RegExp(`^\\s*${NUM}\\s*(?:/|out of)\\s*${NUM}\\s*$`, 'i');

/**
 * A score on `scale`, or undefined. "4/5" or "4 out of 5" is read as 4 when the denominator is the
 * scale's max; on a 0..1 scale any fraction is read as a ratio (4/5 → 0.8). Out-of-range values
 * are rejected, not clamped: a judge answering 7 on a 1–5 scale misunderstood the task.
 */
export function readScore(raw: unknown, scale: Scale): number | undefined {
  let value: number | undefined;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string') {
    const frac = FRACTION.exec(raw);
    if (frac) value = fromFraction(Number(frac[1]), Number(frac[2]), scale);
    else if (/^\s*-?\d+(?:\.\d+)?\s*$/.test(raw)) value = Number(raw);
  }
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return value >= scale.min && value <= scale.max ? value : undefined;
}

function fromFraction(num: number, den: number, scale: Scale): number | undefined {
  if (den === scale.max) return num;
  if (scale.min === 0 && scale.max === 1 && den > 0) return num / den;
  return undefined;
}

const SCORE_PATTERNS = [
  new RegExp(
    `\\b(?:score|rating|grade)\\b\\s*(?:is|of)?\\s*[:=]?\\s*\\**\\s*${NUM}\\s*(?:(?:/|out of)\\s*${NUM})?`,
    'i',
  ),
  new RegExp(`(?:^|\\s)${NUM}\\s*(?:/|out of)\\s*${NUM}(?:\\s|$|[.,;)])`, 'i'),
];

/** Free-text fallback: "Score: 4/5", "Rating = 3", "I'd give it 4 out of 5." */
export function scoreFromText(text: string, scale: Scale): number | undefined {
  for (const re of SCORE_PATTERNS) {
    const m = re.exec(text);
    if (!m?.[1]) continue;
    const raw = m[2] === undefined ? m[1] : `${m[1]}/${m[2]}`;
    const value = readScore(raw, scale);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The judge's explanation: a reason-like JSON field, else the text itself (trimmed, bounded). */
export function reasonOf(obj: Record<string, unknown> | undefined, text: string, max = 600): string {
  for (const key of ['reason', 'reasoning', 'explanation', 'rationale', 'justification']) {
    const v = obj?.[key];
    if (typeof v === 'string' && v.trim() !== '') return clip(v.trim(), max);
  }
  return clip(text.trim().replace(/\s+/g, ' '), max);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Reads a yes/no style verdict: booleans, 1/0, "yes"/"no", "Y"/"N", "true"/"false", "supported"… */
export function readBinary(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw !== 'string') return undefined;
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/[."'`*]/g, '');
  if (['yes', 'y', 'true', '1', 'supported', 'attributed', 'relevant', 'pass'].includes(v)) return true;
  if (['no', 'n', 'false', '0', 'unsupported', 'not supported', 'irrelevant', 'fail'].includes(v))
    return false;
  return undefined;
}

/** First field present among `keys` (judges rename things: verdict / answer / label…). */
export function field(obj: Record<string, unknown> | undefined, keys: readonly string[]): unknown {
  if (!obj) return undefined;
  for (const key of keys) if (key in obj) return obj[key];
  return undefined;
}
