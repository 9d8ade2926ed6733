import { KeelError } from '../../errors/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { ScoreRow } from '../model.ts';
import { DEFAULT_FEEDBACK_NAME, type ExplicitFeedback, type FeedbackInput, SIGNAL_VALUES } from './schema.ts';

interface Normalised {
  value: number;
  dataType: ScoreRow['dataType'];
  scale: 'thumbs' | '1-5' | '0-1';
  raw: unknown;
}

function invalid(message: string): KeelError {
  return new KeelError('invalid_request', `Invalid value for 'value': ${message}`, { param: 'value' });
}

/**
 * Every explicit value becomes a number in 0–1 so averages of one score name mean one thing:
 * thumbs up/down → 1/0 (boolean), stars 1–5 → (v − 1) / 4, scores 0–1 as sent. The raw value and
 * scale stay in the score's metadata.
 */
export function normaliseValue(f: ExplicitFeedback): Normalised {
  const v = f.value;
  if (typeof v === 'string' || typeof v === 'boolean') {
    if (f.scale !== undefined && f.scale !== 'thumbs') throw invalid(`a thumbs value needs scale 'thumbs'`);
    const up = v === true || v === 'up' || v === 'thumbs_up';
    return { value: up ? 1 : 0, dataType: 'boolean', scale: 'thumbs', raw: v };
  }
  const scale = f.scale ?? (Number.isInteger(v) && v >= 2 && v <= 5 ? '1-5' : '0-1');
  if (scale === 'thumbs') {
    if (v !== 0 && v !== 1) throw invalid('thumbs values are up/down, true/false or 1/0');
    return { value: v, dataType: 'boolean', scale, raw: v };
  }
  if (scale === '1-5') {
    if (!Number.isInteger(v) || v < 1 || v > 5)
      throw invalid('a 1-5 rating must be a whole number from 1 to 5');
    return { value: (v - 1) / 4, dataType: 'numeric', scale, raw: v };
  }
  if (v < 0 || v > 1) throw invalid(`must be 'up'/'down', a 1-5 rating or a number from 0 to 1`);
  return { value: v, dataType: 'numeric', scale, raw: v };
}

function timeUs(timestamp: number | string | undefined, nowMs: number): number {
  const ms =
    timestamp === undefined ? nowMs : typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
  return Math.floor(ms) * 1000;
}

/** A feedback body as a score row on `traceId` (source 'feedback' or 'implicit'). */
export function feedbackScore(
  f: FeedbackInput,
  o: { tenant: string; traceId: string; nowMs: number },
): ScoreRow {
  const implicit = 'signal' in f;
  const base = {
    tenant: o.tenant,
    id: f.id === undefined ? uuidv7() : `feedback:${f.id}`,
    traceId: o.traceId,
    spanId: f.spanId ?? null,
    stringValue: null,
    comment: f.comment ?? null,
    authorId: f.user ?? null,
    timeUs: timeUs(f.timestamp, o.nowMs),
  };
  const extra = { ...(f.metadata ?? {}), ...(f.requestId ? { requestId: f.requestId } : {}) };
  if (implicit) {
    return {
      ...base,
      name: `implicit.${f.signal}`,
      value: f.value ?? SIGNAL_VALUES[f.signal],
      dataType: 'numeric',
      source: 'implicit',
      metadata: JSON.stringify({ ...extra, signal: f.signal }),
    };
  }
  const n = normaliseValue(f);
  return {
    ...base,
    name: f.name ?? DEFAULT_FEEDBACK_NAME,
    value: n.value,
    dataType: n.dataType,
    source: 'feedback',
    metadata: JSON.stringify({ ...extra, scale: n.scale, raw: n.raw }),
  };
}
